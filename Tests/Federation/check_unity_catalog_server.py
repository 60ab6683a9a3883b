#!/usr/bin/env python3
"""Proves unity_catalog_server.py against Unity Catalog's official Python client.

Why: the test server stands in for Unity Catalog in the Swift federation tests, so it must answer
what the real client expects. Every call here goes through `unitycatalog-client` (PyPI, 0.7.0,
generated from the same api/all.yaml): its async ApiClient/Configuration and CatalogsApi,
SchemasApi and TablesApi, including the `*_without_preload_content` variants to see the raw JSON
field names. Nothing else speaks HTTP.

Run:  pip install unitycatalog-client==0.7.0
      python3 Tests/Federation/check_unity_catalog_server.py
Prints "ok ..." per check and exits 0, or prints "FAIL ..." and exits 1.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

from unitycatalog.client import (ApiClient, ApiException, CatalogsApi, ColumnInfo,
                                 Configuration, CreateCatalog, CreateSchema, CreateTable,
                                 SchemasApi, TablesApi)
from unitycatalog.client.exceptions import (BadRequestException, NotFoundException,
                                            UnauthorizedException)

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "unity_catalog_server.py")
TOKEN = "federation-test-token"

# Loopback must not go through a proxy the environment may name (the client trusts the env).
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1,localhost"]))
os.environ["no_proxy"] = os.environ["NO_PROXY"]

# all.yaml's field lists, which every response object must carry exactly.
TABLE_KEYS = {"name", "catalog_name", "schema_name", "table_type", "data_source_format", "columns",
              "storage_location", "comment", "properties", "owner", "created_at", "created_by",
              "updated_at", "updated_by", "table_id", "view_definition", "view_dependencies"}
COLUMN_KEYS = {"name", "type_text", "type_json", "type_name", "type_precision", "type_scale",
               "type_interval_type", "position", "comment", "nullable", "partition_index"}
CATALOG_KEYS = {"name", "comment", "properties", "owner", "created_at", "created_by", "updated_at",
                "updated_by", "id", "storage_root", "storage_location"}
SCHEMA_KEYS = {"name", "catalog_name", "comment", "properties", "full_name", "owner", "created_at",
               "created_by", "updated_at", "updated_by", "schema_id", "storage_root",
               "storage_location"}


class CheckFailed(Exception):
    pass


def ok(what):
    print("ok   " + what, flush=True)


def expect(condition, what):
    if not condition:
        raise CheckFailed(what)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise CheckFailed("%s: expected %r, got %r" % (what, expected, actual))


def is_uuid(text):
    try:
        return str(uuid.UUID(text)) == text
    except (TypeError, ValueError):
        return False


def field(name, data_type, nullable=True):
    """A Spark StructField JSON object, the shape type_json carries."""
    return {"name": name, "type": data_type, "nullable": nullable, "metadata": {}}


def column(position, name, type_name, type_text, data_type, nullable=True, **extra):
    return ColumnInfo(name=name, type_name=type_name, type_text=type_text,
                      type_json=json.dumps(field(name, data_type, nullable)), position=position,
                      nullable=nullable, **extra)


def many_columns():
    """One column of each type the federation code maps, nested ones with Spark type_json."""
    point = {"type": "struct", "fields": [field("x", "double", False), field("y", "double", False)]}
    return [
        column(0, "id", "INT", "int", "integer", nullable=False, comment="primary key"),
        column(1, "big", "LONG", "bigint", "long"),
        column(2, "ratio", "DOUBLE", "double", "double"),
        column(3, "label", "STRING", "string", "string"),
        column(4, "price", "DECIMAL", "decimal(10,2)", "decimal(10,2)", type_precision=10,
               type_scale=2),
        column(5, "seen_at", "TIMESTAMP", "timestamp", "timestamp"),
        column(6, "day", "DATE", "date", "date", partition_index=0),
        column(7, "tags", "ARRAY", "array<string>",
               {"type": "array", "elementType": "string", "containsNull": True}),
        column(8, "scores", "MAP", "map<string,int>",
               {"type": "map", "keyType": "string", "valueType": "integer",
                "valueContainsNull": True}),
        column(9, "point", "STRUCT", "struct<x:double,y:double>", point),
        column(10, "paths", "ARRAY", "array<struct<x:double,y:double>>",
               {"type": "array", "elementType": point, "containsNull": False}),
        column(11, "flag", "BOOLEAN", "boolean", "boolean"),
        column(12, "raw", "BINARY", "binary", "binary"),
        column(13, "local_ts", "TIMESTAMP_NTZ", "timestamp_ntz", "timestamp_ntz"),
        column(14, "small", "SHORT", "smallint", "short"),
        column(15, "tiny", "BYTE", "tinyint", "byte"),
        column(16, "f", "FLOAT", "float", "float"),
    ]


def error_code(exc):
    try:
        body = json.loads(exc.body)
    except (TypeError, ValueError):
        raise CheckFailed("error body is not JSON: %r" % (exc.body,))
    expect(body.get("details") and body["details"][0].get("reason") == body.get("error_code")
           and body["details"][0].get("@type") == "type.googleapis.com/google.rpc.ErrorInfo",
           "error body carries Unity Catalog's ErrorInfo details: %r" % body)
    expect(isinstance(body.get("message"), str), "error body has a message: %r" % body)
    return body["error_code"]


async def expect_error(call, exc_type, status, code, what):
    try:
        await call
    except exc_type as exc:
        expect_equal(exc.status, status, what + " status")
        expect_equal(error_code(exc), code, what + " error_code")
        ok("%s -> %d %s" % (what, status, code))
        return
    except ApiException as exc:
        raise CheckFailed("%s: expected %s, got %s %s %s"
                          % (what, exc_type.__name__, type(exc).__name__, exc.status, exc.body))
    raise CheckFailed(what + ": no error was raised")


async def raw_json(response):
    """The JSON body of a *_without_preload_content response."""
    expect_equal(response.status, 200, "raw response status")
    return json.loads(await response.read())


class Server:
    """The test server as a subprocess; yields its base URL."""

    def __init__(self, *args):
        self.args = args

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, SERVER, "--port", "0", *self.args],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        prefix = "unity-catalog listening on "
        if not line.startswith(prefix):
            self.process.kill()
            raise CheckFailed("server did not announce itself; first line %r" % line)
        return line[len(prefix):] + "/api/2.1/unity-catalog"

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def client(host, token=TOKEN):
    """An official ApiClient; the spec declares no security scheme, so the bearer token goes in
    as a default header."""
    if token is None:
        return ApiClient(Configuration(host=host))
    return ApiClient(Configuration(host=host), header_name="Authorization",
                     header_value="Bearer " + token)


async def check_auth(host):
    async with client(host, token="wrong-token") as api:
        await expect_error(CatalogsApi(api).list_catalogs(), UnauthorizedException, 401,
                           "UNAUTHENTICATED", "list_catalogs with a wrong token")
    async with client(host, token=None) as api:
        await expect_error(CatalogsApi(api).get_catalog("anything"), UnauthorizedException, 401,
                           "UNAUTHENTICATED", "get_catalog without a token")


async def check_catalogs(api):
    catalogs = CatalogsApi(api)
    before = int(time.time() * 1000)
    created = await catalogs.create_catalog(CreateCatalog(
        name="fed", comment="federation test", properties={"team": "registry"}))
    expect_equal(created.name, "fed", "catalog name")
    expect(is_uuid(created.id), "catalog id is a UUID: %r" % created.id)
    expect(before <= created.created_at <= int(time.time() * 1000) + 1,
           "catalog created_at is epoch ms now: %r" % created.created_at)
    expect_equal(created.updated_at, created.created_at, "catalog updated_at")
    got = await catalogs.get_catalog("fed")
    expect_equal(got, created, "get_catalog round trip")
    raw = await raw_json(await catalogs.get_catalog_without_preload_content("fed"))
    expect_equal(set(raw), CATALOG_KEYS, "CatalogInfo JSON keys")
    ok("create/get catalog round-trips; CatalogInfo keys are all.yaml's")

    await expect_error(catalogs.create_catalog(CreateCatalog(name="fed")), BadRequestException,
                       400, "CATALOG_ALREADY_EXISTS", "create_catalog of an existing name")
    await expect_error(catalogs.create_catalog(CreateCatalog(name="bad name")),
                       BadRequestException, 400, "INVALID_ARGUMENT", "create_catalog 'bad name'")

    for name in ["c3", "c1", "c4", "c2"]:
        await catalogs.create_catalog(CreateCatalog(name=name))
    names, token, pages = [], None, 0
    while True:
        page = await catalogs.list_catalogs(max_results=2, page_token=token)
        pages += 1
        expect(len(page.catalogs) <= 2, "page of at most 2 catalogs")
        names += [c.name for c in page.catalogs]
        token = page.next_page_token
        if not token:
            break
    expect_equal(names, ["c1", "c2", "c3", "c4", "fed"], "catalogs over pages, by name")
    expect_equal(pages, 3, "catalog pages for 5 catalogs at 2 a page")
    everything = await catalogs.list_catalogs()
    expect_equal(everything.next_page_token, None, "no token when the page is not full")
    await expect_error(catalogs.list_catalogs(max_results=-1), BadRequestException, 400,
                       "INVALID_ARGUMENT", "list_catalogs max_results=-1")
    ok("list_catalogs pages by name (max_results=2: 3 pages, tokens end with null)")
    for name in ["c1", "c2", "c3", "c4"]:
        await catalogs.delete_catalog(name)


async def check_schemas(api):
    schemas = SchemasApi(api)
    created = await schemas.create_schema(CreateSchema(
        name="sales", catalog_name="fed", comment="sales data", properties={"k": "v"}))
    expect_equal(created.full_name, "fed.sales", "schema full_name")
    expect(is_uuid(created.schema_id), "schema_id is a UUID")
    expect_equal(await schemas.get_schema("fed.sales"), created, "get_schema round trip")
    raw = await raw_json(await schemas.get_schema_without_preload_content("fed.sales"))
    expect_equal(set(raw), SCHEMA_KEYS, "SchemaInfo JSON keys")
    await schemas.create_schema(CreateSchema(name="archive", catalog_name="fed"))
    listed = await schemas.list_schemas(catalog_name="fed")
    expect_equal([s.full_name for s in listed.schemas], ["fed.archive", "fed.sales"],
                 "list_schemas by name")
    first = await schemas.list_schemas(catalog_name="fed", max_results=1)
    second = await schemas.list_schemas(catalog_name="fed", max_results=1,
                                        page_token=first.next_page_token)
    expect_equal([first.schemas[0].name, second.schemas[0].name], ["archive", "sales"],
                 "list_schemas pages")
    ok("create/get/list schemas; SchemaInfo keys are all.yaml's")
    await expect_error(schemas.create_schema(CreateSchema(name="sales", catalog_name="fed")),
                       BadRequestException, 400, "SCHEMA_ALREADY_EXISTS", "create_schema twice")
    await expect_error(schemas.create_schema(CreateSchema(name="x", catalog_name="nope")),
                       NotFoundException, 404, "CATALOG_NOT_FOUND", "create_schema in no catalog")
    await expect_error(schemas.get_schema("fed.nope"), NotFoundException, 404,
                       "SCHEMA_NOT_FOUND", "get_schema of a missing schema")
    await schemas.delete_schema("fed.archive")
    await expect_error(schemas.get_schema("fed.archive"), NotFoundException, 404,
                       "SCHEMA_NOT_FOUND", "get_schema after delete_schema")


async def check_tables(api):
    tables = TablesApi(api)
    columns = many_columns()
    request = CreateTable(name="orders", catalog_name="fed", schema_name="sales",
                          table_type="EXTERNAL", data_source_format="DELTA", columns=columns,
                          storage_location="s3://bucket/warehouse/orders/",
                          comment="all the orders", properties={"delta.appendOnly": "false"})
    before = int(time.time() * 1000)
    created = await tables.create_table(request)
    got = await tables.get_table("fed.sales.orders")
    expect_equal(got, created, "get_table equals create_table's answer")
    for key in ["name", "catalog_name", "schema_name", "table_type", "data_source_format",
                "comment", "properties"]:
        expect_equal(getattr(got, key), getattr(request, key), "table " + key)
    expect_equal(got.storage_location, "s3://bucket/warehouse/orders", "normalized location")
    expect(is_uuid(got.table_id), "table_id is a UUID: %r" % got.table_id)
    expect(before <= got.created_at == got.updated_at <= int(time.time() * 1000) + 1,
           "created_at/updated_at are epoch ms of the create")
    expect_equal(len(got.columns), len(columns), "column count")
    for sent, back in zip(columns, got.columns):
        for key in sorted(COLUMN_KEYS):
            expect_equal(getattr(back, key), getattr(sent, key), "column %s %s" % (sent.name, key))
    ok("create/get table: every TableInfo and ColumnInfo field round-trips (%d columns: %s)"
       % (len(columns), ", ".join(c.type_text for c in columns)))

    raw = await raw_json(await tables.get_table_without_preload_content("fed.sales.orders"))
    expect_equal(set(raw), TABLE_KEYS, "TableInfo JSON keys")
    expect(all(set(c) == COLUMN_KEYS for c in raw["columns"]), "ColumnInfo JSON keys")
    expect(isinstance(raw["columns"][9]["type_json"], str), "type_json is a JSON string")
    expect_equal(json.loads(raw["columns"][9]["type_json"])["type"]["fields"][1]["name"], "y",
                 "nested struct field inside type_json")
    expect_equal(raw["columns"][0]["partition_index"], None, "unset fields are null")
    ok("raw TableInfo/ColumnInfo JSON has exactly all.yaml's keys, nulls included")

    upper = column(0, "u", "STRING", "STRING", "string")
    lowered = await tables.create_table(CreateTable(
        name="lowered", catalog_name="fed", schema_name="sales", table_type="EXTERNAL",
        data_source_format="PARQUET", columns=[upper], storage_location="/tmp/uc/lowered"))
    expect_equal(lowered.columns[0].type_text, "string", "type_text is stored lower-cased")
    expect_equal(lowered.storage_location, "file:///tmp/uc/lowered", "a bare path becomes file://")
    ok("type_text lower-cased and bare paths become file:// as the reference server does")

    await expect_error(tables.create_table(request), BadRequestException, 400,
                       "TABLE_ALREADY_EXISTS", "create_table twice")
    mismatched = column(0, "a", "INT", "int", "integer")
    mismatched.type_json = json.dumps(field("b", "integer"))
    for what, bad in [
            ("type_json naming another column", mismatched),
            ("type_json with a non-Delta primitive", column(0, "a", "CHAR", "char(3)", "char(3)")),
            ("no type_json", ColumnInfo(name="a", type_name="INT", type_text="int", position=0))]:
        await expect_error(tables.create_table(CreateTable(
            name="bad", catalog_name="fed", schema_name="sales", table_type="EXTERNAL",
            data_source_format="DELTA", columns=[bad], storage_location="s3://b/bad")),
            BadRequestException, 400, "INVALID_ARGUMENT", "create_table with " + what)
    await expect_error(tables.create_table(CreateTable(
        name="t", catalog_name="fed", schema_name="nope", table_type="EXTERNAL",
        data_source_format="DELTA", columns=[], storage_location="s3://b/t")),
        NotFoundException, 404, "SCHEMA_NOT_FOUND", "create_table in a missing schema")

    for i in range(5):
        await tables.create_table(CreateTable(
            name="t%d" % i, catalog_name="fed", schema_name="sales", table_type="EXTERNAL",
            data_source_format="DELTA", columns=[column(0, "v", "LONG", "bigint", "long")],
            storage_location="s3://bucket/t%d" % i))
    names, token, pages = [], None, 0
    while True:
        page = await tables.list_tables(catalog_name="fed", schema_name="sales", max_results=3,
                                        page_token=token)
        pages += 1
        names += [t.name for t in page.tables]
        token = page.next_page_token
        if not token:
            break
    expect_equal(names, ["lowered", "orders", "t0", "t1", "t2", "t3", "t4"], "tables over pages")
    expect_equal(pages, 3, "table pages for 7 tables at 3 a page")
    listed = await tables.list_tables(catalog_name="fed", schema_name="sales")
    expect_equal([t for t in listed.tables if t.name == "orders"][0], got,
                 "a listed table equals get_table")
    ok("list_tables pages by name (max_results=3: 3 pages) with full TableInfo")

    await tables.delete_table("fed.sales.orders")
    await expect_error(tables.get_table("fed.sales.orders"), NotFoundException, 404,
                       "TABLE_NOT_FOUND", "get_table after delete_table")
    await expect_error(tables.delete_table("fed.sales.orders"), NotFoundException, 404,
                       "TABLE_NOT_FOUND", "delete_table twice")
    await expect_error(tables.get_table("fed.sales"), BadRequestException, 400,
                       "INVALID_ARGUMENT", "get_table of a two-part name")

    schemas, catalogs = SchemasApi(api), CatalogsApi(api)
    await expect_error(schemas.delete_schema("fed.sales"), BadRequestException, 400,
                       "FAILED_PRECONDITION", "delete_schema with tables, no force")
    await expect_error(catalogs.delete_catalog("fed"), BadRequestException, 400,
                       "FAILED_PRECONDITION", "delete_catalog with schemas, no force")
    await catalogs.delete_catalog("fed", force=True)
    await expect_error(catalogs.get_catalog("fed"), NotFoundException, 404, "CATALOG_NOT_FOUND",
                       "get_catalog after delete_catalog(force=True)")
    await expect_error(tables.get_table("fed.sales.t0"), NotFoundException, 404,
                       "CATALOG_NOT_FOUND", "get_table under a deleted catalog")


async def check_seed():
    seed = {"catalogs": [{"name": "seeded", "comment": "from a file", "schemas": [
        {"name": "s", "tables": [{"name": "events", "comment": "seeded table", "columns": [
            {"name": "id", "type_name": "LONG", "nullable": False},
            {"name": "amount", "type_name": "DECIMAL", "type_precision": 18, "type_scale": 4},
            {"name": "attrs", "type_name": "MAP", "type_text": "map<string,string>",
             "type_json": json.dumps(field("attrs", {"type": "map", "keyType": "string",
                                                     "valueType": "string",
                                                     "valueContainsNull": True}))}]}]}]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(seed, handle)
    try:
        with Server("--token", TOKEN, "--seed", handle.name) as host:
            async with client(host) as api:
                table = await TablesApi(api).get_table("seeded.s.events")
                expect_equal([(c.name, c.type_name.value, c.type_text, c.position, c.nullable)
                              for c in table.columns],
                             [("id", "LONG", "bigint", 0, False),
                              ("amount", "DECIMAL", "decimal(18,4)", 1, True),
                              ("attrs", "MAP", "map<string,string>", 2, True)],
                             "seeded columns")
                expect_equal(json.loads(table.columns[1].type_json)["type"], "decimal(18,4)",
                             "seeded decimal type_json")
                expect_equal((await CatalogsApi(api).get_catalog("seeded")).comment,
                             "from a file", "seeded catalog comment")
    finally:
        os.unlink(handle.name)
    ok("--seed loads catalogs, schemas and tables (defaults filled: position, type_text, type_json)")


async def check_delay():
    with Server("--delay-ms", "400") as host:
        async with ApiClient(Configuration(host=host)) as api:
            started = time.monotonic()
            await CatalogsApi(api).list_catalogs()
            expect(time.monotonic() - started >= 0.4, "--delay-ms 400 delays the answer")
            try:
                await CatalogsApi(api).list_catalogs(_request_timeout=0.1)
                raise CheckFailed("a 0.1 s _request_timeout did not fire against --delay-ms 400")
            except asyncio.TimeoutError:
                pass
    ok("--delay-ms delays every answer (the client's _request_timeout=0.1 fires)")


async def run():
    with Server("--token", TOKEN) as host:
        await check_auth(host)
        async with client(host) as api:
            await check_catalogs(api)
            await check_schemas(api)
            await check_tables(api)
    await check_seed()
    await check_delay()


def main():
    try:
        asyncio.run(run())
    except CheckFailed as failure:
        print("FAIL " + str(failure), flush=True)
        sys.exit(1)
    except ApiException as exc:
        print("FAIL unexpected %s %s: %s" % (type(exc).__name__, exc.status, exc.body), flush=True)
        sys.exit(1)
    print("all Unity Catalog server checks passed", flush=True)


if __name__ == "__main__":
    main()
