#!/usr/bin/env python3
"""gen-policies.py N DIR [--exact-hosts]: a baseline and a proposal with N
endpoints each, for the verifier benchmark. Deterministic (seeded): names,
port ranges and allowed_ips vary; the proposal widens a tenth of the endpoints
(another method, a wider range, an address range) so there is something to
find. A fifth of the hosts are wildcards (*.teamN.example.com), which Z3
solves as regular languages over strings, the bulk of the time; with
--exact-hosts they are plain names (about a tenth of the time)."""
import random
import sys

args = [a for a in sys.argv[1:] if a != "--exact-hosts"]
exact = len(args) < len(sys.argv) - 1
n, out = int(args[0]), args[1]
rng = random.Random(n)
bins = ["/usr/bin/curl", "/usr/bin/git", "/usr/bin/python3", "/opt/agent/tool"]


def endpoint(i, widen):
    host = f"svc{i}.example{i % 7}.com" if i % 5 else f"{'' if exact else '*.'}team{i % 11}.example.com"
    lo = 1000 + rng.randrange(50000)
    lines = [f"      - host: \"{host}\""]
    if i % 3 == 0:
        lines.append(f"        ports: [\"{lo}-{lo + (40 if widen else 20)}\"]")
    else:
        lines.append(f"        port: {lo}")
    lines.append("        protocol: rest")
    lines.append(f"        access: {'full' if widen else 'read-write'}")
    if i % 4 == 0:
        lines.append(f"        allowed_ips: [\"10.{i % 250}.0.0/16\"{', 169.254.0.0/16' if widen and i % 8 == 0 else ''}]")
    return "\n".join(lines)


def policy(widen_every):
    rng.seed(n)
    parts = ["version: 1", "network_policies:"]
    per = 10
    for p in range((n + per - 1) // per):
        parts += [f"  p{p}:", f"    name: p{p}", "    endpoints:"]
        for i in range(p * per, min(n, (p + 1) * per)):
            parts.append(endpoint(i, widen_every and i % widen_every == 0))
        parts += ["    binaries:"] + [f"      - path: {b}" for b in bins[: 1 + p % len(bins)]]
    return "\n".join(parts) + "\n"


with open(f"{out}/baseline.yaml", "w") as f:
    f.write(policy(0))
with open(f"{out}/proposal.yaml", "w") as f:
    f.write(policy(10))
with open(f"{out}/credentials.yaml", "w") as f:
    f.write("credentials:\n  - name: c\n    type: token\n    scopes: [all]\n"
            "    target_hosts: [\"*.example1.com\", \"*.team3.example.com\", svc10.example3.com]\n")
