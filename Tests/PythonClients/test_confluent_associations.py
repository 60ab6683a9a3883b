"""confluent-kafka's association calls and its AssociatedNameStrategy (the serializers' default
subject strategy in this version), unchanged, against our server."""

import struct
import uuid

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.common.schema_registry_client import (
    AssociationCreateOrUpdateInfo,
    AssociationCreateOrUpdateRequest,
)
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

from schemas import USER_V1, text

ALICE = {"name": "Alice", "age": 30}


@pytest.fixture
def client(base_url):
    with SchemaRegistryClient({"url": base_url}) as c:
        yield c


@pytest.fixture
def topic(request):
    return "t{}".format(uuid.uuid4().hex[:12])


def create_topic(client, topic, namespace="lkc-test"):
    request = AssociationCreateOrUpdateRequest(
        resource_name=topic,
        resource_namespace=namespace,
        resource_id=topic + "-uuid",
        associations=[AssociationCreateOrUpdateInfo(association_type="value", schema=Schema(text(USER_V1), "AVRO"))],
    )
    return client.create_association(request)


def test_a_topic_created_with_its_schema_owns_its_subject(client, topic):
    response = create_topic(client, topic)
    subject = ":.lkc-test:{}-value".format(topic)
    assert [a.subject for a in response.associations] == [subject]
    assert response.associations[0].lifecycle == "STRONG"

    found = client.get_associations_by_resource_name(topic, "-", association_types=["value"])
    assert [(a.subject, a.resource_id, a.association_type) for a in found] == [(subject, topic + "-uuid", "value")]
    assert client.get_associations_by_resource_name(topic, "lkc-other") == []

    with pytest.raises(SchemaRegistryError) as frozen:
        client.delete_associations(topic + "-uuid")
    assert frozen.value.error_code == 40908
    client.delete_associations(topic + "-uuid", cascade_lifecycle=True)
    assert client.get_associations_by_resource_name(topic, "-") == []


def test_the_default_serializer_strategy_writes_with_the_associated_subjects_id(client, topic):
    create_topic(client, topic)
    associated = client.get_latest_version(":.lkc-test:{}-value".format(topic))
    serializer = AvroSerializer(client, text(USER_V1), conf={"auto.register.schemas": False, "use.latest.version": True})
    data = serializer(ALICE, SerializationContext(topic, MessageField.VALUE))
    assert data[0] == 0 and struct.unpack(">i", data[1:5])[0] == associated.schema_id


def test_without_an_association_the_strategy_falls_back_to_the_topic_name(client, topic):
    serializer = AvroSerializer(client, text(USER_V1))
    data = serializer(ALICE, SerializationContext(topic, MessageField.VALUE))
    assert struct.unpack(">i", data[1:5])[0] == client.get_latest_version(topic + "-value").schema_id
