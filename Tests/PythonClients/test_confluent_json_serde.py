"""confluent-kafka's JSONSerializer and JSONDeserializer, unchanged, against our server:
register, evolve, and a validation failure on a bad record."""

import json
import struct
import uuid

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext, SerializationError

ORDER_V1 = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Order",
    "type": "object",
    "properties": {"id": {"type": "string"}, "amount": {"type": "number", "minimum": 0}},
    "required": ["id", "amount"],
    "additionalProperties": False,
}
# Adding an optional property to a closed content model is BACKWARD-compatible.
ORDER_V2 = dict(ORDER_V1, properties=dict(ORDER_V1["properties"], note={"type": "string"}))
# Changing a property's type is not.
ORDER_BREAKING = dict(ORDER_V1, properties=dict(ORDER_V1["properties"], id={"type": "integer"}))


@pytest.fixture
def client(base_url):
    with SchemaRegistryClient({"url": base_url}) as c:
        yield c


@pytest.fixture
def topic(request):
    return "{}-{}".format(request.node.name, uuid.uuid4().hex[:8])


def ctx(topic):
    return SerializationContext(topic, MessageField.VALUE)


def test_serialize_registers_and_round_trips(client, topic):
    serializer = JSONSerializer(json.dumps(ORDER_V1), client)
    data = serializer({"id": "o-1", "amount": 9.5}, ctx(topic))
    latest = client.get_latest_version(topic + "-value")
    assert latest.schema.schema_type == "JSON"
    assert data[0] == 0 and struct.unpack(">i", data[1:5])[0] == latest.schema_id
    assert json.loads(data[5:]) == {"id": "o-1", "amount": 9.5}
    deserializer = JSONDeserializer(None, schema_registry_client=client)
    assert deserializer(data, ctx(topic)) == {"id": "o-1", "amount": 9.5}


def test_a_record_that_breaks_the_schema_is_refused_before_sending(client, topic):
    serializer = JSONSerializer(json.dumps(ORDER_V1), client)
    with pytest.raises(SerializationError):
        serializer({"id": "o-2", "amount": -1}, ctx(topic))
    with pytest.raises(SerializationError):
        serializer({"id": "o-3"}, ctx(topic))


def test_evolution_compatible_then_breaking(client, topic):
    subject = topic + "-value"
    first = client.register_schema(subject, Schema(json.dumps(ORDER_V1), "JSON"))
    second = client.register_schema(subject, Schema(json.dumps(ORDER_V2), "JSON"))
    assert second != first
    assert client.test_compatibility(subject, Schema(json.dumps(ORDER_BREAKING), "JSON")) is False
    with pytest.raises(SchemaRegistryError) as refused:
        client.register_schema(subject, Schema(json.dumps(ORDER_BREAKING), "JSON"))
    assert refused.value.http_status_code == 409
    assert refused.value.error_code == 409


def test_old_messages_read_with_the_new_reader_schema(client, topic):
    old = JSONSerializer(json.dumps(ORDER_V1), client)(  # written with v1
        {"id": "o-4", "amount": 1.0}, ctx(topic))
    JSONSerializer(json.dumps(ORDER_V2), client)({"id": "o-5", "amount": 2.0, "note": "n"}, ctx(topic))
    reader = JSONDeserializer(json.dumps(ORDER_V2), schema_registry_client=client)
    assert reader(old, ctx(topic)) == {"id": "o-4", "amount": 1.0}


def test_invalid_json_schema_is_422_42201(client, topic):
    with pytest.raises(SchemaRegistryError) as bad:
        client.register_schema(topic + "-value", Schema(json.dumps({"type": "strng"}), "JSON"))
    assert bad.value.http_status_code == 422 and bad.value.error_code == 42201


def test_schema_types_include_json(client):
    assert "JSON" in client.get_schema_types()
