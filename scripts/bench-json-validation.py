#!/usr/bin/env python3
"""Per-message cost of JSON Schema validation in Python, beside encoding: the reference for
serde-bench's JSON rows (docs/PERFORMANCE.md, "Client serializer overhead").

    python3 scripts/bench-json-validation.py [MESSAGES] [ROUNDS]

The events and the schema are those of Benchmarks/SerdeBench (same generator, same values).
Prints microseconds per message for json.dumps, jsonschema's Draft7Validator.validate (compiled
once, as confluent-kafka's JSONSerializer does), and the two together.
"""
import json
import statistics
import sys
import time

import importlib.metadata

import jsonschema

SCHEMA = json.loads(
    '{"$schema":"http://json-schema.org/draft-07/schema#","title":"SensorEvent","type":"object","properties":'
    '{"device_id":{"type":"string","minLength":1},"device_name":{"type":["string","null"]},'
    '"timestamp":{"type":"integer","minimum":0},"temperature":{"type":"number","minimum":-100,"maximum":100},'
    '"humidity":{"type":"number","minimum":0,"maximum":100},"location":{"type":["string","null"]}},'
    '"required":["device_id","timestamp","temperature","humidity"],"additionalProperties":false}')


def events(count):
    out = []
    for i in range(count):
        e = {"device_id": f"device-{i % 997}", "timestamp": 1_700_000_000_000 + i * 250,
             "temperature": 18 + (i % 100) / 10, "humidity": 40.0 + (i % 37)}
        if i % 3 != 0:
            e["device_name"] = f"thermostat {i % 50}"
        if i % 5 == 0:
            e["location"] = f"building {i % 7}, floor {i % 4}"
        out.append(e)
    return out


def per_message_us(count, body):
    start = time.perf_counter()
    body()
    return (time.perf_counter() - start) / count * 1e6


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = events(count)
    validator = jsonschema.Draft7Validator(SCHEMA)
    samples = {"json.dumps": [], "validate": [], "validate + dumps": []}
    for _ in range(rounds):
        samples["json.dumps"].append(per_message_us(count, lambda: [json.dumps(e) for e in data]))
        samples["validate"].append(per_message_us(count, lambda: [validator.validate(e) for e in data]))
        samples["validate + dumps"].append(
            per_message_us(count, lambda: [(validator.validate(e), json.dumps(e)) for e in data]))
    print(f"python {sys.version.split()[0]}, jsonschema {importlib.metadata.version('jsonschema')}, "
          f"{count} messages, median of {rounds} rounds")
    for name, values in samples.items():
        print(f"| {name} | {statistics.median(values) * 1000:.0f} ns |")
    print(f"validate / dumps: {statistics.median(samples['validate']) / statistics.median(samples['json.dumps']) * 100:.0f}%")


if __name__ == "__main__":
    main()
