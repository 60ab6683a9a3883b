"""confluent-kafka's ProtobufSerializer and ProtobufDeserializer, unchanged, against our server.

The serializer registers schemas as base64 serialized FileDescriptorProtos (one per imported
file, each under its own subject) and the deserializer asks for them back with
?format=serialized to build its descriptor pool: both sides of that must work as they do
against Confluent. The message classes come from protoc (Debian's, which scripts/test
installs) run on Examples/Protos (the pb2 fixture of conftest.py)."""

import base64
import struct

import pytest
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2

from conftest import PROTOS


@pytest.fixture(scope="module")
def shop(pb2):
    """The generated `shop.v1` modules: (order_pb2, common_pb2)."""
    return pb2("shop/v1/order.proto"), pb2("shop/v1/common.proto")


def value_ctx(topic):
    return SerializationContext(topic, MessageField.VALUE)


def an_order(shop):
    order_pb2, common_pb2 = shop
    order = order_pb2.Order(id=42, note="leave at the door", status=common_pb2.STATUS_PAID, card_token="tok_1")
    order.quantities["apple"] = 3
    order.quantities["pear"] = 1
    order.placed_at.seconds = 1_700_000_000
    order.placed_at.nanos = 5
    order.total.currency = "EUR"
    order.total.units = 12
    order.total.nanos = 500_000_000
    order.lines.add(sku="A-1", count=2)
    return order


def test_round_trip_through_the_registry(shop, new_client, topic):
    order_pb2, _ = shop
    order = an_order(shop)
    data = ProtobufSerializer(order_pb2.Order, new_client())(order, value_ctx(topic))
    # Magic byte, schema id, then the message indexes: [0] is written as the single byte 0.
    assert data[0] == 0
    assert data[5] == 0
    assert data[6:] == order.SerializeToString()
    decoded = ProtobufDeserializer(order_pb2.Order, None, new_client())(data, value_ctx(topic))
    assert decoded == order


def test_the_import_is_registered_as_a_reference_and_the_well_known_type_is_not(shop, client, new_client, topic):
    order_pb2, _ = shop
    data = ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    schema_id = struct.unpack(">i", data[1:5])[0]
    latest = client.get_latest_version(topic + "-value")
    assert latest.schema_id == schema_id
    refs = [(r.name, r.subject, r.version) for r in latest.schema.references]
    assert refs == [("shop/v1/common.proto", "shop/v1/common.proto", 1)]
    common = client.get_latest_version("shop/v1/common.proto")
    assert common.schema.schema_type == "PROTOBUF"
    assert "message Money {" in common.schema.schema_str


def test_a_descriptor_is_stored_as_confluent_renders_it(shop, client, new_client, topic):
    """The base64 descriptor comes back as .proto text, in the layout Confluent gives a
    descriptor: fully qualified types, and the map as its entry message."""
    order_pb2, _ = shop
    data = ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    text = client.get_schema(struct.unpack(">i", data[1:5])[0]).schema_str
    assert text.startswith('syntax = "proto3";\npackage shop.v1;\n\nimport "google/protobuf/timestamp.proto";\nimport "shop/v1/common.proto";\n')
    assert "  repeated .shop.v1.Order.QuantitiesEntry quantities = 2;\n" in text
    assert "  optional string note = 3;\n" in text
    assert "  .google.protobuf.Timestamp placed_at = 4;\n" in text
    assert "    option map_entry = true;\n" in text
    assert "  oneof payment {\n    string card_token = 8;\n    string voucher = 9;\n  }\n" in text


def test_format_serialized_gives_a_descriptor_the_client_can_load(shop, client, new_client, topic):
    order_pb2, _ = shop
    data = ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    schema = client.get_schema(struct.unpack(">i", data[1:5])[0], fmt="serialized")
    descriptor = descriptor_pb2.FileDescriptorProto()
    descriptor.ParseFromString(base64.standard_b64decode(schema.schema_str))
    assert descriptor.package == "shop.v1"
    assert list(descriptor.dependency) == ["google/protobuf/timestamp.proto", "shop/v1/common.proto"]
    order = descriptor.message_type[0]
    assert order.name == "Order"
    # The generated class's own descriptor and the registry's agree on every field.
    ours = {f.number: (f.name, f.type, f.label, f.type_name) for f in order.field}
    theirs = descriptor_pb2.DescriptorProto()
    order_pb2.Order.DESCRIPTOR.CopyToProto(theirs)
    assert ours == {f.number: (f.name, f.type, f.label, f.type_name) for f in theirs.field}
    assert [n.name for n in order.nested_type] == ["QuantitiesEntry", "Line"]


def test_a_nested_message_travels_with_its_indexes(shop, new_client, topic):
    order_pb2, _ = shop
    line = order_pb2.Order.Line(sku="B-2", count=7)
    data = ProtobufSerializer(order_pb2.Order.Line, new_client())(line, value_ctx(topic))
    # [0, 1]: message 0 of the file, its nested type 1 (the map entry is nested type 0), as
    # zig-zag varints after their count: 2, 0, 1 -> 4, 0, 2.
    assert data[5:8] == bytes([4, 0, 2])
    decoded = ProtobufDeserializer(order_pb2.Order.Line, None, new_client())(data, value_ctx(topic))
    assert decoded == line


def test_serializing_again_reuses_the_id(shop, client, new_client, topic):
    order_pb2, _ = shop
    first = ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    second = ProtobufSerializer(order_pb2.Order, new_client(), {"auto.register.schemas": False})(
        an_order(shop), value_ctx(topic)
    )
    assert first[1:5] == second[1:5]
    assert client.get_versions(topic + "-value") == [1]


def test_use_latest_version_reads_the_schema_as_a_descriptor(shop, new_client, topic):
    order_pb2, _ = shop
    ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    conf = {"auto.register.schemas": False, "use.latest.version": True}
    data = ProtobufSerializer(order_pb2.Order, new_client(), conf)(an_order(shop), value_ctx(topic))
    decoded = ProtobufDeserializer(order_pb2.Order, {"use.latest.version": True}, new_client())(data, value_ctx(topic))
    assert decoded == an_order(shop)


def test_an_incompatible_change_is_refused(shop, client, new_client, topic):
    order_pb2, _ = shop
    ProtobufSerializer(order_pb2.Order, new_client())(an_order(shop), value_ctx(topic))
    breaking = 'syntax = "proto3";\npackage shop.v1;\n\nmessage Order {\n  string id = 1;\n}\n'
    with pytest.raises(SchemaRegistryError) as refused:
        client.register_schema(topic + "-value", Schema(breaking, "PROTOBUF"))
    assert refused.value.http_status_code == 409
    assert refused.value.error_code == 409


def test_a_descriptor_without_type_names_is_the_same_schema_as_its_text(shop, client, subject_factory):
    """common.proto names no types, so Confluent's text for its descriptor is the canonical
    text of the file itself: registering either gives the one schema id."""
    _, common_pb2 = shop
    as_text = (PROTOS / "shop/v1/common.proto").read_text()
    as_descriptor = base64.standard_b64encode(common_pb2.DESCRIPTOR.serialized_pb).decode("ascii")
    first = client.register_schema(subject_factory(), Schema(as_text, "PROTOBUF"))
    second = client.register_schema(subject_factory("d"), Schema(as_descriptor, "PROTOBUF"))
    assert first == second
