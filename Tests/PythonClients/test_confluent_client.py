"""confluent-kafka's SchemaRegistryClient, unchanged, against our server.

Each test is a statement of what an application written for Confluent Schema Registry relies on.
"""

import json
import uuid

import pytest
from confluent_kafka.schema_registry import (
    Metadata,
    RegisteredSchema,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    ServerConfig,
)
from confluent_kafka.schema_registry.common.schema_registry_client import ConfigCompatibilityLevel
from confluent_kafka.schema_registry.error import SchemaRegistryError

from schemas import ADDRESS, CUSTOMER, ORDER, USER_BREAKING, USER_V1, USER_V2, distinct, text


@pytest.fixture
def client(base_url):
    with SchemaRegistryClient({"url": base_url}) as c:
        yield c


@pytest.fixture
def fresh_client(base_url):
    """A second client with empty caches, so reads really go to the server."""

    def make():
        return SchemaRegistryClient({"url": base_url})

    return make


def avro(schema) -> Schema:
    return Schema(text(schema), "AVRO")


def assert_error(excinfo, http_status: int, error_code: int):
    err = excinfo.value
    assert (err.http_status_code, err.error_code) == (http_status, error_code), str(err)


# --- registering and reading back ------------------------------------------------------------


def test_register_schema_returns_the_same_id_for_the_same_schema(client, fresh_client, subject, subject_factory):
    first = client.register_schema(subject, avro(USER_V1))
    assert isinstance(first, int) and first > 0
    # Another client (no cache) gets the same id, and no new version appears.
    assert fresh_client().register_schema(subject, avro(USER_V1)) == first
    assert client.get_versions(subject) == [1]
    # The same schema under another subject shares the id but has its own version 1.
    other = subject_factory("other")
    assert client.register_schema(other, avro(USER_V1)) == first
    assert client.get_versions(other) == [1]


def test_register_schema_full_response_describes_the_new_version(client, subject):
    registered = client.register_schema_full_response(subject, avro(USER_V1))
    assert isinstance(registered, RegisteredSchema)
    assert registered.schema_id > 0
    assert registered.subject == subject
    assert registered.version == 1
    assert registered.schema.schema_type == "AVRO"
    assert json.loads(registered.schema.schema_str) == USER_V1
    if registered.guid is not None:
        assert uuid.UUID(registered.guid)


def test_whitespace_differences_do_not_make_a_new_schema(client, subject):
    compact = client.register_schema(subject, Schema(json.dumps(USER_V1, separators=(",", ":")), "AVRO"))
    spaced = client.register_schema(subject, Schema(json.dumps(USER_V1, indent=4), "AVRO"))
    assert compact == spaced
    assert client.get_versions(subject) == [1]


def test_register_with_normalize_finds_the_same_schema(client, subject):
    plain = client.register_schema(subject, avro(USER_V1))
    assert client.register_schema(subject, avro(USER_V1), normalize_schemas=True) == plain
    assert client.lookup_schema(subject, avro(USER_V1), normalize_schemas=True).schema_id == plain
    assert client.get_versions(subject) == [1]


def test_get_schema_by_guid(client, fresh_client, subject):
    registered = client.register_schema_full_response(subject, avro(distinct(ORDER, subject)))
    assert registered.guid, "8.x servers return the schema's guid on register"
    fetched = fresh_client().get_schema_by_guid(registered.guid)
    assert json.loads(fetched.schema_str) == distinct(ORDER, subject)
    assert fresh_client().get_schema(registered.schema_id).schema_str == fetched.schema_str


def test_get_schema_by_id(client, fresh_client, subject):
    schema_id = client.register_schema(subject, avro(ORDER))
    reader = fresh_client()
    fetched = reader.get_schema(schema_id)
    assert fetched.schema_type == "AVRO"
    assert json.loads(fetched.schema_str) == ORDER
    # With a subject, as the deserializers ask.
    assert json.loads(fresh_client().get_schema(schema_id, subject_name=subject).schema_str) == ORDER


def test_get_schema_of_an_unknown_id_is_40403(client):
    with pytest.raises(SchemaRegistryError) as e:
        client.get_schema(987654321)
    assert_error(e, 404, 40403)


def test_lookup_schema_finds_the_registered_version(client, fresh_client, subject):
    v1 = client.register_schema(subject, avro(USER_V1))
    v2 = client.register_schema(subject, avro(USER_V2))
    found = fresh_client().lookup_schema(subject, avro(USER_V1))
    assert (found.schema_id, found.subject, found.version) == (v1, subject, 1)
    found = fresh_client().lookup_schema(subject, Schema(json.dumps(USER_V2, indent=2), "AVRO"))
    assert (found.schema_id, found.subject, found.version) == (v2, subject, 2)


def test_lookup_schema_of_an_unregistered_schema_is_40403(client, subject):
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.lookup_schema(subject, avro(ORDER))
    assert_error(e, 404, 40403)


def test_lookup_schema_under_an_unknown_subject_is_40401(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.lookup_schema(subject, avro(USER_V1))
    assert_error(e, 404, 40401)


def test_lookup_schema_finds_soft_deleted_versions_only_when_asked(client, fresh_client, subject):
    v1 = client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_V2))
    client.delete_version(subject, 1)
    with pytest.raises(SchemaRegistryError) as e:
        fresh_client().lookup_schema(subject, avro(USER_V1))
    assert_error(e, 404, 40403)
    # The client sends "deleted=True" (Python's spelling); the server must read it as true.
    found = fresh_client().lookup_schema(subject, avro(USER_V1), deleted=True)
    assert (found.schema_id, found.version) == (v1, 1)


def test_deleting_latest_walks_back(client, fresh_client, subject):
    client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_V2))
    assert client.delete_version(subject, "latest") == 2
    assert fresh_client().get_latest_version(subject).version == 1
    assert client.delete_version(subject, -1) == 1
    with pytest.raises(SchemaRegistryError) as e:
        fresh_client().get_latest_version(subject)
    assert_error(e, 404, 40401)


def test_get_latest_version_get_version_and_get_versions(client, subject):
    v1 = client.register_schema(subject, avro(USER_V1))
    v2 = client.register_schema(subject, avro(USER_V2))
    assert v1 != v2
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.subject, latest.version) == (v2, subject, 2)
    assert json.loads(latest.schema.schema_str) == USER_V2
    first = client.get_version(subject, 1)
    assert (first.schema_id, first.subject, first.version) == (v1, subject, 1)
    assert json.loads(first.schema.schema_str) == USER_V1
    assert client.get_version(subject, "latest").version == 2
    assert client.get_versions(subject) == [1, 2]


def test_get_version_errors(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.get_version(subject, 1)
    assert_error(e, 404, 40401)
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.get_version(subject, 7)
    assert_error(e, 404, 40402)


def test_get_subjects(client, subject_factory):
    prefix = "get_subjects_" + uuid.uuid4().hex[:8]
    a, b = prefix + "-a-value", prefix + "-b-value"
    client.register_schema(b, avro(USER_V1))
    client.register_schema(a, avro(USER_V1))
    everything = client.get_subjects()
    assert a in everything and b in everything
    assert client.get_subjects(subject_prefix=prefix) == [a, b]
    assert client.get_subjects(subject_prefix=prefix, offset=1, limit=1) == [b]


def test_get_subjects_by_schema_id_and_get_schema_versions(client, subject, subject_factory):
    other = subject_factory("other")
    user = distinct(USER_V1, subject)
    schema_id = client.register_schema(subject, avro(user))
    client.set_compatibility(other, "NONE")
    client.register_schema(other, avro(ORDER))
    client.register_schema(other, avro(user))
    assert sorted(client.get_subjects_by_schema_id(schema_id)) == sorted([subject, other])
    pairs = sorted((v.subject, v.version) for v in client.get_schema_versions(schema_id))
    assert pairs == sorted([(subject, 1), (other, 2)])


def test_get_latest_with_metadata(client, subject):
    with_owner = Schema(text(USER_V1), "AVRO", metadata=Metadata.from_dict({"properties": {"owner": "team-a"}}))
    first = client.register_schema(subject, with_owner)
    client.register_schema(subject, Schema(text(USER_V2), "AVRO", metadata=Metadata.from_dict({"properties": {"owner": "team-b"}})))
    found = client.get_latest_with_metadata(subject, {"owner": "team-a"})
    assert (found.schema_id, found.version) == (first, 1)
    assert found.schema.metadata.properties.properties == {"owner": "team-a"}


# --- deleting ----------------------------------------------------------------------------------


def test_delete_version_soft_then_permanent(client, fresh_client, subject):
    v1 = client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_V2))
    assert client.delete_version(subject, 2) == 2
    assert client.get_versions(subject) == [1]
    assert client.get_versions(subject, deleted=True) == [1, 2]
    assert fresh_client().get_version(subject, 2, deleted=True).version == 2
    with pytest.raises(SchemaRegistryError) as e:
        fresh_client().get_version(subject, 2)
    assert_error(e, 404, 40402)
    # Soft-deleting twice, or hard-deleting a live version, is refused.
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_version(subject, 2)
    assert_error(e, 404, 40406)
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_version(subject, 1, permanent=True)
    assert_error(e, 404, 40407)
    assert client.delete_version(subject, 2, permanent=True) == 2
    assert client.get_versions(subject, deleted=True) == [1]
    # The schema of a soft-deleted version stays readable by id.
    assert json.loads(fresh_client().get_schema(v1).schema_str) == USER_V1


def test_delete_subject_soft_then_permanent(client, subject):
    client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_V2))
    assert client.delete_subject(subject) == [1, 2]
    assert subject not in client.get_subjects()
    assert subject in client.get_subjects(deleted=True)
    with pytest.raises(SchemaRegistryError) as e:
        client.get_versions(subject)
    assert_error(e, 404, 40401)
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_subject(subject)
    assert_error(e, 404, 40404)
    assert client.delete_subject(subject, permanent=True) == [1, 2]
    assert subject not in client.get_subjects(deleted=True)
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_subject(subject, permanent=True)
    assert_error(e, 404, 40401)


def test_permanent_delete_of_a_live_subject_is_40405(client, subject):
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_subject(subject, permanent=True)
    assert_error(e, 404, 40405)


def test_registering_again_after_a_soft_delete_continues_the_version_numbers(client, subject):
    client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_V2))
    client.delete_subject(subject)
    client.clear_caches()
    client.register_schema(subject, avro(USER_V1))
    assert client.get_versions(subject) == [3]


# --- compatibility -----------------------------------------------------------------------------


def test_a_backward_compatible_evolution_is_accepted(client, subject):
    v1 = client.register_schema(subject, avro(USER_V1))
    evolved = client.register_schema_full_response(subject, avro(USER_V2))
    assert evolved.schema_id != v1
    assert evolved.version == 2


def test_a_breaking_change_is_rejected_with_409(client, subject):
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, avro(USER_BREAKING))
    assert_error(e, 409, 409)
    assert e.value.error_message.startswith(
        'Schema being registered is incompatible with an earlier schema for subject "{}", details: ['.format(subject))
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in e.value.error_message
    assert client.get_versions(subject) == [1]


def test_test_compatibility(client, subject):
    client.register_schema(subject, avro(USER_V1))
    assert client.test_compatibility(subject, avro(USER_V2)) is True
    assert client.test_compatibility(subject, avro(USER_BREAKING)) is False
    assert client.test_compatibility(subject, avro(USER_V2), version=1) is True
    # The client only returns the verdict, also when it asks for the reasons.
    assert client.test_compatibility(subject, avro(USER_BREAKING), verbose=True) is False
    assert client.test_compatibility_all_versions(subject, avro(USER_V2)) is True
    assert client.test_compatibility_all_versions(subject, avro(USER_BREAKING), verbose=True) is False


def test_test_compatibility_against_an_unknown_subject_is_compatible(client, subject):
    assert client.test_compatibility(subject, avro(USER_BREAKING)) is True
    assert client.test_compatibility_all_versions(subject, avro(USER_BREAKING)) is True


def test_test_compatibility_against_an_unknown_version_is_40402(client, subject):
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.test_compatibility(subject, avro(USER_V2), version=5)
    assert_error(e, 404, 40402)


def test_transitive_levels_check_every_version(client, subject):
    def user(*fields):
        return {"type": "record", "name": "User", "namespace": "com.example", "fields": [{"name": "name", "type": "string"}, *fields]}

    client.register_schema(subject, avro(user()))
    client.register_schema(subject, avro(user({"name": "age", "type": "int", "default": 0})))
    age_required = avro(user({"name": "age", "type": "int"}))
    # BACKWARD looks at the latest version only: it has an age, so dropping the default is fine...
    client.set_compatibility(subject, "BACKWARD")
    assert client.test_compatibility_all_versions(subject, age_required) is True
    # ...BACKWARD_TRANSITIVE also reads version 1's data, which has no age to fill it from.
    client.set_compatibility(subject, "BACKWARD_TRANSITIVE")
    assert client.test_compatibility_all_versions(subject, age_required) is False
    assert client.test_compatibility(subject, age_required, version=2) is True
    assert client.test_compatibility(subject, age_required, version=1) is False
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, age_required)
    assert_error(e, 409, 409)


def test_global_compatibility(client):
    assert client.get_compatibility() == "BACKWARD"
    try:
        assert client.set_compatibility(level="full") == {"compatibility": "FULL"}
        assert client.get_compatibility() == "FULL"
    finally:
        client.set_compatibility(level="BACKWARD")
    assert client.get_compatibility() == "BACKWARD"


def test_subject_compatibility(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.get_compatibility(subject)
    assert_error(e, 404, 40408)
    assert client.set_compatibility(subject, "NONE") == {"compatibility": "NONE"}
    assert client.get_compatibility(subject) == "NONE"
    assert client.get_compatibility() == "BACKWARD"
    # With NONE the breaking change is accepted.
    client.register_schema(subject, avro(USER_V1))
    client.register_schema(subject, avro(USER_BREAKING))
    assert client.get_versions(subject) == [1, 2]


def test_an_invalid_compatibility_level_is_42203(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.set_compatibility(subject, "SIDEWAYS")
    assert_error(e, 422, 42203)


def test_set_config_get_config_delete_config(client, subject):
    updated = client.set_config(subject, ServerConfig(compatibility=ConfigCompatibilityLevel.FULL_TRANSITIVE, compatibility_group="app.major"))
    assert updated["compatibility"] == "FULL_TRANSITIVE"
    config = client.get_config(subject)
    assert config.compatibility_level == ConfigCompatibilityLevel.FULL_TRANSITIVE
    assert config.compatibility_group == "app.major"
    old = client.delete_config(subject)
    assert old.compatibility_level == ConfigCompatibilityLevel.FULL_TRANSITIVE
    with pytest.raises(SchemaRegistryError) as e:
        client.get_config(subject)
    assert_error(e, 404, 40408)


def test_global_config(client):
    assert client.get_config().compatibility_level == ConfigCompatibilityLevel.BACKWARD
    try:
        client.set_config(config=ServerConfig(compatibility=ConfigCompatibilityLevel.FORWARD))
        assert client.get_config().compatibility_level == ConfigCompatibilityLevel.FORWARD
        assert client.delete_config().compatibility_level == ConfigCompatibilityLevel.FORWARD
    finally:
        client.set_compatibility(level="BACKWARD")
    assert client.get_config().compatibility_level == ConfigCompatibilityLevel.BACKWARD


# --- references, types, modes, contexts ---------------------------------------------------------


def test_schema_references_and_get_referenced_by(client, fresh_client, subject_factory):
    address_subject, customer_subject = subject_factory("address"), subject_factory("customer")
    address_id = client.register_schema(address_subject, avro(ADDRESS))
    reference = SchemaReference("com.example.Address", address_subject, 1)
    customer = Schema(text(CUSTOMER), "AVRO", [reference])
    customer_id = client.register_schema(customer_subject, customer)
    assert customer_id != address_id
    assert client.get_referenced_by(address_subject, 1) == [customer_id]
    assert client.get_referenced_by(customer_subject, 1) == []
    fetched = fresh_client().get_schema(customer_id)
    assert [(r.name, r.subject, r.version) for r in fetched.references] == [("com.example.Address", address_subject, 1)]
    assert fresh_client().lookup_schema(customer_subject, customer).schema_id == customer_id
    # A referenced version cannot be deleted.
    with pytest.raises(SchemaRegistryError) as e:
        client.delete_version(address_subject, 1)
    assert_error(e, 422, 42206)


def test_a_reference_to_a_missing_subject_is_rejected(client, subject):
    customer = Schema(text(CUSTOMER), "AVRO", [SchemaReference("com.example.Address", subject + "-nowhere", 1)])
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, customer)
    assert_error(e, 422, 42201)


def test_an_unparseable_schema_is_42201(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, Schema('{"type": "record", "name": "R", "fields": [{"name": "f", "type": "nope"}]}', "AVRO"))
    assert_error(e, 422, 42201)


def test_get_schema_types(client):
    assert "AVRO" in client.get_schema_types()


def test_subject_mode(client, subject):
    assert client.get_global_mode() == "READWRITE"
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.get_mode(subject)
    assert_error(e, 404, 40409)
    assert client.update_mode(subject, "READONLY") == "READONLY"
    assert client.get_mode(subject) == "READONLY"
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, avro(USER_V2))
    assert_error(e, 422, 42205)
    assert client.delete_mode(subject) == "READONLY"
    with pytest.raises(SchemaRegistryError) as e:
        client.get_mode(subject)
    assert_error(e, 404, 40409)
    assert client.register_schema_full_response(subject, avro(USER_V2)).version == 2


def test_global_mode(client, subject):
    try:
        assert client.update_global_mode("READONLY") == "READONLY"
        assert client.get_global_mode() == "READONLY"
        with pytest.raises(SchemaRegistryError) as e:
            client.register_schema(subject, avro(USER_V1))
        assert_error(e, 422, 42205)
    finally:
        client.update_global_mode("READWRITE")
    assert client.get_global_mode() == "READWRITE"


def test_import_mode_requires_explicit_ids(client, subject):
    assert client.update_mode(subject, "IMPORT") == "IMPORT"
    assert client.get_mode(subject) == "IMPORT"
    # The client's register sends no id, which IMPORT mode refuses.
    with pytest.raises(SchemaRegistryError) as e:
        client.register_schema(subject, avro(USER_V1))
    assert_error(e, 422, 42205)
    client.delete_mode(subject)


def test_import_mode_over_existing_subjects_needs_force(client, subject):
    client.register_schema(subject, avro(USER_V1))
    with pytest.raises(SchemaRegistryError) as e:
        client.update_mode(subject, "IMPORT")
    assert_error(e, 422, 42205)
    assert client.update_mode(subject, "IMPORT", force=True) == "IMPORT"
    assert client.update_mode(subject, "READWRITE") == "READWRITE"


def test_an_invalid_mode_is_42204(client, subject):
    with pytest.raises(SchemaRegistryError) as e:
        client.update_mode(subject, "SOMETIMES")
    assert_error(e, 422, 42204)


def test_contexts(client, fresh_client):
    context = ".ctx" + uuid.uuid4().hex[:8]
    qualified = ":{}:orders-value".format(context)
    assert "." in client.get_contexts()
    schema_id = client.register_schema(qualified, avro(ORDER))
    # Every context numbers its schemas from 1.
    assert schema_id == 1
    assert context in client.get_contexts()
    assert qualified in client.get_subjects()
    assert client.get_subjects(subject_prefix=":{}:".format(context)) == [qualified]
    latest = fresh_client().get_latest_version(qualified)
    assert (latest.schema_id, latest.version) == (1, 1)
    assert json.loads(fresh_client().get_schema(1, subject_name=qualified).schema_str) == ORDER
