#!/usr/bin/env python3
"""A small in-memory Unity Catalog server for the federation tests.

Why: the Swift federation code reads catalogs, schemas and tables from Unity Catalog, and its
tests need a server that answers like the real one without a JVM. This one is written from
Unity Catalog's published OpenAPI description (api/all.yaml: CatalogInfo, SchemaInfo, TableInfo,
ColumnInfo, the List*Response and Create* bodies) and from the reference server's behaviour:

* every field of an *Info object is present in a response, null when unset (the reference server
  serialises nulls); properties is {} and columns is [] when empty;
* lists are in ascending name order; the page token is the last name of a full page, and a
  page shorter than the page size carries next_page_token null (page size: max_results, capped
  at 100; 0 or absent means 100; negative is INVALID_ARGUMENT);
* errors are {"error_code": CODE, "message": ..., "details": [{"@type":
  "type.googleapis.com/google.rpc.ErrorInfo", "reason": CODE}]} with the reference server's
  codes and statuses: CATALOG_/SCHEMA_/TABLE_NOT_FOUND 404, CATALOG_/SCHEMA_/TABLE_ALREADY_EXISTS
  400 (not 409: the reference server keeps 400 for these), INVALID_ARGUMENT 400,
  FAILED_PRECONDITION 400 (deleting a non-empty catalog or schema without force),
  UNAUTHENTICATED 401;
* a successful DELETE answers 200 with the text/plain body "200 OK";
* column type_json must be a Spark StructField JSON whose name (and nullable, when given)
  matches the column; for DELTA tables its type is checked against Delta's primitive set;
  type_text is stored lower-cased.

Deliberate simplifications: no staging-table step for MANAGED tables (a MANAGED DELTA table needs
a storage_location in the request), no update/PATCH, no grants, and owner/created_by/updated_by are
the --principal value (null by default, as the reference server has without authorization).

Usage:
    python3 unity_catalog_server.py --port 0 [--token TOKEN] [--seed FILE.json] [--delay-ms N]
                                    [--principal EMAIL]

Prints exactly one line, "unity-catalog listening on http://127.0.0.1:PORT", once listening.
The API lives under /api/2.1/unity-catalog.
"""

import argparse
import json
import re
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

BASE_PATH = "/api/2.1/unity-catalog"
DEFAULT_PAGE_SIZE = 100  # the reference server's PagedListingHelper.DEFAULT_PAGE_SIZE

# Field order as in all.yaml; every field is emitted, null when unset.
CATALOG_FIELDS = ["name", "comment", "properties", "owner", "created_at", "created_by",
                  "updated_at", "updated_by", "id", "storage_root", "storage_location"]
SCHEMA_FIELDS = ["name", "catalog_name", "comment", "properties", "full_name", "owner",
                 "created_at", "created_by", "updated_at", "updated_by", "schema_id",
                 "storage_root", "storage_location"]
TABLE_FIELDS = ["name", "catalog_name", "schema_name", "table_type", "data_source_format",
                "columns", "storage_location", "comment", "properties", "owner", "created_at",
                "created_by", "updated_at", "updated_by", "table_id", "view_definition",
                "view_dependencies"]
COLUMN_FIELDS = ["name", "type_text", "type_json", "type_name", "type_precision", "type_scale",
                 "type_interval_type", "position", "comment", "nullable", "partition_index"]

COLUMN_TYPE_NAMES = {"BOOLEAN", "BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DATE",
                     "TIMESTAMP", "TIMESTAMP_NTZ", "STRING", "BINARY", "DECIMAL", "INTERVAL",
                     "ARRAY", "STRUCT", "MAP", "VARIANT", "CHAR", "NULL", "USER_DEFINED_TYPE",
                     "TABLE_TYPE"}
TABLE_TYPES = {"MANAGED", "EXTERNAL", "STREAMING_TABLE", "MATERIALIZED_VIEW", "METRIC_VIEW", "VIEW"}
DATA_SOURCE_FORMATS = {"DELTA", "CSV", "JSON", "AVRO", "PARQUET", "ORC", "TEXT"}
# Delta protocol primitives, as the reference server accepts them in a DELTA table's type_json.
DELTA_PRIMITIVES = {"boolean", "byte", "short", "integer", "long", "float", "double", "date",
                    "timestamp", "timestamp_ntz", "string", "binary", "variant"}
DECIMAL_TYPE = re.compile(r"decimal\((\d+),\s*(\d+)\)")
VALID_NAME = re.compile(r"[a-zA-Z0-9_@-]+")
STORAGE_SCHEMES = {"s3", "gs", "abfs", "abfss", "file"}
CLOUD_SCHEMES = {"s3", "gs", "abfs", "abfss"}


class ApiError(Exception):
    """An error answered as Unity Catalog's error body."""

    STATUS = {"INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "NOT_FOUND": 404,
              "CATALOG_NOT_FOUND": 404, "SCHEMA_NOT_FOUND": 404, "TABLE_NOT_FOUND": 404,
              "CATALOG_ALREADY_EXISTS": 400, "SCHEMA_ALREADY_EXISTS": 400,
              "TABLE_ALREADY_EXISTS": 400, "UNAUTHENTICATED": 401, "PERMISSION_DENIED": 403,
              "UNIMPLEMENTED": 501, "INTERNAL": 500}

    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or self.STATUS[code]

    def body(self):
        return {"error_code": self.code, "message": self.message,
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": self.code}]}


def invalid(message):
    return ApiError("INVALID_ARGUMENT", message)


def now_ms():
    return int(time.time() * 1000)


def shaped(obj, fields):
    """The object with exactly the given fields, in order, missing ones as null."""
    return {name: obj.get(name) for name in fields}


def validate_name(name):
    """The reference server's ValidationUtils.validateSqlObjectName."""
    if not isinstance(name, str) or name == "":
        raise invalid("Name cannot be empty")
    if len(name) > 255:
        raise invalid("Name cannot be longer than 255 characters")
    if not VALID_NAME.fullmatch(name):
        raise invalid("Name cannot contain a period, space, forward-slash, or control characters")


def normalize_url(path):
    """A reduced NormalizedURL: a bare path becomes file://, trailing slashes go."""
    if not isinstance(path, str) or path.strip() == "":
        raise invalid("Path cannot be null or empty")
    if "/" not in path:
        raise invalid("Ambiguous path: " + path)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", path)
    if match is None:
        if not path.startswith("/"):
            raise invalid("Unsupported path: " + path)
        return "file://" + ("/" + path.strip("/") if path.strip("/") else "/")
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme not in STORAGE_SCHEMES:
        raise invalid("Unsupported URI scheme: " + scheme)
    if scheme == "file":
        stripped = rest.lstrip("/").rstrip("/")
        return "file:///" + stripped
    stripped = path.rstrip("/")
    return stripped if not stripped.endswith(":/") else path


def is_cloud_root(url):
    match = re.match(r"([a-z]+)://[^/]*(/.*)?$", url)
    return bool(match and match.group(1) in CLOUD_SCHEMES and not (match.group(2) or "").strip("/"))


def check_string_map(value, what):
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in value.items()):
        raise invalid(what + " must be an object of string values")
    return dict(value)


def check_optional_string(body, key):
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise invalid(key + " must be a string")
    return value


def check_optional_int(col, key):
    value = col.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise invalid(key + " must be an integer")
    return value


# --- type_json (Spark StructField JSON) validation -------------------------------------------

def require(value, path):
    if value is None:
        raise invalid(path + " is required.")


def validate_delta_type(data_type, path):
    """Delta's wire shape: a primitive name or "decimal(p,s)" string, or an array/map/struct
    object with Spark's camelCase keys (elementType, containsNull, keyType, valueType,
    valueContainsNull, fields)."""
    require(data_type, path)
    if isinstance(data_type, str):
        decimal = DECIMAL_TYPE.fullmatch(data_type)
        if decimal:
            precision, scale = int(decimal.group(1)), int(decimal.group(2))
            if precision > 38:
                raise invalid("%s.precision must be in [0, 38], got %d." % (path, precision))
            if scale > precision:
                raise invalid("%s.scale must be in [0, precision=%d], got %d."
                              % (path, precision, scale))
            return
        if data_type not in DELTA_PRIMITIVES:
            raise invalid("%s: Unsupported Delta primitive type: %s" % (path, data_type))
        return
    if not isinstance(data_type, dict):
        raise invalid(path + " must be a type name or a type object")
    kind = data_type.get("type")
    if kind == "array":
        require(data_type.get("elementType"), path + ".element-type")
        require(data_type.get("containsNull"), path + ".contains-null")
        validate_delta_type(data_type["elementType"], path + ".element-type")
    elif kind == "map":
        require(data_type.get("keyType"), path + ".key-type")
        require(data_type.get("valueType"), path + ".value-type")
        require(data_type.get("valueContainsNull"), path + ".value-contains-null")
        validate_delta_type(data_type["keyType"], path + ".key-type")
        validate_delta_type(data_type["valueType"], path + ".value-type")
    elif kind == "struct":
        fields = data_type.get("fields")
        require(fields, path + ".fields")
        if not isinstance(fields, list) or not fields:
            raise invalid(path + ".fields must contain at least one field.")
        seen = set()
        for index, field in enumerate(fields):
            field_path = "%s.fields[%d]" % (path, index)
            validate_struct_field(field, field_path, deep=True)
            if field["name"].lower() in seen:
                raise invalid("Duplicate field name (case-insensitive) in %s: %s"
                              % (field_path, field["name"]))
            seen.add(field["name"].lower())
    else:
        raise invalid("%s has an unknown type %r" % (path, kind))


def validate_struct_field(field, path, deep):
    if not isinstance(field, dict):
        raise invalid(path + " must be an object")
    name = field.get("name")
    if not isinstance(name, str) or name.strip() == "":
        raise invalid(path + ".name is required.")
    require(field.get("type"), path + ".type")
    require(field.get("nullable"), path + ".nullable")
    require(field.get("metadata"), path + ".metadata")
    if deep:
        validate_delta_type(field["type"], path + ".type")


def validate_column(col, index, data_source_format):
    """One ColumnInfo of a create request, as the reference server checks and stores it."""
    if not isinstance(col, dict):
        raise invalid("columns[%d] must be an object" % index)
    name = col.get("name")
    label = name if isinstance(name, str) else "<unknown>"

    def bad_type_json(message):
        return invalid("Invalid type_json for column %s: %s" % (label, message))

    type_json = col.get("type_json")
    if not isinstance(type_json, str) or type_json == "":
        raise bad_type_json("Column %s has null/empty typeJson" % label)
    try:
        field = json.loads(type_json)
    except ValueError:
        raise bad_type_json("Failed to parse typeJson for column %s: %s" % (label, type_json))
    try:
        validate_struct_field(field, "type_json", deep=(data_source_format == "DELTA"))
    except ApiError as error:
        raise bad_type_json(error.message)
    if field["name"] != name:
        raise bad_type_json("field name %s does not match column name %s" % (field["name"], name))
    nullable = col.get("nullable", True)
    if nullable is None:
        nullable = True
    if not isinstance(nullable, bool):
        raise invalid("nullable of column %s must be a boolean" % label)
    if field["nullable"] != nullable:
        raise bad_type_json("field nullable %s does not match column nullable %s"
                            % (str(field["nullable"]).lower(), str(nullable).lower()))
    type_name = col.get("type_name")
    if type_name not in COLUMN_TYPE_NAMES:
        raise invalid("type_name of column %s must be one of ColumnTypeName, got %r"
                      % (label, type_name))
    type_text = col.get("type_text")
    if not isinstance(type_text, str) or type_text == "":
        raise invalid("type_text of column %s is required" % label)
    position = check_optional_int(col, "position")
    if position is None:
        raise invalid("position of column %s is required" % label)
    out = {key: col.get(key) for key in COLUMN_FIELDS}
    out.update(type_text=type_text.lower(), nullable=nullable, position=position)
    for key in ("type_precision", "type_scale", "partition_index"):
        out[key] = check_optional_int(col, key)
    for key in ("comment", "type_interval_type"):
        out[key] = check_optional_string(col, key)
    return out


# --- the catalog store -----------------------------------------------------------------------

class Store:
    """Catalogs -> schemas -> tables, keyed by name, guarded by one lock."""

    def __init__(self, principal=None):
        self.lock = threading.Lock()
        self.catalogs = {}  # name -> {"info": CatalogInfo, "schemas": {name: {...}}}
        self.principal = principal

    # paging, as PagedListingHelper does it
    @staticmethod
    def page(items, max_results, page_token):
        if max_results is not None and max_results < 0:
            raise invalid("maxResults must be greater than or equal to 0")
        size = min(max_results, DEFAULT_PAGE_SIZE) if max_results else DEFAULT_PAGE_SIZE
        names = sorted(n for n in items if page_token is None or n > page_token)[:size]
        token = names[-1] if names and len(names) >= size else None
        return [items[n] for n in names], token

    def stamp(self):
        at = now_ms()
        who = self.principal
        return {"owner": who, "created_at": at, "created_by": who, "updated_at": at,
                "updated_by": who}

    def catalog(self, name):
        entry = self.catalogs.get(name)
        if entry is None:
            raise ApiError("CATALOG_NOT_FOUND", "Catalog not found: " + str(name))
        return entry

    def schema(self, catalog_name, schema_name):
        entry = self.catalog(catalog_name)["schemas"].get(schema_name)
        if entry is None:
            raise ApiError("SCHEMA_NOT_FOUND",
                           "Schema not found: %s.%s" % (catalog_name, schema_name))
        return entry

    # catalogs
    def create_catalog(self, body):
        validate_name(body.get("name"))
        name = body["name"]
        info = {"name": name, "comment": check_optional_string(body, "comment"),
                "properties": check_string_map(body.get("properties"), "properties"),
                "id": str(uuid.uuid4())}
        info.update(self.stamp())
        root = check_optional_string(body, "storage_root")
        if root is not None:
            info["storage_root"] = normalize_url(root)
            info["storage_location"] = "%s/__unitystorage/catalogs/%s" % (info["storage_root"],
                                                                          info["id"])
        with self.lock:
            if name in self.catalogs:
                raise ApiError("CATALOG_ALREADY_EXISTS", "Catalog already exists: " + name)
            self.catalogs[name] = {"info": info, "schemas": {}}
        return shaped(info, CATALOG_FIELDS)

    def list_catalogs(self, max_results, page_token):
        with self.lock:
            entries, token = self.page(self.catalogs, max_results, page_token)
            return {"catalogs": [shaped(e["info"], CATALOG_FIELDS) for e in entries],
                    "next_page_token": token}

    def get_catalog(self, name):
        with self.lock:
            return shaped(self.catalog(name)["info"], CATALOG_FIELDS)

    def delete_catalog(self, name, force):
        with self.lock:
            entry = self.catalog(name)
            if entry["schemas"] and not force:
                raise ApiError("FAILED_PRECONDITION",
                               "Cannot delete catalog with schemas. Use force=true to force "
                               "deletion.")
            del self.catalogs[name]

    # schemas
    @staticmethod
    def split_schema_name(full_name):
        parts = full_name.split(".")
        if len(parts) != 2:
            raise invalid("Invalid schema full name: " + full_name)
        return parts

    def create_schema(self, body):
        validate_name(body.get("name"))
        name = body["name"]
        catalog_name = body.get("catalog_name")
        if not isinstance(catalog_name, str):
            raise invalid("catalog_name is required")
        info = {"name": name, "catalog_name": catalog_name,
                "comment": check_optional_string(body, "comment"),
                "properties": check_string_map(body.get("properties"), "properties"),
                "full_name": catalog_name + "." + name, "schema_id": str(uuid.uuid4())}
        info.update(self.stamp())
        root = check_optional_string(body, "storage_root")
        if root is not None:
            info["storage_root"] = normalize_url(root)
            info["storage_location"] = "%s/__unitystorage/schemas/%s" % (info["storage_root"],
                                                                         info["schema_id"])
        with self.lock:
            schemas = self.catalog(catalog_name)["schemas"]
            if name in schemas:
                raise ApiError("SCHEMA_ALREADY_EXISTS", "Schema already exists: " + name)
            schemas[name] = {"info": info, "tables": {}}
        return shaped(info, SCHEMA_FIELDS)

    def list_schemas(self, catalog_name, max_results, page_token):
        with self.lock:
            schemas = self.catalog(catalog_name)["schemas"]
            entries, token = self.page(schemas, max_results, page_token)
            return {"schemas": [shaped(e["info"], SCHEMA_FIELDS) for e in entries],
                    "next_page_token": token}

    def get_schema(self, full_name):
        catalog_name, schema_name = self.split_schema_name(full_name)
        with self.lock:
            return shaped(self.schema(catalog_name, schema_name)["info"], SCHEMA_FIELDS)

    def delete_schema(self, full_name, force):
        catalog_name, schema_name = self.split_schema_name(full_name)
        with self.lock:
            entry = self.schema(catalog_name, schema_name)
            if entry["tables"] and not force:
                raise ApiError("FAILED_PRECONDITION", "Cannot delete schema with tables")
            del self.catalogs[catalog_name]["schemas"][schema_name]

    # tables
    @staticmethod
    def split_table_name(full_name):
        parts = full_name.split(".")
        if len(parts) != 3:
            raise invalid("Invalid table name: " + full_name)
        return parts

    def build_table(self, body):
        """A TableInfo from a CreateTable body, checked as the reference server checks it."""
        validate_name(body.get("name"))
        for key in ("catalog_name", "schema_name"):
            if not isinstance(body.get(key), str):
                raise invalid(key + " is required")
        table_type = body.get("table_type")
        if table_type not in TABLE_TYPES:
            raise invalid("Unrecognized table type %s" % table_type)
        data_source_format = body.get("data_source_format")
        if data_source_format is not None and data_source_format not in DATA_SOURCE_FORMATS:
            raise invalid("Unrecognized data source format %s" % data_source_format)
        columns = body.get("columns")
        if not isinstance(columns, list):
            raise invalid("columns is required")
        checked = [validate_column(c, i, data_source_format) for i, c in enumerate(columns)]
        storage_location = check_optional_string(body, "storage_location")
        view_definition = check_optional_string(body, "view_definition")
        if table_type == "EXTERNAL":
            storage_location = normalize_url(storage_location)
            if is_cloud_root(storage_location):
                raise invalid("External table storage location must include a non-empty path "
                              "prefix: %s" % body.get("storage_location"))
        elif table_type == "MANAGED":
            if data_source_format != "DELTA":
                raise invalid("Managed table creation is only supported for Delta format.")
            storage_location = normalize_url(storage_location)
        elif table_type in ("VIEW", "METRIC_VIEW"):
            storage_location = None
            if not view_definition:
                raise invalid("view_definition is required for " +
                              ("view" if table_type == "VIEW" else "metric view"))
        else:
            raise invalid("%s creation is not supported yet." % table_type.replace("_", " "))
        info = {"name": body["name"], "catalog_name": body["catalog_name"],
                "schema_name": body["schema_name"], "table_type": table_type,
                "data_source_format": data_source_format, "columns": checked,
                "storage_location": storage_location,
                "comment": check_optional_string(body, "comment"),
                "properties": check_string_map(body.get("properties"), "properties"),
                "table_id": str(uuid.uuid4()), "view_definition": view_definition,
                "view_dependencies": body.get("view_dependencies")
                if table_type in ("VIEW", "METRIC_VIEW") else None}
        info.update(self.stamp())
        return info

    def add_table(self, info):
        with self.lock:
            tables = self.schema(info["catalog_name"], info["schema_name"])["tables"]
            if info["name"] in tables:
                raise ApiError("TABLE_ALREADY_EXISTS", "Table already exists: %s.%s.%s"
                               % (info["catalog_name"], info["schema_name"], info["name"]))
            tables[info["name"]] = info
        return self.render_table(info)

    def create_table(self, body):
        return self.add_table(self.build_table(body))

    @staticmethod
    def render_table(info, omit_columns=False, omit_properties=False):
        out = shaped(info, TABLE_FIELDS)
        out["columns"] = [] if omit_columns else [shaped(c, COLUMN_FIELDS) for c in info["columns"]]
        if omit_properties:
            out["properties"] = {}
        return out

    def list_tables(self, catalog_name, schema_name, max_results, page_token, omit_columns,
                    omit_properties):
        with self.lock:
            tables = self.schema(catalog_name, schema_name)["tables"]
            entries, token = self.page(tables, max_results, page_token)
            return {"tables": [self.render_table(e, omit_columns, omit_properties)
                               for e in entries],
                    "next_page_token": token}

    def table(self, full_name):
        catalog_name, schema_name, table_name = self.split_table_name(full_name)
        info = self.schema(catalog_name, schema_name)["tables"].get(table_name)
        if info is None:
            raise ApiError("TABLE_NOT_FOUND", "Table not found: " + full_name)
        return info

    def get_table(self, full_name):
        with self.lock:
            return self.render_table(self.table(full_name))

    def delete_table(self, full_name):
        with self.lock:
            info = self.table(full_name)
            del self.schema(info["catalog_name"], info["schema_name"])["tables"][info["name"]]

    # seeding
    def seed(self, document):
        """Loads {"catalogs":[{"name", "schemas":[{"name", "tables":[TableInfo-like]}]}]}.
        Tables go through the same checks as a create, after defaults: table_type EXTERNAL,
        data_source_format DELTA, a file:///tmp storage_location, column position = index,
        nullable true, type_text and type_json derived from type_name for scalar types."""
        for catalog in document.get("catalogs", []):
            created = self.create_catalog({k: v for k, v in catalog.items() if k != "schemas"})
            for schema in catalog.get("schemas", []):
                body = {k: v for k, v in schema.items() if k != "tables"}
                body["catalog_name"] = created["name"]
                self.create_schema(body)
                for table in schema.get("tables", []):
                    body = dict(table, catalog_name=created["name"], schema_name=schema["name"])
                    body.setdefault("table_type", "EXTERNAL")
                    body.setdefault("data_source_format", "DELTA")
                    if body["table_type"] in ("EXTERNAL", "MANAGED"):
                        body.setdefault("storage_location", "file:///tmp/unity-catalog-seed/%s/%s/%s"
                                        % (created["name"], schema["name"], body.get("name")))
                    body["columns"] = [seed_column(c, i)
                                       for i, c in enumerate(table.get("columns", []))]
                    info = self.build_table(body)
                    for key in ("table_id", "created_at", "updated_at", "owner", "created_by",
                                "updated_by"):
                        if key in table:
                            info[key] = table[key]
                    self.add_table(info)


SPARK_SCALAR_NAMES = {"INT": ("int", "integer"), "LONG": ("bigint", "long"),
                      "SHORT": ("smallint", "short"), "BYTE": ("tinyint", "byte")}


def seed_column(column, index):
    """Fills the defaults a hand-written seed column may leave out."""
    col = dict(column)
    col.setdefault("position", index)
    if col.get("nullable") is None:
        col["nullable"] = True
    type_name = col.get("type_name")
    text, spark = SPARK_SCALAR_NAMES.get(type_name, (str(type_name).lower(),) * 2)
    if type_name == "DECIMAL" and col.get("type_precision") is not None:
        text = spark = "decimal(%d,%d)" % (col["type_precision"], col.get("type_scale") or 0)
    col.setdefault("type_text", text)
    if "type_json" not in col and type_name not in ("ARRAY", "MAP", "STRUCT"):
        col["type_json"] = json.dumps({"name": col.get("name"), "type": spark,
                                       "nullable": col["nullable"], "metadata": {}})
    return col


# --- HTTP ------------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    """Routes /api/2.1/unity-catalog requests to the store."""

    protocol_version = "HTTP/1.1"
    server_version = "unity-catalog-test/1"

    def log_message(self, format, *args):  # quiet: the tests read stdout
        pass

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_PUT(self):
        self.dispatch("PUT")

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return raw

    def dispatch(self, method):
        raw = self.read_body()
        config = self.server.config
        if config.delay_ms:
            time.sleep(config.delay_ms / 1000.0)
        try:
            if config.token is not None:
                self.authenticate(config.token)
            status, body = self.route(method, raw)
            if body is None:
                self.send(200, b"200 OK", "text/plain; charset=utf-8")
            else:
                self.send(status, body)
        except ApiError as error:
            self.send(error.status, error.body())
        except Exception as error:  # answer like the server's INTERNAL, never a dropped socket
            self.send(500, ApiError("INTERNAL", "%s: %s" % (type(error).__name__, error)).body())

    def authenticate(self, token):
        header = self.headers.get("Authorization")
        if header is None or not header.startswith("Bearer "):
            raise ApiError("UNAUTHENTICATED", "No authorization found.")
        if header[len("Bearer "):] != token:
            raise ApiError("UNAUTHENTICATED", "Invalid access token.")

    def route(self, method, raw):
        url = urlsplit(self.path)
        if not url.path.startswith(BASE_PATH + "/"):
            raise ApiError("NOT_FOUND", "No such resource: " + url.path)
        parts = [unquote(p) for p in url.path[len(BASE_PATH) + 1:].split("/")]
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        store = self.server.store
        kind, rest = parts[0], parts[1:]
        if kind not in ("catalogs", "schemas", "tables") or len(rest) > 1 or rest == [""]:
            raise ApiError("NOT_FOUND", "No such resource: " + url.path)
        name = rest[0] if rest else None

        def body():
            try:
                value = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError as error:
                raise invalid("Malformed JSON body: %s" % error)
            if not isinstance(value, dict):
                raise invalid("The body must be a JSON object")
            return value

        if kind == "catalogs":
            if name is None and method == "GET":
                return 200, store.list_catalogs(int_param(query, "max_results"),
                                                query.get("page_token"))
            if name is None and method == "POST":
                return 200, store.create_catalog(body())
            if name is not None and method == "GET":
                return 200, store.get_catalog(name)
            if name is not None and method == "DELETE":
                store.delete_catalog(name, bool_param(query, "force"))
                return 200, None
        elif kind == "schemas":
            if name is None and method == "GET":
                return 200, store.list_schemas(required_param(query, "catalog_name"),
                                               int_param(query, "max_results"),
                                               query.get("page_token"))
            if name is None and method == "POST":
                return 200, store.create_schema(body())
            if name is not None and method == "GET":
                return 200, store.get_schema(name)
            if name is not None and method == "DELETE":
                store.delete_schema(name, bool_param(query, "force"))
                return 200, None
        else:
            if name is None and method == "GET":
                return 200, store.list_tables(required_param(query, "catalog_name"),
                                              required_param(query, "schema_name"),
                                              int_param(query, "max_results"),
                                              query.get("page_token"),
                                              bool_param(query, "omit_columns"),
                                              bool_param(query, "omit_properties"))
            if name is None and method == "POST":
                return 200, store.create_table(body())
            if name is not None and method == "GET":
                return 200, store.get_table(name)
            if name is not None and method == "DELETE":
                store.delete_table(name)
                return 200, None
        raise ApiError("UNIMPLEMENTED", "%s %s is not served by this test server"
                       % (method, url.path), status=405)


def required_param(query, key):
    value = query.get(key)
    if value is None:
        raise invalid("Mandatory parameter is missing: " + key)
    return value


def int_param(query, key):
    value = query.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise invalid("%s must be an integer, got %r" % (key, value))


def bool_param(query, key):
    value = query.get(key)
    if value is None or value == "":
        return False
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid("%s must be true or false, got %r" % (key, value))


def main(argv=None):
    parser = argparse.ArgumentParser(description="In-memory Unity Catalog test server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", help="require Authorization: Bearer TOKEN on every request")
    parser.add_argument("--seed", help="JSON file of catalogs/schemas/tables to load at start")
    parser.add_argument("--delay-ms", type=int, default=0, help="sleep before every answer")
    parser.add_argument("--principal", help="owner/created_by/updated_by of created objects")
    config = parser.parse_args(argv)

    store = Store(principal=config.principal)
    if config.seed:
        with open(config.seed, encoding="utf-8") as handle:
            document = json.load(handle)
        try:
            store.seed(document)
        except ApiError as error:
            sys.exit("unity-catalog: bad seed %s: %s %s" % (config.seed, error.code, error.message))

    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.store = store
    server.config = config
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("unity-catalog listening on http://%s:%d" % (config.host, server.server_address[1]),
          flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
