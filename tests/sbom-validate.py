#!/usr/bin/python3
"""sbom-validate.py SCHEMA_DIR SBOM...: validate CycloneDX 1.5 JSON against the
official schema (with the SPDX and JSF schemas it refers to), offline."""
import json
import pathlib
import sys

import jsonschema

d = pathlib.Path(sys.argv[1])
main = d / "bom-1.5.SNAPSHOT.schema.json"
schema = json.loads(main.read_text())
store = {}
for f in d.glob("*.schema.json"):
    s = json.loads(f.read_text())
    store[f.name] = s
    if "$id" in s:
        store[s["$id"]] = s
resolver = jsonschema.RefResolver(base_uri=main.as_uri(), referrer=schema, store=store)
validator = jsonschema.Draft7Validator(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    for e in validator.iter_errors(json.loads(pathlib.Path(path).read_text())):
        bad += 1
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
sys.exit(1 if bad else 0)
