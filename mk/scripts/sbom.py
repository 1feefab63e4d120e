#!/usr/bin/env python3
"""sbom.py MANIFEST: a CycloneDX 1.5 JSON SBOM on stdout for one artifact.

MANIFEST is written by make from the recipes, one tab-separated record per line:
  artifact  NAME  VERSION  TARGET  BINARY-SHA256  TIMESTAMP  LICENSE
  component NAME  VERSION  LICENSE  SOURCE-FILE  SOURCE-SHA256  PATCHES  DEPS
PATCHES is space-separated "file:sha256"; DEPS names other components. The
output depends on nothing else, so the same inputs give the same bytes."""
import json
import sys
import uuid


def ref(name, version):
    return f"pkg:generic/{name}@{version}"


def component(rec):
    name, version, license_expr, src, src_sha, patches, deps = rec
    c = {
        "type": "library",
        "bom-ref": ref(name, version),
        "name": name,
        "version": version,
        "licenses": [{"expression": license_expr}],
        "purl": ref(name, version),
        "externalReferences": [{
            "type": "distribution",
            "url": src,
            "comment": "the pinned source file it was built from",
            "hashes": [{"alg": "SHA-256", "content": src_sha}],
        }],
    }
    if patches:
        c["pedigree"] = {"patches": [
            {"type": "unofficial",
             "diff": {"url": f"patches/{name}/{version}/{p.split(':')[0]}"},
             "resolves": [{"type": "enhancement", "name": p.split(':')[0],
                           "description": "sha256 " + p.split(':')[1]}]}
            for p in patches.split()]}
    return c, deps.split()


def main(path):
    artifact, comps, graph = None, [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = line.rstrip("\n").split("\t")
            if rec[0] == "artifact":
                artifact = rec[1:]
            elif rec[0] == "component":
                c, deps = component(rec[1:] + [""] * (8 - len(rec)))
                comps.append(c)
                graph.append((c["bom-ref"], deps))
    if artifact is None:
        sys.exit("sbom.py: no artifact record in " + path)
    name, version, target, binary_sha, timestamp, license_expr = (artifact + [""])[:6]
    by_name = {c["name"]: c["bom-ref"] for c in comps}
    top = ref(name, version)
    own = {"licenses": [{"expression": license_expr}]} if license_expr else {}
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"muslforge:{name}:{version}:{target}:{binary_sha}")),
        "version": 1,
        "metadata": {
            "timestamp": timestamp,
            "tools": {"components": [{"type": "application", "name": "muslforge"}]},
            "component": {
                "type": "application", "bom-ref": top, "name": name, "version": version, **own,
                "hashes": [{"alg": "SHA-256", "content": binary_sha}],
                "properties": [{"name": "muslforge:target", "value": target}],
            },
        },
        "components": comps,
        "dependencies": [{"ref": top, "dependsOn": [c["bom-ref"] for c in comps]}] + [
            {"ref": r, "dependsOn": [by_name[d] for d in deps if d in by_name]} for r, deps in graph],
    }
    json.dump(bom, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
