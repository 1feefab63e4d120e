#!/usr/bin/env python3
"""sbom.py MANIFEST: a CycloneDX 1.5 JSON SBOM on stdout for one artifact.

MANIFEST is written by make from the recipes, one tab-separated record per line:
  artifact  NAME  VERSION  TARGET  BINARY-SHA256  TIMESTAMP  LICENSE  [SOURCE-FILE  SOURCE-SHA256  CHECKOUT]
  component NAME  VERSION  LICENSE  SOURCE-FILE  SOURCE-SHA256  PATCHES  DEPS  [CHECKOUT]
PATCHES is space-separated "file:sha256"; DEPS names other components. A
recipe built from a local checkout (<name>_SRCDIR) has SOURCE-FILE
"checkout", SOURCE-SHA256 the hash of the checkout's content (its key's) and
CHECKOUT "<commit> clean|dirty". An artifact's source fields are set when it
is a recipe's program (an outside project's release). The output depends on
nothing else, so the same inputs give the same bytes."""
import json
import sys
import uuid


def ref(name, version):
    return f"pkg:generic/{name}@{version}"


def source(src, src_sha, checkout):
    """The externalReferences and properties saying what it was built from."""
    if src == "checkout":
        commit, _, state = checkout.partition(" ")
        return [{
            "type": "vcs",
            "url": "git:" + commit,
            "comment": "built from a local checkout at this commit (%s); the hash is of its content" % state,
            "hashes": [{"alg": "SHA-256", "content": src_sha}],
        }], [{"name": "muslforge:commit", "value": commit},
             {"name": "muslforge:dirty", "value": "true" if state == "dirty" else "false"}]
    return [{
        "type": "distribution",
        "url": src,
        "comment": "the pinned source file it was built from",
        "hashes": [{"alg": "SHA-256", "content": src_sha}],
    }], []


def component(rec):
    name, version, license_expr, src, src_sha, patches, deps, checkout = rec
    refs, props = source(src, src_sha, checkout)
    c = {
        "type": "library",
        "bom-ref": ref(name, version),
        "name": name,
        "version": version,
        "licenses": [{"expression": license_expr}],
        "purl": ref(name, version),
        "externalReferences": refs,
    }
    if props:
        c["properties"] = props
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
                c, deps = component((rec[1:] + [""] * 8)[:8])
                comps.append(c)
                graph.append((c["bom-ref"], deps))
    if artifact is None:
        sys.exit("sbom.py: no artifact record in " + path)
    name, version, target, binary_sha, timestamp, license_expr, src, src_sha, checkout = (artifact + [""] * 9)[:9]
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
                "properties": [{"name": "muslforge:target", "value": target}] + (source(src, src_sha, checkout)[1] if src else []),
                **({"externalReferences": source(src, src_sha, checkout)[0]} if src else {}),
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
