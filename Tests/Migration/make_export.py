"""Writes an export file (docs/MIGRATION.md's format, version 1) of at least TOTAL versions,
PER_SUBJECT per subject, for scripts/test-migration: Avro records whose versions each add a field
with a default, references from most subjects to one of a hundred shared `ref-*` subjects, ids
with gaps (so a registry that renumbered would show), one schema shared by two subjects under
one id, soft-deleted versions and wholly soft-deleted subjects, subject configs and a mode.

usage: make_export.py TOTAL PER_SUBJECT > export.json
"""

import json
import sys


def record(name, fields):
    return json.dumps({"type": "record", "name": name, "fields": fields}, separators=(",", ":"))


def main():
    total, versions_wanted = int(sys.argv[1]), int(sys.argv[2])
    refs = min(100, max(1, total // versions_wanted // 10))
    subjects_wanted = refs + -(-(total - refs) // versions_wanted)
    next_id = [1000]

    def new_id():
        next_id[0] += 3
        return next_id[0]

    subjects = []
    for k in range(refs):
        subjects.append({"subject": "ref-%d" % k, "config": None, "mode": None,
                         "versions": [{"version": 1, "id": new_id(), "schemaType": "AVRO",
                                       "schema": record("Ref%d" % k, [{"name": "code", "type": "string"}])}]})
    shared_text = record("Shared", [{"name": "x", "type": "long"}])
    shared_id = new_id()
    for i in range(subjects_wanted - refs):
        k = i % refs
        versions = []
        fields = [{"name": "ref", "type": "Ref%d" % k}]
        for v in range(1, versions_wanted + 1):
            if v > 1:
                fields = fields + [{"name": "f%d" % v, "type": "int", "default": v}]
            version = {"version": v, "id": new_id(), "schemaType": "AVRO", "schema": record("Event%d" % i, fields),
                       "references": [{"name": "Ref%d" % k, "subject": "ref-%d" % k, "version": 1}]}
            versions.append(version)
        if i % 5 == 0 and versions_wanted >= 3:
            versions[2]["deleted"] = True                      # one soft-deleted version
        if i % 50 == 7:
            for version in versions:
                version["deleted"] = True                      # a wholly soft-deleted subject
        if i % 100 == 3:                                       # one schema under one id in two subjects
            versions.append({"version": versions_wanted + 1, "id": shared_id, "schemaType": "AVRO", "schema": shared_text})
        subject = {"subject": "events-%d-value" % i, "config": None, "mode": None, "versions": versions}
        if i % 10 == 1:
            subject["config"] = {"compatibilityLevel": "FULL"}
        if i == 2:
            subject["mode"] = "READONLY"
        subjects.append(subject)
    json.dump({"format": "swift-schema-registry-export", "formatVersion": 1, "source": "make_export.py",
               "global": {"config": {"compatibilityLevel": "NONE"}, "mode": "READWRITE"},
               "contexts": [], "subjects": subjects}, sys.stdout)


main()
