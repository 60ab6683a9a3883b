"""Three registry nodes on one PostgreSQL database under concurrent write load: one node is
killed with SIGKILL mid-load, then PostgreSQL is stopped and started again mid-load.

Asserts what the issue asks of a cluster: no acknowledged registration is lost, no id is given
to two contents, versions stay dense, the surviving nodes keep serving reads while the database
is away and answer writes with Confluent's 50001 JSON (never a hang, never a bare 500),
/health/ready says why, every node recovers by itself, and every node, a restarted one
included, answers every read the same.

Run by scripts/test-postgres-cluster, which starts the nodes and passes their URLs and pids.
Prints 'N passed, M failed' and exits non-zero on a failure.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

NODES = os.environ["NODES"].split(",")
PIDS = [int(p) for p in os.environ["PIDS"].split(",")]
PG_STOP = os.environ["PG_STOP"]
PG_START = os.environ["PG_START"]
RESTART_NODE = os.environ["RESTART_NODE"]  # a command that starts a fresh node and prints its URL

passed = 0
failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)


def call(method, url, body=None, timeout=20):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")


def record(fields):
    return json.dumps({"type": "record", "name": "Event", "fields": [
        {"name": "f%d" % i, "type": ["null", "int"], "default": None} for i in range(fields)]})


acknowledged = []  # (subject, version, id, schema)
lock = threading.Lock()
dead = set()
stop_load = threading.Event()


def worker(number):
    i = 0
    while not stop_load.is_set():
        i += 1
        live = [n for k, n in enumerate(NODES) if k not in dead]
        node = live[(number + i) % len(live)]
        if i % 3 == 0:
            subject, schema = "shared", record(1 + (number * 7 + i) % 9)
        elif i % 3 == 1:
            subject, schema = "own-%d" % number, record(1 + i // 3)
        else:
            subject, schema = "same-%d-%d" % (number, i), json.dumps("string")
        try:
            status, answer = call("POST", node + "/subjects/%s/versions" % subject, {"schema": schema}, timeout=30)
        except OSError:
            continue  # a killed node, or a connection cut: not acknowledged
        if status == 200:
            with lock:
                acknowledged.append((subject, answer["version"], answer["id"], schema))


def main():
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()

    # Phase 1: load, then SIGKILL the third node mid-load.
    time.sleep(1.5)
    os.kill(PIDS[2], signal.SIGKILL)
    dead.add(2)
    time.sleep(1.5)
    stop_load.set()
    for t in threads:
        t.join()
    check(len(acknowledged) > 50, "load ran: %d registrations acknowledged across the nodes" % len(acknowledged))
    live = NODES[:2]

    # Phase 2: the database goes away.
    subprocess.run(PG_STOP, shell=True, check=True)
    started = time.time()
    status, answer = call("POST", live[0] + "/subjects/outage/versions", {"schema": record(1)}, timeout=30)
    took = time.time() - started
    check(status >= 500 and isinstance(answer, dict) and answer.get("error_code") == 50001,
          "a write while the database is down answers 50001 JSON (got %s %s)" % (status, answer))
    check(took < 15, "and within the store's bound (%.1f s)" % took)
    status, answer = call("GET", live[1] + "/schemas/ids/1")
    check(status == 200 and "schema" in answer, "reads go on from memory while the database is down")
    # The other node learns of the outage when its follower's read fails, which takes up to
    # the store's bound from the moment that read started: poll for it rather than race it.
    deadline = time.time() + 15
    while True:
        status, answer = call("GET", live[1] + "/health/ready")
        if status == 503 or time.time() > deadline:
            break
        time.sleep(0.25)
    check(status == 503 and "store" in json.dumps(answer), "/health/ready says the store cannot be reached (%s)" % answer)

    # Phase 3: the database returns; the nodes recover by themselves.
    subprocess.run(PG_START, shell=True, check=True)
    deadline = time.time() + 20
    ready = False
    while time.time() < deadline and not ready:
        ready = all(call("GET", n + "/health/ready")[0] == 200 for n in live)
        time.sleep(0.2)
    check(ready, "every surviving node is ready again after the database returns")
    status, answer = call("POST", live[1] + "/subjects/after-outage/versions", {"schema": record(2)})
    check(status == 200, "writes work again (%s %s)" % (status, answer))
    if status == 200:
        acknowledged.append(("after-outage", answer["version"], answer["id"], record(2)))

    # Phase 4: a fresh node, and every node answering every acknowledged registration.
    fresh = subprocess.run(RESTART_NODE, shell=True, check=True, capture_output=True, text=True).stdout.strip()
    nodes = live + [fresh]
    time.sleep(0.5)
    lost = []
    for node in nodes:
        for subject, version, schema_id, _ in acknowledged:
            status, answer = call("GET", node + "/subjects/%s/versions/%d" % (subject, version))
            if status != 200 or answer.get("id") != schema_id:
                lost.append((node, subject, version, schema_id, status))
    check(not lost, "every acknowledged registration is on every node, the restarted one included (%d missing: %s)" % (len(lost), lost[:3]))
    contents = {}
    for _, _, schema_id, schema in acknowledged:
        contents.setdefault(schema_id, set()).add(schema)
    check(all(len(s) == 1 for s in contents.values()), "no id was given to two contents")
    ids_of = {}
    for _, _, schema_id, schema in acknowledged:
        ids_of.setdefault(schema, set()).add(schema_id)
    check(all(len(s) == 1 for s in ids_of.values()), "each content has one id, whichever node registered it")
    dense = True
    views = []
    for node in nodes:
        subjects = call("GET", node + "/subjects")[1]
        view = {}
        for subject in subjects:
            versions = call("GET", node + "/subjects/%s/versions" % subject)[1]
            view[subject] = versions
            dense = dense and versions == list(range(1, len(versions) + 1))
        views.append(view)
    check(dense, "every subject's versions are dense (1..n)")
    check(all(v == views[0] for v in views[1:]), "every node lists the same subjects and versions")

    print("%d passed, %d failed" % (passed, failed))
    sys.exit(0 if failed == 0 else 1)


main()
