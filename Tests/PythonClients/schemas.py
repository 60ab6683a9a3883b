"""Avro schemas shared by the client specifications.

USER_V1 -> USER_V2 is a BACKWARD-compatible evolution (an added field with a default);
USER_BREAKING adds a field without a default, which a BACKWARD subject must reject.
"""

import json

USER_V1 = {
    "type": "record",
    "name": "User",
    "namespace": "com.example",
    "fields": [
        {"name": "name", "type": "string"},
        {"name": "age", "type": "int"},
    ],
}

USER_V2 = {
    "type": "record",
    "name": "User",
    "namespace": "com.example",
    "fields": [
        {"name": "name", "type": "string"},
        {"name": "age", "type": "int"},
        {"name": "email", "type": "string", "default": ""},
    ],
}

USER_BREAKING = {
    "type": "record",
    "name": "User",
    "namespace": "com.example",
    "fields": [
        {"name": "name", "type": "string"},
        {"name": "age", "type": "int"},
        {"name": "country", "type": "string"},
    ],
}

ADDRESS = {
    "type": "record",
    "name": "Address",
    "namespace": "com.example",
    "fields": [
        {"name": "street", "type": "string"},
        {"name": "city", "type": "string"},
    ],
}

# Refers to com.example.Address by name; registered with a reference to ADDRESS's subject.
CUSTOMER = {
    "type": "record",
    "name": "Customer",
    "namespace": "com.example",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "address", "type": "com.example.Address"},
    ],
}

ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "com.example.orders",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "amount", "type": "double"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}


def text(schema) -> str:
    """The schema as the JSON text a client sends."""
    return json.dumps(schema)


def distinct(schema, tag: str):
    """A copy of a record schema in its own namespace, so that its id is not shared with what
    other tests registered (ids are global: the same schema under any subject has one id)."""
    return dict(schema, namespace="{}.{}".format(schema["namespace"], "".join(c for c in tag if c.isalnum())))
