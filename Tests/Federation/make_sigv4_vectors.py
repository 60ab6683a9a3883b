#!/usr/bin/env python3
"""Writes Tests/FederationTests/Fixtures/sigv4-botocore.json: SigV4 test
vectors produced by botocore's own signer, for the Swift SigV4 implementation.

    python3 Tests/Federation/make_sigv4_vectors.py [--out PATH] [--check]

Each vector is signed with botocore.auth.SigV4Auth (the class botocore's
Glue client uses: signatureVersion "v4") at a fixed instant, by replacing
botocore.auth.get_current_datetime for the duration of the call.  The
canonical request and string to sign are the exact strings add_auth()
computed (recorded from inside the signer, not recomputed afterwards, which
would pick up the Authorization header).  The output is deterministic;
--check compares instead of writing and exits 1 on a difference.

Besides the vectors, "glue_client" records what a real boto3 Glue client
signs (which header names, whether it sends X-Amz-Content-SHA256), and the
script asserts that re-signing that captured request with SigV4Auth
reproduces the client's Authorization header.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
from typing import Any
from unittest import mock
from urllib.parse import quote, urlsplit

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "FederationTests", "Fixtures", "sigv4-botocore.json"))

AMZ_DATE = "20261203T120000Z"
FIXED_NOW = datetime.datetime(2026, 12, 3, 12, 0, 0)  # naive UTC, as botocore's own helper returns

# AWS's documentation example key pair; obviously not a live credential.
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//session+token/with=padding=="

GLUE_JSON = "application/x-amz-json-1.1"


class RecordingSigV4Auth(botocore.auth.SigV4Auth):
    """SigV4Auth that keeps the canonical request / string to sign it used."""

    canonical: str | None = None
    to_sign: str | None = None

    def canonical_request(self, request: AWSRequest) -> str:
        self.canonical = super().canonical_request(request)
        return self.canonical

    def string_to_sign(self, request: AWSRequest, canonical_request: str) -> str:
        self.to_sign = super().string_to_sign(request, canonical_request)
        return self.to_sign


def sigv4_query(pairs: list[tuple[str, str]]) -> str:
    """Query string encoded the SigV4 way (RFC 3986 unreserved kept), in the given order."""
    return "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)


def sign(
    method: str,
    url: str,
    headers: dict[str, str],
    body: str,
    region: str,
    service: str,
    token: str | None,
    params: list[tuple[str, str]] | None = None,
) -> tuple[AWSRequest, RecordingSigV4Auth]:
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body.encode("utf-8"), params=params or {})
    signer = RecordingSigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, token), service, region)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: FIXED_NOW):
        signer.add_auth(request)
    return request, signer


def vector(
    name: str,
    description: str,
    method: str,
    url: str,
    headers: dict[str, str],
    body: str = "",
    region: str = "us-east-1",
    service: str = "glue",
    token: str | None = None,
    query_pairs: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    request, signer = sign(method, url, headers, body, region, service, token)
    if query_pairs is not None:
        # The URL carries the query already SigV4-encoded, which botocore signs verbatim
        # (it does not re-encode a URL's query).  Signing the same pairs through
        # AWSRequest.params, where botocore does the encoding itself, must agree.
        base = url.split("?", 1)[0]
        assert url == base + "?" + sigv4_query(query_pairs), url
        via_params, other = sign(method, base, headers, body, region, service, token, params=query_pairs)
        assert other.canonical == signer.canonical, (other.canonical, signer.canonical)
        assert via_params.headers["Authorization"] == request.headers["Authorization"]

    added = {}
    for header in ["X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256", "Authorization"]:
        if header in request.headers and headers.get(header) != request.headers[header]:
            added[header] = request.headers[header]
    assert added["X-Amz-Date"] == AMZ_DATE
    assert ("X-Amz-Security-Token" in added) == (token is not None)
    assert "X-Amz-Content-SHA256" not in added, "plain SigV4Auth is not expected to add it"

    authorization = added["Authorization"]
    signed_headers = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    signature = authorization.rsplit("Signature=", 1)[1]
    return {
        "name": name,
        "description": description,
        "method": method,
        "url": url,
        "query_pairs": [list(pair) for pair in query_pairs] if query_pairs is not None else None,
        "headers": headers,
        "body": body,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "session_token": token,
        "region": region,
        "service": service,
        "amz_date": AMZ_DATE,
        "expected": {
            "added_headers": added,
            "signed_headers": signed_headers,
            "signature": signature,
            "payload_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
            "credential_scope": f"{AMZ_DATE[:8]}/{region}/{service}/aws4_request",
            "canonical_request": signer.canonical,
            "string_to_sign": signer.to_sign,
        },
    }


def build_vectors() -> list[dict[str, Any]]:
    create_registry = json.dumps({"RegistryName": "federation", "Description": "mirrored from Glue"}, separators=(",", ":"))
    get_version = json.dumps(
        {"SchemaId": {"RegistryName": "federation", "SchemaName": "orders-value"}, "SchemaVersionNumber": {"LatestVersion": True}},
        separators=(",", ":"),
    )
    list_schemas = json.dumps(
        {"RegistryId": {"RegistryName": "federation"}, "MaxResults": 25, "NextToken": "eyJvcCI6Ikxpc3RTY2hlbWFzIn0="},
        separators=(",", ":"),
    )
    query = [
        ("prefix", "orders/value schema"),
        ("Action", "ListThings"),
        ("tilde", "a~b"),
        ("equation", "a=b+c"),
        ("empty", ""),
        ("Action", "Another"),
        ("unicode", "café"),
    ]
    path_url = "https://glue.us-east-1.amazonaws.com/registries/" + quote("my registry", safe="") + "/schemas/" + quote("café ünïcode", safe="")

    return [
        vector(
            "glue-create-registry",
            "Glue JSON 1.1 POST as the federation client sends it. Host is not in the input headers: botocore "
            "signs the URL's host. User-Agent is sent but never signed (botocore's SIGNED_HEADERS_BLACKLIST).",
            "POST",
            "https://glue.us-east-1.amazonaws.com/",
            {"Content-Type": GLUE_JSON, "X-Amz-Target": "AWSGlue.CreateRegistry", "User-Agent": "swift-schema-registry/1.0"},
            create_registry,
        ),
        vector(
            "glue-session-token",
            "Temporary credentials: X-Amz-Security-Token is added before signing and is itself signed.",
            "POST",
            "https://glue.us-east-1.amazonaws.com/",
            {"Content-Type": GLUE_JSON, "X-Amz-Target": "AWSGlue.GetSchemaVersion"},
            get_version,
            token=SESSION_TOKEN,
        ),
        vector(
            "glue-loopback-port",
            "Against the moto stand-in on loopback over plain HTTP: the signed host keeps the non-default port.",
            "POST",
            "http://127.0.0.1:50123/",
            {"Content-Type": GLUE_JSON, "X-Amz-Target": "AWSGlue.ListRegistries"},
            "{}",
        ),
        vector(
            "empty-body",
            "POST with an empty body: payload hash is SHA-256 of the empty string.",
            "POST",
            "https://glue.us-east-1.amazonaws.com/",
            {"Content-Type": GLUE_JSON, "X-Amz-Target": "AWSGlue.ListRegistries"},
            "",
        ),
        vector(
            "get-query-encoding",
            "GET whose query needs encoding (space, '/', '~', '=', '+', UTF-8, empty value, repeated key). "
            "url carries the query encoded the SigV4 way (unreserved A-Z a-z 0-9 - _ . ~ kept, everything else "
            "%XX uppercase, space as %20 never '+'), in request order; the canonical query sorts by encoded key, "
            "then encoded value. query_pairs are the decoded pairs.",
            "GET",
            "https://glue.us-east-1.amazonaws.com/things?" + sigv4_query(query),
            {"X-Amz-Target": "AWSGlue.Example"},
            "",
            query_pairs=query,
        ),
        vector(
            "path-spaces-unicode",
            "Path with spaces and non-ASCII, sent percent-encoded once (UTF-8). For non-S3 services botocore "
            "encodes the path again for the canonical request, so '%20' appears as '%2520' there.",
            "GET",
            path_url,
            {"Accept": "application/json"},
            "",
        ),
        vector(
            "other-region-whitespace",
            "eu-central-1; a header value with leading, trailing and repeated inner spaces is trimmed and its runs "
            "collapsed to one space in the canonical headers (the value sent is unchanged).",
            "POST",
            "https://glue.eu-central-1.amazonaws.com/",
            {"Content-Type": GLUE_JSON, "X-Amz-Target": "AWSGlue.ListSchemas", "X-Custom-Note": "  two   spaces  here "},
            list_schemas,
            region="eu-central-1",
        ),
    ]


# --------------------------------------------------------------------------
# what the real boto3/botocore Glue client does


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        yield self._body


def glue_client_facts() -> dict[str, Any]:
    session = botocore.session.get_session()
    client = session.create_client(
        "glue", region_name="us-east-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        endpoint_url="https://glue.us-east-1.amazonaws.com",
    )
    captured: list[Any] = []

    def before_send(request: Any, **_: Any) -> AWSResponse:
        captured.append(request)
        return AWSResponse(request.url, 200, {"Content-Type": GLUE_JSON}, _Raw(b'{"Registries":[]}'))

    client.meta.events.register("before-send.glue.ListRegistries", before_send)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: FIXED_NOW):
        client.list_registries(MaxResults=5)
    sent = captured[0]
    # the prepared request botocore hands to before-send holds header values as bytes
    sent_headers = {k: v.decode("utf-8") if isinstance(v, bytes) else v for k, v in sent.headers.items()}
    authorization = sent_headers["Authorization"]
    signed = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]

    # Re-sign what the client sent (minus its own signature) with plain SigV4Auth.
    # Only what was there at signing time: the signed names minus the ones the signer adds itself
    # (headers such as amz-sdk-invocation-id are attached after signing).
    names = set(signed.split(";")) - {"host", "x-amz-date"}
    unsigned = {k: v for k, v in sent_headers.items() if k.lower() in names}
    body = sent.body.decode("utf-8") if isinstance(sent.body, bytes) else (sent.body or "")
    again, _ = sign(sent.method, sent.url, unsigned, body, "us-east-1", "glue", None)
    assert again.headers["Authorization"] == authorization, (again.headers["Authorization"], authorization)

    return {
        "botocore_version": botocore.__version__,
        "signature_version": client.meta.config.signature_version or session.get_service_model("glue").signature_version,
        "signer_class": "botocore.auth.SigV4Auth",
        "sends_x_amz_content_sha256": "X-Amz-Content-SHA256" in sent_headers,
        "signed_header_names": signed.split(";"),
        "sent_header_names": sorted(k.lower() for k in sent_headers),
        "unsigned_sent_header_names": sorted(
            k.lower() for k in sent_headers if k.lower() not in signed.split(";") and k != "Authorization"
        ),
        "note": "Headers in sent_header_names but not signed_header_names are attached after signing or "
        "excluded by the signer. Re-signing the captured request's signed headers with SigV4Auth reproduced "
        "the client's Authorization header.",
    }


def document() -> dict[str, Any]:
    return {
        "generator": "Tests/Federation/make_sigv4_vectors.py",
        "algorithm": "AWS4-HMAC-SHA256",
        "notes": [
            "headers: what goes into the signer; the request on the wire is these plus expected.added_headers "
            "(plus Host / Content-Length from the HTTP client, which are not inputs here).",
            "body is UTF-8; payload hash is hex SHA-256 of its bytes (over HTTP and HTTPS alike for SigV4Auth).",
            "Host is signed as the URL's netloc (port kept unless default). Headers never signed by botocore: "
            "connection, expect, keep-alive, proxy-authenticate, proxy-authorization, te, trailer, "
            "transfer-encoding, upgrade, user-agent, x-amzn-trace-id.",
            "X-Amz-Content-SHA256 is not added by SigV4Auth (only the S3 signers add it); Glue does not send it.",
        ],
        "glue_client": glue_client_facts(),
        "vectors": build_vectors(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = parser.parse_args()
    text = json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
    if args.check:
        with open(args.out, encoding="utf-8") as handle:
            if handle.read() != text:
                print(f"{args.out} differs from what botocore {botocore.__version__} produces", file=sys.stderr)
                return 1
        print(f"{args.out} is up to date")
        return 0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
