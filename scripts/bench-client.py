#!/usr/bin/env python3
"""Helpers for scripts/bench: the benchmark schema, a keep-alive registration client, and a
bulk writer of SQLite registry files. Standard library only.

  bench-client.py schema [N]                      the benchmark Avro schema (N extra optional fields)
  bench-client.py register URL SUBJECT            registers the base schema, prints the response
  bench-client.py lookup-body FILE                writes the lookup request body to FILE
  bench-client.py register-rate URL SUBJECT N     BACKWARD_TRANSITIVE, N versions; prints registrations/s
  bench-client.py fill-sqlite DB VERSIONS PER_SUBJECT   adds VERSIONS versions (distinct schemas)
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
    elif cmd == "fill-sqlite":
        fill_sqlite(argv[2], int(argv[3]), int(argv[4]))
    else:
        raise SystemExit(__doc__)


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


if __name__ == "__main__":
    main(sys.argv)
