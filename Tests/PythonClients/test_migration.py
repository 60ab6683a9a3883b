"""`schema-registry migrate` seen by a consumer: messages produced by confluent-kafka's
serializers against the source registry (this round's server) are read after the migration by
confluent-kafka's deserializers against the target (a registry of ours started empty), which
only ever see the schema id in each message."""

import subprocess
import uuid

import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from conftest import built_binary, started_server
from schemas import ADDRESS, CUSTOMER, USER_V1, USER_V2, text


def value_ctx(topic):
    return SerializationContext(topic, MessageField.VALUE)


@pytest.fixture(scope="module")
def empty_target():
    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    with started_server([binary, "serve", "--port", "0", "--storage", "memory:"]) as (url, _):
        yield url


def test_messages_produced_before_a_migration_are_read_after_it_from_the_target(base_url, single_url, empty_target):
    prefix = "migrated-" + uuid.uuid4().hex[:8]
    topic_users, topic_customers, topic_json = prefix + "-users", prefix + "-customers", prefix + "-json"
    with SchemaRegistryClient({"url": base_url}) as source:
        # Two versions of one subject, the first then soft-deleted: a consumer may still hold
        # messages written with it.
        old = AvroSerializer(source, text(USER_V1))({"name": "Ada", "age": 36}, value_ctx(topic_users))
        new = AvroSerializer(source, text(USER_V2))({"name": "Bob", "age": 41, "email": "bob@example.com"}, value_ctx(topic_users))
        source.delete_version(topic_users + "-value", 1)
        # A schema with a reference to another subject.
        source.register_schema(prefix + "-address", Schema(text(ADDRESS), "AVRO"))
        source.register_schema(topic_customers + "-value", Schema(
            text(CUSTOMER), "AVRO", [SchemaReference("com.example.Address", prefix + "-address", 1)]))
        customer = AvroSerializer(source, None, conf={"auto.register.schemas": False, "use.latest.version": True})(
            {"id": 7, "address": {"street": "Main St", "city": "Springfield"}}, value_ctx(topic_customers))
        document = JSONSerializer('{"type":"object","properties":{"n":{"type":"integer"}}}', source)({"n": 5}, value_ctx(topic_json))

    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    done = subprocess.run([binary, "migrate", "--quiet", "--from", single_url, "--to", empty_target, "--subjects", prefix + "-*"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout

    with SchemaRegistryClient({"url": empty_target}) as target:
        assert AvroDeserializer(target)(old, value_ctx(topic_users)) == {"name": "Ada", "age": 36}
        assert AvroDeserializer(target)(new, value_ctx(topic_users)) == {"name": "Bob", "age": 41, "email": "bob@example.com"}
        assert AvroDeserializer(target)(customer, value_ctx(topic_customers)) == {
            "id": 7, "address": {"street": "Main St", "city": "Springfield"}}
        assert JSONDeserializer(None, schema_registry_client=target)(document, value_ctx(topic_json)) == {"n": 5}
        # The soft-deleted version stayed soft-deleted, under its number.
        assert target.get_versions(topic_users + "-value") == [2]
        # A producer against the target gets the same id for the same schema.
        again = AvroSerializer(target, text(USER_V2), conf={"auto.register.schemas": False, "use.latest.version": True})(
            {"name": "Bob", "age": 41, "email": "bob@example.com"}, value_ctx(topic_users))
        assert again[:5] == new[:5]
