#!/usr/bin/env python3
"""Helpers for scripts/bench: the benchmark schema, a keep-alive registration client, and a
bulk writer of SQLite registry files. Standard library only.

  bench-client.py schema [N]                      the benchmark Avro schema (N extra optional fields)
  bench-client.py register URL SUBJECT            registers the base schema, prints the response
  bench-client.py lookup-body FILE                writes the lookup request body to FILE
  bench-client.py register-rate URL SUBJECT N     BACKWARD_TRANSITIVE, N versions; prints registrations/s
  bench-client.py fill-sqlite DB VERSIONS PER_SUBJECT   adds VERSIONS versions (distinct schemas)
  bench-client.py concurrent-register URLS N CLIENTS    N registrations of new subjects from CLIENTS
                                                  threads spread over URLS (comma-separated); prints /s
  bench-client.py visibility URL_A URL_B N        registers on A, polls B until readable; median/p99
  bench-client.py compat-scale URL FORMAT N       FULL_TRANSITIVE, N versions of a 200-field schema
                                                  (FORMAT avro or json); prints ms per registration
                                                  (median and p90 of the last 10, mean of all)
"""
import hashlib
import http.client
import json
import sqlite3
import sys
import time
import urllib.parse

CT = {"Content-Type": "application/vnd.schemaregistry.v1+json"}


def schema(extra=0, name="PageView", namespace="com.example.events"):
    """A realistic record of 10 fields, plus `extra` optional fields (each backward compatible)."""
    fields = [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "user_id", "type": "long"},
        {"name": "session_id", "type": ["null", "string"], "default": None},
        {"name": "url", "type": "string"},
        {"name": "referrer", "type": ["null", "string"], "default": None},
        {"name": "user_agent", "type": "string", "doc": "Raw User-Agent header"},
        {"name": "country", "type": {"type": "enum", "name": "Country", "symbols": ["US", "GB", "DE", "FR", "JP", "OTHER"]}},
        {"name": "duration_ms", "type": "int", "default": 0},
        {"name": "tags", "type": {"type": "map", "values": "string"}, "default": {}},
    ]
    for i in range(extra):
        fields.append({"name": f"extra_{i}", "type": ["null", "string"], "default": None})
    return json.dumps({"type": "record", "name": name, "namespace": namespace, "doc": "A page view", "fields": fields})


class Client:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)

    def call(self, method, path, body=None):
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=CT)
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
        return data


def main(argv):
    cmd = argv[1]
    if cmd == "schema":
        print(schema(int(argv[2]) if len(argv) > 2 else 0))
    elif cmd == "compact-schema":
        # The text fill-sqlite stores for each version (before its name is made unique).
        print(json.dumps(json.loads(schema()), separators=(",", ":")))
    elif cmd == "register":
        sys.stdout.buffer.write(Client(argv[2]).call("POST", f"/subjects/{argv[3]}/versions", {"schema": schema()}))
    elif cmd == "lookup-body":
        with open(argv[2], "w") as f:
            f.write(json.dumps({"schema": schema()}))
    elif cmd == "register-rate":
        c, subject, n = Client(argv[2]), argv[3], int(argv[4])
        c.call("PUT", f"/config/{subject}", {"compatibility": "BACKWARD_TRANSITIVE"})
        start = time.perf_counter()
        for i in range(n):
            c.call("POST", f"/subjects/{subject}/versions", {"schema": schema(i)})
        elapsed = time.perf_counter() - start
        versions = json.loads(c.call("GET", f"/subjects/{subject}/versions"))
        if len(versions) != n:
            raise SystemExit(f"expected {n} versions, got {len(versions)}")
        print(f"{n / elapsed:.1f} {elapsed:.3f}")
    elif cmd == "compat-scale":
        print(compat_scale(argv[2], argv[3], int(argv[4])))
    elif cmd == "fill-sqlite":
        fill_sqlite(argv[2], int(argv[3]), int(argv[4]))
    elif cmd == "concurrent-register":
        print(f"{concurrent_register(argv[2], int(argv[3]), int(argv[4])):.0f}")
    elif cmd == "visibility":
        print(visibility(argv[2], argv[3], int(argv[4])))
    else:
        raise SystemExit(__doc__)


def wide_avro(version):
    """A 200-field record (nested records, unions, enums, maps, arrays, logical types) plus
    `version` optional fields: every version FULL-compatible with every earlier one."""
    fields = []
    for n in range(200):
        kind = n % 8
        if kind == 0:
            t = "long"
        elif kind == 1:
            t = ["null", "string"]
        elif kind == 2:
            t = {"type": "enum", "name": f"Level{n}", "symbols": ["LOW", "MID", "HIGH"]}
        elif kind == 3:
            t = {"type": "map", "values": ["null", "double"]}
        elif kind == 4:
            t = {"type": "record", "name": f"Part{n}", "fields": [
                {"name": "id", "type": "int"}, {"name": "label", "type": ["null", "string"], "default": None},
                {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
        elif kind == 5:
            t = {"type": "array", "items": "string"}
        elif kind == 6:
            t = ["null", "long", "string"]
        else:
            t = {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}
        field = {"name": f"f{n:03d}", "type": t}
        if isinstance(t, list) and t[0] == "null":
            field["default"] = None
        fields.append(field)
    fields += [{"name": f"added{k:03d}", "type": ["null", "string"], "default": None} for k in range(version)]
    return json.dumps({"type": "record", "name": "Wide", "namespace": "bench.scale", "fields": fields})


def wide_json(version):
    """A 200-property JSON Schema (nested objects, enums, oneOf, maps, arrays) whose content
    model is open to strings only, plus `version` optional string properties: Confluent's rules
    find such an addition (and its reverse) covered by the partially open model, so every
    version is FULL-compatible with every earlier one."""
    properties = {}
    for n in range(200):
        kind = n % 6
        if kind == 0:
            t = {"type": "integer"}
        elif kind == 1:
            t = {"type": "string", "enum": ["LOW", "MID", "HIGH"]}
        elif kind == 2:
            t = {"type": "object", "properties": {"id": {"type": "integer"}, "label": {"type": "string"}},
                 "additionalProperties": False, "required": ["id"]}
        elif kind == 3:
            t = {"oneOf": [{"type": "null"}, {"type": "number"}]}
        elif kind == 4:
            t = {"type": "object", "additionalProperties": {"type": "number"}}
        else:
            t = {"type": "array", "items": {"type": "string"}}
        properties[f"f{n:03d}"] = t
    for k in range(version):
        properties[f"added{k:03d}"] = {"type": "string"}
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": properties,
                       "required": ["f000"], "additionalProperties": {"type": "string"}})


def compat_scale(url, fmt, n):
    """Registers n versions under FULL_TRANSITIVE and times each registration."""
    c = Client(url)
    subject = f"scale-{fmt}-{int(time.time() * 1000)}"
    c.call("PUT", f"/config/{subject}", {"compatibility": "FULL_TRANSITIVE"})
    make = wide_avro if fmt == "avro" else wide_json
    times = []
    for i in range(n):
        body = {"schema": make(i)}
        if fmt != "avro":
            body["schemaType"] = "JSON"
        start = time.perf_counter()
        c.call("POST", f"/subjects/{subject}/versions", body)
        times.append((time.perf_counter() - start) * 1000)
    versions = json.loads(c.call("GET", f"/subjects/{subject}/versions"))
    if len(versions) != n:
        raise SystemExit(f"expected {n} versions, got {len(versions)}")
    last = sorted(times[-10:])
    return f"{last[len(last) // 2]:.2f} {last[int(len(last) * 0.9) - 1]:.2f} {sum(times) / len(times):.2f}"


def fill_sqlite(path, total, per_subject):
    """Writes `total` versions straight into the tables of a file the server has created, in
    subjects of `per_subject` versions, each version its own schema (distinct text and id), so
    memory grows with the number of schemas, the worst case."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    cur = db.cursor()
    # Files of layout v2 and later store each schema's identity hash, as the server writes it:
    # MD5 of the text (no references, metadata or rule set here).
    hashed = any(row[1] == "identity_hash" for row in cur.execute("PRAGMA table_info(schemas)"))
    columns = "context, id, schema_type, text, references_json" + (", identity_hash" if hashed else "")
    insert_schema = f"INSERT INTO schemas ({columns}) VALUES ({', '.join('?' * len(columns.split(',')))})"
    base = json.loads(schema())
    ts = int(time.time() * 1000)
    next_id = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM schemas WHERE context = '.'").fetchone()[0]) + 1
    batch_s, batch_v = [], []
    for n in range(total):
        sid = next_id + n
        subject = f"bench-topic-{n // per_subject:06d}-value"
        version = n % per_subject + 1
        base["name"] = f"PageView{sid}"
        text = json.dumps(base, separators=(",", ":"))
        row = (".", sid, "AVRO", text, "[]")
        batch_s.append(row + (hashlib.md5(text.encode()).digest(),) if hashed else row)
        batch_v.append((".", subject, version, sid, 0, ts))
        if len(batch_s) >= 50000:
            cur.executemany(insert_schema, batch_s)
            cur.executemany("INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES (?,?,?,?,?,?)", batch_v)
            batch_s, batch_v = [], []
    if batch_s:
        cur.executemany(insert_schema, batch_s)
        cur.executemany("INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES (?,?,?,?,?,?)", batch_v)
    cur.execute("INSERT OR REPLACE INTO sequences (context, next_id) VALUES ('.', ?)", (next_id + total,))
    db.commit()
    db.close()


def concurrent_register(urls, total, clients):
    """Registrations of one version each under new subjects, from `clients` keep-alive
    connections spread over the nodes; returns registrations per second."""
    import threading
    nodes = urls.split(",")
    per = total // clients
    errors = []

    def run(k):
        parsed = urllib.parse.urlparse(nodes[k % len(nodes)])
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        for i in range(per):
            body = json.dumps({"schema": schema(name=f"R{k}_{i}")})
            conn.request("POST", f"/subjects/bench-{k}-{i}/versions", body, CT)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        conn.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"concurrent-register: {len(errors)} failures, e.g. {errors[:3]}")
    return per * clients / elapsed


def visibility(url_a, url_b, samples):
    """Milliseconds from a registration acknowledged by A to the schema readable on B."""
    a = urllib.parse.urlparse(url_a)
    b = urllib.parse.urlparse(url_b)
    ca = http.client.HTTPConnection(a.hostname, a.port, timeout=30)
    cb = http.client.HTTPConnection(b.hostname, b.port, timeout=30)
    delays = []
    for i in range(samples):
        ca.request("POST", f"/subjects/visibility-{i}/versions", json.dumps({"schema": schema(name=f"V{i}")}), CT)
        response = ca.getresponse()
        sid = json.loads(response.read())["id"]
        acked = time.perf_counter()
        while True:
            cb.request("GET", f"/schemas/ids/{sid}")
            r = cb.getresponse()
            r.read()
            if r.status == 200:
                break
            time.sleep(0.001)
        delays.append((time.perf_counter() - acked) * 1000)
    delays.sort()
    return f"{delays[len(delays) // 2]:.0f} ms / {delays[int(len(delays) * 0.99) - 1]:.0f} ms"


if __name__ == "__main__":
    main(sys.argv)
