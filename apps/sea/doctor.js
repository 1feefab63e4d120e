// doctor: what this machine looks like to a static binary, as one JSON
// document on stdout: the binary, the resolver configuration and a lookup
// through each path (libc's getaddrinfo, c-ares), the CA store found and
// how, TLS's random generator (seeded, reseeded once, drawn from), an
// optional HTTPS GET, and the locale. The validation suite reads it.
//
// usage: doctor [--name HOST] [--https URL] [--dns-server IP:PORT] [--timeout MS]
import * as native from "native";
import * as std from "std";

function parseArgs(argv) {
    const o = { name: "localhost", https: null, dnsServer: null, timeout: 3000 };
    const keys = { "--name": "name", "--https": "https", "--dns-server": "dnsServer", "--timeout": "timeout" };
    for (let i = 1; i < argv.length; i++) {
        const k = keys[argv[i]];
        if (!k || i + 1 >= argv.length) {
            std.err.puts("usage: doctor [--name HOST] [--https URL] [--dns-server IP:PORT] [--timeout MS]\n");
            std.exit(2);
        }
        o[k] = k === "timeout" ? Number(argv[++i]) : argv[++i];
    }
    return o;
}

// A configuration file's meaningful lines, or why there are none.
function readConf(path) {
    const text = std.loadFile(path);
    if (text === null)
        return { path, error: "cannot read" };
    const lines = text.split("\n").map(l => l.replace(/[#;].*/, "").trim()).filter(l => l);
    return { path, lines };
}

function resolvConf() {
    const c = readConf("/etc/resolv.conf");
    if (!c.lines)
        return c;
    const r = { path: c.path, nameservers: [], search: [], options: [] };
    for (const l of c.lines) {
        const [key, ...rest] = l.split(/\s+/);
        if (key === "nameserver") r.nameservers.push(rest[0]);
        else if (key === "search" || key === "domain") r.search.push(...rest);
        else if (key === "options") r.options.push(...rest);
    }
    return r;
}

function nsswitchHosts() {
    const c = readConf("/etc/nsswitch.conf");
    if (!c.lines)
        return c;
    const hosts = c.lines.find(l => l.startsWith("hosts:"));
    return { path: c.path, hosts: hosts ? hosts.slice(6).trim() : null };
}

function lookups(o) {
    const ares = { family: "unspec", timeoutMs: o.timeout };
    if (o.dnsServer)
        ares.servers = o.dnsServer;
    return {
        name: o.name,
        getaddrinfo: native.getaddrinfo(o.name, { family: "unspec", flags: ["AI_ADDRCONFIG"] }),
        getaddrinfoInet: native.getaddrinfo(o.name, { family: "inet" }),
        getaddrinfoInet6: native.getaddrinfo(o.name, { family: "inet6", flags: ["AI_V4MAPPED"] }),
        getaddrinfoCanon: native.getaddrinfo(o.name, { family: "unspec", flags: ["AI_CANONNAME"] }),
        cares: native.aresLookup(o.name, ares),
    };
}

const o = parseArgs(scriptArgs);
const report = {
    doctor: 1,
    binary: Object.assign({ argv0: scriptArgs[0] }, native.platform()),
    resolver: { resolvConf: resolvConf(), nsswitch: nsswitchHosts() },
    lookups: lookups(o),
    ca: native.caStore(),
    randomness: native.randomness(),
    https: o.https ? native.httpsGet(o.https, { timeoutMs: o.timeout }) : null,
    locale: native.locale(),
};
std.out.puts(JSON.stringify(report, null, 2) + "\n");
