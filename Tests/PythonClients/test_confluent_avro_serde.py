"""confluent-kafka's AvroSerializer and AvroDeserializer, unchanged, against our server: what a
producer and a consumer written for Confluent Schema Registry do with it."""

import struct

import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

from schemas import ADDRESS, CUSTOMER, ORDER, USER_V1, USER_V2, text

ALICE = {"name": "Alice", "age": 30}
ORDER_RECORD = {"id": 42, "amount": 12.5, "status": "PAID", "tags": ["a", "b"], "note": None}


def value_ctx(topic):
    return SerializationContext(topic, MessageField.VALUE)


def framing(data: bytes):
    """(magic byte, schema id) of Confluent's wire format."""
    return data[0], struct.unpack(">i", data[1:5])[0]


def test_first_serialize_registers_the_schema_under_topic_value(client, new_client, topic):
    serializer = AvroSerializer(new_client(), text(USER_V1))
    data = serializer(ALICE, value_ctx(topic))
    latest = client.get_latest_version(topic + "-value")
    assert latest.version == 1
    assert framing(data) == (0, latest.schema_id)


def test_the_payload_is_plain_avro_binary_after_five_bytes(new_client, topic):
    data = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    # Avro binary: string = zig-zag length + bytes, int = zig-zag varint.
    assert data[5:] == bytes([10]) + b"Alice" + bytes([60])


def test_round_trip_of_dicts(new_client, topic):
    serializer = AvroSerializer(new_client(), text(ORDER))
    deserializer = AvroDeserializer(new_client())
    for record in [ORDER_RECORD, dict(ORDER_RECORD, id=7, status="NEW", tags=[], note="fragile")]:
        assert deserializer(serializer(record, value_ctx(topic)), value_ctx(topic)) == record


def test_round_trip_with_the_reader_schema_given(new_client, topic):
    data = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    assert AvroDeserializer(new_client(), text(USER_V1))(data, value_ctx(topic)) == ALICE


def test_serializers_of_the_same_schema_agree_on_the_id(new_client, topic):
    first = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    second = AvroSerializer(new_client(), text(USER_V1))({"name": "Bob", "age": 41}, value_ctx(topic))
    assert framing(first) == framing(second)


def test_key_and_value_subjects_are_separate(client, new_client, topic):
    key_data = AvroSerializer(new_client(), '"string"')("k1", SerializationContext(topic, MessageField.KEY))
    value_data = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    assert framing(key_data)[1] != framing(value_data)[1]
    assert client.get_latest_version(topic + "-key").schema.schema_str == '"string"'
    assert AvroDeserializer(new_client())(key_data, SerializationContext(topic, MessageField.KEY)) == "k1"


def test_auto_register_off_finds_an_already_registered_schema(client, new_client, topic):
    schema_id = client.register_schema(topic + "-value", Schema(text(USER_V1), "AVRO"))
    serializer = AvroSerializer(new_client(), text(USER_V1), conf={"auto.register.schemas": False})
    data = serializer(ALICE, value_ctx(topic))
    assert framing(data) == (0, schema_id)
    assert client.get_versions(topic + "-value") == [1]


def test_auto_register_off_with_an_unknown_schema_fails_and_registers_nothing(client, new_client, topic):
    client.register_schema(topic + "-value", Schema(text(USER_V1), "AVRO"))
    serializer = AvroSerializer(new_client(), text(ORDER), conf={"auto.register.schemas": False})
    with pytest.raises(SchemaRegistryError) as e:
        serializer(ORDER_RECORD, value_ctx(topic))
    assert (e.value.http_status_code, e.value.error_code) == (404, 40403)
    assert client.get_versions(topic + "-value") == [1]


def test_use_latest_version_writes_with_the_latest_registered_schema(client, new_client, topic):
    subject = topic + "-value"
    client.register_schema(subject, Schema(text(USER_V1), "AVRO"))
    v2 = client.register_schema(subject, Schema(text(USER_V2), "AVRO"))
    serializer = AvroSerializer(
        new_client(), text(USER_V2), conf={"auto.register.schemas": False, "use.latest.version": True})
    data = serializer({"name": "Alice", "age": 30, "email": "a@example.com"}, value_ctx(topic))
    assert framing(data) == (0, v2)
    assert AvroDeserializer(new_client())(data, value_ctx(topic)) == {"name": "Alice", "age": 30, "email": "a@example.com"}


def test_old_data_is_read_with_a_newer_reader_schema(client, new_client, topic):
    old = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    # The producer evolves its schema; its new data gets the new id.
    new = AvroSerializer(new_client(), text(USER_V2))({"name": "Bob", "age": 41, "email": "b@example.com"}, value_ctx(topic))
    assert framing(new)[1] != framing(old)[1]
    assert client.get_versions(topic + "-value") == [1, 2]
    # A consumer on the new schema reads the old record with the default filled in.
    reader = AvroDeserializer(new_client(), text(USER_V2))
    assert reader(old, value_ctx(topic)) == {"name": "Alice", "age": 30, "email": ""}
    assert reader(new, value_ctx(topic)) == {"name": "Bob", "age": 41, "email": "b@example.com"}


def test_use_latest_version_in_the_deserializer_upgrades_old_data(new_client, topic):
    old = AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    AvroSerializer(new_client(), text(USER_V2))({"name": "Bob", "age": 41, "email": ""}, value_ctx(topic))
    reader = AvroDeserializer(new_client(), conf={"use.latest.version": True})
    assert reader(old, value_ctx(topic)) == {"name": "Alice", "age": 30, "email": ""}


def test_an_incompatible_producer_schema_is_refused_on_serialize(new_client, topic):
    AvroSerializer(new_client(), text(USER_V1))(ALICE, value_ctx(topic))
    breaking = {"type": "record", "name": "User", "namespace": "com.example",
                "fields": [{"name": "name", "type": "long"}]}
    with pytest.raises(SchemaRegistryError) as e:
        AvroSerializer(new_client(), text(breaking))({"name": 1}, value_ctx(topic))
    assert (e.value.http_status_code, e.value.error_code) == (409, 409)


def test_a_schema_with_references_round_trips(client, new_client, topic):
    address_subject = topic + "-address"
    client.register_schema(address_subject, Schema(text(ADDRESS), "AVRO"))
    customer = Schema(text(CUSTOMER), "AVRO", [SchemaReference("com.example.Address", address_subject, 1)])
    schema_id = client.register_schema(topic + "-value", customer)
    # The producer finds the registered schema by lookup (references included); the consumer
    # fetches the writer schema by id and then each referenced subject-version.
    serializer = AvroSerializer(new_client(), customer, conf={"auto.register.schemas": False})
    record = {"id": 7, "address": {"street": "Main St 1", "city": "Springfield"}}
    data = serializer(record, value_ctx(topic))
    assert framing(data) == (0, schema_id)
    assert AvroDeserializer(new_client())(data, value_ctx(topic)) == record
