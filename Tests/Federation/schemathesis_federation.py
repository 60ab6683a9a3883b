"""Runs schemathesis against the federation service's own OpenAPI description, bounded: a
stack of two registries of ours (with subjects) and the Unity Catalog test server, then every
operation with generated input; no answer may be a 500, and every
answer must match the description (status codes, content types, schemas). A registry that is
down is left out: its 502 and 504 answers are gateway errors by design (test_federation.py
covers them).

Usage: python3 Tests/Federation/schemathesis_federation.py SCHEMATHESIS OPENAPI_SPEC_VALIDATOR
(scripts/test-federation passes the tools of .build/openapi-venv).
"""

import os
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from federation_stack import ROOT, Stack, register  # noqa: E402

USER = '{"type":"record","name":"User","fields":[{"name":"id","type":"long"}]}'


def main():
    schemathesis, validator = sys.argv[1], sys.argv[2]
    with Stack() as stack:
        a = stack.registry("a", "sqlite:a.db")
        b = stack.registry("b", "memory:")
        register(a, "user-created", USER)
        register(b, "orders", USER)
        unity = stack.unity_catalog("unity", seed={"catalogs": [{"name": "main", "schemas": [{"name": "s", "tables": [
            {"name": "t", "columns": [{"name": "id", "type_name": "LONG", "nullable": False}]}]}]}]})
        config = """
registries:
  - {id: a, type: confluent, url: "%s", timeout: 5}
  - {id: b, type: confluent, url: "%s", timeout: 5}
  - {id: unity, type: unity_catalog, url: "%s", timeout: 5, metadata: {catalog: main}}
""" % (a, b, unity)
        url = stack.federation("federation", config)
        served = os.path.join(stack.directory, "served.json")
        with urllib.request.urlopen(url + "/openapi.json", timeout=10) as answer, open(served, "wb") as out:
            out.write(answer.read())
        with open(os.path.join(ROOT, "Sources/Federation/OpenAPI/openapi.json"), "rb") as original, open(served, "rb") as copy:
            if original.read() != copy.read():
                sys.exit("GET /openapi.json differs from Sources/Federation/OpenAPI/openapi.json")
        subprocess.run([validator, served], check=True)
        run = subprocess.run([
            schemathesis, "run", url + "/openapi.json", "--url", url,
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases", os.environ.get("OPENAPI_PHASES", "examples,fuzzing"),
            "--max-examples", os.environ.get("OPENAPI_EXAMPLES", "25"), "--request-timeout", "10",
            "--generation-database", "none", "--no-color"], cwd=stack.directory)
        errors = [line for line in stack.output("federation").splitlines() if "listening on" not in line]
        if errors:
            print("the federation service wrote:\n" + "\n".join(errors), file=sys.stderr)
        sys.exit(run.returncode)


if __name__ == "__main__":
    main()
