"""Times a bulk compatibility check over 1,000 subjects across 3 registries through the
federation service: 400 subjects on a SQLite registry of ours, 300 on a memory one and 300 on
moto's Glue server, 3 versions each, checked under FULL_TRANSITIVE (every version against every
earlier one). Prints a Markdown table; run by scripts/bench-federation.

Environment: SCHEMA_REGISTRY_BIN (the binary, default the release build), BENCH_ROUNDS (5).
"""

import json
import os
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from federation_stack import ROOT, Stack, register  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BINARY = os.environ.get("SCHEMA_REGISTRY_BIN", os.path.join(ROOT, ".build/release/schema-registry"))
KEY, SECRET = "AKIABENCH", "bench-secret"


def versions(index):
    """Three compatible versions of a 12-field record (an optional field added each time)."""
    base = [{"name": "f%d" % n, "type": ["null", "long"], "default": None} for n in range(10)]
    schemas = []
    for extra in range(3):
        fields = base + [{"name": "added%d" % k, "type": ["null", "string"], "default": None} for k in range(extra)]
        schemas.append({"type": "record", "name": "Event%d" % index, "namespace": "bench", "fields": fields})
    return schemas


def main():
    with Stack(binary=BINARY) as stack:
        a = stack.registry("a", "sqlite:a.db")
        b = stack.registry("b", "memory:")
        started = time.monotonic()
        for i in range(400):
            for schema in versions(i):
                register(a, "user-%04d" % i, schema)
        for i in range(400, 700):
            for schema in versions(i):
                register(b, "user-%04d" % i, schema)
        seed = {"region": "us-east-1", "registries": [{"name": "events", "schemas": [
            {"name": "user-%04d" % i, "dataFormat": "AVRO", "compatibility": "BACKWARD", "versions": versions(i)} for i in range(700, 1000)]}]}
        glue = stack.glue("glue", seed=seed)
        seeding = time.monotonic() - started
        config = """
registries:
  - {id: sqlite, type: confluent, url: "%s", timeout: 60}
  - {id: memory, type: confluent, url: "%s", timeout: 60}
  - id: glue
    type: glue
    url: "%s"
    auth: {access_key_id: %s, secret_access_key: %s, region: us-east-1, registry_name: events}
    timeout: 60
""" % (a, b, glue, KEY, SECRET)
        url = stack.federation("federation", config)

        def bulk(ids):
            begin = time.monotonic()
            answer = requests.post(url + "/api/v1/bulk/check-compatibility", timeout=600,
                                   json={"registry_ids": ids, "target_mode": "FULL_TRANSITIVE", "subject_filter": "user-*"})
            answer.raise_for_status()
            report = answer.json()
            return time.monotonic() - begin, report

        rows = []
        for label, ids, expected in [("all three", ["sqlite", "memory", "glue"], 1000), ("sqlite (400)", ["sqlite"], 400),
                                     ("memory (300)", ["memory"], 300), ("glue (300)", ["glue"], 300)]:
            walls, reported = [], []
            for _ in range(ROUNDS):
                wall, report = bulk(ids)
                summary = {k: report[k] for k in ("total_checked", "compatible", "incompatible", "errors", "registry_errors")}
                assert report["total_checked"] == expected and report["compatible"] == expected, summary
                walls.append(wall)
                reported.append(report["duration_seconds"])
            rows.append((label, expected, statistics.median(walls), min(walls), max(walls), statistics.median(reported)))

        print("Seeding (2,100 registrations over HTTP and 900 Glue versions): %.1f s" % seeding)
        print()
        print("| registries | subjects | median wall (s) | min | max | duration_seconds (median) | subjects/s |")
        print("|---|---|---|---|---|---|---|")
        for label, count, median, low, high, reported in rows:
            print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.0f |" % (label, count, median, low, high, reported, count / median))


if __name__ == "__main__":
    main()
