"""Shared fixtures: the server under test (its base URL comes from SCHEMA_REGISTRY_URL) and
fresh subject names, so that every test starts from subjects nobody else has touched."""

import contextlib
import importlib
import itertools
import os
import uuid
import pathlib
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def base_url() -> str:
    """The registry's URL, or several nodes' URLs separated by commas (a cluster round), which
    confluent-kafka's client takes as they are."""
    url = os.environ.get("SCHEMA_REGISTRY_URL")
    if not url:
        pytest.exit("SCHEMA_REGISTRY_URL is not set: run scripts/test-python-clients", returncode=2)
    return ",".join(part.rstrip("/") for part in url.split(","))


@pytest.fixture(scope="session")
def single_url(base_url) -> str:
    """One node's URL, for clients that take only one."""
    return base_url.split(",")[0]


@pytest.fixture(scope="session")
def registry_args(base_url) -> list:
    """The Swift example's `--registry` options: one per node, for fail-over."""
    args = []
    for url in base_url.split(","):
        args += ["--registry", url]
    return args


@pytest.fixture
def subject(request) -> str:
    """A subject name unique to this test (the suite shares one server)."""
    return unique_subject(request.node.name)


@pytest.fixture
def subject_factory(request):
    """Makes further unique subject names for tests that need several."""
    return lambda suffix="": unique_subject(request.node.name + suffix)


def unique_subject(name: str) -> str:
    return "{}-{}-value".format(re.sub(r"[^A-Za-z0-9_]+", "_", name), next(_counter))


PROTOS = pathlib.Path(__file__).parent.parent.parent / "Examples" / "Protos"


@pytest.fixture(scope="session")
def pb2(tmp_path_factory):
    """Imports the module protoc generates for a file under Examples/Protos/, e.g.
    pb2("shop/v1/order.proto"). Every file is compiled once per session by protoc (Debian's,
    which scripts/test installs), as a producer's build would."""
    protoc = shutil.which("protoc")
    if protoc is None:
        pytest.fail("protoc is not installed (scripts/test installs Debian's protobuf-compiler)")
    out = tmp_path_factory.mktemp("pb2")
    files = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    subprocess.run([protoc, "--proto_path", str(PROTOS), "--python_out", str(out), *files], check=True)
    sys.path.insert(0, str(out))
    return lambda path: importlib.import_module(path[: -len(".proto")].replace("/", ".") + "_pb2")


@contextlib.contextmanager
def started_server(arguments, ready=None):
    """Runs `schema-registry ARGUMENTS` (a server these tests configure themselves), yields the
    URL it prints once /health/ready answers (health checks stay open whatever the auth), and
    stops it. `ready(url)` replaces the readiness request, for servers that need TLS to reach."""
    server = subprocess.Popen(arguments, stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"listening on (https?://\S+)", server.stdout.readline()).group(1)
        for _ in range(200):
            try:
                if (ready or (lambda u: urllib.request.urlopen(u + "/health/ready").status == 200))(url):
                    break
            except OSError:
                time.sleep(0.05)
        yield url, server
    finally:
        server.terminate()
        server.wait(10)


def built_binary(variable: str, what: str) -> str:
    """The path of one of our built programs, which scripts/test-python-clients passes in
    `variable`."""
    path = os.environ.get(variable)
    if not path or not os.access(path, os.X_OK):
        pytest.fail("{} must name the built {} (scripts/test-python-clients sets it)".format(variable, what))
    return path


@pytest.fixture
def client(base_url):
    """A confluent-kafka client of the registry (test modules may have their own)."""
    with SchemaRegistryClient({"url": base_url}) as c:
        yield c


@pytest.fixture
def new_client(base_url):
    """Clients with empty caches, as a separate producer or consumer process would have."""
    made = []

    def make():
        made.append(SchemaRegistryClient({"url": base_url}))
        return made[-1]

    yield make
    for c in made:
        c.close()


@pytest.fixture
def topic(request):
    """A topic name unique to this test."""
    return "{}-{}".format(request.node.name, uuid.uuid4().hex[:8])
