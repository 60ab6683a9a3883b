"""python-schema-registry-client (marcosschroh), unchanged, against our server: every call it
offers for Avro, sync and async, and its AvroMessageSerializer.

The library hides most errors: a 404 becomes None or [], a 409 on register a ClientError.
"""

import asyncio
import json
import struct

import pytest
from schema_registry.client import AsyncSchemaRegistryClient, SchemaRegistryClient, errors, schema
from schema_registry.client.schema import SubjectVersion
from schema_registry.serializers import AsyncAvroMessageSerializer, AvroMessageSerializer

from schemas import ORDER, USER_BREAKING, USER_V1, USER_V2, distinct

ALICE = {"name": "Alice", "age": 30}


@pytest.fixture
def client(single_url):
    return SchemaRegistryClient(url=single_url)


@pytest.fixture
def new_client(single_url):
    """A client with empty caches."""
    return lambda: SchemaRegistryClient(url=single_url)


def avro(s) -> schema.AvroSchema:
    return schema.AvroSchema(s)


def test_register_returns_an_id_and_the_same_one_again(client, new_client, subject):
    schema_id = client.register(subject, avro(USER_V1))
    assert isinstance(schema_id, int) and schema_id > 0
    # A fresh client asks the server (check_version first) and gets the same id.
    assert new_client().register(subject, avro(USER_V1)) == schema_id
    # A schema given as a dict or a JSON string works the same.
    assert new_client().register(subject, USER_V1) == schema_id
    assert client.get_versions(subject) == [1]


def test_register_evolves_a_subject(client, subject):
    v1 = client.register(subject, avro(USER_V1))
    v2 = client.register(subject, avro(USER_V2))
    assert v1 != v2
    assert client.get_versions(subject) == [1, 2]


def test_register_of_a_breaking_change_raises_409(client, subject):
    client.register(subject, avro(USER_V1))
    with pytest.raises(errors.ClientError) as e:
        client.register(subject, avro(USER_BREAKING))
    assert e.value.http_code == 409
    assert e.value.server_traceback["error_code"] == 409
    assert client.get_versions(subject) == [1]


def test_get_by_id(client, new_client, subject):
    schema_id = client.register(subject, avro(ORDER))
    fetched = new_client().get_by_id(schema_id)
    assert isinstance(fetched, schema.AvroSchema)
    assert fetched == avro(ORDER)
    assert new_client().get_by_id(987654321) is None


def test_get_schema_latest_and_by_version(client, new_client, subject):
    v1 = client.register(subject, avro(USER_V1))
    v2 = client.register(subject, avro(USER_V2))
    latest = new_client().get_schema(subject)
    assert (latest.subject, latest.schema_id, latest.version) == (subject, v2, 2)
    assert latest.schema == avro(USER_V2)
    first = new_client().get_schema(subject, version=1)
    assert (first.subject, first.schema_id, first.version) == (subject, v1, 1)
    assert first.schema == avro(USER_V1)
    assert new_client().get_schema(subject, version=9) is None
    assert new_client().get_schema(subject + "-nowhere") is None


def test_get_versions_of_an_unknown_subject_is_empty(client, subject):
    assert client.get_versions(subject) == []


def test_check_version(client, new_client, subject):
    v1 = client.register(subject, avro(USER_V1))
    found = new_client().check_version(subject, avro(USER_V1))
    assert (found.subject, found.schema_id, found.version) == (subject, v1, 1)
    assert new_client().check_version(subject, avro(USER_V2)) is None
    assert new_client().check_version(subject + "-nowhere", avro(USER_V1)) is None


def test_test_compatibility(client, subject):
    client.register(subject, avro(USER_V1))
    assert client.test_compatibility(subject, avro(USER_V2)) is True
    assert client.test_compatibility(subject, avro(USER_BREAKING)) is False
    assert client.test_compatibility(subject, avro(USER_V2), version=1) is True
    # Unknown versions read as "not compatible" (the library turns the 404 into False).
    assert client.test_compatibility(subject, avro(USER_V2), version=5) is False


def test_test_compatibility_verbose_gives_the_reasons(client, subject):
    client.register(subject, avro(USER_V1))
    ok = client.test_compatibility(subject, avro(USER_V2), verbose=True)
    assert ok["is_compatible"] is True
    assert ok.get("messages", []) == []
    bad = client.test_compatibility(subject, avro(USER_BREAKING), verbose=True)
    assert bad["is_compatible"] is False
    assert any("READER_FIELD_MISSING_DEFAULT_VALUE" in m for m in bad["messages"])


def test_update_and_get_compatibility_of_a_subject(client, subject):
    assert client.update_compatibility("FULL", subject) is True
    assert client.get_compatibility(subject) == "FULL"
    # Registering under FULL: adding a field with a default is still fine.
    client.register(subject, avro(USER_V1))
    client.register(subject, avro(USER_V2))
    assert client.update_compatibility("NONE", subject) is True
    client.register(subject, avro(USER_BREAKING))
    assert client.get_versions(subject) == [1, 2, 3]


def test_get_compatibility_of_a_subject_without_its_own_level_raises(client, subject):
    with pytest.raises(errors.ClientError) as e:
        client.get_compatibility(subject)
    assert e.value.http_code == 404


def test_global_compatibility(client):
    # Global calls go to "config/" (with a trailing slash).
    assert client.get_compatibility() == "BACKWARD"
    try:
        assert client.update_compatibility("FORWARD_TRANSITIVE") is True
        assert client.get_compatibility() == "FORWARD_TRANSITIVE"
    finally:
        client.update_compatibility("BACKWARD")
    assert client.get_compatibility() == "BACKWARD"


def test_get_schema_subject_versions(client, subject, subject_factory):
    other = subject_factory("other")
    user = distinct(USER_V1, subject)
    schema_id = client.register(subject, avro(user))
    client.update_compatibility("NONE", other)
    client.register(other, avro(ORDER))
    client.register(other, avro(user))
    pairs = client.get_schema_subject_versions(schema_id)
    assert sorted(pairs, key=lambda p: p.subject) == sorted([SubjectVersion(subject, 1), SubjectVersion(other, 2)], key=lambda p: p.subject)
    assert client.get_schema_subject_versions(987654321) is None


def test_delete_version(client, new_client, subject):
    v1 = client.register(subject, avro(USER_V1))
    client.register(subject, avro(USER_V2))
    assert client.delete_version(subject, 2) == 2
    assert client.get_versions(subject) == [1]
    assert client.delete_version(subject, 2) is None
    assert client.delete_version(subject, 9) is None
    assert client.delete_version(subject) == 1  # "latest"
    assert client.get_versions(subject) == []
    # Soft-deleted schemas stay readable by id.
    assert new_client().get_by_id(v1) == avro(USER_V1)


def test_delete_subject_and_get_subjects(client, subject):
    client.register(subject, avro(USER_V1))
    client.register(subject, avro(USER_V2))
    assert subject in client.get_subjects()
    assert client.delete_subject(subject) == [1, 2]
    assert subject not in client.get_subjects()
    assert client.get_versions(subject) == []
    assert client.delete_subject(subject) == []


def test_avro_message_serializer_round_trip(client, new_client, subject):
    serializer = AvroMessageSerializer(client)
    data = serializer.encode_record_with_schema(subject, avro(USER_V1), ALICE)
    magic, schema_id = struct.unpack(">bI", data[:5])
    assert magic == 0
    assert schema_id == new_client().get_schema(subject).schema_id
    assert AvroMessageSerializer(new_client()).decode_message(data) == ALICE
    order = {"id": 1, "amount": 2.5, "status": "SHIPPED", "tags": ["x"], "note": "n"}
    order_data = serializer.encode_record_with_schema(subject + "-orders", avro(ORDER), order)
    assert AvroMessageSerializer(new_client()).decode_message(order_data) == order


def test_avro_message_serializer_encode_with_schema_id(client, new_client, subject):
    schema_id = client.register(subject, avro(USER_V1))
    data = AvroMessageSerializer(new_client()).encode_record_with_schema_id(schema_id, ALICE)
    assert struct.unpack(">bI", data[:5]) == (0, schema_id)
    assert AvroMessageSerializer(new_client()).decode_message(data) == ALICE


def test_avro_message_serializer_reads_old_data_with_a_newer_reader_schema(client, new_client, subject):
    old = AvroMessageSerializer(client).encode_record_with_schema(subject, avro(USER_V1), ALICE)
    AvroMessageSerializer(client).encode_record_with_schema(subject, avro(USER_V2), dict(ALICE, email="a@x"))
    reader = AvroMessageSerializer(new_client(), reader_schema=avro(USER_V2).schema)  # the parsed schema fastavro takes
    assert reader.decode_message(old) == {"name": "Alice", "age": 30, "email": ""}


def test_async_client_and_serializer(single_url, subject):
    async def scenario():
        client = AsyncSchemaRegistryClient(url=single_url)
        user_v1, user_v2 = avro(distinct(USER_V1, subject)), avro(distinct(USER_V2, subject))
        v1 = await client.register(subject, user_v1)
        assert await client.register(subject, user_v1) == v1
        assert await AsyncSchemaRegistryClient(url=single_url).get_by_id(v1) == user_v1
        found = await AsyncSchemaRegistryClient(url=single_url).check_version(subject, user_v1)
        assert (found.schema_id, found.version) == (v1, 1)
        assert await client.test_compatibility(subject, user_v2) is True
        assert await client.test_compatibility(subject, avro(distinct(USER_BREAKING, subject))) is False
        assert await client.update_compatibility("FULL", subject) is True
        assert await client.get_compatibility(subject) == "FULL"
        v2 = await client.register(subject, user_v2)
        assert await client.get_versions(subject) == [1, 2]
        latest = await AsyncSchemaRegistryClient(url=single_url).get_schema(subject)
        assert (latest.schema_id, latest.version) == (v2, 2)
        assert [(p.subject, p.version) for p in await client.get_schema_subject_versions(v2)] == [(subject, 2)]
        assert subject in await client.get_subjects()

        serializer = AsyncAvroMessageSerializer(client)
        data = await serializer.encode_record_with_schema(subject, user_v2, dict(ALICE, email="a@x"))
        assert struct.unpack(">bI", data[:5]) == (0, v2)
        decoded = await AsyncAvroMessageSerializer(AsyncSchemaRegistryClient(url=single_url)).decode_message(data)
        assert decoded == dict(ALICE, email="a@x")

        assert await client.delete_version(subject, 2) == 2
        assert await client.delete_subject(subject) == [1]
        assert await client.get_versions(subject) == []

    asyncio.run(scenario())


def test_data_written_by_one_library_is_read_by_the_other(base_url, single_url, subject):
    from confluent_kafka.schema_registry import SchemaRegistryClient as ConfluentClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    topic = subject[: -len("-value")]
    ctx = SerializationContext(topic, MessageField.VALUE)
    with ConfluentClient({"url": base_url}) as confluent:
        from_confluent = AvroSerializer(confluent, json.dumps(USER_V1))(ALICE, ctx)
        assert AvroMessageSerializer(SchemaRegistryClient(url=single_url)).decode_message(from_confluent) == ALICE
        # The other library registers the same schema under the same subject: same id, same bytes.
        from_marcos = AvroMessageSerializer(SchemaRegistryClient(url=single_url)).encode_record_with_schema(subject, avro(USER_V1), ALICE)
        assert from_marcos == from_confluent
        assert AvroDeserializer(confluent)(from_marcos, ctx) == ALICE
