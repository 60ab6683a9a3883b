"""Request rates with the real clients: over `server.connection_requests_per_second` the server
answers 429 with `Retry-After`, and confluent-kafka's client, which retries 429 with a jittered
back-off, registers everything it was asked to all the same."""

import re
import urllib.request

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from conftest import built_binary, started_server


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    binary = built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")
    config = tmp_path_factory.mktemp("limits") / "registry.yaml"
    config.write_text('server:\n  port: 0\n  connection_requests_per_second: 2\nstorage:\n  url: "memory:"\n')
    with started_server([binary, "serve", "--config", str(config)]) as (url, _):
        yield url


def test_a_burst_over_the_rate_gets_429_with_retry_after(limited):
    with httpx.Client() as connection:
        statuses = [connection.get(limited + "/subjects") for _ in range(5)]
    refused = [reply for reply in statuses if reply.status_code == 429]
    assert refused, [reply.status_code for reply in statuses]
    assert refused[0].json() == {"error_code": 429, "message": "Too Many Requests"}
    assert int(refused[0].headers["Retry-After"]) >= 1


def test_confluent_kafka_retries_429_and_registers_everything(limited):
    conf = {"url": limited, "max.retries": 10, "retries.wait.ms": 500}
    with SchemaRegistryClient(conf) as client:
        ids = [client.register_schema("limited-%d-value" % n, Schema('{"type":"fixed","name":"F%d","size":%d}' % (n, n + 1), "AVRO"))
               for n in range(6)]
        assert len(set(ids)) == 6
        assert sorted(client.get_subjects()) == sorted("limited-%d-value" % n for n in range(6))
    metrics = urllib.request.urlopen(limited + "/metrics").read().decode()
    limited_count = re.search(r'schema_registry_http_requests_total\{route="rate_limited",method="POST",status="429"\} (\d+)', metrics)
    assert limited_count and int(limited_count.group(1)) > 0
