"""End to end: the federation service over two registries of ours (one SQLite, one memory),
moto's Glue server (SigV4 verified), the Unity Catalog test server, a registry that is down and
one that is slow, every endpoint through HTTP.

Run by scripts/test-federation after the debug build (`python3 -m pytest Tests/Federation`).
"""

import json
import os
import subprocess
import time

import pytest
import requests

from federation_stack import Stack, closed_port_url, register, set_compatibility

GLUE_KEY = "AKIAFEDERATIONTEST"
GLUE_SECRET = "glue-secret-never-shown"
UC_TOKEN = "dapi-token-never-shown"


def record(name, *fields):
    return {"type": "record", "name": name, "fields": [dict(f) for f in fields]}


ID = {"name": "id", "type": "long"}
EMAIL = {"name": "email", "type": "string", "default": ""}
AGE = {"name": "age", "type": "int"}  # no default: a reader with it cannot read older data

USER_V1 = record("User", ID)
USER_V2 = record("User", ID, EMAIL)
USER_V3 = record("User", ID, EMAIL, AGE)

GLUE_SEED = {
    "region": "us-east-1",
    "registries": [{
        "name": "events",
        "schemas": [
            {"name": "user-signup", "dataFormat": "AVRO", "compatibility": "BACKWARD", "versions": [USER_V1, USER_V2]},
            {"name": "user-deleted", "dataFormat": "AVRO", "compatibility": "NONE", "versions": [USER_V2, USER_V3]},
            {"name": "orders-proto", "dataFormat": "PROTOBUF", "compatibility": "FULL_ALL",
             "versions": ['syntax = "proto3";\npackage shop;\nmessage Order { string id = 1; int64 cents = 2; }\n']},
            {"name": "user-json", "dataFormat": "JSON", "compatibility": "DISABLED",
             "versions": [{"type": "object", "properties": {"id": {"type": "integer"}}}]},
        ],
    }],
}


def column(name, type_name, nullable=True, **extra):
    return dict({"name": name, "type_name": type_name, "nullable": nullable}, **extra)


UC_SEED = {
    "catalogs": [{
        "name": "main",
        "schemas": [{
            "name": "sales",
            "tables": [
                {"name": "orders", "columns": [
                    column("id", "LONG", nullable=False), column("quantity", "INT"),
                    column("price", "DECIMAL", type_precision=10, type_scale=2), column("placed_at", "TIMESTAMP"),
                ]},
                {"name": "customers", "properties": {"table_type": "ICEBERG"}, "columns": [
                    column("id", "LONG", nullable=False), column("name", "STRING"), column("score", "FLOAT"),
                ]},
            ],
        }],
    }, {
        "name": "other",
        "schemas": [{"name": "misc", "tables": [{"name": "notes", "columns": [column("text", "STRING")]}]}],
    }],
}


@pytest.fixture(scope="module")
def fed():
    with Stack() as stack:
        a = stack.registry("confluent-a", "sqlite:a.db")
        b = stack.registry("confluent-b", "memory:")
        set_compatibility(a, "NONE")
        register(a, "user-created", USER_V1)
        register(a, "user-created", USER_V2)
        register(a, "user-profile", USER_V2)
        register(a, "user-profile", USER_V3)
        register(a, "orders-value", USER_V1)
        set_compatibility(a, "BACKWARD")
        set_compatibility(a, "FORWARD", "orders-value")
        register(b, "user-created", USER_V1)
        register(b, "payments-value", 'syntax = "proto3";\nmessage Payment { string id = 1; }\n', "PROTOBUF")
        register(b, "user-json", json.dumps({"type": "object", "properties": {"id": {"type": "integer"}}}), "JSON")
        set_compatibility(b, "FULL_TRANSITIVE")
        glue = stack.glue("glue", seed=GLUE_SEED, verify="%s:%s" % (GLUE_KEY, GLUE_SECRET))
        unity = stack.unity_catalog("unity", seed=UC_SEED, token=UC_TOKEN)
        slow = stack.unity_catalog("slow", seed=UC_SEED, token=UC_TOKEN, delay_ms=3000)
        config = """
registries:
  - id: confluent-a
    type: confluent
    enabled: true
    url: %(a)s
    auth: {}
    timeout: 10
  - id: confluent-b
    type: confluent
    url: ${CONFLUENT_B_URL}
  - id: glue
    type: glue
    url: %(glue)s
    auth:
      access_key_id: ${GLUE_KEY}
      secret_access_key: ${GLUE_SECRET}
      region: ${GLUE_REGION:-us-east-1}
      registry_name: events
    timeout: 10
  - id: unity
    type: unity_catalog
    url: %(unity)s
    auth:
      token: ${DATABRICKS_TOKEN}
    metadata:
      catalog: main
  - id: down
    type: confluent
    url: %(down)s
    timeout: 2
  - id: slow
    type: unity_catalog
    url: %(slow)s
    auth: {token: "${DATABRICKS_TOKEN}"}
    timeout: 1
  - id: switched-off
    type: confluent
    enabled: false
    url: http://127.0.0.1:1
""" % {"a": a, "glue": glue, "unity": unity, "down": closed_port_url(), "slow": slow}
        env = {"CONFLUENT_B_URL": b, "GLUE_KEY": GLUE_KEY, "GLUE_SECRET": GLUE_SECRET, "DATABRICKS_TOKEN": UC_TOKEN}
        url = stack.federation("federation", config, env=env)
        yield {"url": url, "a": a, "b": b, "stack": stack}
        # No line of the service's output holds a secret (Client checks every answer).
        for secret in (GLUE_SECRET, UC_TOKEN):
            assert secret not in stack.output("federation")


class Client:
    def __init__(self, fed):
        self.fed = fed

    def call(self, method, path, **kwargs):
        answer = requests.request(method, self.fed["url"] + path, timeout=30, **kwargs)
        for secret in (GLUE_SECRET, UC_TOKEN, GLUE_KEY):
            assert secret not in answer.text, "%s %s shows a secret" % (method, path)
        return answer

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, body, **kwargs):
        return self.call("POST", path, json=body, **kwargs)

    def put(self, path, body):
        return self.call("PUT", path, json=body)


@pytest.fixture(scope="module")
def api(fed):
    return Client(fed)


def test_root_docs_and_openapi(api):
    root = api.get("/").json()
    assert root["version"] and root["documentation"] == "/docs"
    assert root["links"]["registries"] == "/api/v1/registries"
    docs = api.get("/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"] and "/openapi.json" in docs.text
    document = api.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    for path in ["/api/v1/registries", "/api/v1/registries/{id}/health", "/api/v1/health/all", "/api/v1/registries/{id}/subjects",
                 "/api/v1/schemas/find", "/api/v1/registries/{id}/compatibility/check", "/api/v1/registries/{id}/compatibility/mode",
                 "/api/v1/compatibility/overview", "/api/v1/bulk/check-compatibility", "/api/v1/bulk/set-compatibility"]:
        assert path in document["paths"], path
    missing = api.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}


def test_registries(api):
    registries = api.get("/api/v1/registries").json()
    assert [r["id"] for r in registries] == ["confluent-a", "confluent-b", "glue", "unity", "down", "slow"]
    by_id = {r["id"]: r for r in registries}
    assert by_id["confluent-a"]["type"] == "confluent"
    assert by_id["confluent-a"]["supported_formats"] == ["avro", "protobuf", "json_schema"]
    assert by_id["glue"]["type"] == "glue" and by_id["glue"]["capabilities"]["has_dry_run_compatibility_check"] is False
    assert by_id["unity"]["type"] == "unity_catalog" and by_id["unity"]["supported_formats"] == ["iceberg", "avro"]
    assert by_id["unity"]["capabilities"]["id_kind"] == "table_id"


def test_health_of_each_and_all_in_parallel(api):
    for registry in ["confluent-a", "confluent-b", "glue", "unity"]:
        health = api.get("/api/v1/registries/%s/health" % registry).json()
        assert health["healthy"] is True and health["status_code"] == 200, (registry, health)
        assert set(health) >= {"healthy", "status_code", "message", "response_time_ms"}
    started = time.monotonic()
    everything = api.get("/api/v1/health/all").json()
    elapsed = time.monotonic() - started
    assert list(everything) == ["confluent-a", "confluent-b", "glue", "unity", "down", "slow"]
    assert everything["down"]["healthy"] is False and everything["down"]["code"] == "unreachable"
    assert everything["slow"]["healthy"] is False and everything["slow"]["code"] == "timeout"
    assert everything["slow"]["retryable"] is True
    # The slow registry's 1 s timeout and the down one's refusal overlap: checked in parallel.
    assert elapsed < 2.5, elapsed
    unknown = api.get("/api/v1/registries/nowhere/health")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Registry nowhere not found"}


def test_subjects_of_every_kind_of_registry(api):
    assert api.get("/api/v1/registries/confluent-a/subjects").json() == {"subjects": ["orders-value", "user-created", "user-profile"]}
    assert api.get("/api/v1/registries/confluent-b/subjects?prefix=user").json() == {"subjects": ["user-created", "user-json"]}
    assert api.get("/api/v1/registries/glue/subjects").json() == {"subjects": ["orders-proto", "user-deleted", "user-json", "user-signup"]}
    assert api.get("/api/v1/registries/glue/subjects?prefix=user-s").json() == {"subjects": ["user-signup"]}
    # metadata.catalog narrows Unity Catalog to one catalog.
    assert api.get("/api/v1/registries/unity/subjects").json() == {"subjects": ["main.sales.customers", "main.sales.orders"]}
    down = api.get("/api/v1/registries/down/subjects")
    assert down.status_code == 502 and down.json()["error"]["code"] == "unreachable"
    slow = api.get("/api/v1/registries/slow/subjects")
    assert slow.status_code == 504 and slow.json()["error"]["code"] == "timeout"


def test_find_everywhere_with_partial_answers(api):
    found = api.get("/api/v1/schemas/find?subject=user-created").json()
    assert set(found) == {"confluent-a", "confluent-b", "errors"}
    assert found["confluent-a"]["version"] == 2 and found["confluent-b"]["version"] == 1
    assert found["confluent-a"]["schema_format"] == "avro" and "email" in found["confluent-a"]["schema_content"]
    assert isinstance(found["confluent-a"]["id"], str)
    # Unity Catalog subjects are three-part table names: the slow one is not even asked.
    assert [(e["registry_id"], e["code"]) for e in found["errors"]] == [("down", "unreachable")]
    assert all(set(e) == {"registry_id", "code", "message", "retryable"} for e in found["errors"])

    glue = api.get("/api/v1/schemas/find?subject=user-signup").json()["glue"]
    assert glue["version"] == 2 and glue["schema_format"] == "avro" and len(glue["id"]) == 36  # a version UUID
    assert glue["metadata"]["schema_arn"].startswith("arn:aws:glue:")

    tables = api.get("/api/v1/schemas/find?subject=main.sales.orders").json()
    assert set(tables) == {"unity", "errors"}
    assert {(e["registry_id"], e["code"], e["retryable"]) for e in tables["errors"]} == {("down", "unreachable", True), ("slow", "timeout", True)}
    table = tables["unity"]
    assert table["schema_format"] == "iceberg" and table["version"] == 1 and len(table["id"]) == 36
    iceberg = json.loads(table["schema_content"])
    assert [(f["name"], f["type"], f["required"]) for f in iceberg["fields"]] == [
        ("id", "long", True), ("quantity", "int", False), ("price", "decimal(10, 2)", False), ("placed_at", "timestamptz", False)]
    avro = json.loads(table["metadata"]["avro_schema"])
    assert avro["name"] == "orders" and avro["namespace"] == "main.sales"
    assert avro["fields"][3]["type"] == ["null", {"type": "long", "logicalType": "timestamp-micros"}]

    nothing = api.get("/api/v1/schemas/find?subject=no-such-subject").json()
    assert set(nothing) == {"errors"}
    assert api.get("/api/v1/schemas/find").status_code == 422


def check(api, registry, subject, schema, schema_format="avro"):
    content = schema if isinstance(schema, str) else json.dumps(schema)
    answer = api.post("/api/v1/registries/%s/compatibility/check" % registry,
                      {"subject": subject, "schema_content": content, "schema_format": schema_format})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert set(result) >= {"is_compatible", "messages", "compatibility_level", "errors"}
    return result


def test_compatibility_check_on_confluent_is_the_registrys(api):
    refused = check(api, "confluent-a", "user-created", USER_V3)
    assert refused["is_compatible"] is False and refused["compatibility_level"] == "BACKWARD"
    assert refused["computed_by"] == "registry" and refused["messages"]
    passed = check(api, "confluent-b", "user-created", USER_V2, "AVRO")
    assert passed["is_compatible"] is True and passed["compatibility_level"] == "FULL_TRANSITIVE"


def test_compatibility_check_on_glue_is_computed_by_the_federation(api):
    passed = check(api, "glue", "user-signup", record("User", ID, EMAIL, {"name": "nick", "type": ["null", "string"], "default": None}))
    assert passed["is_compatible"] is True and passed["compatibility_level"] == "BACKWARD" and passed["computed_by"] == "federation"
    refused = check(api, "glue", "user-signup", USER_V3)
    assert refused["is_compatible"] is False and any("age" in m for m in refused["messages"])
    protobuf = check(api, "glue", "orders-proto", 'syntax = "proto3";\npackage shop;\nmessage Order { string id = 1; }\n', "protobuf")
    assert protobuf["compatibility_level"] == "FULL_TRANSITIVE"
    readonly = check(api, "glue", "user-json", {"type": "object"}, "json_schema")
    assert readonly["is_compatible"] is False and readonly["compatibility_level"] == "READONLY"
    first = check(api, "glue", "brand-new", USER_V1)
    assert first["is_compatible"] is True


def test_glue_checks_start_at_the_checkpoint(api):
    # user-deleted: v1 and v2 under NONE, v2 adds a field without a default. A mode change sets
    # the checkpoint to v2, so BACKWARD_TRANSITIVE checks only from v2 on, as Glue does.
    changed = api.put("/api/v1/registries/glue/compatibility/mode", {"mode": "BACKWARD_TRANSITIVE", "subject": "user-deleted"}).json()
    assert changed["success"] is True and changed["native_mode"] == "BACKWARD_ALL"
    next_version = record("User", ID, EMAIL, AGE, {"name": "nick", "type": ["null", "string"], "default": None})
    assert check(api, "glue", "user-deleted", next_version)["is_compatible"] is True
    # The whole history still fails the mode: bulk checks read every version.
    report = api.post("/api/v1/bulk/check-compatibility",
                      {"registry_ids": ["glue"], "target_mode": "BACKWARD_TRANSITIVE", "subject_filter": "user-deleted"}).json()
    assert report["incompatible"] == 1
    api.put("/api/v1/registries/glue/compatibility/mode", {"mode": "NONE", "subject": "user-deleted"})


def test_compatibility_check_against_a_unity_catalog_table(api):
    # A new optional column and int -> long: fine on any table format with widening.
    grown = record("orders", {"name": "id", "type": "long"}, {"name": "quantity", "type": ["null", "int"], "default": None},
                   {"name": "price", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}], "default": None},
                   {"name": "placed_at", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}], "default": None},
                   {"name": "channel", "type": ["null", "string"], "default": None})
    passed = check(api, "unity", "main.sales.orders", grown)
    assert passed["is_compatible"] is True and passed["compatibility_level"] == "BACKWARD", passed
    assert passed["computed_by"] == "federation" and "delta" in passed["rules"]
    # A required new column and a narrowed type: refused with the reasons.
    broken = record("orders", {"name": "id", "type": "int"}, {"name": "region", "type": "string"})
    refused = check(api, "unity", "main.sales.orders", broken)
    assert refused["is_compatible"] is False
    text = " ".join(refused["messages"])
    assert "id cannot change type from bigint to int" in text and "new column region is required" in text
    # Iceberg tables widen types; the schema may also come in Iceberg's notation.
    widened = {"type": "struct", "fields": [
        {"id": 1, "name": "id", "required": True, "type": "long"}, {"id": 2, "name": "name", "required": False, "type": "string"},
        {"id": 3, "name": "score", "required": False, "type": "double"}]}
    iceberg = check(api, "unity", "main.sales.customers", json.dumps(widened), "iceberg")
    assert iceberg["is_compatible"] is True and iceberg["rules"] == "iceberg schema evolution", iceberg
    new_table = check(api, "unity", "main.sales.returns", USER_V1)
    assert new_table["is_compatible"] is True
    wrong_format = api.post("/api/v1/registries/unity/compatibility/check",
                            {"subject": "main.sales.orders", "schema_content": "{}", "schema_format": "protobuf"})
    assert wrong_format.status_code == 400
    invalid = api.post("/api/v1/registries/unity/compatibility/check",
                       {"subject": "main.sales.orders", "schema_content": '"string"', "schema_format": "avro"})
    assert invalid.status_code == 422 and "record" in invalid.json()["detail"]


def test_modes_read_and_set_in_one_vocabulary(api):
    assert api.get("/api/v1/registries/confluent-a/compatibility/mode").json()["mode"] == "BACKWARD"
    changed = api.put("/api/v1/registries/confluent-a/compatibility/mode", {"mode": "FORWARD_FULL", "subject": "orders-value"}).json()
    assert changed == {"success": True, "registry_id": "confluent-a", "mode": "FULL", "subject": "orders-value", "native_mode": "FULL"}
    assert api.get("/api/v1/registries/confluent-a/compatibility/mode?subject=orders-value").json()["mode"] == "FULL"

    glue = api.put("/api/v1/registries/glue/compatibility/mode", {"mode": "full_transitive", "subject": "orders-proto"}).json()
    assert glue["success"] is True and glue["mode"] == "FULL_TRANSITIVE" and glue["native_mode"] == "FULL_ALL"
    reading = api.get("/api/v1/registries/glue/compatibility/mode?subject=user-json").json()
    assert reading["mode"] == "READONLY" and reading["native_mode"] == "DISABLED"
    no_global = api.put("/api/v1/registries/glue/compatibility/mode", {"mode": "FULL"}).json()
    assert no_global["success"] is False and no_global["error"]["code"] == "unsupported"

    assert api.get("/api/v1/registries/unity/compatibility/mode?subject=main.sales.orders").json()["mode"] == "BACKWARD"
    table = api.put("/api/v1/registries/unity/compatibility/mode", {"mode": "FULL", "subject": "main.sales.orders"}).json()
    assert table["success"] is False and table["error"]["code"] == "unsupported"

    # READONLY is Confluent's /mode: read back as READONLY, lifted again by setting a level.
    frozen = api.put("/api/v1/registries/confluent-b/compatibility/mode", {"mode": "DISABLED", "subject": "payments-value"}).json()
    assert frozen["success"] is True and frozen["mode"] == "READONLY"
    assert api.get("/api/v1/registries/confluent-b/compatibility/mode?subject=payments-value").json()["mode"] == "READONLY"
    thawed = api.put("/api/v1/registries/confluent-b/compatibility/mode", {"mode": "BACKWARD", "subject": "payments-value"}).json()
    assert thawed["success"] is True
    assert api.get("/api/v1/registries/confluent-b/compatibility/mode?subject=payments-value").json()["mode"] == "BACKWARD"

    bad = api.put("/api/v1/registries/glue/compatibility/mode", {"mode": "SIDEWAYS"})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("Invalid compatibility mode: SIDEWAYS")
    assert api.put("/api/v1/registries/glue/compatibility/mode", {"subject": "x"}).status_code == 422


def test_overview_in_one_vocabulary_with_failures_beside(api):
    overview = api.get("/api/v1/compatibility/overview").json()
    assert overview["confluent-b"]["global"] == "FULL_TRANSITIVE"
    assert overview["confluent-a"]["subjects"]["user-created"] == "BACKWARD"
    assert overview["glue"]["global"] is None
    assert overview["glue"]["subjects"]["user-json"] == "READONLY"
    assert overview["glue"]["subjects"]["user-deleted"] == "NONE"
    assert overview["unity"]["subjects"] == {"main.sales.customers": "BACKWARD", "main.sales.orders": "BACKWARD"}
    assert overview["down"]["code"] == "unreachable" and overview["slow"]["code"] == "timeout"
    assert {e["registry_id"] for e in overview["errors"]} == {"down", "slow"}


def test_bulk_check_over_three_registries(api):
    started = time.monotonic()
    report = api.post("/api/v1/bulk/check-compatibility",
                      {"registry_ids": ["confluent-a", "confluent-b", "glue", "down"], "target_mode": "FULL", "subject_filter": "user-*"}).json()
    assert time.monotonic() - started < 10
    results = {(r["registry_id"], r["subject"]): r for r in report["results"]}
    assert set(results) == {("confluent-a", "user-created"), ("confluent-a", "user-profile"), ("confluent-b", "user-created"),
                            ("confluent-b", "user-json"), ("glue", "user-deleted"), ("glue", "user-json"), ("glue", "user-signup")}
    assert results[("confluent-a", "user-profile")]["is_compatible"] is False
    assert results[("glue", "user-deleted")]["is_compatible"] is False
    assert "age" in " ".join(results[("glue", "user-deleted")]["messages"])
    assert results[("glue", "user-signup")]["is_compatible"] is True
    assert results[("confluent-b", "user-created")]["messages"] == ["Single version - no compatibility check needed"]
    assert report["total_checked"] == 7 and report["compatible"] == 5 and report["incompatible"] == 2 and report["errors"] == 1
    assert [e["registry_id"] for e in report["registry_errors"]] == ["down"]
    assert isinstance(report["duration_seconds"], float)
    assert api.post("/api/v1/bulk/check-compatibility", {"target_mode": "SIDEWAYS"}).status_code == 400
    assert api.post("/api/v1/bulk/check-compatibility", {"registry_ids": ["glue"]}).status_code == 422


def test_bulk_set_with_a_dry_run_first(api):
    selection = {"registry_ids": ["confluent-a", "glue", "unity"], "target_mode": "FULL", "subject_filter": "user-*"}
    dry = api.post("/api/v1/bulk/set-compatibility", dict(selection, dry_run=True)).json()
    assert dry["dry_run"] is True
    items = {(r["registry_id"], r["subject"]): r for r in dry["results"]}
    assert items[("confluent-a", "user-profile")]["old_mode"] == "BACKWARD"
    assert items[("confluent-a", "user-profile")]["new_mode"] == "FULL"
    assert items[("confluent-a", "user-profile")]["history_compatible"] is False
    assert items[("glue", "user-deleted")]["old_mode"] == "NONE" and items[("glue", "user-deleted")]["history_compatible"] is False
    assert items[("glue", "user-signup")]["history_compatible"] is True
    assert all(r["status"] == "dry_run" for r in dry["results"])
    assert [(e["registry_id"], e["code"]) for e in dry["registry_errors"]] == [("unity", "unsupported")]
    # Nothing changed yet.
    assert api.get("/api/v1/registries/glue/compatibility/mode?subject=user-signup").json()["mode"] == "BACKWARD"

    done = api.post("/api/v1/bulk/set-compatibility", dict(selection, dry_run=False)).json()
    assert done["succeeded"] == 5 and done["failed"] == 0
    assert api.get("/api/v1/registries/glue/compatibility/mode?subject=user-signup").json()["native_mode"] == "FULL"
    assert api.get("/api/v1/registries/confluent-a/compatibility/mode?subject=user-profile").json()["mode"] == "FULL"


def test_a_missing_variable_stops_start_up_naming_it(fed):
    stack = fed["stack"]
    path = stack.write("broken.yaml", "registries:\n  - id: u\n    type: unity_catalog\n    url: http://127.0.0.1:1\n    auth:\n      token: ${NOT_SET_ANYWHERE}\n")
    env = {k: v for k, v in os.environ.items() if k != "NOT_SET_ANYWHERE"}
    run = subprocess.run([stack.binary, "federation", "--config", path, "--port", "0"], capture_output=True, text=True, timeout=30, env=env)
    assert run.returncode != 0
    assert "NOT_SET_ANYWHERE" in run.stderr and run.stderr.count("\n") == 1, run.stderr
