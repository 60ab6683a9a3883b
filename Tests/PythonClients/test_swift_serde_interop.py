"""Our Swift serializers against confluent-kafka's Python ones, both directions, through our
running server: bytes written by the Swift example (`sensor-pipeline produce`) are read by
confluent-kafka's AvroDeserializer/JSONDeserializer, and bytes written by its AvroSerializer/
JSONSerializer are read by the Swift example (`sensor-pipeline consume`). A file of base64
lines stands in for the Kafka topic, as in the README's walk-through."""

import base64
import datetime
import json
import subprocess

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from conftest import PROTOS, built_binary

# The same SensorEvent contract the Swift example registers (Examples/SensorPipeline).
SENSOR_V2 = json.dumps({
    "type": "record", "name": "SensorEvent", "namespace": "com.acme.iot",
    "fields": [
        {"name": "sensor_id", "type": "string"},
        {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "temperature", "type": "double"},
        {"name": "battery_level", "type": ["null", "int"], "default": None},
    ],
})
SENSOR_JSON = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "SensorEvent", "type": "object",
    "properties": {
        "sensor_id": {"type": "string"}, "timestamp": {"type": "integer"}, "temperature": {"type": "number"},
        "battery_level": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
    },
    "required": ["sensor_id", "timestamp", "temperature"],
})
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture(scope="module")
def pipeline():
    return built_binary("SENSOR_PIPELINE_BIN", "sensor-pipeline example")


def swift(pipeline, registry_args, *args):
    """Runs the Swift example; returns the JSON events it printed, one per line."""
    done = subprocess.run([pipeline, *args, *registry_args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line]


def read_messages(path):
    with open(path) as f:
        return [base64.b64decode(line) for line in f.read().splitlines() if line]


def write_messages(path, messages):
    with open(path, "a") as f:
        for m in messages:
            f.write(base64.b64encode(m).decode() + "\n")


def plain(event):
    """A decoded Avro event with the timestamp back in epoch milliseconds."""
    event = dict(event)
    if isinstance(event["timestamp"], datetime.datetime):
        event["timestamp"] = (event["timestamp"] - EPOCH) // datetime.timedelta(milliseconds=1)
    event.setdefault("battery_level", None)
    return event


def test_swift_avro_messages_are_read_by_confluent_avro_deserializer(pipeline, registry_args, client, topic, tmp_path):
    out = tmp_path / "topic.txt"
    written = swift(pipeline, registry_args, "produce", "--topic", topic, "--output", str(out), "--count", "6")
    messages = read_messages(out)
    assert len(messages) == 6 and all(m[0] == 0 for m in messages)
    schema_id = int.from_bytes(messages[0][1:5], "big")
    assert client.get_latest_version(topic + "-value").schema_id == schema_id

    deserializer = AvroDeserializer(client)
    ctx = SerializationContext(topic, MessageField.VALUE)
    assert [plain(deserializer(m, ctx)) for m in messages] == written


def test_confluent_avro_messages_are_read_by_swift(pipeline, registry_args, client, topic, tmp_path):
    serializer = AvroSerializer(client, SENSOR_V2)
    ctx = SerializationContext(topic, MessageField.VALUE)
    events = [
        {"sensor_id": "py-%d" % i, "timestamp": 1_700_000_000_000 + i, "temperature": 15.25 + i, "battery_level": None if i % 2 else 80 - i}
        for i in range(5)
    ]
    out = tmp_path / "topic.txt"
    write_messages(out, [serializer(e, ctx) for e in events])
    assert swift(pipeline, registry_args, "consume", "--topic", topic, "--input", str(out)) == events


def test_evolution_adds_battery_level_and_both_sides_read_old_and_new(pipeline, registry_args, client, topic, tmp_path):
    out = tmp_path / "topic.txt"
    old = swift(pipeline, registry_args, "produce", "--topic", topic, "--output", str(out), "--count", "3")
    new = swift(pipeline, registry_args, "produce", "--topic", topic, "--output", str(out), "--count", "3", "--with-battery")
    assert client.get_versions(topic + "-value") == [1, 2]
    assert all(e["battery_level"] is None for e in old) and all(e["battery_level"] is not None for e in new)

    # Python reads each message with its writer schema, or everything with the v2 reader schema.
    ctx = SerializationContext(topic, MessageField.VALUE)
    messages = read_messages(out)
    assert [plain(AvroDeserializer(client)(m, ctx)) for m in messages] == old + new
    assert [plain(AvroDeserializer(client, SENSOR_V2)(m, ctx)) for m in messages] == old + new

    # Swift reads the same file with writer schemas, and resolving old events into v2.
    assert swift(pipeline, registry_args, "consume", "--topic", topic, "--input", str(out)) == old + new
    assert swift(pipeline, registry_args, "consume", "--topic", topic, "--input", str(out), "--reader-v2") == old + new

    # A Python producer on the evolved schema lands in the same file and Swift reads it too.
    more = {"sensor_id": "py", "timestamp": 1_700_000_999_000, "temperature": 3.5, "battery_level": 12}
    write_messages(out, [AvroSerializer(client, SENSOR_V2)(more, ctx)])
    assert swift(pipeline, registry_args, "consume", "--topic", topic, "--input", str(out))[-1] == more


def test_json_schema_both_directions(pipeline, registry_args, client, topic, tmp_path):
    ctx = SerializationContext(topic, MessageField.VALUE)
    swift_file = tmp_path / "from-swift.txt"
    written = swift(pipeline, registry_args, "produce", "--format", "json", "--topic", topic, "--output", str(swift_file),
                    "--count", "4", "--with-battery")
    deserializer = JSONDeserializer(SENSOR_JSON, schema_registry_client=client)
    assert [deserializer(m, ctx) for m in read_messages(swift_file)] == written

    events = [{"sensor_id": "py-j%d" % i, "timestamp": 1_700_000_000_000 + i, "temperature": 21.5, "battery_level": 50 + i} for i in range(3)]
    python_file = tmp_path / "from-python.txt"
    write_messages(python_file, [JSONSerializer(SENSOR_JSON, client)(e, ctx) for e in events])
    assert swift(pipeline, registry_args, "consume", "--format", "json", "--topic", topic, "--input", str(python_file)) == events


def test_protobuf_both_directions_byte_for_byte(pipeline, registry_args, client, topic, tmp_path, pb2):
    """The Swift ProtobufSerializer and confluent-kafka's write the same bytes for the same
    events (the .proto text the Swift side registers and the descriptor the Python side
    registers are one schema), and each side reads the other's."""
    sensor = pb2("com/acme/iot/sensor_event.proto")
    ctx = SerializationContext(topic, MessageField.VALUE)
    swift_file = tmp_path / "from-swift.txt"
    written = swift(pipeline, registry_args, "produce", "--format", "protobuf", "--proto-path", str(PROTOS), "--topic", topic, "--output", str(swift_file),
                    "--count", "4", "--with-battery")
    swift_messages = read_messages(swift_file)
    deserializer = ProtobufDeserializer(sensor.SensorEvent, None, client)
    decoded = [deserializer(m, ctx) for m in swift_messages]
    assert [{"sensor_id": e.sensor_id, "timestamp": e.timestamp, "temperature": e.temperature,
             "battery_level": e.battery_level if e.HasField("battery_level") else None} for e in decoded] == written

    serializer = ProtobufSerializer(sensor.SensorEvent, client)
    python_messages = [serializer(sensor.SensorEvent(**e), ctx) for e in written]
    assert python_messages == swift_messages
    assert client.get_versions(topic + "-value") == [1]

    events = [{"sensor_id": "py-p%d" % i, "timestamp": 1_700_000_000_000 + i, "temperature": -4.25, "battery_level": None if i % 2 else 7}
              for i in range(3)]
    python_file = tmp_path / "from-python.txt"
    write_messages(python_file, [serializer(sensor.SensorEvent(**{k: v for k, v in e.items() if v is not None}), ctx) for e in events])
    assert swift(pipeline, registry_args, "consume", "--format", "protobuf", "--topic", topic, "--input", str(python_file)) == events


@pytest.fixture(scope="module")
def order_events():
    return built_binary("ORDER_EVENTS_BIN", "order-events example")


def sample_order(order_pb2, common_pb2, index):
    """The Swift example's Shop_V1_Order.sample(index), built the same way."""
    order = order_pb2.Order(id=1000 + index, status=common_pb2.STATUS_PAID)
    order.quantities["apple"] = index + 1
    if index % 2 == 0:
        order.note = "note %d" % index
    order.placed_at.seconds = 1_700_000_000 + index
    order.placed_at.nanos = index
    order.total.currency = "EUR"
    order.total.units = 10 * index
    order.total.nanos = 500_000_000
    order.lines.add(sku="A-%d" % index, count=index + 1)
    if index % 2 == 1:
        order.card_token = "tok_%d" % index
    else:
        order.voucher = "v_%d" % index
    return order


def run_orders(order_events, registry_args, *args):
    done = subprocess.run([order_events, *args, *registry_args, "--proto-path", str(PROTOS)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.parametrize("lines", [False, True], ids=["orders", "nested-lines"])
def test_protobuf_with_imports_and_well_known_types_byte_for_byte(order_events, registry_args, client, base_url, topic, tmp_path, pb2, lines):
    """shop.v1.Order imports shop/v1/common.proto (registered as a reference by both sides) and
    google/protobuf/timestamp.proto (built in); Order.Line travels with indexes [0, 1]. The
    Swift serializer registers what confluent-kafka's does (the descriptor generated code
    embeds), so both write the very same bytes, schema id included."""
    order_pb2, common_pb2 = pb2("shop/v1/order.proto"), pb2("shop/v1/common.proto")
    flag = ["--lines"] if lines else []
    swift_file = tmp_path / "from-swift.txt"
    run_orders(order_events, registry_args, "produce", "--topic", topic, "--output", str(swift_file), "--count", "3", *flag)
    swift_messages = read_messages(swift_file)
    ctx = SerializationContext(topic, MessageField.VALUE)
    message_type = order_pb2.Order.Line if lines else order_pb2.Order
    samples = [order_pb2.Order.Line(sku="A-%d" % i, count=i + 1) if lines else sample_order(order_pb2, common_pb2, i) for i in range(3)]
    python_messages = [ProtobufSerializer(message_type, client)(m, ctx) for m in samples]
    assert python_messages == swift_messages
    if lines:
        assert swift_messages[0][5:8] == bytes([4, 0, 2])
    assert client.get_versions(topic + "-value") == [1]
    assert client.get_versions("shop/v1/common.proto") == [1]
    # A consumer has a client of its own: the producer's caches the registered text under the
    # id, which the deserializer would take for the serialized form it asks for (as it would
    # against Confluent, whose registration answer carries the text too).
    with SchemaRegistryClient({"url": base_url}) as consumer_client:
        deserializer = ProtobufDeserializer(message_type, None, consumer_client)
        assert [deserializer(m, ctx) for m in swift_messages] == samples

    python_file = tmp_path / "from-python.txt"
    write_messages(python_file, python_messages)
    decoded = run_orders(order_events, registry_args, "consume", "--topic", topic, "--input", str(python_file), *flag)
    assert [base64.b64decode(line) for line in decoded] == [m.SerializeToString() for m in samples]


def test_swift_protobuf_consumer_refuses_a_message_of_another_type(pipeline, registry_args, client, topic, tmp_path, pb2):
    money = pb2("shop/v1/common.proto")
    data = ProtobufSerializer(money.Money, client)(money.Money(currency="EUR", units=3), SerializationContext(topic, MessageField.VALUE))
    out = tmp_path / "topic.txt"
    write_messages(out, [data])
    done = subprocess.run([pipeline, "consume", "--format", "protobuf", "--input", str(out), *registry_args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "has shop.v1.Money at message indexes [0], not com.acme.iot.SensorEvent" in done.stderr


def test_swift_consumer_rejects_a_message_with_an_unknown_schema_id(pipeline, registry_args, tmp_path):
    out = tmp_path / "topic.txt"
    write_messages(out, [b"\x00\x00\x0f\x42\x40\x02"])  # id 1,000,000
    done = subprocess.run([pipeline, "consume", "--input", str(out), *registry_args], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "schema id 1000000" in done.stderr
