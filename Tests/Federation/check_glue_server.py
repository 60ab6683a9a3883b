#!/usr/bin/env python3
"""Self-test for glue_server.py: starts it, drives every Schema Registry action
the federation service uses with boto3, and exits 0 when all checks pass.

    python3 Tests/Federation/check_glue_server.py [-v]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "glue_server.py")
READY = re.compile(r"^glue listening on http://127\.0\.0\.1:(\d+)$")
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
MODES = ["NONE", "DISABLED", "BACKWARD", "BACKWARD_ALL", "FORWARD", "FORWARD_ALL", "FULL", "FULL_ALL"]
VERBOSE = "-v" in sys.argv


class Server:
    def __init__(self, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--port", "0", "--quiet", *extra],
            stdout=subprocess.PIPE,
            stderr=None if VERBOSE else subprocess.DEVNULL,
            text=True,
        )
        line = self.proc.stdout.readline().rstrip("\n")  # type: ignore[union-attr]
        match = READY.match(line)
        if not match:
            self.stop()
            raise RuntimeError(f"glue_server.py did not announce itself, got {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def client(self, region: str = "us-east-1", timeout: float = 10, key: str = "AKIDEXAMPLEFEDERATION",
               secret: str = "dummy-secret", token: str | None = None) -> Any:
        return boto3.client(
            "glue",
            region_name=region,
            endpoint_url=self.url,
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            aws_session_token=token,
            config=Config(retries={"max_attempts": 1}, read_timeout=timeout, connect_timeout=timeout),
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


failures: list[str] = []
passed = 0


def check(name: str, fn: Callable[[], None]) -> None:
    global passed
    try:
        fn()
        passed += 1
        if VERBOSE:
            print(f"ok   {name}")
    except Exception:
        failures.append(name)
        print(f"FAIL {name}\n{traceback.format_exc()}")


def expect_error(code: str, fn: Callable[[], Any]) -> ClientError:
    try:
        fn()
    except ClientError as error:
        got = error.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {error}"
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response["ResponseMetadata"]
        return error
    raise AssertionError(f"expected {code}, call succeeded")


def strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def all_pages(call: Callable[..., dict[str, Any]], key: str, **kwargs: Any) -> tuple[list[Any], list[int]]:
    items: list[Any] = []
    sizes: list[int] = []
    token = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        items += page[key]
        sizes.append(len(page[key]))
        token = page.get("NextToken")
        if not token:
            return items, sizes
        assert len(sizes) < 100, "pagination does not terminate"


AVRO_V1 = {"type": "record", "name": "Order", "namespace": "com.example", "fields": [{"name": "id", "type": "long"}]}
AVRO_V2 = {
    "type": "record",
    "name": "Order",
    "namespace": "com.example",
    "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": ["null", "string"], "default": None}],
}
JSON_V1 = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"id": {"type": "integer"}}}
PROTO_V1 = 'syntax = "proto3";\npackage example;\nmessage Order { int64 id = 1; }\n'
PROTO_V2 = 'syntax = "proto3";\npackage example;\nmessage Order { int64 id = 1; string note = 2; }\n'


def main_checks(server: Server) -> None:
    glue = server.client()
    arn_prefix = "arn:aws:glue:us-east-1:123456789012"

    # ---------------- registries
    def registries() -> None:
        for name in ["fed-b", "fed-a", "fed-d", "fed-c"]:
            r = strip(glue.create_registry(RegistryName=name, Description=f"registry {name}", Tags={"team": "fed"}))
            assert r["RegistryName"] == name and r["RegistryArn"] == f"{arn_prefix}:registry/{name}", r
        by_name = strip(glue.get_registry(RegistryId={"RegistryName": "fed-a"}))
        by_arn = strip(glue.get_registry(RegistryId={"RegistryArn": f"{arn_prefix}:registry/fed-a"}))
        assert by_name == by_arn, (by_name, by_arn)
        assert by_name["Description"] == "registry fed-a" and by_name["Status"] == "AVAILABLE", by_name
        assert ISO_UTC.match(by_name["CreatedTime"]) and ISO_UTC.match(by_name["UpdatedTime"]), by_name
        expect_error("AlreadyExistsException", lambda: glue.create_registry(RegistryName="fed-a"))
        expect_error("EntityNotFoundException", lambda: glue.get_registry(RegistryId={"RegistryName": "nope"}))
        expect_error(
            "EntityNotFoundException", lambda: glue.get_registry(RegistryId={"RegistryName": "default-registry"})
        )

    def list_registries() -> None:
        everything = glue.list_registries()
        assert "NextToken" not in everything, everything
        names = [r["RegistryName"] for r in everything["Registries"]]
        assert names == ["fed-a", "fed-b", "fed-c", "fed-d"], names
        assert set(everything["Registries"][0]) == {
            "RegistryName", "RegistryArn", "Description", "Status", "CreatedTime", "UpdatedTime"
        }, everything["Registries"][0]
        items, sizes = all_pages(glue.list_registries, "Registries", MaxResults=3)
        assert sizes == [3, 1] and [r["RegistryName"] for r in items] == names, (sizes, items)
        paged = [r["RegistryName"] for p in glue.get_paginator("list_registries").paginate(PaginationConfig={"PageSize": 1}) for r in p["Registries"]]
        assert paged == names, paged

    check("CreateRegistry/GetRegistry", registries)
    check("ListRegistries + pagination", list_registries)

    # ---------------- schemas in three formats
    created: dict[str, dict[str, Any]] = {}

    def create_schemas() -> None:
        specs = [
            ("orders-avro", "AVRO", "BACKWARD", json.dumps(AVRO_V1)),
            ("orders-json", "JSON", "FORWARD", json.dumps(JSON_V1)),
            ("orders-proto", "PROTOBUF", "FULL", PROTO_V1),
        ]
        for name, fmt, compat, definition in specs:
            r = strip(
                glue.create_schema(
                    RegistryId={"RegistryName": "fed-a"},
                    SchemaName=name,
                    DataFormat=fmt,
                    Compatibility=compat,
                    Description=f"{fmt} schema",
                    SchemaDefinition=definition,
                    Tags={"fmt": fmt},
                )
            )
            assert r["SchemaArn"] == f"{arn_prefix}:schema/fed-a/{name}", r
            assert (r["DataFormat"], r["Compatibility"], r["SchemaStatus"]) == (fmt, compat, "AVAILABLE"), r
            assert (r["SchemaCheckpoint"], r["LatestSchemaVersion"], r["NextSchemaVersion"]) == (1, 1, 2), r
            assert r["SchemaVersionStatus"] == "AVAILABLE" and len(r["SchemaVersionId"]) == 36, r
            assert r["Tags"] == {"fmt": fmt}, r
            created[name] = r
        expect_error(
            "AlreadyExistsException",
            lambda: glue.create_schema(
                RegistryId={"RegistryName": "fed-a"}, SchemaName="orders-avro", DataFormat="AVRO",
                Compatibility="NONE", SchemaDefinition=json.dumps(AVRO_V1),
            ),
        )
        expect_error(
            "InvalidInputException",
            lambda: glue.create_schema(
                RegistryId={"RegistryName": "fed-a"}, SchemaName="bad-avro", DataFormat="AVRO",
                Compatibility="NONE", SchemaDefinition="{not json",
            ),
        )
        expect_error(
            "EntityNotFoundException",
            lambda: glue.create_schema(
                RegistryId={"RegistryName": "nope"}, SchemaName="x", DataFormat="AVRO",
                Compatibility="NONE", SchemaDefinition=json.dumps(AVRO_V1),
            ),
        )

    def get_schema() -> None:
        for name, made in created.items():
            by_name = strip(glue.get_schema(SchemaId={"RegistryName": "fed-a", "SchemaName": name}))
            by_arn = strip(glue.get_schema(SchemaId={"SchemaArn": made["SchemaArn"]}))
            assert by_name == by_arn, (by_name, by_arn)
            for key in ["RegistryName", "RegistryArn", "SchemaName", "SchemaArn", "Description", "DataFormat",
                        "Compatibility", "SchemaCheckpoint", "LatestSchemaVersion", "NextSchemaVersion", "SchemaStatus"]:
                assert by_name[key] == made[key], (key, by_name, made)
            assert ISO_UTC.match(by_name["CreatedTime"]) and ISO_UTC.match(by_name["UpdatedTime"]), by_name
            assert "SchemaVersionId" not in by_name, by_name  # not in AWS's GetSchema shape
        expect_error("EntityNotFoundException", lambda: glue.get_schema(SchemaId={"RegistryName": "fed-a", "SchemaName": "nope"}))

    check("CreateSchema AVRO/JSON/PROTOBUF", create_schemas)
    check("GetSchema by name and ARN", get_schema)

    # ---------------- versions
    def versions() -> None:
        avro = {"RegistryName": "fed-a", "SchemaName": "orders-avro"}
        v2 = strip(glue.register_schema_version(SchemaId=avro, SchemaDefinition=json.dumps(AVRO_V2)))
        assert v2["VersionNumber"] == 2 and v2["Status"] == "AVAILABLE", v2
        again = strip(glue.register_schema_version(SchemaId=avro, SchemaDefinition=json.dumps(AVRO_V2, indent=2)))
        assert again == v2, ("same definition must return the existing version", again, v2)

        proto = {"SchemaArn": created["orders-proto"]["SchemaArn"]}
        p2 = strip(glue.register_schema_version(SchemaId=proto, SchemaDefinition=PROTO_V2))
        assert p2["VersionNumber"] == 2, p2

        by_id = strip(glue.get_schema_version(SchemaVersionId=v2["SchemaVersionId"]))
        assert by_id["SchemaDefinition"] == json.dumps(AVRO_V2) and by_id["DataFormat"] == "AVRO", by_id
        assert by_id["VersionNumber"] == 2 and by_id["SchemaArn"] == created["orders-avro"]["SchemaArn"], by_id
        assert ISO_UTC.match(by_id["CreatedTime"]), by_id
        latest = strip(glue.get_schema_version(SchemaId=avro, SchemaVersionNumber={"LatestVersion": True}))
        assert latest == by_id, (latest, by_id)
        first = strip(glue.get_schema_version(SchemaId=avro, SchemaVersionNumber={"VersionNumber": 1}))
        assert first["SchemaVersionId"] == created["orders-avro"]["SchemaVersionId"], first
        assert json.loads(first["SchemaDefinition"]) == AVRO_V1, first

        pv = strip(glue.get_schema_version(SchemaId=proto, SchemaVersionNumber={"LatestVersion": True}))
        assert pv["SchemaDefinition"] == PROTO_V2 and pv["DataFormat"] == "PROTOBUF", pv
        jv = strip(glue.get_schema_version(SchemaVersionId=created["orders-json"]["SchemaVersionId"]))
        assert jv["DataFormat"] == "JSON" and json.loads(jv["SchemaDefinition"]) == JSON_V1, jv

        schema = strip(glue.get_schema(SchemaId=avro))
        assert (schema["LatestSchemaVersion"], schema["NextSchemaVersion"]) == (2, 3), schema

        expect_error("EntityNotFoundException", lambda: glue.get_schema_version(SchemaVersionId="00000000-0000-0000-0000-000000000000"))
        expect_error("EntityNotFoundException", lambda: glue.get_schema_version(SchemaId=avro, SchemaVersionNumber={"VersionNumber": 99}))
        expect_error("InvalidInputException", lambda: glue.get_schema_version(SchemaId=avro, SchemaVersionNumber={"LatestVersion": True, "VersionNumber": 1}))
        expect_error("EntityNotFoundException", lambda: glue.register_schema_version(SchemaId={"RegistryName": "fed-a", "SchemaName": "nope"}, SchemaDefinition="{}"))

    check("RegisterSchemaVersion/GetSchemaVersion (id, latest, number)", versions)

    def list_versions() -> None:
        many = {"RegistryName": "fed-b", "SchemaName": "many-versions"}
        glue.create_schema(RegistryId={"RegistryName": "fed-b"}, SchemaName="many-versions", DataFormat="JSON",
                           Compatibility="NONE", SchemaDefinition=json.dumps({"title": "v1"}))
        for n in range(2, 31):
            r = glue.register_schema_version(SchemaId=many, SchemaDefinition=json.dumps({"title": f"v{n}"}))
            assert r["VersionNumber"] == n, r
        first = glue.list_schema_versions(SchemaId=many)
        assert len(first["Schemas"]) == 25 and first.get("NextToken"), "default page must be 25"
        item = first["Schemas"][0]
        assert set(item) == {"SchemaArn", "SchemaVersionId", "VersionNumber", "Status", "CreatedTime"}, item
        assert ISO_UTC.match(item["CreatedTime"]) and item["Status"] == "AVAILABLE", item
        rest = glue.list_schema_versions(SchemaId=many, NextToken=first["NextToken"])
        assert len(rest["Schemas"]) == 5 and "NextToken" not in rest, rest
        items, sizes = all_pages(glue.list_schema_versions, "Schemas", SchemaId=many, MaxResults=7)
        assert sizes == [7, 7, 7, 7, 2], sizes
        assert [v["VersionNumber"] for v in items] == list(range(1, 31)), items
        exact, exact_sizes = all_pages(glue.list_schema_versions, "Schemas", SchemaId=many, MaxResults=10)
        assert exact_sizes == [10, 10, 10], ("no empty trailing page", exact_sizes)
        by_arn, _ = all_pages(glue.list_schema_versions, "Schemas",
                              SchemaId={"SchemaArn": f"{arn_prefix}:schema/fed-b/many-versions"}, MaxResults=100)
        assert by_arn == items, "by ARN and by name must agree"
        # a version registered between pages shows up on a later page, nothing repeats or is lost
        p1 = glue.list_schema_versions(SchemaId=many, MaxResults=20)
        glue.register_schema_version(SchemaId=many, SchemaDefinition=json.dumps({"title": "v31"}))
        p2 = glue.list_schema_versions(SchemaId=many, MaxResults=20, NextToken=p1["NextToken"])
        assert [v["VersionNumber"] for v in p1["Schemas"] + p2["Schemas"]] == list(range(1, 32)), p2
        paged = [v["VersionNumber"] for p in glue.get_paginator("list_schema_versions").paginate(
            SchemaId=many, PaginationConfig={"PageSize": 4}) for v in p["Schemas"]]
        assert paged == list(range(1, 32)), paged
        one = glue.list_schema_versions(SchemaId={"RegistryName": "fed-a", "SchemaName": "orders-json"})
        assert [v["VersionNumber"] for v in one["Schemas"]] == [1] and "NextToken" not in one, one
        expect_error("ValidationException", lambda: glue.list_schema_versions(SchemaId=many, MaxResults=101))
        expect_error("InvalidInputException", lambda: glue.list_schema_versions(SchemaId=many, NextToken="garbage!"))
        expect_error(
            "InvalidInputException",
            lambda: glue.list_schema_versions(SchemaId={"RegistryName": "fed-a", "SchemaName": "orders-json"},
                                              NextToken=first["NextToken"]),
        )
        expect_error("EntityNotFoundException", lambda: glue.list_schema_versions(SchemaId={"RegistryName": "fed-b", "SchemaName": "nope"}))

    check("ListSchemaVersions + pagination", list_versions)

    def list_schemas() -> None:
        for n in range(30):
            glue.create_schema(RegistryId={"RegistryName": "fed-c"}, SchemaName=f"bulk-{n:02d}", DataFormat="AVRO",
                               Compatibility="BACKWARD", Description=f"bulk {n}", SchemaDefinition='"string"')
        first = glue.list_schemas(RegistryId={"RegistryName": "fed-c"})
        assert len(first["Schemas"]) == 25 and first.get("NextToken"), "default page must be 25"
        item = first["Schemas"][0]
        assert set(item) == {"RegistryName", "SchemaName", "SchemaArn", "Description", "SchemaStatus",
                             "CreatedTime", "UpdatedTime"}, item
        assert item["SchemaName"] == "bulk-00" and item["Description"] == "bulk 0" and item["SchemaStatus"] == "AVAILABLE", item
        assert item["SchemaArn"] == f"{arn_prefix}:schema/fed-c/bulk-00", item
        assert ISO_UTC.match(item["CreatedTime"]) and ISO_UTC.match(item["UpdatedTime"]), item
        items, sizes = all_pages(glue.list_schemas, "Schemas", RegistryId={"RegistryName": "fed-c"}, MaxResults=4)
        assert sizes == [4] * 7 + [2], sizes
        assert [s["SchemaName"] for s in items] == [f"bulk-{n:02d}" for n in range(30)], items
        by_arn, _ = all_pages(glue.list_schemas, "Schemas", RegistryId={"RegistryArn": f"{arn_prefix}:registry/fed-c"})
        assert by_arn == items, "by ARN and by name must agree"
        a_only = glue.list_schemas(RegistryId={"RegistryName": "fed-a"})
        assert [s["SchemaName"] for s in a_only["Schemas"]] == ["orders-avro", "orders-json", "orders-proto"], a_only
        empty = glue.list_schemas(RegistryId={"RegistryName": "fed-d"})
        assert empty["Schemas"] == [] and "NextToken" not in empty, empty
        everywhere, sizes = all_pages(glue.list_schemas, "Schemas", MaxResults=11)
        assert len(everywhere) == 34 and sizes == [11, 11, 11, 1], (len(everywhere), sizes)
        assert {s["RegistryName"] for s in everywhere} == {"fed-a", "fed-b", "fed-c"}, everywhere
        paged = [s["SchemaName"] for p in glue.get_paginator("list_schemas").paginate(
            RegistryId={"RegistryName": "fed-c"}, PaginationConfig={"PageSize": 9}) for s in p["Schemas"]]
        assert paged == [f"bulk-{n:02d}" for n in range(30)], paged
        # deleting a schema between pages neither repeats nor skips the others
        p1 = glue.list_schemas(RegistryId={"RegistryName": "fed-c"}, MaxResults=10)
        glue.delete_schema(SchemaId={"RegistryName": "fed-c", "SchemaName": "bulk-03"})
        rest: list[Any] = []
        token = p1["NextToken"]
        while token:
            page = glue.list_schemas(RegistryId={"RegistryName": "fed-c"}, MaxResults=10, NextToken=token)
            rest += page["Schemas"]
            token = page.get("NextToken")
        assert [s["SchemaName"] for s in rest] == [f"bulk-{n:02d}" for n in range(10, 30)], rest
        expect_error("EntityNotFoundException", lambda: glue.list_schemas(RegistryId={"RegistryName": "nope"}))
        expect_error("ValidationException", lambda: glue.list_schemas(MaxResults=101))
        expect_error("InvalidInputException", lambda: glue.list_schemas(RegistryId={"RegistryName": "fed-a"},
                                                                        NextToken=first["NextToken"]))

    check("ListSchemas + pagination (per registry and across registries)", list_schemas)

    # ---------------- UpdateSchema compatibility
    def update_schema() -> None:
        sid = {"RegistryName": "fed-a", "SchemaName": "orders-avro"}
        before = glue.get_schema(SchemaId=sid)
        for mode in MODES:
            r = strip(glue.update_schema(SchemaId=sid, Compatibility=mode, SchemaVersionNumber={"LatestVersion": True}))
            assert r == {"SchemaArn": created["orders-avro"]["SchemaArn"], "SchemaName": "orders-avro", "RegistryName": "fed-a"}, r
            got = glue.get_schema(SchemaId=sid)
            assert got["Compatibility"] == mode and got["SchemaCheckpoint"] == 2, got
        assert glue.get_schema(SchemaId=sid)["UpdatedTime"] >= before["UpdatedTime"]
        # by ARN, with an explicit checkpoint, plus a description
        glue.update_schema(SchemaId={"SchemaArn": created["orders-json"]["SchemaArn"]}, Compatibility="FULL_ALL",
                           SchemaVersionNumber={"VersionNumber": 1}, Description="now FULL_ALL")
        got = glue.get_schema(SchemaId={"RegistryName": "fed-a", "SchemaName": "orders-json"})
        assert (got["Compatibility"], got["SchemaCheckpoint"], got["Description"]) == ("FULL_ALL", 1, "now FULL_ALL"), got
        # checkpoint only
        glue.update_schema(SchemaId=sid, SchemaVersionNumber={"VersionNumber": 1})
        got = glue.get_schema(SchemaId=sid)
        assert (got["Compatibility"], got["SchemaCheckpoint"]) == ("FULL_ALL", 1), got
        expect_error("InvalidInputException", lambda: glue.update_schema(SchemaId=sid, Compatibility="BACKWARD"))
        expect_error("InvalidInputException", lambda: glue.update_schema(
            SchemaId=sid, Compatibility="SIDEWAYS", SchemaVersionNumber={"LatestVersion": True}))
        expect_error("EntityNotFoundException", lambda: glue.update_schema(
            SchemaId=sid, Compatibility="NONE", SchemaVersionNumber={"VersionNumber": 42}))
        expect_error("EntityNotFoundException", lambda: glue.update_schema(
            SchemaId={"RegistryName": "fed-a", "SchemaName": "nope"}, Compatibility="NONE",
            SchemaVersionNumber={"LatestVersion": True}))
        # DISABLED refuses new versions; switching back allows them again
        glue.update_schema(SchemaId=sid, Compatibility="DISABLED", SchemaVersionNumber={"LatestVersion": True})
        expect_error("InvalidInputException", lambda: glue.register_schema_version(
            SchemaId=sid, SchemaDefinition=json.dumps({**AVRO_V2, "doc": "v3"})))
        glue.update_schema(SchemaId=sid, Compatibility="BACKWARD", SchemaVersionNumber={"LatestVersion": True})
        v3 = glue.register_schema_version(SchemaId=sid, SchemaDefinition=json.dumps({**AVRO_V2, "doc": "v3"}))
        assert v3["VersionNumber"] == 3, v3

    check("UpdateSchema compatibility: all 8 modes, checkpoint rules", update_schema)

    # ---------------- default registry, region isolation, wire format
    def default_registry() -> None:
        r = glue.create_schema(SchemaName="no-registry", DataFormat="AVRO", Compatibility="NONE", SchemaDefinition='"int"')
        assert r["RegistryName"] == "default-registry", r
        assert glue.get_registry(RegistryId={"RegistryName": "default-registry"})["Status"] == "AVAILABLE"

    def regions() -> None:
        other = server.client(region="eu-west-1")
        assert other.list_registries()["Registries"] == [], "regions must not share data"
        other.create_registry(RegistryName="fed-a")
        assert other.get_registry(RegistryId={"RegistryName": "fed-a"})["RegistryArn"] == "arn:aws:glue:eu-west-1:123456789012:registry/fed-a"

    def wire() -> None:
        def post(target: str, body: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
            request = urllib.request.Request(
                server.url + "/", data=json.dumps(body).encode(), method="POST",
                headers={"X-Amz-Target": f"AWSGlue.{target}", "Content-Type": "application/x-amz-json-1.1"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, dict(response.headers), json.loads(response.read())
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), json.loads(error.read())

        status, headers, body = post("ListSchemas", {"RegistryId": {"RegistryName": "fed-a"}, "MaxResults": 2})
        assert status == 200 and headers["Content-Type"] == "application/x-amz-json-1.1", (status, headers)
        assert len(body["Schemas"]) == 2 and isinstance(body["NextToken"], str), body
        status, headers, body = post("GetSchema", {"SchemaId": {"RegistryName": "fed-a", "SchemaName": "nope"}})
        assert status == 400 and body["__type"] == "EntityNotFoundException" and body["message"], (status, body)
        assert headers.get("X-Amzn-ErrorType") == "EntityNotFoundException", headers

    check("CreateSchema without RegistryId -> default-registry", default_registry)
    check("region isolation", regions)
    check("unsigned JSON 1.1 POST and error body shape", wire)


def seed_and_delay_checks() -> None:
    document = {
        "region": "us-east-1",
        "registries": [
            {
                "name": "seeded",
                "description": "from the seed file",
                "schemas": [
                    {"name": "s-avro", "dataFormat": "AVRO", "compatibility": "BACKWARD", "description": "seeded avro",
                     "versions": [AVRO_V1, AVRO_V2]},
                    {"name": "s-proto", "dataFormat": "PROTOBUF", "compatibility": "DISABLED",
                     "versions": [PROTO_V1, PROTO_V2]},
                    {"name": "s-json", "dataFormat": "JSON", "versions": [json.dumps(JSON_V1)]},
                ],
            },
            {"name": "seeded-empty"},
        ],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(document, handle)
        seed_path = handle.name
    server = Server("--seed", seed_path, "--delay-ms", "400")
    try:
        glue = server.client()

        def seeded() -> None:
            names = [r["RegistryName"] for r in glue.list_registries()["Registries"]]
            assert names == ["seeded", "seeded-empty"], names
            schemas = glue.list_schemas(RegistryId={"RegistryName": "seeded"})["Schemas"]
            assert [s["SchemaName"] for s in schemas] == ["s-avro", "s-json", "s-proto"], schemas
            avro = glue.get_schema(SchemaId={"RegistryName": "seeded", "SchemaName": "s-avro"})
            assert (avro["LatestSchemaVersion"], avro["Compatibility"], avro["Description"]) == (2, "BACKWARD", "seeded avro"), avro
            latest = glue.get_schema_version(SchemaId={"RegistryName": "seeded", "SchemaName": "s-avro"},
                                             SchemaVersionNumber={"LatestVersion": True})
            assert json.loads(latest["SchemaDefinition"]) == AVRO_V2, latest
            proto = glue.get_schema(SchemaId={"RegistryName": "seeded", "SchemaName": "s-proto"})
            assert (proto["Compatibility"], proto["LatestSchemaVersion"], proto["DataFormat"]) == ("DISABLED", 2, "PROTOBUF"), proto
            versions = glue.list_schema_versions(SchemaId={"RegistryName": "seeded", "SchemaName": "s-proto"})["Schemas"]
            assert [v["VersionNumber"] for v in versions] == [1, 2], versions
            js = glue.get_schema(SchemaId={"RegistryName": "seeded", "SchemaName": "s-json"})
            assert js["Compatibility"] == "BACKWARD", js  # seed default

        def delayed() -> None:
            started = time.monotonic()
            glue.get_registry(RegistryId={"RegistryName": "seeded"})
            took = time.monotonic() - started
            assert took >= 0.4, f"--delay-ms 400 but the call took {took:.3f}s"
            impatient = server.client(timeout=0.15)
            try:
                impatient.get_registry(RegistryId={"RegistryName": "seeded"})
            except Exception as error:  # botocore ReadTimeoutError
                assert "timeout" in type(error).__name__.lower() or "timed out" in str(error).lower(), repr(error)
            else:
                raise AssertionError("a 150 ms read timeout must fire against --delay-ms 400")

        check("--seed creates registries, schemas, versions", seeded)
        check("--delay-ms delays every request", delayed)
    finally:
        server.stop()
        os.unlink(seed_path)


def lenient_checks() -> None:
    server = Server("--lenient-update-schema")
    try:
        glue = server.client()

        def lenient() -> None:
            glue.create_registry(RegistryName="r")
            glue.create_schema(RegistryId={"RegistryName": "r"}, SchemaName="s", DataFormat="AVRO",
                               Compatibility="NONE", SchemaDefinition='"int"')
            glue.update_schema(SchemaId={"RegistryName": "r", "SchemaName": "s"}, Compatibility="FULL")
            assert glue.get_schema(SchemaId={"RegistryName": "r", "SchemaName": "s"})["Compatibility"] == "FULL"

        check("--lenient-update-schema accepts Compatibility without checkpoint", lenient)
    finally:
        server.stop()


VECTORS = os.path.join(HERE, "..", "FederationTests", "Fixtures", "sigv4-botocore.json")


def verify_sigv4_checks() -> None:
    server = Server("--verify-sigv4", "AKIDEXAMPLEFEDERATION:dummy-secret",
                    "--verify-sigv4", "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    try:
        def post(headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
            request = urllib.request.Request(server.url + "/", data=body, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())

        def good() -> None:
            glue = server.client()
            glue.create_registry(RegistryName="signed")
            assert glue.list_schemas(RegistryId={"RegistryName": "signed"})["Schemas"] == []
            with_token = server.client(token="FQoGZXIvYXdzEXAMPLE/token+==")
            assert with_token.get_registry(RegistryId={"RegistryName": "signed"})["RegistryName"] == "signed"

        def refused() -> None:
            error = expect_error_status(403, lambda: server.client(secret="wrong").list_registries())
            assert error == "InvalidSignatureException", error
            error = expect_error_status(403, lambda: server.client(key="AKIDUNKNOWN").list_registries())
            assert error == "UnrecognizedClientException", error
            status, body = post({"X-Amz-Target": "AWSGlue.ListRegistries", "Content-Type": "application/x-amz-json-1.1"}, b"{}")
            assert status == 403 and body["__type"] == "MissingAuthenticationTokenException", (status, body)

        def replay_vector() -> None:
            # glue_server's verifier and the botocore vectors must agree: replay the loopback
            # vector byte for byte (its Host names port 50123, so send that Host header).
            with open(VECTORS, encoding="utf-8") as handle:
                vector = next(v for v in json.load(handle)["vectors"] if v["name"] == "glue-loopback-port")
            headers = {**vector["headers"], **vector["expected"]["added_headers"],
                       "Host": urllib.parse.urlsplit(vector["url"]).netloc}
            status, body = post(headers, vector["body"].encode())
            assert status == 200 and "Registries" in body, (status, body)
            status, body = post(headers, b'{ }')
            assert status == 403 and body["__type"] == "InvalidSignatureException", (status, body)

        check("--verify-sigv4 accepts botocore-signed requests (with and without session token)", good)
        check("--verify-sigv4 refuses bad secret, unknown key, unsigned", refused)
        check("--verify-sigv4 accepts the glue-loopback-port vector, refuses it tampered", replay_vector)
    finally:
        server.stop()


def expect_error_status(status: int, fn: Callable[[], Any]) -> str:
    try:
        fn()
    except ClientError as error:
        got = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert got == status, f"expected HTTP {status}, got {got}: {error}"
        return error.response["Error"]["Code"]
    raise AssertionError(f"expected HTTP {status}, call succeeded")


def stdin_eof_check() -> None:
    def stops() -> None:
        proc = subprocess.Popen(
            [sys.executable, SERVER, "--port", "0", "--quiet", "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            assert READY.match(proc.stdout.readline().rstrip("\n")), "no ready line"  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
            assert proc.wait(5) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    check("--exit-on-stdin-eof stops the server", stops)


def main() -> int:
    server = Server()
    try:
        main_checks(server)
    finally:
        server.stop()
    seed_and_delay_checks()
    lenient_checks()
    verify_sigv4_checks()
    stdin_eof_check()
    print(f"{passed} passed, {len(failures)} failed" + (": " + ", ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
