"""The .proto files our registry has built in besides google/protobuf/* (confluent/meta.proto,
confluent/type/*, google/type/*; `schema-registry protobuf built-in`) against the descriptors
the published packages ship: confluent-kafka's for confluent/*, googleapis-common-protos' for
google/type/*. Each of our files is compiled by protoc (Debian's, which scripts/test installs)
and must give the same FileDescriptorProto as the package's generated module. (The
google/protobuf/* files are checked by the Swift suite against Debian's copies.)"""

import importlib
import subprocess

import pytest
from google.protobuf import descriptor_pb2

from conftest import built_binary

MODULES = {
    "confluent/meta.proto": "confluent_kafka.schema_registry.confluent.meta_pb2",
    "confluent/type/decimal.proto": "confluent_kafka.schema_registry.confluent.type.decimal_pb2",
    "confluent/type/variant.proto": "confluent_kafka.schema_registry.confluent.type.variant_pb2",
}


@pytest.fixture(scope="module")
def binary():
    return built_binary("SCHEMA_REGISTRY_BIN", "schema-registry")


def built_in_paths(binary):
    listed = subprocess.run([binary, "protobuf", "built-in"], capture_output=True, text=True, check=True).stdout.split()
    return [p for p in listed if not p.startswith("google/protobuf/")]


def published(path):
    name = MODULES.get(path) or "google.type." + path.removeprefix("google/type/").removesuffix(".proto") + "_pb2"
    proto = descriptor_pb2.FileDescriptorProto()
    importlib.import_module(name).DESCRIPTOR.CopyToProto(proto)
    return proto


def without_json_names(proto):
    """protoc writes every field's JSON name; generated modules embed none."""
    def clear(message):
        for field in list(message.field) + list(message.extension):
            field.ClearField("json_name")
        for nested in message.nested_type:
            clear(nested)
    for message in proto.message_type:
        clear(message)
    for field in proto.extension:
        field.ClearField("json_name")
    return proto


def test_every_bundled_file_is_listed(binary):
    paths = built_in_paths(binary)
    assert set(MODULES) <= set(paths)
    assert "google/type/money.proto" in paths and len([p for p in paths if p.startswith("google/type/")]) == 16


def test_each_bundled_file_gives_the_published_descriptor(binary, tmp_path):
    protoc = "protoc"
    differences = []
    for path in built_in_paths(binary):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(subprocess.run([binary, "protobuf", "built-in", path], capture_output=True, text=True, check=True).stdout)
    for path in built_in_paths(binary):
        out = tmp_path / (path.replace("/", "_") + ".pb")
        # protoc finds descriptor.proto and the other google/protobuf imports in its own include path.
        subprocess.run([protoc, "--proto_path", str(tmp_path), "--proto_path", "/usr/include", "--descriptor_set_out", str(out), path], check=True)
        ours = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file[0]
        theirs = published(path)
        if path.startswith("confluent/"):
            # The file options differ by language: confluent-kafka's copies carry a Go package
            # or none, the registry's (Confluent's Java sources, which the server bundles)
            # java_package and the like. The definitions must be the same.
            ours.ClearField("options")
            theirs.ClearField("options")
        if without_json_names(ours) != without_json_names(theirs):
            differences.append("{}:\nours:\n{}\npublished:\n{}".format(path, ours, theirs))
    assert not differences, "\n\n".join(differences)
