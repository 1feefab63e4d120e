#!/usr/bin/env python3
"""cold-summary.py DIR OUT.json: the figures of one bench/cold-build run in
DIR (cold.time: start, end and make's status; src/out/logs/times.log: every
step's seconds; the gcc build logs: the end of each phase, marked by
toolchain/gcc.mk) as JSON, for make bench and docs/performance.md."""
import json
import os
import re
import subprocess
import sys

d, dest = sys.argv[1], sys.argv[2]
t = dict(zip(*[iter(open(f"{d}/cold.time").read().split())] * 2))
start, end, rc = int(t["start"]), int(t["end"]), int(t["rc"])
logs = f"{d}/src/out/logs"
steps, recipes = {}, {}
for line in open(f"{logs}/times.log"):
    when, tag, label, sec = line.rstrip("\n").split("\t")
    m = re.match(r"(\S+?)-(\d[^ ]*)(?: \[(.*)\])?$", label)
    pkg, triple = (m.group(1), m.group(3) or "source") if m else (label, "")
    steps.setdefault(tag, 0)
    steps[tag] += int(sec)
    r = recipes.setdefault(f"{pkg} [{triple}]", {"seconds": 0, "steps": {}})
    r["seconds"] += int(sec)
    r["steps"][tag] = r["steps"].get(tag, 0) + int(sec)
phases = {}
for triple in sorted(os.listdir(logs)):
    log = f"{logs}/{triple}/gcc-build.log"
    if os.path.exists(log):
        prev, ph = 0, []
        for m in re.finditer(r"^muslforge: (.*) done at (\d+) s$", open(log).read(), re.M):
            ph.append({"phase": m.group(1), "seconds": int(m.group(2)) - prev})
            prev = int(m.group(2))
        phases[triple] = ph
commit = subprocess.run(["git", "-C", f"{d}/src", "rev-parse", "--short", "HEAD"],
                        capture_output=True, text=True).stdout.strip()
res = {"commit": commit, "started": start, "wall_seconds": end - start, "make_status": rc,
       "steps_seconds": steps, "recipes": dict(sorted(recipes.items(), key=lambda kv: -kv[1]["seconds"])),
       "gcc_phases": phases, "cpus": os.cpu_count(),
       "what": "make on a clone with an empty binary cache (source tarballs already downloaded)"}
with open(dest + ".tmp", "w") as f:
    json.dump(res, f, indent=2)
os.replace(dest + ".tmp", dest)
print(f"cold make: {(end - start) / 60:.1f} min, status {rc}; {dest}")
