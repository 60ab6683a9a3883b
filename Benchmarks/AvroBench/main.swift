// Placeholder entry point; the benchmark harness contract is implemented in this target.
print("avro-bench: usage: avro-bench SCHEMA_AVSC DATA_JSONL SCHEMA_NAME SCHEMA_ID")
