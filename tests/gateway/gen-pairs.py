#!/usr/bin/env python3
"""gen-pairs.py SEED DIR [--endpoints N]: one random baseline/proposal pair and
credentials for the verifier's differential test (tests/t4117). Seeded, so a
failing seed is a reproducer. The proposal is the baseline mutated: endpoints
added, ports widened, access raised, allowed_ips and binaries added. What the
pools hold is what the encodings must agree on: exact names, "*", "**."
and label globs, the metadata name, IP literals (IPv4, IPv6, IPv4-mapped),
allowed_ips over link-local, private and public ranges of both families,
single ports, port lists and ranges, access levels, rules, L4 endpoints,
credentials with wildcards and an IP literal, binaries in and out of the
registry and a glob."""
import random
import sys

HOSTS = [
    "api.example.com", "www.example.com", "example.com", "*.example.com", "**.example.com",
    "api-*.example.com", "*-api.example.com", "a*b.example.com", "*.*.example.com", "api.*.com",
    "*.internal", "metadata.google.internal", "*.google.internal", "db.corp", "**.corp", "*",
    "10.0.0.5", "169.254.169.254", "192.168.1.10", "8.8.8.8", "2001:db8::5", "fe80::1",
    "::ffff:10.0.0.5", "1.2.3.4",
]
IPS = [
    "10.0.0.0/8", "10.1.0.0/16", "169.254.0.0/16", "192.168.1.0/24", "8.8.8.0/24", "1.2.3.4/32",
    "fe80::/10", "fc00::/7", "2001:db8::/32", "0.0.0.0/0", "::/0", "::ffff:10.0.0.0/104",
]
BINARIES = ["/usr/bin/curl", "/usr/bin/curl", "/usr/bin/git", "/usr/bin/nc", "/usr/bin/python3", "/opt/tool/agent", "/usr/bin/*"]
TARGETS = ["api.example.com", "*.example.com", "**.corp", "metadata.google.internal", "10.0.0.5",
           "api-*.example.com", "*.internal", "example.com"]


def ports(rng):
    kind = rng.randrange(3)
    if kind == 0:
        return {"port": rng.choice([80, 443, 8080])}
    if kind == 1:
        return {"ports": rng.sample([22, 80, 443, 8080, 9000], rng.randrange(1, 3))}
    lo = rng.choice([1000, 8000, 443])
    return {"ports": [f"{lo}-{lo + rng.choice([0, 10, 1000])}"]}


def endpoint(rng):
    ep = {}
    if rng.randrange(6):
        ep["host"] = rng.choice(HOSTS)
    if "host" not in ep or rng.randrange(4) == 0:
        ep["allowed_ips"] = rng.sample(IPS, rng.randrange(1, 3))
    ep.update(ports(rng))
    style = rng.randrange(4)
    if style == 0:
        ep["protocol"] = "tcp"
    elif style == 1:
        ep["protocol"] = "rest"
        ep["access"] = rng.choice(["read-only", "read-only", "read-write", "full"])
    elif style == 2:
        ep["protocol"] = "rest"
        ep["rules"] = [{"method": m, "path": "/v1/**"} for m in rng.sample(["GET", "POST", "PUT", "DELETE", "*"], rng.randrange(1, 3))]
    return ep


def widen(rng, ep):
    ep = dict(ep, **({"allowed_ips": list(ep.get("allowed_ips", [])) + [rng.choice(IPS)]} if rng.randrange(3) == 0 else {}))
    r = rng.randrange(5)
    if r == 4 and ep.get("protocol") == "rest":
        ep.pop("access", None)
        ep["rules"] = list(ep.get("rules", [])) + [{"method": rng.choice(["POST", "PUT", "DELETE"]), "path": "/v1/**"}]
    elif r == 0:
        ep.pop("port", None)
        ep["ports"] = ["1-65535"] if rng.randrange(2) else [443, 8443]
    elif r == 1 and ep.get("protocol") == "rest":
        ep.pop("rules", None)
        ep["access"] = "full"
    elif r == 2:
        ep["host"] = rng.choice(HOSTS)
    return ep


def policy_text(policies):
    out = ["version: 1", "network_policies:"]
    for key, (eps, bins) in policies.items():
        out += [f"  {key}:", f"    name: {key}", "    endpoints:"]
        for ep in eps:
            first = True
            for k, v in ep.items():
                lead = "      - " if first else "        "
                first = False
                if k == "rules":
                    out.append(f"{lead}rules:")
                    out += [f"          - allow: {{method: \"{r['method']}\", path: \"{r['path']}\"}}" for r in v]
                elif isinstance(v, list):
                    out.append(f"{lead}{k}: [" + ", ".join(f"\"{x}\"" for x in v) + "]")
                else:
                    out.append(f"{lead}{k}: \"{v}\"" if isinstance(v, str) else f"{lead}{k}: {v}")
        out.append("    binaries:")
        out += [f"      - path: \"{b}\"" for b in bins]
    return "\n".join(out) + "\n"


def main():
    args = [a for a in sys.argv[1:]]
    n = 3
    if "--endpoints" in args:
        i = args.index("--endpoints")
        n = int(args[i + 1])
        del args[i:i + 2]
    seed, out = int(args[0]), args[1]
    rng = random.Random(seed)
    base = {}
    for p in range(rng.randrange(1, 3)):
        base[f"p{p}"] = ([endpoint(rng) for _ in range(rng.randrange(1, n + 1))], list(dict.fromkeys(rng.sample(BINARIES, rng.randrange(1, 3)))))
    prop = {}
    for key, (eps, bins) in base.items():
        eps = [widen(rng, ep) if rng.randrange(3) == 0 else ep for ep in eps]
        if rng.randrange(2):
            eps = eps + [endpoint(rng)]
        if rng.randrange(4) == 0:
            bins = bins + [b for b in rng.sample(BINARIES, 1) if b not in bins]
        prop[key] = (eps, bins)
    if rng.randrange(3) == 0:
        prop["extra"] = ([endpoint(rng)], rng.sample(BINARIES, 1))
    with open(f"{out}/baseline.yaml", "w") as f:
        f.write(policy_text(base))
    with open(f"{out}/proposal.yaml", "w") as f:
        f.write(policy_text(prop))
    with open(f"{out}/credentials.yaml", "w") as f:
        targets = rng.sample(TARGETS, rng.randrange(0, 4))
        names = [ep["host"] for eps, _ in base.values() for ep in eps if "host" in ep]
        if names and rng.randrange(2):
            targets = list(dict.fromkeys(targets + [rng.choice(names)]))
        f.write("credentials:\n" + ("  - name: c\n    type: token\n    scopes: [all]\n    target_hosts: [" +
                ", ".join(f"\"{t}\"" for t in targets) + "]\n" if targets else "  []\n"))


main()
