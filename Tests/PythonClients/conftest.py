"""Shared fixtures: the server under test (its base URL comes from SCHEMA_REGISTRY_URL) and
fresh subject names, so that every test starts from subjects nobody else has touched."""

import itertools
import os
import re

import pytest

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("SCHEMA_REGISTRY_URL")
    if not url:
        pytest.exit("SCHEMA_REGISTRY_URL is not set: run scripts/test-python-clients", returncode=2)
    return url.rstrip("/")


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
