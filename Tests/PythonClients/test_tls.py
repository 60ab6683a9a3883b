"""TLS on the listener and mutual TLS, with the real clients unchanged: confluent-kafka's
`ssl.ca.location` / `ssl.certificate.location` / `ssl.key.location`, and
python-schema-registry-client's `ca_location` / `cert_location` / `key_location`. The test
makes its own certificate authority with the `openssl` command (which scripts/test installs),
a server certificate for 127.0.0.1, and client certificates from it and from a stranger
authority. The server runs with `tls.client_auth: request`, so a client certificate and
HTTP Basic both authenticate, and with access rules naming the certificate's subject."""

import base64
import http.client
import json
import signal
import socket
import ssl
import subprocess
import time

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from schema_registry.client import SchemaRegistryClient as PlainClient
from schema_registry.client import errors, schema

from conftest import built_binary, started_server

RECORD = '{"type":"record","name":"Payment","fields":[{"name":"id","type":"long"}]}'
ORDERS = "CN=orders-service,O=Acme"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def authority(folder, name):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + name, cwd=folder)


def issue(folder, ca, name, subject, extensions=None):
    """A certificate signed by `ca`, written to NAME.pem and NAME.key."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
            "-out", name + ".csr", "-subj", subject, cwd=folder)
    command = ["x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-set_serial",
               str(int(time.time() * 1000)), "-days", "2", "-out", name + ".pem"]
    if extensions:
        (folder / (name + ".ext")).write_text(extensions)
        command += ["-extfile", name + ".ext"]
    openssl(*command, cwd=folder)


def issue_server_certificate(folder):
    issue(folder, "ca", "server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    folder = tmp_path_factory.mktemp("tls")
    authority(folder, "ca")
    authority(folder, "stranger")
    issue_server_certificate(folder)
    issue(folder, "ca", "orders", "/O=Acme/CN=orders-service")
    issue(folder, "stranger", "forged", "/O=Acme/CN=orders-service")
    subprocess.run([binary, "users", "add", "admin", "--file", str(folder / "users"), "--cost", "4"], input="pw\n", text=True, check=True)
    (folder / "rules.yaml").write_text(
        f"""
rules:
  - principals: [admin]
    operations: [admin]
    subjects: ["*"]
    global: true
  - principals: ["{ORDERS}"]
    operations: [read, write]
    subjects: ["payments-*"]
"""
    )
    (folder / "registry.yaml").write_text(
        f"""
server:
  port: 0
storage:
  url: "memory:"
tls:
  cert_file: {folder / "server.pem"}
  key_file: {folder / "server.key"}
  client_ca_file: {folder / "ca.pem"}
  client_auth: request
auth:
  basic_users_file: {folder / "users"}
  rules_file: {folder / "rules.yaml"}
  audit_log: {folder / "audit.log"}
"""
    )
    checked = subprocess.run([binary, "config", "check", str(folder / "registry.yaml")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    ready = lambda url: httpx.get(url + "/health/ready", verify=trusting(folder)).status_code == 200
    with started_server([binary, "serve", "--config", str(folder / "registry.yaml")], ready) as (url, server):
        yield url, folder, server


def trusting(folder, certificate=None):
    context = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    if certificate:
        context.load_cert_chain(str(folder / (certificate + ".pem")), str(folder / (certificate + ".key")))
    return context


def confluent(url, folder, certificate=None, basic=None):
    conf = {"url": url, "ssl.ca.location": str(folder / "ca.pem")}
    if certificate:
        conf["ssl.certificate.location"] = str(folder / (certificate + ".pem"))
        conf["ssl.key.location"] = str(folder / (certificate + ".key"))
    if basic:
        conf["basic.auth.user.info"] = basic
    return SchemaRegistryClient(conf)


def test_confluent_kafka_with_a_client_certificate_registers_and_reads(tls_server):
    url, folder, _ = tls_server
    with confluent(url, folder, certificate="orders") as client:
        schema_id = client.register_schema("payments-tls-value", Schema(RECORD, "AVRO"))
        assert client.get_schema(schema_id).schema_str == RECORD
        assert client.get_subjects() == ["payments-tls-value"]
    audit = [json.loads(line) for line in (folder / "audit.log").read_text().splitlines()]
    assert any(line["principal"] == ORDERS and line["subject"] == "payments-tls-value" and line["status"] == 200 for line in audit)


def test_the_certificate_subject_is_held_to_the_rules(tls_server):
    url, folder, _ = tls_server
    with confluent(url, folder, certificate="orders") as client:
        with pytest.raises(SchemaRegistryError) as refused:
            client.register_schema("orders-tls-value", Schema(RECORD, "AVRO"))
    assert refused.value.http_status_code == 403
    assert refused.value.error_message == "User is denied operation Write on Subject: orders-tls-value"


def test_basic_credentials_over_tls_without_a_certificate(tls_server):
    url, folder, _ = tls_server
    with confluent(url, folder, basic="admin:pw") as admin:
        admin.set_compatibility(level="FULL")
        assert admin.get_compatibility() == "FULL"
    with confluent(url, folder) as anonymous:
        with pytest.raises(SchemaRegistryError) as refused:
            anonymous.get_subjects()
    assert refused.value.http_status_code == 401


def test_python_schema_registry_client_with_a_client_certificate(tls_server, monkeypatch):
    url, folder, _ = tls_server
    # The client lets SSL_CERT_FILE and SSL_CERT_DIR, when set, override ca_location.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    client = PlainClient(url=url, ca_location=str(folder / "ca.pem"), cert_location=str(folder / "orders.pem"),
                         key_location=str(folder / "orders.key"))
    schema_id = client.register("payments-plain-tls-value", schema.AvroSchema(RECORD))
    assert client.get_by_id(schema_id).raw_schema["name"] == "Payment"
    with pytest.raises(errors.ClientError) as refused:
        client.register("orders-plain-tls-value", schema.AvroSchema(RECORD))
    assert refused.value.http_code == 403


def test_a_certificate_from_another_authority_fails_the_handshake(tls_server):
    url, folder, _ = tls_server
    with SchemaRegistryClient({"url": url, "ssl.ca.location": str(folder / "ca.pem"), "max.retries": 0,
                               "ssl.certificate.location": str(folder / "forged.pem"),
                               "ssl.key.location": str(folder / "forged.key")}) as client:
        with pytest.raises(Exception) as failed:
            client.get_subjects()
    assert not isinstance(failed.value, SchemaRegistryError) or failed.value.http_status_code < 0


def test_a_client_cannot_claim_a_principal_by_header(tls_server):
    url, folder, _ = tls_server
    reply = httpx.get(url + "/subjects", verify=trusting(folder), headers={"X-Schema-Registry-Client-Principal": ORDERS})
    assert reply.status_code == 401
    reply = httpx.get(url + "/subjects/orders-x-value/versions", verify=trusting(folder, "orders"),
                      headers={"X-Schema-Registry-Client-Principal": "admin"})
    assert reply.status_code == 403


def served_serial(url, folder):
    host, port = url.removeprefix("https://").rsplit(":", 1)
    context = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    with socket.create_connection((host, int(port))) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        return ssl.DER_cert_to_PEM_cert(tls.getpeercert(binary_form=True))


def test_sighup_reloads_the_certificate_without_dropping_open_connections(tls_server):
    url, folder, server = tls_server
    host, port = url.removeprefix("https://").rsplit(":", 1)
    before = served_serial(url, folder)
    context = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    open_connection = http.client.HTTPSConnection(host, int(port), context=context)
    headers = {"Authorization": "Basic " + base64.b64encode(b"admin:pw").decode()}
    open_connection.request("GET", "/subjects", headers=headers)
    assert open_connection.getresponse().read() is not None
    tls_socket = open_connection.sock
    issue_server_certificate(folder)
    server.send_signal(signal.SIGHUP)
    for _ in range(100):
        if served_serial(url, folder) != before:
            break
        time.sleep(0.05)
    assert served_serial(url, folder) == (folder / "server.pem").read_text()
    # The connection opened before the reload still answers, on its first certificate.
    open_connection.request("GET", "/subjects", headers=headers)
    assert open_connection.getresponse().status == 200
    assert open_connection.sock is tls_socket
    assert ssl.DER_cert_to_PEM_cert(tls_socket.getpeercert(binary_form=True)) == before
    open_connection.close()
