/* Matching one concrete request against a policy: host patterns, address
 * ranges, ports and methods. This is the plain evaluator: /v1/policy/check
 * uses it, and the verifier re-checks every witness with it, so it must agree
 * with the solver encoding in verify.c rule for rule. */
#include <arpa/inet.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gateway.h"

/* Ranges a name endpoint does not reach unless its allowed_ips say so (the
 * proxy's SSRF rule), and the ones the verifier reports by kind. */
const struct addr_range addr_ranges[] = {
	{ "169.254.0.0/16", RANGE_LINK_LOCAL }, { "fe80::/10", RANGE_LINK_LOCAL },
	{ "10.0.0.0/8", RANGE_PRIVATE }, { "172.16.0.0/12", RANGE_PRIVATE },
	{ "192.168.0.0/16", RANGE_PRIVATE }, { "127.0.0.0/8", RANGE_PRIVATE },
	{ "fc00::/7", RANGE_PRIVATE }, { "::1/128", RANGE_PRIVATE },
	{ "0.0.0.0/8", RANGE_OTHER_INTERNAL }, { "100.64.0.0/10", RANGE_OTHER_INTERNAL },
	{ "224.0.0.0/3", RANGE_OTHER_INTERNAL }, { "::/128", RANGE_OTHER_INTERNAL },
	{ "ff00::/8", RANGE_OTHER_INTERNAL },
};
/* ::ffff:0:0/96 and 64:ff9b::/96 are not listed: addresses inside them are
 * kept as the IPv4 address they reach (addr_parse), and judged as that. */
const size_t addr_nranges = sizeof addr_ranges / sizeof addr_ranges[0];

/* One label against a label glob: '*' matches any run of characters within
 * the label; a lone '*' needs a non-empty label. */
static int label_matches(const char *p, size_t plen, const char *h, size_t hlen)
{
	if (plen == 1 && *p == '*') return hlen > 0;
	while (plen && *p != '*') {
		if (!hlen || *p != *h) return 0;
		p++, plen--, h++, hlen--;
	}
	if (!plen) return hlen == 0;
	p++, plen--;                              /* at a '*' */
	for (size_t skip = 0; skip <= hlen; skip++)
		if (label_matches(p, plen, h + skip, hlen - skip)) return 1;
	return 0;
}

static size_t count_labels(const char *s)
{
	size_t n = 1;
	for (; *s; s++) n += *s == '.';
	return n;
}

/* The n-th label of s (0-based) as pointer and length. */
static const char *label_at(const char *s, size_t n, size_t *len)
{
	while (n--) s = strchr(s, '.') + 1;
	*len = strcspn(s, ".");
	return s;
}

/* OpenShell's host patterns: one label per position, '*' globs within a
 * label; a leading "**" label stands for one or more labels. */
int host_pattern_matches(const char *pattern, const char *host)
{
	size_t pn, hn, off = 0;
	if (!pattern || !host || !*pattern || !*host) return 0;
	pn = count_labels(pattern), hn = count_labels(host);
	if (!strncmp(pattern, "**.", 3)) {
		pattern += 3, pn--;
		if (hn <= pn) return 0;
		off = hn - pn;
	} else if (pn != hn) {
		return 0;
	}
	for (size_t i = 0; i < pn; i++) {
		size_t pl, hl;
		const char *p = label_at(pattern, i, &pl), *h = label_at(host, i + off, &hl);
		if (!hl || !label_matches(p, pl, h, hl)) return 0;
	}
	return 1;
}

/* Each '*' in a label multiplies what the string solver explores; past a
 * few it gives up rather than answers (a 500), so more are refused. */
#define MAX_LABEL_STARS 4

/* A host pattern as the loader keeps it: lower case, one trailing dot
 * dropped (a fully-qualified "a.b." names the host "a.b"), and then only
 * non-empty labels of at most 63 characters from [a-z0-9-_*] (at most 4
 * '*' each), 253 in all.
 * Anything else ("a..b", ".a", "a b", an IDN U-label) is refused: the
 * solver builds one expression per label and an empty one is no pattern. */
const char *host_pattern_normalise(char *s)
{
	size_t n = strlen(s), label = 0, stars = 0;
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z') *c += 'a' - 'A';
	if (n > 1 && s[n - 1] == '.') s[--n] = 0;
	if (!n) return "is empty";
	if (n > 253) return "is longer than 253 characters";
	for (const char *c = s; ; c++) {
		if (*c == '.' || !*c) {
			if (!label) return "has an empty label (a leading dot, two dots in a row, or a lone dot)";
			if (stars > MAX_LABEL_STARS) return "has more than 4 '*' in one label";
			if (!*c) return NULL;
			label = stars = 0;
			continue;
		}
		stars += *c == '*';
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '*'))
			return "has a character outside a-z, 0-9, '-', '_' and '*' (write an IDN as its xn-- A-label)";
		if (++label > 63) return "has a label longer than 63 characters";
	}
}

/* Can two label globs match one label? A necessary condition, cheap: their
 * literal heads agree up to the shorter, and so do their literal tails. */
static int labels_may_meet(const char *a, size_t an, const char *b, size_t bn)
{
	const char *as = memchr(a, '*', an), *bs = memchr(b, '*', bn);
	size_t ah = as ? (size_t)(as - a) : an, bh = bs ? (size_t)(bs - b) : bn, at, bt, n;
	if (!as && !bs) return an == bn && !memcmp(a, b, an);
	n = ah < bh ? ah : bh;
	if (memcmp(a, b, n) || (!as && bh > an) || (!bs && ah > bn)) return 0;
	for (at = 0; at < an && a[an - 1 - at] != '*'; at++) ;
	for (bt = 0; bt < bn && b[bn - 1 - bt] != '*'; bt++) ;
	n = at < bt ? at : bt;
	return !memcmp(a + an - n, b + bn - n, n);
}

int host_patterns_may_meet(const char *a, const char *b)
{
	size_t an, bn, k;
	int astar, bstar;
	if (!a || !b) return 1;
	astar = !strncmp(a, "**.", 3), bstar = !strncmp(b, "**.", 3);
	a += astar ? 3 : 0, b += bstar ? 3 : 0;
	an = count_labels(a), bn = count_labels(b);
	if (!astar && !bstar && an != bn) return 0;
	if (astar && !bstar && bn <= an) return 0;
	if (bstar && !astar && an <= bn) return 0;
	for (k = 0; k < an && k < bn; k++) {           /* from the right */
		size_t al, bl;
		const char *x = label_at(a, an - 1 - k, &al), *y = label_at(b, bn - 1 - k, &bl);
		if (!labels_may_meet(x, al, y, bl)) return 0;
	}
	return 1;
}

int host_patterns_overlap(const char *a, const char *b)
{
	return (a && b && !strcmp(a, b)) || host_pattern_matches(a, b) || host_pattern_matches(b, a);
}

int path_glob_matches(const char *pattern, const char *path)
{
	return fnmatch(pattern, path, 0) == 0;
}

/* IPv6 prefixes whose last 32 bits are an IPv4 address a connection
 * reaches: IPv4-mapped (the kernel's dual-stack sockets) and NAT64's
 * well-known prefix (RFC 6052, what a DNS64 resolver hands out). */
static const uint8_t ipv4_embeddings[][12] = {
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff },
	{ 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 },
};

/* An address or network inside an embedding is kept as the IPv4 one it
 * reaches, so every range check sees 169.254.169.254 in ::ffff:169.254.169.254. */
static void to_ipv4_if_embedded(struct cidr *c)
{
	if (c->family != 6 || c->prefix < 96) return;
	for (size_t i = 0; i < sizeof ipv4_embeddings / sizeof ipv4_embeddings[0]; i++) {
		if (memcmp(c->addr, ipv4_embeddings[i], 12)) continue;
		memmove(c->addr, c->addr + 12, 4);
		memset(c->addr + 4, 0, 12);
		c->family = 4, c->prefix -= 96;
		return;
	}
}

int cidr_covers_ipv4_embedding(const struct cidr *c)
{
	for (size_t i = 0; c->family == 6 && i < sizeof ipv4_embeddings / sizeof ipv4_embeddings[0]; i++) {
		struct cidr net = { .family = 6, .prefix = 96 };
		memcpy(net.addr, ipv4_embeddings[i], 12);
		if (cidr_contains(c, &net)) return 1;
	}
	return 0;
}

static int addr_parse_as_written(const char *s, struct cidr *out)
{
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, s, out->addr) == 1) { out->family = 4; out->prefix = 32; return 0; }
	if (inet_pton(AF_INET6, s, out->addr) == 1) { out->family = 6; out->prefix = 128; return 0; }
	return -1;
}

int addr_parse(const char *s, struct cidr *out)
{
	if (addr_parse_as_written(s, out)) return -1;
	to_ipv4_if_embedded(out);
	return 0;
}

int host_is_ip_literal(const char *host)
{
	struct cidr c;
	return host && addr_parse(host, &c) == 0;
}

int cidr_parse(const char *s, struct cidr *out)
{
	char buf[64], *slash, *end;
	long prefix;
	if (strlen(s) >= sizeof buf) return -1;
	strcpy(buf, s);
	if (!(slash = strchr(buf, '/'))) return addr_parse(buf, out);
	*slash = 0;
	if (addr_parse_as_written(buf, out)) return -1;
	prefix = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end || prefix < 0 || prefix > out->prefix) return -1;
	out->prefix = (int)prefix;
	for (int bit = out->prefix; bit < (out->family == 4 ? 32 : 128); bit++)  /* host bits off */
		out->addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
	to_ipv4_if_embedded(out);
	return 0;
}

int cidr_contains(const struct cidr *net, const struct cidr *a)
{
	int full = net->prefix / 8, rest = net->prefix % 8;
	if (net->family != a->family) return 0;
	if (memcmp(net->addr, a->addr, (size_t)full)) return 0;
	return !rest || ((net->addr[full] ^ a->addr[full]) & (0xff00 >> rest)) == 0;
}

static int addr_kind(const struct cidr *a)
{
	int kind = 0;
	for (size_t i = 0; i < addr_nranges; i++) {
		struct cidr net;
		if (cidr_parse(addr_ranges[i].cidr, &net) == 0 && cidr_contains(&net, a)) kind |= addr_ranges[i].kind;
	}
	return kind;
}

int addr_is_link_local(const struct cidr *a) { return (addr_kind(a) & RANGE_LINK_LOCAL) != 0; }
int addr_is_private(const struct cidr *a) { return (addr_kind(a) & RANGE_PRIVATE) != 0; }
int addr_is_internal(const struct cidr *a) { return addr_kind(a) != 0; }

void addr_format(const struct cidr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

static int in_allowed_ips(const struct endpoint *ep, const struct cidr *a)
{
	for (size_t i = 0; i < ep->nallowed_ips; i++)
		if (cidr_contains(&ep->allowed_ips[i], a)) return 1;
	return 0;
}

/* Where the request goes. An endpoint whose host is an IP literal takes
 * direct connections to that address; a name pattern takes names, whose
 * address (when known) must be in allowed_ips, or public without them; an
 * endpoint with only allowed_ips takes any name or address inside them. */
static int destination_matches(const struct endpoint *ep, const struct request *rq)
{
	struct cidr addr, lit;
	int have_addr = rq->addr ? addr_parse(rq->addr, &addr) == 0
				 : host_is_ip_literal(rq->host) && addr_parse(rq->host, &addr) == 0;
	int direct = host_is_ip_literal(rq->host);
	if (ep->host && addr_parse(ep->host, &lit) == 0)
		return direct && have_addr && cidr_contains(&lit, &addr);
	if (ep->host) {
		if (direct || !host_pattern_matches(ep->host, rq->host)) return 0;
		if (!have_addr) return 1;
		return ep->nallowed_ips ? in_allowed_ips(ep, &addr) : !addr_is_internal(&addr);
	}
	return have_addr && in_allowed_ips(ep, &addr);
}

static int port_matches(const struct endpoint *ep, int port)
{
	for (size_t i = 0; i < ep->nports; i++)
		if (port >= ep->ports[i].lo && port <= ep->ports[i].hi) return 1;
	return 0;
}

/* L4 connections (method -1) pass any endpoint; with rules and a path, some
 * rule must allow both. */
static int method_matches(const struct endpoint *ep, const struct request *rq)
{
	if (rq->method < 0) return 1;
	if (!(ep->methods & 1u << rq->method)) return 0;
	if (!ep->protocol || ep->access || !ep->nrules || !rq->path) return 1;
	for (size_t i = 0; i < ep->nrules; i++) {
		const struct l7_rule *r = &ep->rules[i];
		int m = r->method && strcmp(r->method, "*") ? method_parse(r->method) : rq->method;
		if (m == rq->method && (!r->path || path_glob_matches(r->path, rq->path))) return 1;
	}
	return 0;
}

int binary_listed(const struct network_policy *np, const char *binary)
{
	if (!binary) return 1;
	for (size_t i = 0; i < np->nbinaries; i++)
		if (!strcmp(np->binaries[i], binary) ||
		    (strchr(np->binaries[i], '*') && path_glob_matches(np->binaries[i], binary)))
			return 1;
	return 0;
}

int endpoint_exfil(const struct binary_cap *cap, const struct endpoint *ep)
{
	int l7 = ep->protocol != NULL, l7_write = l7 && (ep->methods & METHODS_WRITE);
	return cap->can_exfiltrate && (cap->bypasses_l7 || (cap->can_construct_http && (!l7 || l7_write)));
}

/* A name is credentialed by a name pattern; an IP literal only by the same
 * address written as a target host (OpenShell injects by the request's host
 * string, so a name resolving to that address is not credentialed). */
int host_credentialed(const struct credentials *c, const char *host)
{
	struct cidr want, lit;
	int direct = addr_parse(host, &want) == 0;
	for (size_t i = 0; c && i < c->n; i++)
		for (size_t j = 0; j < c->items[i].ntarget_hosts; j++) {
			const char *t = c->items[i].target_hosts[j];
			if (addr_parse(t, &lit) == 0 ? direct && cidr_contains(&lit, &want)
						      : !direct && host_pattern_matches(t, host))
				return 1;
		}
	return 0;
}

int endpoint_takes_request(const struct endpoint *ep, const struct request *rq)
{
	return destination_matches(ep, rq) && port_matches(ep, rq->port) && method_matches(ep, rq);
}

void policy_check(const struct policy *p, const struct request *given, struct decision *out)
{
	struct binary_cap cap = { 0 };
	struct request copy = *given, *rq = &copy;
	char host[256];
	size_t n = given->host ? strlen(given->host) : 0;
	memset(out, 0, sizeof *out);
	/* "API.GitHub.com." reaches api.github.com: match it as the loader keeps
	 * patterns (lower case, no trailing dot). Longer than a name can be: as is. */
	if (n && n < sizeof host) {
		for (size_t i = 0; i < n; i++)
			host[i] = given->host[i] >= 'A' && given->host[i] <= 'Z' ? given->host[i] + ('a' - 'A') : given->host[i];
		host[n > 1 && host[n - 1] == '.' ? n - 1 : n] = 0;
		copy.host = host;
	}
	if (rq->exfil_only && rq->binary) cap = registry_lookup(rq->exfil_only, rq->binary);
	for (size_t i = 0; i < p->npolicies; i++) {
		const struct network_policy *np = &p->policies[i];
		if (!binary_listed(np, rq->binary)) continue;
		for (size_t j = 0; j < np->nendpoints; j++) {
			const struct endpoint *ep = &np->endpoints[j];
			if (!destination_matches(ep, rq) || !port_matches(ep, rq->port)) continue;
			if (rq->exfil_only && rq->binary && !endpoint_exfil(&cap, ep)) continue;
			if (!method_matches(ep, rq)) {
				snprintf(out->reason, sizeof out->reason, "%s: %s not allowed on %s (line %d)",
					 np->key, method_name(rq->method), ep->host ? ep->host : "allowed_ips", ep->line);
				continue;
			}
			out->allowed = 1;
			out->policy = np;
			out->endpoint = ep;
			snprintf(out->reason, sizeof out->reason, "allowed by %s, endpoint at line %d", np->key, ep->line);
			return;
		}
	}
	if (!out->reason[0]) snprintf(out->reason, sizeof out->reason, "no endpoint matches");
}
