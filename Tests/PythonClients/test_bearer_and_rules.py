"""Bearer tokens and access rules with the real clients, unchanged: confluent-kafka's
`bearer.auth.credentials.source=STATIC_TOKEN` and python-schema-registry-client with an httpx
`Auth`. The server is started here from a YAML config file naming a JWKS (one HS256 key), a
users file, a rules file and an audit log, so the whole `auth` section is read as `serve`
reads it."""

import base64
import hashlib
import hmac
import json
import subprocess
import time
import urllib.request

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from schema_registry.client import SchemaRegistryClient as PlainClient
from schema_registry.client import errors, schema

from conftest import built_binary, started_server

SECRET = b"a-shared-secret-of-32-bytes-long!"
RECORD = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}'


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(sub, groups=None, lifetime=600, issuer="https://issuer.example", secret=SECRET):
    """An HS256 JWT, signed here with the standard library."""
    header = {"alg": "HS256", "typ": "JWT", "kid": "h1"}
    claims = {"sub": sub, "iss": issuer, "aud": "schema-registry", "exp": int(time.time()) + lifetime}
    if groups is not None:
        claims["groups"] = groups
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    folder = tmp_path_factory.mktemp("bearer")
    (folder / "jwks.json").write_text(json.dumps({"keys": [{"kty": "oct", "kid": "h1", "alg": "HS256", "k": b64url(SECRET)}]}))
    subprocess.run([binary, "users", "add", "admin", "--file", str(folder / "users"), "--cost", "4"], input="pw\n", text=True, check=True)
    (folder / "rules.yaml").write_text(
        """
groups:
  admins: [admin]
rules:
  - principals: ["group:admins"]
    operations: [admin]
    subjects: ["*"]
    contexts: ["*"]
    global: true
  - principals: ["group:producers"]
    operations: [read, write]
    subjects: ["orders-*"]
  - principals: [reporting]
    operations: [read]
    subjects: ["orders-*"]
"""
    )
    (folder / "registry.yaml").write_text(
        f"""
server:
  port: 0
storage:
  url: "memory:"
auth:
  basic_users_file: {folder / "users"}
  jwt_jwks_file: {folder / "jwks.json"}
  jwt_issuer: https://issuer.example
  jwt_audience: schema-registry
  rules_file: {folder / "rules.yaml"}
  audit_log: {folder / "audit.log"}
"""
    )
    checked = subprocess.run([binary, "config", "check", str(folder / "registry.yaml")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with started_server([binary, "serve", "--config", str(folder / "registry.yaml")]) as (url, _):
        yield url, folder


def confluent(url, bearer):
    return SchemaRegistryClient(
        {
            "url": url,
            "bearer.auth.credentials.source": "STATIC_TOKEN",
            "bearer.auth.token": bearer,
            "bearer.auth.logical.cluster": "lsrc-test",
            "bearer.auth.identity.pool.id": "pool-test",
        }
    )


class Bearer(httpx.Auth):
    def __init__(self, value):
        self.value = value

    def auth_flow(self, request):
        request.headers["Authorization"] = "Bearer " + self.value
        yield request


def test_confluent_kafka_with_a_static_token_registers_and_reads(secured):
    url, _ = secured
    with confluent(url, token("orders-service", groups=["producers"])) as producer:
        schema_id = producer.register_schema("orders-bearer-value", Schema(RECORD, "AVRO"))
        assert producer.get_schema(schema_id).schema_str == RECORD
    with confluent(url, token("reporting")) as reader:
        assert reader.get_latest_version("orders-bearer-value").schema_id == schema_id
        assert reader.get_subjects() == ["orders-bearer-value"]


def test_a_reader_token_may_not_register_and_gets_confluents_403(secured):
    url, _ = secured
    with confluent(url, token("reporting")) as reader:
        with pytest.raises(SchemaRegistryError) as refused:
            reader.register_schema("orders-denied-value", Schema(RECORD, "AVRO"))
    assert refused.value.http_status_code == 403
    assert refused.value.error_code == 40301
    assert refused.value.error_message == "User is denied operation Write on Subject: orders-denied-value"


@pytest.mark.parametrize("bad", [token("reporting", lifetime=-30), token("reporting", issuer="https://other"), token("x", secret=b"y" * 32)])
def test_expired_foreign_or_forged_tokens_get_401(secured, bad):
    url, _ = secured
    with confluent(url, bad) as client:
        with pytest.raises(SchemaRegistryError) as refused:
            client.get_subjects()
    assert refused.value.http_status_code == 401


def test_python_schema_registry_client_with_a_bearer_token(secured):
    url, _ = secured
    client = PlainClient(url=url, auth=Bearer(token("orders-service", groups=["producers"])))
    schema_id = client.register("orders-plain-value", schema.AvroSchema(RECORD))
    assert client.get_by_id(schema_id).raw_schema["name"] == "Order"
    outside = PlainClient(url=url, auth=Bearer(token("orders-service", groups=["producers"])))
    with pytest.raises(errors.ClientError) as error:
        outside.register("payments-value", schema.AvroSchema(RECORD))
    assert error.value.http_code == 403


def test_basic_admin_beside_tokens_and_the_audit_log(secured):
    url, folder = secured
    with SchemaRegistryClient({"url": url, "basic.auth.user.info": "admin:pw"}) as admin:
        admin.set_compatibility(level="FULL")
        assert admin.get_compatibility() == "FULL"
    lines = [json.loads(line) for line in (folder / "audit.log").read_text().splitlines()]
    assert {"principal": "admin", "operation": "config", "route": "/config", "status": 200, "outcome": "success"}.items() <= lines[-1].items()
    denials = [line for line in lines if line["outcome"] == "denied"]
    assert any(line["principal"] == "reporting" and line["operation"] == "write" for line in denials)
