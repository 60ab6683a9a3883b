#!/usr/bin/env python3
"""Loopback stand-in for the AWS Glue Schema Registry, for the federation tests.

Runs moto's Glue backend behind werkzeug on 127.0.0.1 and prints exactly one
line on stdout once the socket is listening:

    glue listening on http://127.0.0.1:PORT

then serves until killed (SIGTERM/SIGINT), or with --exit-on-stdin-eof
until its stdin closes.  Request logs go to stderr (``--quiet`` silences
them).  Spawn it with the real interpreter (sys.executable, or
``python3 -c 'import sys; print(sys.executable)'``): under a pyenv shim
the pid you get is the shim's bash, and killing it orphans the server.

    python3 Tests/Federation/glue_server.py --port 0 [--seed FILE.json]
        [--delay-ms N] [--lenient-update-schema] [--quiet]
        [--exit-on-stdin-eof] [--verify-sigv4 ACCESS_KEY:SECRET]

Every request whose path does not start with /moto-api is handed to moto's
Glue app, whatever its Host or Authorization header says (plain moto server
would route an unsigned POST to S3).  POST /moto-api/reset wipes all state,
seeded data included.  Data lives in moto's default account 123456789012,
in the region of the request's SigV4 credential scope (us-east-1 when the
request is unsigned); the seed goes into the seed file's "region".

Seed file (all keys but names optional):

    {"region": "us-east-1",
     "registries": [
       {"name": "orders", "description": "...", "tags": {"k": "v"},
        "schemas": [
          {"name": "order-value", "dataFormat": "AVRO",
           "compatibility": "BACKWARD", "description": "...",
           "versions": ["<definition v1>", {"type": "record", ...}]}]}]}

A version is a string, or (AVRO/JSON) a JSON value that is serialised with
json.dumps.  The first version creates the schema, the rest are registered in
order.  A DISABLED schema with several versions is created as NONE and
switched to DISABLED after its versions are in.

What moto 5.2.1 does and does not do (read from moto/glue/models.py,
responses.py, glue_schema_registry_utils.py and the response serializer):

* Implemented by moto: CreateRegistry, GetRegistry, ListRegistries,
  DeleteRegistry, CreateSchema, GetSchema, UpdateSchema, DeleteSchema,
  RegisterSchemaVersion, GetSchemaVersion, GetSchemaByDefinition,
  PutSchemaVersionMetadata.  NOT implemented: ListSchemas,
  ListSchemaVersions (500 NotImplementedError), and also
  DeleteSchemaVersions, CheckSchemaVersionValidity, UpdateRegistry,
  GetSchemaVersionsDiff, QuerySchemaVersionMetadata,
  RemoveSchemaVersionMetadata (not added here).
* Data formats: only AVRO, JSON, PROTOBUF are accepted.  AVRO and JSON
  definitions only have to parse as JSON (no Avro / JSON Schema validation);
  PROTOBUF is not parsed at all.
* Compatibility: CreateSchema accepts the 8 modes NONE, DISABLED, BACKWARD,
  BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL, FULL_ALL.  RegisterSchemaVersion
  enforces none of them, except that DISABLED rejects every new version
  (InvalidInputException).  Every new version is AVAILABLE at once (never
  PENDING or FAILURE).  Re-registering a definition already present returns
  the existing version (AVRO/JSON compared as parsed JSON, PROTOBUF as
  text).
* UpdateSchema in moto accepts any Compatibility string (even "BOGUS"),
  ignores SchemaVersionNumber (no checkpoint) and never touches
  UpdatedTime.  Replaced here (see below).
* GetRegistry / ListRegistries / GetSchema omit Status,
  CreatedTime, UpdatedTime; ListRegistries ignores MaxResults/NextToken.
  GetRegistry for "default-registry" before it exists is a 500 (KeyError).
  GetSchemaVersion's CreatedTime is Python's str(datetime):
  "2026-12-03 13:32:11.456089".  All replaced here.
* Responses are serialised through botocore's output shapes, so keys not in
  the AWS shape are dropped (e.g. Tags in ListRegistries).
* Error responses: 400 with body {"__type": "<Code>", "message": "..."} and
  header X-Amzn-ErrorType, but Content-Type is "application/json" (not
  application/x-amz-json-1.1) and a stray "status: 400" header is sent.
  Not-found is EntityNotFoundException; bad input InvalidInputException.
* Every response carries "Connection: close" (werkzeug dev server).
* Limits: 10 registries per account/region (CreateRegistry past that is
  ResourceNumberLimitExceededException), 1000 schemas and 1000 schema
  versions per account/region in total (not per schema).
* A schema with no RegistryId goes to "default-registry", created on the
  fly.

moto never verifies signatures: any Authorization header, or none, is
accepted (it only reads the region from the credential scope).  With
--verify-sigv4 ACCESS_KEY:SECRET this harness recomputes the SigV4
signature with botocore over the request as received (raw path and query,
the headers named in SignedHeaders, the body; service must be "glue") and
answers 403 InvalidSignatureException / MissingAuthenticationTokenException /
UnrecognizedClientException / IncompleteSignatureException otherwise.  No
clock-skew or expiry check.

What this harness adds or replaces (monkeypatched on moto's GlueResponse at
start-up; site-packages is not edited):

* ListSchemas, ListSchemaVersions, ListRegistries: AWS request/response
  shapes, MaxResults 1..100 defaulting to 25 (AWS API reference), opaque
  NextToken that only appears when another page exists.  Order: registries
  by name, schemas by (registry name, schema name), versions by
  VersionNumber ascending (AWS does not document an order; do not rely on
  it).  A token is bound to its operation and scope and resumes after the
  last key returned, so inserts/deletes between pages neither repeat nor
  skip the others.  Out-of-range MaxResults -> 400 ValidationException;
  malformed or foreign NextToken -> 400 InvalidInputException (the exact
  codes/messages AWS uses here are not documented; these are our choice).
* GetRegistry, ListRegistries, GetSchema, ListSchemas: Status / CreatedTime
  / UpdatedTime filled in.  Every timestamp string this server emits is
  ISO 8601 UTC with milliseconds, "2026-12-03T13:32:11.456Z" (AWS's
  exact string form is not documented; clients should not parse more than
  ISO 8601).
* UpdateSchema: Compatibility must be one of the 8 modes; per the AWS API
  reference "If the value for Compatibility is provided, the VersionNumber
  (a checkpoint) is also required" -- enforced (InvalidInputException)
  unless --lenient-update-schema.  SchemaVersionNumber
  {LatestVersion|VersionNumber} must name an existing version and becomes
  SchemaCheckpoint.  Response is AWS's {SchemaArn, SchemaName,
  RegistryName}.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
import io
import json
import logging
import re
import signal
import sys
import threading
import time
from datetime import datetime
from typing import Any, Callable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.glue import models as glue_models
from moto.glue.exceptions import (
    InvalidCompatibilityException,
    InvalidSchemaVersionNumberBothParamsProvidedException,
    InvalidSchemaVersionNumberNotProvidedException,
    RegistryNotFoundException,
    SchemaVersionNotFoundFromSchemaIdException,
)
from moto.glue.glue_schema_registry_utils import (
    validate_registry_id,
    validate_schema_id,
)
from moto.glue.responses import GlueResponse
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    create_backend_app,
)
from werkzeug.serving import make_server

COMPATIBILITY_MODES = (
    "NONE",
    "DISABLED",
    "BACKWARD",
    "BACKWARD_ALL",
    "FORWARD",
    "FORWARD_ALL",
    "FULL",
    "FULL_ALL",
)
DEFAULT_PAGE_SIZE = 25  # AWS: "If the value is not supplied, ... 25 per page"
MAX_PAGE_SIZE = 100  # AWS: MaxResults valid range 1..100
DELETING = "DELETING"

# Set from the command line before the server starts.
OPTIONS = {"lenient_update_schema": False}


# --------------------------------------------------------------------------
# errors


class _HarnessError(JsonRESTError):
    code = 400


def _validation_error(message: str) -> _HarnessError:
    return _HarnessError("ValidationException", message)


def _invalid_input(message: str) -> _HarnessError:
    return _HarnessError("InvalidInputException", message)


# --------------------------------------------------------------------------
# helpers


def _iso(moment: datetime | None) -> str | None:
    """moto keeps naive UTC datetimes; render them as 2026-12-03T13:32:11.456Z."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _encode_token(operation: str, scope: str, after: Any) -> str:
    raw = json.dumps({"op": operation, "scope": scope, "after": after}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def _decode_token(token: str, operation: str, scope: str) -> Any:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8"))
    except (binascii.Error, UnicodeError, ValueError):
        raise _invalid_input("NextToken is not valid.")
    if not isinstance(data, dict) or data.get("op") != operation or data.get("scope") != scope:
        raise _invalid_input("NextToken is not valid for this request.")
    return data.get("after")


def _paginate(
    response: GlueResponse,
    operation: str,
    scope: str,
    items: list[Any],
    key: Callable[[Any], Any],
) -> tuple[list[Any], str | None]:
    """items must already be sorted by key; returns (page, next_token)."""
    max_results = response._get_param("MaxResults")
    if max_results is None:
        max_results = DEFAULT_PAGE_SIZE
    if isinstance(max_results, bool) or not isinstance(max_results, int):
        raise _validation_error("1 validation error detected: Value at 'maxResults' must be an integer")
    if not 1 <= max_results <= MAX_PAGE_SIZE:
        raise _validation_error(
            f"1 validation error detected: Value '{max_results}' at 'maxResults' failed to satisfy "
            f"constraint: Member must have value {'greater than or equal to 1' if max_results < 1 else 'less than or equal to 100'}"
        )
    token = response._get_param("NextToken")
    if token:
        after = _decode_token(token, operation, scope)
        if isinstance(after, list):
            after = tuple(after)
        try:
            items = [item for item in items if key(item) > after]
        except TypeError:
            raise _invalid_input("NextToken is not valid for this request.")
    page = items[:max_results]
    next_token = None
    if len(items) > max_results:
        last = key(page[-1])
        next_token = _encode_token(operation, scope, list(last) if isinstance(last, tuple) else last)
    return page, next_token


def _registry_dict(registry: Any) -> dict[str, Any]:
    return {
        "RegistryName": registry.name,
        "RegistryArn": registry.registry_arn,
        "Description": registry.description,
        "Status": registry.status,
        "CreatedTime": _iso(registry.created_time),
        "UpdatedTime": _iso(registry.updated_time),
    }


def _existing_registry(backend: Any, registry_id: dict[str, Any] | None) -> Any:
    name = validate_registry_id(registry_id or {}, backend.registries)
    registry = backend.registries.get(name)
    if registry is None:  # only "default-registry" gets past validate_registry_id
        raise RegistryNotFoundException(resource="Registry", param_name="RegistryName", param_value=name)
    return registry


def _existing_schema(backend: Any, schema_id: dict[str, Any] | None) -> Any:
    registry_name, schema_name, _ = validate_schema_id(schema_id or {}, backend.registries)
    return backend.registries[registry_name].schemas[schema_name]


# --------------------------------------------------------------------------
# handlers patched onto GlueResponse (each is called with the GlueResponse)


def _get_registry(self: GlueResponse) -> ActionResult:
    registry = _existing_registry(self.glue_backend, self._get_param("RegistryId"))
    return ActionResult(_registry_dict(registry))


def _list_registries(self: GlueResponse) -> ActionResult:
    registries = sorted(
        (r for r in self.glue_backend.registries.values() if r.status != DELETING),
        key=lambda r: r.name,
    )
    page, next_token = _paginate(self, "ListRegistries", "*", registries, lambda r: r.name)
    result: dict[str, Any] = {"Registries": [_registry_dict(r) for r in page]}
    if next_token:
        result["NextToken"] = next_token
    return ActionResult(result)


def _get_schema(self: GlueResponse) -> ActionResult:
    schema = _existing_schema(self.glue_backend, self._get_param("SchemaId"))
    result = schema.as_dict()
    result["CreatedTime"] = _iso(schema.created_time)
    result["UpdatedTime"] = _iso(schema.updated_time)
    return ActionResult(result)


def _list_schemas(self: GlueResponse) -> ActionResult:
    backend = self.glue_backend
    registry_id = self._get_param("RegistryId")
    if registry_id:
        name = validate_registry_id(registry_id, backend.registries)
        registries = [backend.registries[name]] if name in backend.registries else []
        scope = "registry:" + name
    else:  # AWS: no RegistryId -> schemas across all registries
        registries = list(backend.registries.values())
        scope = "*"
    schemas = sorted(
        (s for r in registries for s in r.schemas.values() if s.schema_status != DELETING),
        key=lambda s: (s.registry_name, s.schema_name),
    )
    page, next_token = _paginate(self, "ListSchemas", scope, schemas, lambda s: (s.registry_name, s.schema_name))
    result: dict[str, Any] = {
        "Schemas": [
            {
                "RegistryName": s.registry_name,
                "SchemaName": s.schema_name,
                "SchemaArn": s.schema_arn,
                "Description": s.description,
                "SchemaStatus": s.schema_status,
                "CreatedTime": _iso(s.created_time),
                "UpdatedTime": _iso(s.updated_time),
            }
            for s in page
        ]
    }
    if next_token:
        result["NextToken"] = next_token
    return ActionResult(result)


def _list_schema_versions(self: GlueResponse) -> ActionResult:
    schema = _existing_schema(self.glue_backend, self._get_param("SchemaId"))
    versions = sorted(
        (v for v in schema.schema_versions.values() if v.schema_version_status != DELETING),
        key=lambda v: v.version_number,
    )
    page, next_token = _paginate(self, "ListSchemaVersions", schema.schema_arn, versions, lambda v: v.version_number)
    result: dict[str, Any] = {
        "Schemas": [
            {
                "SchemaArn": v.schema_arn,
                "SchemaVersionId": v.schema_version_id,
                "VersionNumber": v.version_number,
                "Status": v.schema_version_status,
                "CreatedTime": _iso(v.created_time),
            }
            for v in page
        ]
    }
    if next_token:
        result["NextToken"] = next_token
    return ActionResult(result)


def _get_schema_version(self: GlueResponse) -> ActionResult:
    backend = self.glue_backend
    result = backend.get_schema_version(
        self._get_param("SchemaId"),
        self._get_param("SchemaVersionId"),
        self._get_param("SchemaVersionNumber"),
    )
    # moto renders CreatedTime with str(datetime); find the version for the real value.
    registry_name, schema_name = result["SchemaArn"].split(":schema/", 1)[1].split("/", 1)
    version = backend.registries[registry_name].schemas[schema_name].schema_versions[result["SchemaVersionId"]]
    result["CreatedTime"] = _iso(version.created_time)
    return ActionResult(result)


def _update_schema(self: GlueResponse) -> ActionResult:
    schema = _existing_schema(self.glue_backend, self._get_param("SchemaId"))
    compatibility = self._get_param("Compatibility")
    description = self._get_param("Description")
    version_number = self._get_param("SchemaVersionNumber")

    if compatibility is None and description is None and version_number is None:
        raise _invalid_input("One of Compatibility, Description or SchemaVersionNumber is required.")
    if compatibility is not None and compatibility not in COMPATIBILITY_MODES:
        raise InvalidCompatibilityException()
    if compatibility is not None and version_number is None and not OPTIONS["lenient_update_schema"]:
        raise _invalid_input("SchemaVersionNumber (checkpoint) is required when Compatibility is provided.")

    checkpoint = None
    if version_number is not None:
        latest = version_number.get("LatestVersion")
        number = version_number.get("VersionNumber")
        if latest and number is not None:
            raise InvalidSchemaVersionNumberBothParamsProvidedException()
        if not latest and number is None:
            raise InvalidSchemaVersionNumberNotProvidedException()
        checkpoint = schema.latest_schema_version if latest else number
        if not any(
            v.version_number == checkpoint and v.schema_version_status != DELETING
            for v in schema.schema_versions.values()
        ):
            raise SchemaVersionNotFoundFromSchemaIdException(
                schema.registry_name, schema.schema_name, schema.schema_arn, str(number), str(latest)
            )

    if checkpoint is not None:
        schema.schema_checkpoint = checkpoint
    if compatibility is not None:
        schema.compatibility = compatibility
    if description is not None:
        schema.description = description
    schema.updated_time = utcnow()
    return ActionResult(
        {"SchemaArn": schema.schema_arn, "SchemaName": schema.schema_name, "RegistryName": schema.registry_name}
    )


def install_patches() -> None:
    GlueResponse.get_registry = _get_registry
    GlueResponse.list_registries = _list_registries
    GlueResponse.get_schema = _get_schema
    GlueResponse.list_schemas = _list_schemas
    GlueResponse.list_schema_versions = _list_schema_versions
    GlueResponse.get_schema_version = _get_schema_version
    GlueResponse.update_schema = _update_schema


# --------------------------------------------------------------------------
# seeding (straight into the backend, before the socket opens)


def _definition_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def seed(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    region = document.get("region", "us-east-1")
    backend = glue_models.glue_backends[DEFAULT_ACCOUNT_ID][region]
    for registry in document.get("registries", []):
        name = registry["name"]
        if name not in backend.registries:
            backend.create_registry(name, registry.get("description"), registry.get("tags"))
        for schema in registry.get("schemas", []):
            versions = [_definition_text(v) for v in schema.get("versions", [])]
            if not versions:
                raise SystemExit(f"seed: schema {schema.get('name')!r} needs at least one version")
            compatibility = schema.get("compatibility", "BACKWARD")
            create_as = "NONE" if compatibility == "DISABLED" and len(versions) > 1 else compatibility
            backend.create_schema(
                {"RegistryName": name},
                schema["name"],
                schema.get("dataFormat", "AVRO"),
                create_as,
                versions[0],
                schema.get("description"),
                schema.get("tags"),
            )
            schema_id = {"RegistryName": name, "SchemaName": schema["name"]}
            for definition in versions[1:]:
                backend.register_schema_version(schema_id, definition)
            if create_as != compatibility:
                backend.registries[name].schemas[schema["name"]].compatibility = compatibility


# --------------------------------------------------------------------------
# optional SigV4 verification (moto itself never checks signatures)

AUTH_PATTERN = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
    r"SignedHeaders=([a-z0-9;._-]+), Signature=([0-9a-f]{64})$"
)


def _auth_failure(status: str, error_type: str, message: str, start_response: Callable[..., Any]) -> list[bytes]:
    body = json.dumps({"__type": error_type, "message": message}).encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amzn-ErrorType", error_type),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]


def _verify_sigv4(environ: dict[str, Any], body: bytes, keys: dict[str, str], start_response: Callable[..., Any]):
    """None when the request is signed correctly for service glue, else the 403 response."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    authorization = environ.get("HTTP_AUTHORIZATION", "")
    if not authorization:
        return _auth_failure("403 Forbidden", "MissingAuthenticationTokenException", "Missing Authentication Token", start_response)
    match = AUTH_PATTERN.match(authorization)
    if not match:
        return _auth_failure("403 Forbidden", "IncompleteSignatureException", "Authorization header is malformed.", start_response)
    access_key, day, region, service, signed, signature = match.groups()
    if access_key not in keys:
        return _auth_failure("403 Forbidden", "UnrecognizedClientException", "The security token included in the request is invalid.", start_response)
    amz_date = environ.get("HTTP_X_AMZ_DATE", "")
    names = signed.split(";")
    if service != "glue" or not amz_date.startswith(day) or "host" not in names or "x-amz-date" not in names:
        return _auth_failure("403 Forbidden", "InvalidSignatureException", "Credential scope or signed headers are not valid for glue.", start_response)

    headers = {}
    for name in names:
        key = "HTTP_" + name.upper().replace("-", "_")
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        headers[name] = environ.get(key, "")
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
    request = AWSRequest(method=environ["REQUEST_METHOD"], url=f"http://{headers['host']}{raw_uri}", headers=headers, data=body)
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(access_key, keys[access_key], environ.get("HTTP_X_AMZ_SECURITY_TOKEN")), service, region)
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    if not hmac.compare_digest(expected, signature):
        return _auth_failure(
            "403 Forbidden",
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method.",
            start_response,
        )
    return None


# --------------------------------------------------------------------------
# WSGI app and main


def build_app(delay_seconds: float, keys: dict[str, str] | None = None) -> Callable[..., Any]:
    glue_app = create_backend_app("glue")
    moto_api = DomainDispatcherApplication(create_backend_app)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if delay_seconds > 0:
            time.sleep(delay_seconds)
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return moto_api(environ, start_response)
        if keys:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            refused = _verify_sigv4(environ, body, keys, start_response)
            if refused is not None:
                return refused
        return glue_app(environ, start_response)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", metavar="FILE.json", help="registries/schemas/versions to create at start-up")
    parser.add_argument("--delay-ms", type=int, default=0, help="sleep this long before handling every request")
    parser.add_argument(
        "--lenient-update-schema",
        action="store_true",
        help="accept UpdateSchema with Compatibility but no SchemaVersionNumber (moto's behaviour)",
    )
    parser.add_argument(
        "--verify-sigv4",
        metavar="ACCESS_KEY:SECRET",
        action="append",
        default=[],
        help="refuse (403) Glue requests not SigV4-signed for service glue with this key pair (repeatable)",
    )
    parser.add_argument("--quiet", action="store_true", help="no request log on stderr")
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="also stop when stdin reaches EOF (the spawning test died or closed the pipe)",
    )
    args = parser.parse_args(argv)

    OPTIONS["lenient_update_schema"] = args.lenient_update_schema
    install_patches()
    if args.seed:
        seed(args.seed)
    if args.quiet:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    keys = dict(pair.split(":", 1) for pair in args.verify_sigv4)
    server = make_server(args.host, args.port, build_app(args.delay_ms / 1000.0, keys), threaded=True)

    def stop(signum: int, frame: Any) -> None:
        # shutdown() waits for serve_forever to return, so not from its own thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.exit_on_stdin_eof:

        def watch_stdin() -> None:
            while sys.stdin.buffer.read(4096):
                pass
            server.shutdown()

        threading.Thread(target=watch_stdin, daemon=True).start()

    host, port = server.server_address[:2]
    print(f"glue listening on http://{host}:{port}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
