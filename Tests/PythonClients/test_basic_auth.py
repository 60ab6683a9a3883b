"""HTTP Basic authentication (`serve --basic-users-file`) with the real clients, unchanged:
confluent-kafka's `basic.auth.user.info` and python-schema-registry-client's httpx `auth`.
The users file is written by `schema-registry users add`; the server is started here, on a
free port, because the suite's shared server runs without authentication."""

import subprocess
import urllib.request

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from schema_registry.client import SchemaRegistryClient as PlainClient
from schema_registry.client import errors, schema

from conftest import built_binary, started_server, unique_subject

RECORD = '{"type":"record","name":"Login","fields":[{"name":"user","type":"string"}]}'


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    users = tmp_path_factory.mktemp("auth") / "users"
    for name, password in [("alice", "wonderland"), ("bob", "builder")]:
        subprocess.run([binary, "users", "add", name, "--file", str(users), "--cost", "4"], input=password + "\n", text=True, check=True)
    assert users.read_text().count("$2b$04$") == 2
    with started_server([binary, "serve", "--port", "0", "--storage", "memory:", "--basic-users-file", str(users)]) as (url, _):
        yield url


def test_confluent_kafka_with_user_info_registers_and_reads(secured):
    subject = unique_subject("auth")
    with SchemaRegistryClient({"url": secured, "basic.auth.user.info": "alice:wonderland"}) as client:
        schema_id = client.register_schema(subject, Schema(RECORD, "AVRO"))
        assert client.get_schema(schema_id).schema_str == RECORD
        assert subject in client.get_subjects()
    with SchemaRegistryClient({"url": secured, "basic.auth.user.info": "bob:builder"}) as other:
        assert other.get_latest_version(subject).schema_id == schema_id


@pytest.mark.parametrize("conf", [{}, {"basic.auth.user.info": "alice:queen-of-hearts"}, {"basic.auth.user.info": "carol:wonderland"}])
def test_confluent_kafka_without_valid_credentials_gets_401(secured, conf):
    with SchemaRegistryClient({"url": secured, **conf}) as client:
        with pytest.raises(SchemaRegistryError) as refused:
            client.get_subjects()
    assert refused.value.http_status_code == 401
    assert refused.value.error_code == 401
    assert refused.value.error_message == "Unauthorized"


def test_python_schema_registry_client_with_basic_auth(secured):
    subject = unique_subject("auth-plain")
    client = PlainClient(url=secured, auth=httpx.BasicAuth("alice", "wonderland"))
    schema_id = client.register(subject, schema.AvroSchema(RECORD))
    assert client.get_by_id(schema_id).raw_schema["name"] == "Login"
    refused = PlainClient(url=secured, auth=httpx.BasicAuth("alice", "nope"))
    with pytest.raises(errors.ClientError) as error:
        refused.register(subject, schema.AvroSchema(RECORD))
    assert error.value.http_code == 401


def test_a_bad_credential_never_leaks_a_schema(secured):
    request = urllib.request.Request(secured + "/schemas/ids/1")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 401
    assert refused.value.headers["WWW-Authenticate"] == 'Basic realm="schema-registry"'
