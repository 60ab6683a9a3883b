"""Starts the real parts a federation test or benchmark needs, each on a free loopback port:
registries of ours (`schema-registry serve`), moto's Glue server, the Unity Catalog test
server and the federation service itself; and stops them all at the end.

Every process prints one "... listening on http://127.0.0.1:PORT" line once it serves; the
stack waits for that line, so no test races a server's start-up.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LISTENING = re.compile(r"listening on (https?://[^\s]+)")


class Stack:
    """A set of started processes, killed by `close()` (or the `with` block's end)."""

    def __init__(self, binary=None):
        self.binary = binary or os.environ.get("SCHEMA_REGISTRY_BIN", os.path.join(ROOT, ".build/debug/schema-registry"))
        self.directory = tempfile.mkdtemp(prefix="federation-")
        self.processes = []
        self.outputs = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def start(self, name, command, env=None, timeout=60):
        """Runs `command`, waits for its listening line and answers the URL in it."""
        out_path = os.path.join(self.directory, name + ".out")
        err_path = os.path.join(self.directory, name + ".err")
        out = open(out_path, "w")
        err = open(err_path, "w")
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=dict(os.environ, **(env or {})), cwd=ROOT)
        self.processes.append(process)
        self.outputs[name] = (out_path, err_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(out_path) as handle:
                match = LISTENING.search(handle.read())
            if match:
                return match.group(1)
            if process.poll() is not None:
                with open(err_path) as handle:
                    raise RuntimeError("%s exited with %s: %s" % (name, process.returncode, handle.read()))
            time.sleep(0.05)
        raise RuntimeError("%s did not start within %s s" % (name, timeout))

    def output(self, name):
        """Everything `name` wrote so far, stdout then stderr."""
        out_path, err_path = self.outputs[name]
        with open(out_path) as out, open(err_path) as err:
            return out.read() + err.read()

    def registry(self, name, storage="memory:"):
        """One of our registries; `storage` is `memory:` or `sqlite:PATH` (relative to the stack's folder)."""
        if storage.startswith("sqlite:") and not storage.startswith("sqlite:/"):
            storage = "sqlite:" + os.path.join(self.directory, storage[len("sqlite:"):])
        url = self.start(name, [self.binary, "serve", "--port", "0", "--storage", storage])
        # The socket listens before the store is loaded (503 until then): wait until ready.
        def ready():
            try:
                return requests.get(url + "/health/ready", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        if not wait_for(ready, timeout=30):
            raise RuntimeError("%s was not ready within 30 s: %s" % (name, self.output(name)))
        return url

    def glue(self, name, seed=None, delay_ms=0, verify=None):
        """moto's Glue server with the harness's ListSchemas/ListSchemaVersions."""
        command = [sys.executable, os.path.join(HERE, "glue_server.py"), "--port", "0", "--quiet"]
        if seed is not None:
            command += ["--seed", self.write(name + "-seed.json", json.dumps(seed))]
        if delay_ms:
            command += ["--delay-ms", str(delay_ms)]
        if verify:
            command += ["--verify-sigv4", verify]
        return self.start(name, command)

    def unity_catalog(self, name, seed=None, token=None, delay_ms=0):
        """The Unity Catalog test server (built from Unity Catalog's all.yaml)."""
        command = [sys.executable, os.path.join(HERE, "unity_catalog_server.py"), "--port", "0"]
        if seed is not None:
            command += ["--seed", self.write(name + "-seed.json", json.dumps(seed))]
        if token:
            command += ["--token", token]
        if delay_ms:
            command += ["--delay-ms", str(delay_ms)]
        return self.start(name, command)

    def federation(self, name, config_text, env=None, extra=()):
        """The federation service over a configuration file with `config_text`."""
        path = self.write(name + ".yaml", config_text)
        return self.start(name, [self.binary, "federation", "--config", path, "--port", "0", *extra], env=env)

    def write(self, file_name, text):
        path = os.path.join(self.directory, file_name)
        with open(path, "w") as handle:
            handle.write(text)
        return path


def register(url, subject, schema, schema_type="AVRO"):
    """Registers a schema on one of our registries (Confluent's REST API)."""
    body = {"schema": schema if isinstance(schema, str) else json.dumps(schema)}
    if schema_type != "AVRO":
        body["schemaType"] = schema_type
    answer = requests.post("%s/subjects/%s/versions" % (url, subject), json=body, timeout=10)
    answer.raise_for_status()
    return answer.json()["id"]


def set_compatibility(url, level, subject=None):
    path = "/config" + ("/" + subject if subject else "")
    requests.put(url + path, json={"compatibility": level}, timeout=10).raise_for_status()


def closed_port_url():
    """A loopback URL nothing listens on: a port taken and released at once."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return "http://127.0.0.1:%d" % port


def wait_for(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


__all__ = ["Stack", "register", "set_compatibility", "closed_port_url", "wait_for"]
