/* The verifier: what a proposed policy allows that its baseline does not.
 *
 * A request is encoded as solver variables: the host name, whether it is a
 * direct connection to an IP literal, the address (a 32- or 128-bit vector by
 * family), the port (16 bits) and the method (0..6). A policy becomes a
 * formula over them, one disjunct per endpoint: allowed_ips and the internal
 * ranges are masked bit-vector equalities, port ranges unsigned comparisons.
 * The host name is kept out of the solver's string theory (docs/gateway.md,
 * "How the verifier encodes host names"): one Boolean per host pattern, "the
 * name matches it", and a model's combination counts only once hostclass.c
 * has built a name that matches exactly the patterns set true; a combination
 * no name has is blocked and the query solved again. `--encoding strings`
 * keeps the old encoding (the name a string, each pattern a regular
 * expression) for the differential test. For every path of the proposal (binary, endpoint,
 * port range) and every category, the solver is asked for a request that the
 * path allows, that falls in the category, and that the baseline does not
 * allow; a model is a witness, evaluated again by the plain evaluator
 * (match.c) against both policies before it is reported.
 *
 * Categories follow OpenShell's prover: link_local_reach, then for a binary
 * that bypasses L7 l7_bypass_credentialed, else credential_reach_expansion
 * and one capability_expansion per newly allowed method (suppressed where the
 * reach itself is new). Ours add private_network_reach and redundant_endpoint.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <z3.h>
#include "gateway.h"

#define MAX_FINDINGS 100000
#define METADATA_HOST "metadata.google.internal"

enum { Q_LINK_LOCAL, Q_PRIVATE, Q_BYPASS, Q_REACH, Q_CAPABILITY };

static const char *category_names[] = {
	"link_local_reach", "private_network_reach", "l7_bypass_credentialed",
	"credential_reach_expansion", "capability_expansion", "redundant_endpoint",
};
#define NCATEGORIES (sizeof category_names / sizeof category_names[0])

struct enc {
	Z3_context c;
	Z3_solver s;
	Z3_ast host, direct, v6, a4, a6, port, method;
	Z3_ast re_label;             /* one host-name character */
	Z3_ast host_wellformed;
	/* The classes encoding: one Boolean per distinct pattern, and the name
	 * built for the last model. */
	struct pattern_var { const char *pattern; Z3_ast var; } *pats;
	size_t npats, cap_pats;
	char witness_host[256];
	int undecided;               /* hostclass.c could not decide: not the solver's limit */
	int limited;                 /* a query was not answered: verify returns VERIFY_LIMIT */
	/* The host pattern of the endpoint a query is about, or NULL: patterns
	 * no host of it can match are false there and left out of the formula
	 * (the string solver is slow on many patterns it has to prove disjoint). */
	const char *focus;
	const struct verify_input *in;
	char *err;
	size_t errlen;
	/* --explain: the query of this finding is printed instead of solved */
	const struct finding *explain;
	char *explained;
};

/* ---- building blocks ---- */

static Z3_ast mk_and(struct enc *e, unsigned n, const Z3_ast *v)
{
	return n ? (n == 1 ? v[0] : Z3_mk_and(e->c, n, v)) : Z3_mk_true(e->c);
}

static Z3_ast mk_or(struct enc *e, unsigned n, const Z3_ast *v)
{
	return n ? (n == 1 ? v[0] : Z3_mk_or(e->c, n, v)) : Z3_mk_false(e->c);
}

static Z3_ast and2(struct enc *e, Z3_ast a, Z3_ast b) { Z3_ast v[2] = { a, b }; return mk_and(e, 2, v); }
static Z3_ast not(struct enc *e, Z3_ast a) { return Z3_mk_not(e->c, a); }

/* A growable list of terms for an n-ary and/or. */
struct terms { Z3_ast *v; unsigned n, cap; };

static void push(struct terms *t, Z3_ast a)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		if (!t->v) { fputs("gateway: out of memory\n", stderr); abort(); }
	}
	t->v[t->n++] = a;
}

static Z3_ast or_terms(struct enc *e, struct terms *t)
{
	Z3_ast r = mk_or(e, t->n, t->v);
	free(t->v);
	return r;
}

static Z3_ast bv(struct enc *e, unsigned long long value, unsigned bits)
{
	return Z3_mk_unsigned_int64(e->c, value, Z3_mk_bv_sort(e->c, bits));
}

static Z3_ast bv128(struct enc *e, const uint8_t *b)
{
	Z3_ast hi = bv(e, 0, 64), lo;
	unsigned long long h = 0, l = 0;
	for (int i = 0; i < 8; i++) h = h << 8 | b[i];
	for (int i = 8; i < 16; i++) l = l << 8 | b[i];
	hi = bv(e, h, 64), lo = bv(e, l, 64);
	return Z3_mk_concat(e->c, hi, lo);
}

/* The address is inside the network. */
static Z3_ast in_cidr(struct enc *e, const struct cidr *net)
{
	uint8_t mask[16] = { 0 };
	for (int i = 0; i < net->prefix; i++) mask[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	if (net->family == 4) {
		unsigned long long m = (unsigned long long)mask[0] << 24 | mask[1] << 16 | mask[2] << 8 | mask[3];
		unsigned long long a = (unsigned long long)net->addr[0] << 24 | net->addr[1] << 16 | net->addr[2] << 8 | net->addr[3];
		return and2(e, not(e, e->v6), Z3_mk_eq(e->c, Z3_mk_bvand(e->c, e->a4, bv(e, m, 32)), bv(e, a, 32)));
	}
	return and2(e, e->v6, Z3_mk_eq(e->c, Z3_mk_bvand(e->c, e->a6, bv128(e, mask)), bv128(e, net->addr)));
}

static Z3_ast in_ranges(struct enc *e, int kinds)
{
	struct terms t = { 0 };
	for (size_t i = 0; i < addr_nranges; i++) {
		struct cidr net;
		if ((addr_ranges[i].kind & kinds) && cidr_parse(addr_ranges[i].cidr, &net) == 0) push(&t, in_cidr(e, &net));
	}
	return or_terms(e, &t);
}

static Z3_ast re_str(struct enc *e, const char *s, size_t n)
{
	char buf[256];
	if (n >= sizeof buf) n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return Z3_mk_seq_to_re(e->c, Z3_mk_string(e->c, buf));
}

/* One label glob: literal runs joined by (label character)*; "*" alone is a whole label. */
static Z3_ast re_label_glob(struct enc *e, const char *p, size_t n)
{
	Z3_ast parts[64];
	unsigned k = 0;
	Z3_ast any = Z3_mk_re_star(e->c, e->re_label);   /* re_label is one character here */
	if (n == 1 && *p == '*') return Z3_mk_re_plus(e->c, e->re_label);
	while (n) {                               /* at most 63 parts: a label is at most 63 characters */
		size_t lit = 0;
		while (lit < n && p[lit] != '*') lit++;
		if (lit) parts[k++] = re_str(e, p, lit);
		if (lit < n) parts[k++] = any, lit++;
		p += lit, n -= lit;
	}
	return k == 1 ? parts[0] : Z3_mk_re_concat(e->c, k, parts);
}

/* A host pattern as a regular expression over host names (match.c's rules). */
static Z3_ast re_host_pattern(struct enc *e, const char *pattern)
{
	Z3_ast parts[256], dot = re_str(e, ".", 1);
	unsigned k = 0;
	const char *p = pattern;
	if (!strncmp(p, "**.", 3)) {
		Z3_ast lab[2] = { Z3_mk_re_plus(e->c, e->re_label), dot };
		parts[k++] = Z3_mk_re_plus(e->c, Z3_mk_re_concat(e->c, 2, lab));
		p += 3;
	}
	while (k < 254) {
		size_t n = strcspn(p, ".");
		parts[k++] = re_label_glob(e, p, n);
		if (!p[n]) break;
		parts[k++] = dot;
		p += n + 1;
	}
	return k == 1 ? parts[0] : Z3_mk_re_concat(e->c, k, parts);
}

static Z3_ast pattern_var(struct enc *e, const char *pattern)
{
	char name[300];
	for (size_t i = 0; i < e->npats; i++)
		if (!strcmp(e->pats[i].pattern, pattern)) return e->pats[i].var;
	if (e->npats == e->cap_pats) {
		e->cap_pats = e->cap_pats ? 2 * e->cap_pats : 64;
		e->pats = realloc(e->pats, e->cap_pats * sizeof *e->pats);
		if (!e->pats) { fputs("gateway: out of memory\n", stderr); abort(); }
	}
	snprintf(name, sizeof name, "host~%s", pattern);
	e->pats[e->npats].pattern = pattern;
	e->pats[e->npats].var = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, name), Z3_mk_bool_sort(e->c));
	return e->pats[e->npats++].var;
}

static Z3_ast host_in(struct enc *e, const char *pattern)
{
	if (e->in->encoding != ENCODING_STRINGS) return pattern_var(e, pattern);
	return Z3_mk_seq_in_re(e->c, e->host, re_host_pattern(e, pattern));
}

/* ---- a policy as a formula ---- */

static Z3_ast in_allowed_ips(struct enc *e, const struct endpoint *ep)
{
	struct terms t = { 0 };
	for (size_t i = 0; i < ep->nallowed_ips; i++) push(&t, in_cidr(e, &ep->allowed_ips[i]));
	return or_terms(e, &t);
}

static Z3_ast destination(struct enc *e, const struct endpoint *ep)
{
	struct cidr lit;
	if (ep->host && addr_parse(ep->host, &lit) == 0) return and2(e, e->direct, in_cidr(e, &lit));
	if (ep->host) {
		if (e->focus && !host_patterns_may_meet(e->focus, ep->host)) return Z3_mk_false(e->c);
		Z3_ast addr = ep->nallowed_ips ? in_allowed_ips(e, ep)
			: not(e, in_ranges(e, RANGE_LINK_LOCAL | RANGE_PRIVATE | RANGE_OTHER_INTERNAL));
		Z3_ast v[3] = { not(e, e->direct), host_in(e, ep->host), addr };
		return mk_and(e, 3, v);
	}
	return in_allowed_ips(e, ep);
}

static Z3_ast port_in(struct enc *e, const struct port_range *r)
{
	return and2(e, Z3_mk_bvule(e->c, bv(e, r->lo, 16), e->port), Z3_mk_bvule(e->c, e->port, bv(e, r->hi, 16)));
}

static Z3_ast ports(struct enc *e, const struct endpoint *ep)
{
	struct terms t = { 0 };
	for (size_t i = 0; i < ep->nports; i++) push(&t, port_in(e, &ep->ports[i]));
	return or_terms(e, &t);
}

static Z3_ast methods(struct enc *e, unsigned set)
{
	struct terms t = { 0 };
	if (set == METHOD_ALL) return Z3_mk_true(e->c);
	for (int m = 0; m < METHOD_COUNT; m++)
		if (set & 1u << m) push(&t, Z3_mk_eq(e->c, e->method, Z3_mk_int(e->c, m, Z3_mk_int_sort(e->c))));
	return or_terms(e, &t);
}

/* The endpoint takes the request; with_method 0 asks about the connection only. */
static Z3_ast endpoint_takes(struct enc *e, const struct endpoint *ep, const struct port_range *only, int with_method)
{
	Z3_ast v[3] = { destination(e, ep), only ? port_in(e, only) : ports(e, ep),
			with_method ? methods(e, ep->methods) : Z3_mk_true(e->c) };
	return mk_and(e, 3, v);
}

static int same_address(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
}

/* Two networks share an address: one holds the other's first address. */
static int networks_meet(const struct cidr *a, const struct cidr *b)
{
	return cidr_contains(a, b) || cidr_contains(b, a);
}

/* Could the endpoints take one address? Each takes its literal, or its
 * allowed_ips; a name without allowed_ips takes any public address, which
 * is not worth proving disjoint here (the solver does). */
static int addresses_may_meet(const struct endpoint *a, const struct cidr *alit, const struct endpoint *b,
			      const struct cidr *blit)
{
	size_t na = alit ? 1 : a->nallowed_ips, nb = blit ? 1 : b->nallowed_ips;
	if (!na || !nb) return 1;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (networks_meet(alit ? alit : &a->allowed_ips[i], blit ? blit : &b->allowed_ips[j])) return 1;
	return 0;
}

/* Can endpoint b take a request endpoint a takes (on port range pr, or on
 * any of a's)? A cheap necessary condition, so what it rules out can be
 * left out of a query about a: a port range that does not meet, a name
 * pattern that cannot meet, a direct connection against a name. */
static int may_overlap(const struct endpoint *a, const struct port_range *pr, const struct endpoint *b)
{
	struct cidr la, lb;
	int a_lit, b_lit, ports = 0;
	for (size_t i = 0; i < (pr ? 1 : a->nports) && !ports; i++) {
		const struct port_range *r = pr ? pr : &a->ports[i];
		for (size_t j = 0; j < b->nports && !ports; j++) ports = r->lo <= b->ports[j].hi && b->ports[j].lo <= r->hi;
	}
	if (!ports) return 0;
	a_lit = a->host && addr_parse(a->host, &la) == 0, b_lit = b->host && addr_parse(b->host, &lb) == 0;
	if (a->host && b->host && (a_lit != b_lit || (!a_lit && !host_patterns_may_meet(a->host, b->host))))
		return 0;
	return addresses_may_meet(a, a_lit ? &la : NULL, b, b_lit ? &lb : NULL);
}

static int is_false(struct enc *e, Z3_ast a) { return Z3_get_bool_value(e->c, a) == Z3_L_FALSE; }

/* Whether what endpoint_takes asserts (with methods) can be met, without
 * asking the solver: a method, a port of 1 or more (asserted for every
 * query), and a destination, which always has an address (the literal, one
 * in allowed_ips, or a public one; the IPv4 embeddings are kept as IPv4).
 * Saves a query per endpoint that nothing else in its policy could cover. */
static int endpoint_takes_something(const struct endpoint *ep)
{
	if (!ep->methods) return 0;
	for (size_t i = 0; i < ep->nports; i++)
		if (ep->ports[i].hi >= 1) return 1;
	return 0;
}

/* Does endpoint b take, with every method, every request a takes on port
 * range pr? Sufficient, from the text alone: the same host, a port range
 * holding pr, a superset of the methods, and addresses b takes too (the
 * same default, or each of a's networks inside one of b's). */
static int endpoint_covers(const struct endpoint *b, const struct endpoint *a, const struct port_range *pr)
{
	int ports = 0;
	if ((a->host == NULL) != (b->host == NULL) || (a->host && strcmp(a->host, b->host))) return 0;
	if ((a->methods & b->methods) != a->methods) return 0;
	for (size_t j = 0; j < b->nports && !ports; j++) ports = b->ports[j].lo <= pr->lo && pr->hi <= b->ports[j].hi;
	if (!ports) return 0;
	if (!b->nallowed_ips) return !a->nallowed_ips;
	if (!a->nallowed_ips) return 0;
	for (size_t i = 0; i < a->nallowed_ips; i++) {
		int inside = 0;
		for (size_t j = 0; j < b->nallowed_ips && !inside; j++)
			inside = b->allowed_ips[j].family == a->allowed_ips[i].family &&
				 b->allowed_ips[j].prefix <= a->allowed_ips[i].prefix &&
				 cidr_contains(&b->allowed_ips[j], &a->allowed_ips[i]);
		if (!inside) return 0;
	}
	return 1;
}

/* Some endpoint of the policy, through which the binary can move data,
 * covers the path's endpoint on its port range (endpoint_covers). */
static int policy_covers(const struct enc *e, const struct policy *p, const char *binary,
			 const struct endpoint *ep, const struct port_range *pr)
{
	struct binary_cap cap = registry_lookup(e->in->registry, binary);
	for (size_t i = 0; i < p->npolicies; i++) {
		if (!binary_listed(&p->policies[i], binary)) continue;
		for (size_t j = 0; j < p->policies[i].nendpoints; j++) {
			const struct endpoint *b = &p->policies[i].endpoints[j];
			if (endpoint_exfil(&cap, b) && endpoint_covers(b, ep, pr)) return 1;
		}
	}
	return 0;
}

/* What the policy lets the binary move data through (the exfil rule),
 * leaving out `skip`, and, when `near` is given, the endpoints that cannot
 * take a request near takes (on port range near_pr, or any of near's). */
static Z3_ast policy_allows(struct enc *e, const struct policy *p, const char *binary, int with_method,
			   const struct endpoint *skip, const struct endpoint *near, const struct port_range *near_pr)
{
	struct binary_cap cap = registry_lookup(e->in->registry, binary);
	struct terms t = { 0 };
	for (size_t i = 0; i < p->npolicies; i++) {
		if (!binary_listed(&p->policies[i], binary)) continue;
		for (size_t j = 0; j < p->policies[i].nendpoints; j++) {
			const struct endpoint *ep = &p->policies[i].endpoints[j];
			if (ep == skip || (!skip && !endpoint_exfil(&cap, ep))) continue;
			if (near && !may_overlap(near, near_pr, ep)) continue;
			push(&t, endpoint_takes(e, ep, NULL, with_method));
		}
	}
	return or_terms(e, &t);
}

/* match.c's host_credentialed: names by pattern, direct connections by an
 * IP literal among the target hosts. */
static Z3_ast credentialed(struct enc *e)
{
	const struct credentials *c = e->in->credentials;
	struct terms names = { 0 }, addrs = { 0 };
	Z3_ast v[2];
	for (size_t i = 0; c && i < c->n; i++)
		for (size_t j = 0; j < c->items[i].ntarget_hosts; j++) {
			const char *t = c->items[i].target_hosts[j];
			struct cidr lit;
			if (addr_parse(t, &lit) == 0) push(&addrs, in_cidr(e, &lit));
			else if (!e->focus || host_patterns_may_meet(e->focus, t)) push(&names, host_in(e, t));
		}
	v[0] = and2(e, not(e, e->direct), or_terms(e, &names));
	v[1] = and2(e, e->direct, or_terms(e, &addrs));
	return mk_or(e, 2, v);
}

/* Link-local reach: an address in a link-local range, or (OpenShell's
 * metadata-name rule) the name metadata.google.internal through a name
 * endpoint whose pattern matches it. An endpoint of allowed_ips alone takes
 * that name only where it resolves into those ranges: the address decides. */
static Z3_ast link_local(struct enc *e)
{
	/* The pattern "metadata.google.internal" matches that name and no other. */
	Z3_ast is_meta = e->in->encoding == ENCODING_STRINGS ? Z3_mk_eq(e->c, e->host, Z3_mk_string(e->c, METADATA_HOST))
		: host_in(e, METADATA_HOST);
	Z3_ast meta = !e->focus || !host_pattern_matches(e->focus, METADATA_HOST) ? Z3_mk_false(e->c)
		: and2(e, not(e, e->direct), is_meta);
	Z3_ast v[2] = { in_ranges(e, RANGE_LINK_LOCAL), meta };
	return mk_or(e, 2, v);
}

/* What inet_pton reads as an IPv4 address (four decimal octets, no leading
 * zeros): a name request must not be one, the evaluator takes it as direct. */
static Z3_ast re_dotted_quad(struct enc *e)
{
	Z3_ast d = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "0"), Z3_mk_string(e->c, "9"));
	Z3_ast nz = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "1"), Z3_mk_string(e->c, "9"));
	Z3_ast d04 = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "0"), Z3_mk_string(e->c, "4"));
	Z3_ast d05 = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "0"), Z3_mk_string(e->c, "5"));
	Z3_ast two[2] = { nz, d }, hundred[3] = { re_str(e, "1", 1), d, d };
	Z3_ast two_hundred[3] = { re_str(e, "2", 1), d04, d }, two_fifty[2] = { re_str(e, "25", 2), d05 };
	Z3_ast octets[5] = { d, Z3_mk_re_concat(e->c, 2, two), Z3_mk_re_concat(e->c, 3, hundred),
			     Z3_mk_re_concat(e->c, 3, two_hundred), Z3_mk_re_concat(e->c, 2, two_fifty) };
	Z3_ast octet = Z3_mk_re_union(e->c, 5, octets), dot = re_str(e, ".", 1);
	Z3_ast quad[7] = { octet, dot, octet, dot, octet, dot, octet };
	return Z3_mk_re_concat(e->c, 7, quad);
}

/* ---- the context ---- */

static int enc_open(struct enc *e, const struct verify_input *in, char *err, size_t errlen)
{
	Z3_config cfg = Z3_mk_config();
	Z3_sort str;
	Z3_ast chars[4], v[3];
	memset(e, 0, sizeof *e);
	e->in = in, e->err = err, e->errlen = errlen;
	Z3_set_param_value(cfg, "model", "true");
	e->c = Z3_mk_context(cfg);
	Z3_del_config(cfg);
	if (!e->c) { snprintf(err, errlen, "cannot create a Z3 context"); return -1; }
	Z3_set_error_handler(e->c, NULL);
	/* The classes encoding is Booleans and bit-vectors: the plain SMT core
	 * answers it without the combined solver's set-up (about 8 ms on the
	 * first query) and with less per query. Strings keep the default. */
	e->s = in->encoding == ENCODING_STRINGS ? Z3_mk_solver(e->c) : Z3_mk_simple_solver(e->c);
	Z3_solver_inc_ref(e->c, e->s);
	if (in->timeout_ms) {
		Z3_params p = Z3_mk_params(e->c);
		Z3_params_inc_ref(e->c, p);
		Z3_params_set_uint(e->c, p, Z3_mk_string_symbol(e->c, "timeout"), in->timeout_ms);
		Z3_solver_set_params(e->c, e->s, p);
		Z3_params_dec_ref(e->c, p);
	}
	str = Z3_mk_string_sort(e->c);
	e->host = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "host"), str);
	e->direct = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "direct"), Z3_mk_bool_sort(e->c));
	e->v6 = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "ipv6"), Z3_mk_bool_sort(e->c));
	e->a4 = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "addr4"), Z3_mk_bv_sort(e->c, 32));
	e->a6 = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "addr6"), Z3_mk_bv_sort(e->c, 128));
	e->port = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "port"), Z3_mk_bv_sort(e->c, 16));
	e->method = Z3_mk_const(e->c, Z3_mk_string_symbol(e->c, "method"), Z3_mk_int_sort(e->c));
	chars[0] = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "a"), Z3_mk_string(e->c, "z"));
	chars[1] = Z3_mk_re_range(e->c, Z3_mk_string(e->c, "0"), Z3_mk_string(e->c, "9"));
	chars[2] = re_str(e, "-", 1);
	chars[3] = re_str(e, "_", 1);
	e->re_label = Z3_mk_re_union(e->c, 4, chars);
	/* A host name of labels. Asserted only when a model's host is not one
	 * (it costs the string solver dearly): a host any pattern matched is. */
	{
		Z3_ast lab = Z3_mk_re_plus(e->c, e->re_label), dot = re_str(e, ".", 1), ld[2] = { lab, dot }, all[2];
		all[0] = Z3_mk_re_star(e->c, Z3_mk_re_concat(e->c, 2, ld));
		all[1] = lab;
		e->host_wellformed = and2(e, Z3_mk_seq_in_re(e->c, e->host, Z3_mk_re_concat(e->c, 2, all)),
					  not(e, Z3_mk_seq_in_re(e->c, e->host, re_dotted_quad(e))));
	}
	v[0] = Z3_mk_ge(e->c, e->method, Z3_mk_int(e->c, 0, Z3_mk_int_sort(e->c)));
	v[1] = Z3_mk_lt(e->c, e->method, Z3_mk_int(e->c, METHOD_COUNT, Z3_mk_int_sort(e->c)));
	v[2] = Z3_mk_bvuge(e->c, e->port, bv(e, 1, 16));
	Z3_solver_assert(e->c, e->s, mk_and(e, 3, v));
	/* An address is kept as the evaluator keeps it: one inside an IPv4
	 * embedding is that IPv4 address (match.c), never the IPv6 form. */
	{
		static const char *embeddings[] = { "::ffff:0:0", "64:ff9b::" };   /* each a /96 */
		for (size_t i = 0; i < 2; i++) {
			struct cidr net = { .family = 6, .prefix = 96 };
			if (inet_pton(AF_INET6, embeddings[i], net.addr) != 1) continue;
			Z3_solver_assert(e->c, e->s, not(e, in_cidr(e, &net)));
		}
	}
	return 0;
}

static void enc_close(struct enc *e)
{
	free(e->pats);
	e->pats = NULL;
	if (!e->c) return;
	Z3_solver_dec_ref(e->c, e->s);
	Z3_del_context(e->c);
	e->c = NULL;
}

/* ---- findings ---- */

static void endpoint_host_text(const struct endpoint *ep, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ep->host ? ep->host : ep->allowed_ips_text ? ep->allowed_ips_text : "");
}

static void ports_text(const struct port_range *r, char *buf, size_t len)
{
	if (r->lo == r->hi) snprintf(buf, len, "%u", r->lo);
	else snprintf(buf, len, "%u-%u", r->lo, r->hi);
}

static struct finding *add_finding(struct findings *out)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 16;
		out->items = realloc(out->items, out->cap * sizeof *out->items);
		if (!out->items) { fputs("gateway: out of memory\n", stderr); abort(); }
	}
	memset(&out->items[out->n], 0, sizeof out->items[0]);
	return &out->items[out->n++];
}

static int same_path(const struct finding *a, const struct finding *b)
{
	return !strcmp(a->category, b->category) && !strcmp(a->binary, b->binary) && !strcmp(a->host, b->host) &&
	       !strcmp(a->ports, b->ports) && !strcmp(a->method, b->method) &&
	       (strcmp(a->category, "redundant_endpoint") || !strcmp(a->policy, b->policy));
}

static int category_rank(const char *c)
{
	for (size_t i = 0; i < NCATEGORIES; i++)
		if (!strcmp(c, category_names[i])) return (int)i;
	return (int)NCATEGORIES;
}

static int finding_order(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int d = category_rank(a->category) - category_rank(b->category);
	if (d) return d;
	if ((d = strcmp(a->binary, b->binary))) return d;
	if ((d = strcmp(a->host, b->host))) return d;
	if ((d = a->port - b->port)) return d;
	if ((d = strcmp(a->ports, b->ports))) return d;
	if ((d = method_parse(a->method) - method_parse(b->method))) return d;
	return strcmp(a->policy, b->policy);
}

/* Read the request out of a model. */
static void read_witness(struct enc *e, Z3_model m, struct witness *w, int method)
{
	Z3_ast v;
	Z3_bool is_v6 = 0, is_direct = 0;
	unsigned u;
	struct cidr a = { 0 };
	Z3_model_eval(e->c, m, e->v6, 1, &v);
	is_v6 = Z3_get_bool_value(e->c, v) == Z3_L_TRUE;
	Z3_model_eval(e->c, m, e->direct, 1, &v);
	is_direct = Z3_get_bool_value(e->c, v) == Z3_L_TRUE;
	if (is_v6) {
		Z3_model_eval(e->c, m, e->a6, 1, &v);
		for (int i = 0; i < 16; i++) {
			Z3_ast byte = Z3_mk_extract(e->c, 127 - 8 * (unsigned)i, 120 - 8 * (unsigned)i, v), r;
			Z3_model_eval(e->c, m, byte, 1, &r);
			Z3_get_numeral_uint(e->c, r, &u);
			a.addr[i] = (uint8_t)u;
		}
		a.family = 6, a.prefix = 128;
	} else {
		Z3_model_eval(e->c, m, e->a4, 1, &v);
		Z3_get_numeral_uint(e->c, v, &u);
		a.addr[0] = (uint8_t)(u >> 24), a.addr[1] = (uint8_t)(u >> 16), a.addr[2] = (uint8_t)(u >> 8), a.addr[3] = (uint8_t)u;
		a.family = 4, a.prefix = 32;
	}
	addr_format(&a, w->addr, sizeof w->addr);
	if (is_direct) {
		snprintf(w->host, sizeof w->host, "%s", w->addr);
	} else if (e->in->encoding != ENCODING_STRINGS) {
		snprintf(w->host, sizeof w->host, "%s", e->witness_host);
	} else {
		Z3_model_eval(e->c, m, e->host, 1, &v);
		snprintf(w->host, sizeof w->host, "%s", Z3_get_string(e->c, v));
	}
	Z3_model_eval(e->c, m, e->port, 1, &v);
	Z3_get_numeral_uint(e->c, v, &u);
	w->port = (int)u;
	w->method = method;
}

/* The witness, evaluated by the plain evaluator: the proposal allows it, the
 * baseline does not, and it is in the finding's category. */
static int recheck(const struct verify_input *in, int q, const struct endpoint *via, const struct witness *w)
{
	struct request rq = { .binary = w->binary, .host = w->host, .addr = w->addr, .port = w->port,
			      .method = w->method, .exfil_only = in->registry };
	struct decision prop, base;
	struct cidr a;
	int in_category, ll;
	policy_check(in->proposal, &rq, &prop);
	policy_check(in->baseline, &rq, &base);
	if (addr_parse(w->addr, &a)) return 0;
	ll = addr_is_link_local(&a) || (!strcmp(w->host, METADATA_HOST) && via->host && !host_is_ip_literal(via->host));
	switch (q) {
	case Q_LINK_LOCAL: in_category = ll; break;
	case Q_PRIVATE: in_category = addr_is_private(&a) && !ll; break;
	default: in_category = host_credentialed(in->credentials, w->host) && !ll;
	}
	return prop.allowed && !base.allowed && in_category;
}

struct path {
	const char *binary;
	const struct network_policy *np;
	const struct endpoint *ep;
	const struct port_range *pr;
	char host[256], ports[16];
};

static int brute_redundant(struct enc *e, const struct policy *pol, struct findings *out);
static int brute_path(struct enc *e, const struct path *p, struct findings *out);

static int host_name_ok(const char *h)
{
	size_t label = 0;
	if (!*h) return 0;
	for (; *h; h++) {
		if (*h == '.') { if (!label) return 0; label = 0; continue; }
		if (!((*h >= 'a' && *h <= 'z') || (*h >= '0' && *h <= '9') || *h == '-' || *h == '_')) return 0;
		label++;
	}
	return label > 0;
}

/* Check the pushed query; when the model's host is not a host name (only
 * where no pattern constrains it) or reads as an IPv4 address (a pattern
 * such as "1.2.3.4*" matches "1.2.3.4", which the evaluator takes as a
 * direct connection), ask again with the host well-formed. The answer is
 * then exactly the one with the constraint always present. */
/* The classes encoding: a model counts once a name matches exactly the
 * patterns it sets true (those it leaves unassigned do not matter); a
 * combination no name has is blocked, and the query solved again. Each
 * round removes one combination of the finitely many, so this ends. */
static Z3_lbool solve_classes(struct enc *e)
{
	const char **want = malloc((e->npats + 1) * sizeof *want), **avoid = malloc((e->npats + 1) * sizeof *avoid);
	Z3_ast *lits = malloc((e->npats + 1) * sizeof *lits);
	Z3_lbool r;
	if (!want || !avoid || !lits) { fputs("gateway: out of memory\n", stderr); abort(); }
	for (;;) {
		size_t nw = 0, na = 0, nl = 0;
		Z3_model m;
		Z3_ast v;
		int direct, found;
		if ((r = Z3_solver_check(e->c, e->s)) != Z3_L_TRUE) break;
		m = Z3_solver_get_model(e->c, e->s);
		Z3_model_inc_ref(e->c, m);
		Z3_model_eval(e->c, m, e->direct, 1, &v);
		direct = Z3_get_bool_value(e->c, v) == Z3_L_TRUE;
		for (size_t i = 0; !direct && i < e->npats; i++) {
			Z3_lbool b;
			Z3_model_eval(e->c, m, e->pats[i].var, 0, &v);
			b = Z3_get_bool_value(e->c, v);
			if (b == Z3_L_TRUE) want[nw++] = e->pats[i].pattern, lits[nl++] = not(e, e->pats[i].var);
			else if (b == Z3_L_FALSE) avoid[na++] = e->pats[i].pattern, lits[nl++] = e->pats[i].var;
		}
		Z3_model_dec_ref(e->c, m);
		if (direct) break;
		found = host_name_for(want, nw, avoid, na, e->witness_host, sizeof e->witness_host);
		if (found == 1) break;
		if (found < 0 || !nl) {               /* !nl: every name would do; cannot happen */
			e->undecided = 1;
			r = Z3_L_UNDEF;
			break;
		}
		Z3_solver_assert(e->c, e->s, mk_or(e, (unsigned)nl, lits));
	}
	free(want), free(avoid), free(lits);
	return r;
}

static Z3_lbool solve(struct enc *e)
{
	if (e->in->encoding != ENCODING_STRINGS) return solve_classes(e);
	Z3_lbool r = Z3_solver_check(e->c, e->s);
	Z3_model m;
	Z3_ast h, d;
	int ok;
	if (r != Z3_L_TRUE) return r;
	m = Z3_solver_get_model(e->c, e->s);
	Z3_model_inc_ref(e->c, m);
	Z3_model_eval(e->c, m, e->direct, 1, &d);
	Z3_model_eval(e->c, m, e->host, 1, &h);
	ok = Z3_get_bool_value(e->c, d) == Z3_L_TRUE ||
	     (host_name_ok(Z3_get_string(e->c, h)) && !host_is_ip_literal(Z3_get_string(e->c, h)));
	Z3_model_dec_ref(e->c, m);
	if (ok) return r;
	Z3_solver_assert(e->c, e->s, e->host_wellformed);
	return Z3_solver_check(e->c, e->s);
}

/* Solve one query for one path; on sat, record the finding with its witness. */
static void init_finding(struct finding *f, const struct path *p, int q, int method)
{
	memset(f, 0, sizeof *f);
	snprintf(f->category, sizeof f->category, "%s", category_names[q]);
	snprintf(f->binary, sizeof f->binary, "%s", p->binary);
	snprintf(f->host, sizeof f->host, "%s", p->host);
	snprintf(f->ports, sizeof f->ports, "%s", p->ports);
	snprintf(f->policy, sizeof f->policy, "%s", p->np->key);
	if (method >= 0 && q == Q_CAPABILITY) snprintf(f->method, sizeof f->method, "%s", method_name(method));
	f->port = p->pr->lo;
}

static int ask(struct enc *e, const struct path *p, int q, int method, Z3_ast query, struct findings *out)
{
	struct finding f;
	Z3_lbool r;
	init_finding(&f, p, q, method);
	for (size_t i = 0; i < out->n; i++)
		if (same_path(&out->items[i], &f)) return 0;       /* found through another policy */
	Z3_solver_push(e->c, e->s);
	Z3_solver_assert(e->c, e->s, query);
	if (e->explain) {
		if (same_path(e->explain, &f) && !e->explained) e->explained = strdup(Z3_solver_to_string(e->c, e->s));
		Z3_solver_pop(e->c, e->s, 1);
		return 0;
	}
	r = solve(e);
	if (r == Z3_L_UNDEF) {
		e->limited = 1;
		snprintf(e->err, e->errlen, "the solver gave up on %s for %s on %s:%s (%s)", f.category, f.binary, f.host,
			 f.ports, e->undecided ? "host names too many or too long to decide"
			 : Z3_solver_get_reason_unknown(e->c, e->s));
		Z3_solver_pop(e->c, e->s, 1);
		return -1;
	}
	if (r == Z3_L_TRUE) {
		Z3_model m = Z3_solver_get_model(e->c, e->s);
		Z3_model_inc_ref(e->c, m);
		snprintf(f.witness.binary, sizeof f.witness.binary, "%s", p->binary);
		read_witness(e, m, &f.witness, q == Q_CAPABILITY ? method : -1);
		Z3_model_dec_ref(e->c, m);
		f.has_witness = 1;
		f.witness_checked = recheck(e->in, q, p->ep, &f.witness);
		Z3_solver_pop(e->c, e->s, 1);
		/* The encoding and the evaluator disagree: a bug, never a finding to print. */
		if (!f.witness_checked) {
			char line[600];
			finding_shorthand(&f, line, sizeof line);
			snprintf(e->err, e->errlen, "internal error: the witness of '%s' (%s at %s port %d) does not "
				 "re-check with the evaluator; please report it with both policies", line,
				 f.witness.host, f.witness.addr, f.witness.port);
			return -1;
		}
		if (out->n >= MAX_FINDINGS) { snprintf(e->err, e->errlen, "more than %d findings", MAX_FINDINGS); return -1; }
		*add_finding(out) = f;
		return 0;
	}
	Z3_solver_pop(e->c, e->s, 1);
	return 0;
}

static Z3_ast method_is(struct enc *e, int m)
{
	return Z3_mk_eq(e->c, e->method, Z3_mk_int(e->c, m, Z3_mk_int_sort(e->c)));
}

/* Every category for one path of the proposal. */
static int check_path(struct enc *e, const struct path *p, struct findings *out)
{
	const struct verify_input *in = e->in;
	struct binary_cap cap = registry_lookup(in->registry, p->binary);
	Z3_ast via, ll, cred, base;
	struct cidr lit;
	if (!endpoint_exfil(&cap, p->ep)) return 0;
	if (in->encoding == ENCODING_BRUTE) return brute_path(e, p, out);
	/* Unchanged, as most paths of a proposal are: nothing to ask. */
	if (policy_covers(e, in->baseline, p->binary, p->ep, p->pr)) return 0;
	e->focus = p->ep->host && addr_parse(p->ep->host, &lit) != 0 ? p->ep->host : NULL;
	/* First: does the path allow anything, with any method, the baseline
	 * does not? Every query below asks for such a request and more (a
	 * request the baseline takes with some method it takes as a
	 * connection), so on most paths of a proposal, the unchanged ones, this
	 * one query is all. */
	base = policy_allows(e, in->baseline, p->binary, 1, NULL, p->ep, p->pr);
	if (p->ep->methods && !is_false(e, base)) {
		Z3_lbool r;
		Z3_solver_push(e->c, e->s);
		Z3_solver_assert(e->c, e->s, and2(e, endpoint_takes(e, p->ep, p->pr, 1), not(e, base)));
		r = e->explain ? Z3_L_TRUE : solve(e);
		Z3_solver_pop(e->c, e->s, 1);
		if (r == Z3_L_FALSE) return 0;
		if (r == Z3_L_UNDEF) {
			e->limited = 1;
			snprintf(e->err, e->errlen, "the solver gave up on %s for %s on %s:%s (%s)", "what the path adds",
				 p->binary, p->host, p->ports, e->undecided ? "host names too many or too long to decide"
				 : Z3_solver_get_reason_unknown(e->c, e->s));
			return -1;
		}
	}
	via = endpoint_takes(e, p->ep, p->pr, 0), ll = link_local(e);
	base = policy_allows(e, in->baseline, p->binary, 0, NULL, p->ep, p->pr);
	{
		Z3_ast v[3] = { via, ll, not(e, base) };
		if (ask(e, p, Q_LINK_LOCAL, -1, mk_and(e, 3, v), out)) return -1;
	}
	{
		Z3_ast v[4] = { via, in_ranges(e, RANGE_PRIVATE), not(e, ll), not(e, base) };
		if (ask(e, p, Q_PRIVATE, -1, mk_and(e, 4, v), out)) return -1;
	}
	if (!in->credentials || !in->credentials->n) return 0;
	cred = credentialed(e);
	{
		Z3_ast v[4] = { via, cred, not(e, ll), not(e, base) };
		if (ask(e, p, cap.bypasses_l7 ? Q_BYPASS : Q_REACH, -1, mk_and(e, 4, v), out)) return -1;
	}
	if (cap.bypasses_l7) return 0;
	base = policy_allows(e, in->baseline, p->binary, 1, NULL, p->ep, p->pr);
	for (int m = 0; m < METHOD_COUNT; m++) {
		Z3_ast v[5];
		if (!(p->ep->methods & 1u << m)) continue;
		v[0] = via, v[1] = method_is(e, m), v[2] = cred, v[3] = not(e, ll), v[4] = not(e, base);
		if (ask(e, p, Q_CAPABILITY, m, mk_and(e, 5, v), out)) return -1;
	}
	return 0;
}

/* OpenShell's suppression: a new credentialed reach is reported once, not
 * also per method. */
static void suppress_capabilities(struct findings *f)
{
	size_t keep = 0;
	for (size_t i = 0; i < f->n; i++) {
		int drop = 0;
		if (!strcmp(f->items[i].category, "capability_expansion"))
			for (size_t j = 0; j < f->n && !drop; j++)
				drop = !strcmp(f->items[j].category, "credential_reach_expansion") &&
				       !strcmp(f->items[j].binary, f->items[i].binary) &&
				       !strcmp(f->items[j].host, f->items[i].host) && !strcmp(f->items[j].ports, f->items[i].ports);
		if (!drop) f->items[keep++] = f->items[i];
	}
	f->n = keep;
}

static void add_redundant(struct findings *out, const struct network_policy *np, const struct endpoint *ep)
{
	struct finding *f = add_finding(out);
	snprintf(f->category, sizeof f->category, "redundant_endpoint");
	endpoint_host_text(ep, f->host, sizeof f->host);
	ports_text(&ep->ports[0], f->ports, sizeof f->ports);
	for (size_t k = 1; k < ep->nports; k++) {
		size_t n = strlen(f->ports);
		if (n + 8 < sizeof f->ports) { f->ports[n] = ','; ports_text(&ep->ports[k], f->ports + n + 1, sizeof f->ports - n - 1); }
	}
	f->port = ep->ports[0].lo;
	snprintf(f->policy, sizeof f->policy, "%s", np->key);
}

/* Endpoints of a policy that allow nothing its other endpoints do not. */
static int redundant_endpoints(struct enc *e, const struct policy *pol, struct findings *out)
{
	if (e->in->encoding == ENCODING_BRUTE) return brute_redundant(e, pol, out);
	for (size_t i = 0; i < pol->npolicies; i++) {
		const struct network_policy *np = &pol->policies[i];
		for (size_t j = 0; j < np->nendpoints; j++) {
			const struct endpoint *ep = &np->endpoints[j];
			int useful = 0;
			struct cidr lit;
			e->focus = ep->host && addr_parse(ep->host, &lit) != 0 ? ep->host : NULL;
			for (size_t b = 0; b < np->nbinaries && !useful; b++) {
				Z3_lbool r;
				Z3_ast others = policy_allows(e, pol, np->binaries[b], 1, ep, ep, NULL);
				if (is_false(e, others)) {        /* nothing else near it */
					useful = endpoint_takes_something(ep);
					continue;
				}
				Z3_solver_push(e->c, e->s);
				Z3_solver_assert(e->c, e->s, and2(e, endpoint_takes(e, ep, NULL, 1), not(e, others)));
				r = solve(e);
				Z3_solver_pop(e->c, e->s, 1);
				if (r == Z3_L_UNDEF) {
					e->limited = 1;
					snprintf(e->err, e->errlen, "the solver gave up on redundancy of %s", np->key);
					return -1;
				}
				useful = r == Z3_L_TRUE;
			}
			if (!useful) add_redundant(out, np, ep);
		}
	}
	return 0;
}

static int run(struct enc *e, struct findings *out)
{
	const struct policy *prop = e->in->proposal;
	struct findings base_redundant = { 0 }, prop_redundant = { 0 };
	for (size_t i = 0; i < prop->npolicies; i++) {
		const struct network_policy *np = &prop->policies[i];
		for (size_t b = 0; b < np->nbinaries; b++)
			for (size_t j = 0; j < np->nendpoints; j++)
				for (size_t k = 0; k < np->endpoints[j].nports; k++) {
					struct path p = { np->binaries[b], np, &np->endpoints[j], &np->endpoints[j].ports[k], "", "" };
					endpoint_host_text(p.ep, p.host, sizeof p.host);
					ports_text(p.pr, p.ports, sizeof p.ports);
					if (check_path(e, &p, out)) return -1;
				}
	}
	if (e->explain) return 0;
	if (redundant_endpoints(e, e->in->baseline, &base_redundant) ||
	    redundant_endpoints(e, prop, &prop_redundant)) {
		findings_free(&base_redundant);
		findings_free(&prop_redundant);
		return -1;
	}
	for (size_t i = 0; i < prop_redundant.n; i++) {
		int old = 0;
		for (size_t j = 0; j < base_redundant.n && !old; j++) old = same_path(&prop_redundant.items[i], &base_redundant.items[j]);
		if (!old) *add_finding(out) = prop_redundant.items[i];
	}
	findings_free(&base_redundant);
	findings_free(&prop_redundant);
	return 0;
}

/* ---- the brute-force oracle (ENCODING_BRUTE): tests only ---- */

/* The requests the oracle tries: names from the patterns' labels and fresh
 * ones, addresses at and next to every prefix's bounds, ports at and next to
 * every range's bounds. */
struct candidates {
	char (*names)[256];
	size_t nnames, capnames;
	struct cidr *addrs;
	size_t naddrs, capaddrs;
	int *ports;
	size_t nports, capports;
};

static void *grow_array(void *v, size_t *cap, size_t size)
{
	*cap = *cap ? 2 * *cap : 64;
	v = realloc(v, *cap * size);
	if (!v) { fputs("gateway: out of memory\n", stderr); abort(); }
	return v;
}

static void cand_name(struct candidates *c, const char *name)
{
	if (strlen(name) >= 256 || !host_name_ok(name) || host_is_ip_literal(name)) return;
	for (size_t i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], name)) return;
	if (c->nnames == c->capnames) c->names = grow_array(c->names, &c->capnames, sizeof *c->names);
	snprintf(c->names[c->nnames++], 256, "%s", name);
}

static void cand_addr(struct candidates *c, const struct cidr *a)
{
	struct cidr k;
	char text[64];
	addr_format(a, text, sizeof text);
	if (addr_parse(text, &k)) return;         /* as the evaluator keeps it (embeddings as IPv4) */
	for (size_t i = 0; i < c->naddrs; i++)
		if (same_address(&c->addrs[i], &k)) return;
	if (c->naddrs == c->capaddrs) c->addrs = grow_array(c->addrs, &c->capaddrs, sizeof *c->addrs);
	c->addrs[c->naddrs++] = k;
}

static void cand_port(struct candidates *c, long p)
{
	if (p < 1 || p > 65535) return;
	for (size_t i = 0; i < c->nports; i++)
		if (c->ports[i] == p) return;
	if (c->nports == c->capports) c->ports = grow_array(c->ports, &c->capports, sizeof *c->ports);
	c->ports[c->nports++] = (int)p;
}

/* The first and last address of a network, and the ones just outside. */
static void cand_network(struct candidates *c, const struct cidr *net)
{
	int bytes = net->family == 4 ? 4 : 16;
	struct cidr lo = *net, hi = *net, a;
	for (int i = net->prefix; i < 8 * bytes; i++) lo.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8)), hi.addr[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	lo.prefix = hi.prefix = 8 * bytes;
	cand_addr(c, &lo), cand_addr(c, &hi);
	a = lo;
	for (int i = bytes - 1; i >= 0 && a.addr[i]-- == 0; i--) ;
	cand_addr(c, &a);
	a = hi;
	for (int i = bytes - 1; i >= 0 && ++a.addr[i] == 0; i--) ;
	cand_addr(c, &a);
}

/* Labels to put where a pattern has a '*': nothing, "x", a fresh "zq", and
 * every label of every pattern with its own '*' as "x" (so a name can meet
 * two globs: "api-x-api" is in both "api-*" and "*-api"). */
struct fills { char (*v)[64]; size_t n, cap; };

static void fill_add(struct fills *f, const char *s, size_t n)
{
	char label[64];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 2 < sizeof label; i++) {
		if (s[i] != '*') label[k++] = s[i];
		else label[k++] = 'x';
	}
	label[k] = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], label)) return;
	if (f->n == f->cap) f->v = grow_array(f->v, &f->cap, sizeof *f->v);
	snprintf(f->v[f->n++], 64, "%s", label);
}

static void fill_pattern(struct fills *f, const char *pattern)
{
	if (!strncmp(pattern, "**.", 3)) pattern += 3;
	for (;;) {
		size_t n = strcspn(pattern, ".");
		fill_add(f, pattern, n);
		if (!pattern[n]) return;
		pattern += n + 1;
	}
}

/* Names a pattern matches: every '*' filled with one of the fills (a lone
 * '*' never with nothing), "**." as one or two fresh labels. */
static void cand_pattern(struct candidates *c, const struct fills *f, const char *pattern)
{
	static const char *prefix[] = { "", "zq.", "zq.x." };
	int any = !strncmp(pattern, "**.", 3);
	const char *body = any ? pattern + 3 : pattern;
	for (size_t pre = any ? 1 : 0; pre < (any ? 3u : 1u); pre++)
		for (size_t k = 0; k < f->n; k++) {
			char name[512];
			size_t n = (size_t)snprintf(name, sizeof name, "%s", prefix[pre]);
			for (const char *q = body; *q && n + 70 < sizeof name; q++) {
				int lone = *q == '*' && (q == body || q[-1] == '.') && (!q[1] || q[1] == '.');
				if (*q != '*') name[n++] = *q;
				else n += (size_t)snprintf(name + n, sizeof name - n, "%s", lone && !*f->v[k] ? "x" : f->v[k]);
			}
			name[n] = 0;
			cand_name(c, name);
			if (!strchr(body, '*')) break;
		}
}

static void cand_policy(struct candidates *c, const struct fills *f, const struct policy *pol)
{
	for (size_t i = 0; i < pol->npolicies; i++)
		for (size_t j = 0; j < pol->policies[i].nendpoints; j++) {
			const struct endpoint *ep = &pol->policies[i].endpoints[j];
			struct cidr lit;
			if (ep->host && addr_parse(ep->host, &lit) == 0) cand_network(c, &lit);
			else if (ep->host && !f) continue;
			else if (ep->host) cand_pattern(c, f, ep->host);
			for (size_t k = 0; f && k < ep->nallowed_ips; k++) cand_network(c, &ep->allowed_ips[k]);
			for (size_t k = 0; f && k < ep->nports; k++) {
				cand_port(c, ep->ports[k].lo - 1), cand_port(c, ep->ports[k].lo);
				cand_port(c, ep->ports[k].hi), cand_port(c, ep->ports[k].hi + 1);
			}
		}
}

/* Every host pattern of the input: endpoints', credentials' and the
 * metadata name. */
static void for_patterns(const struct verify_input *in, void (*fn)(void *, const char *), void *arg)
{
	const struct policy *pols[2] = { in->baseline, in->proposal };
	struct cidr a;
	for (size_t p = 0; p < 2; p++)
		for (size_t i = 0; i < pols[p]->npolicies; i++)
			for (size_t j = 0; j < pols[p]->policies[i].nendpoints; j++) {
				const char *h = pols[p]->policies[i].endpoints[j].host;
				if (h && addr_parse(h, &a)) fn(arg, h);
			}
	for (size_t i = 0; in->credentials && i < in->credentials->n; i++)
		for (size_t j = 0; j < in->credentials->items[i].ntarget_hosts; j++)
			if (addr_parse(in->credentials->items[i].target_hosts[j], &a)) fn(arg, in->credentials->items[i].target_hosts[j]);
	fn(arg, METADATA_HOST);
}

static void add_fills(void *f, const char *pattern) { fill_pattern(f, pattern); }

struct names_arg { struct candidates *c; const struct fills *f; };
static void add_names(void *arg, const char *pattern)
{
	struct names_arg *a = arg;
	cand_pattern(a->c, a->f, pattern);
}

static void cand_build(struct candidates *c, const struct verify_input *in)
{
	static const char *public[] = { "8.8.4.4", "2001:4860::8888" };
	struct fills f = { 0 };
	struct names_arg na = { c, &f };
	struct cidr a;
	memset(c, 0, sizeof *c);
	fill_add(&f, "", 0), fill_add(&f, "x", 1), fill_add(&f, "zq", 2);
	for_patterns(in, add_fills, &f);
	for_patterns(in, add_names, &na);
	cand_policy(c, &f, in->baseline), cand_policy(c, &f, in->proposal);
	for (size_t i = 0; in->credentials && i < in->credentials->n; i++)
		for (size_t j = 0; j < in->credentials->items[i].ntarget_hosts; j++)
			if (addr_parse(in->credentials->items[i].target_hosts[j], &a) == 0) cand_network(c, &a);
	cand_name(c, "zq"), cand_name(c, "zq.zq");
	for (size_t i = 0; i < addr_nranges; i++)
		if (cidr_parse(addr_ranges[i].cidr, &a) == 0) cand_network(c, &a);
	for (size_t i = 0; i < 2; i++)
		if (addr_parse(public[i], &a) == 0) cand_addr(c, &a);
	cand_port(c, 1), cand_port(c, 65535);
	free(f.v);
}

static void cand_free(struct candidates *c)
{
	free(c->names), free(c->addrs), free(c->ports);
}

/* Call fn for every candidate request (host, address), direct ones last. */
struct brute_request { const char *host; char addr[64]; };

static int brute_next(const struct candidates *c, size_t *i, struct brute_request *r)
{
	size_t total = (c->nnames + 1) * c->naddrs;
	if (*i >= total) return 0;
	size_t name = *i / c->naddrs, addr = *i % c->naddrs;
	(*i)++;
	addr_format(&c->addrs[addr], r->addr, sizeof r->addr);
	r->host = name < c->nnames ? c->names[name] : r->addr;
	return 1;
}

static void brute_record(struct findings *out, const struct path *p, int q, int method, const struct request *rq)
{
	struct finding f;
	init_finding(&f, p, q, method);
	for (size_t i = 0; i < out->n; i++)
		if (same_path(&out->items[i], &f)) return;
	snprintf(f.witness.binary, sizeof f.witness.binary, "%s", p->binary);
	snprintf(f.witness.host, sizeof f.witness.host, "%s", rq->host);
	snprintf(f.witness.addr, sizeof f.witness.addr, "%s", rq->addr);
	f.witness.port = rq->port, f.witness.method = q == Q_CAPABILITY ? method : -1;
	f.has_witness = f.witness_checked = 1;
	*add_finding(out) = f;
}

/* check_path with the evaluator over the candidates. */
static int brute_path(struct enc *e, const struct path *p, struct findings *out)
{
	const struct verify_input *in = e->in;
	struct binary_cap cap = registry_lookup(in->registry, p->binary);
	int creds = in->credentials && in->credentials->n;
	struct candidates c;
	struct brute_request br;
	size_t i = 0;
	cand_build(&c, in);
	while (brute_next(&c, &i, &br))
		for (size_t k = 0; k < c.nports; k++) {
			struct request rq = { p->binary, br.host, br.addr, c.ports[k], -1, NULL, in->registry };
			struct decision base;
			struct cidr a;
			int ll, cred;
			if (rq.port < p->pr->lo || rq.port > p->pr->hi || !endpoint_takes_request(p->ep, &rq)) continue;
			if (addr_parse(br.addr, &a)) continue;
			policy_check(in->baseline, &rq, &base);
			ll = addr_is_link_local(&a) || (!strcmp(br.host, METADATA_HOST) && p->ep->host && !host_is_ip_literal(p->ep->host));
			cred = creds && host_credentialed(in->credentials, br.host);
			if (!base.allowed && ll) brute_record(out, p, Q_LINK_LOCAL, -1, &rq);
			if (!base.allowed && !ll && addr_is_private(&a)) brute_record(out, p, Q_PRIVATE, -1, &rq);
			if (!base.allowed && !ll && cred) brute_record(out, p, cap.bypasses_l7 ? Q_BYPASS : Q_REACH, -1, &rq);
			if (!creds || cap.bypasses_l7 || ll || !cred) continue;
			for (int m = 0; m < METHOD_COUNT; m++) {
				struct request rm = rq;
				if (!(p->ep->methods & 1u << m)) continue;
				rm.method = m;
				policy_check(in->baseline, &rm, &base);
				if (!base.allowed) brute_record(out, p, Q_CAPABILITY, m, &rm);
			}
		}
	cand_free(&c);
	return 0;
}

/* redundant_endpoints with the evaluator: does the endpoint take a
 * candidate request, with one of its methods, that no other endpoint of a
 * policy naming the binary takes? */
static int brute_useful(const struct candidates *c, const struct policy *pol, const struct endpoint *ep, const char *binary)
{
	struct brute_request br;
	size_t i = 0;
	while (brute_next(c, &i, &br))
		for (size_t k = 0; k < c->nports; k++) {
			struct request conn = { binary, br.host, br.addr, c->ports[k], -1, NULL, NULL };
			if (!endpoint_takes_request(ep, &conn)) continue;
			for (int m = 0; m < METHOD_COUNT; m++) {
				struct request rq = { binary, br.host, br.addr, c->ports[k], m, NULL, NULL };
				int other = 0;
				if (!(ep->methods & 1u << m) || !endpoint_takes_request(ep, &rq)) continue;
				for (size_t a = 0; a < pol->npolicies && !other; a++) {
					if (!binary_listed(&pol->policies[a], binary)) continue;
					for (size_t b = 0; b < pol->policies[a].nendpoints && !other; b++)
						other = &pol->policies[a].endpoints[b] != ep &&
							endpoint_takes_request(&pol->policies[a].endpoints[b], &rq);
				}
				if (!other) return 1;
			}
		}
	return 0;
}

static int brute_redundant(struct enc *e, const struct policy *pol, struct findings *out)
{
	struct candidates c;
	cand_build(&c, e->in);
	for (size_t i = 0; i < pol->npolicies; i++) {
		const struct network_policy *np = &pol->policies[i];
		for (size_t j = 0; j < np->nendpoints; j++) {
			int useful = 0;
			for (size_t b = 0; b < np->nbinaries && !useful; b++)
				useful = brute_useful(&c, pol, &np->endpoints[j], np->binaries[b]);
			if (!useful) add_redundant(out, np, &np->endpoints[j]);
		}
	}
	cand_free(&c);
	return 0;
}

/* Findings are a set: two identical endpoints in one policy are each
 * redundant, and would otherwise print the same line twice. Sorted input. */
static void drop_repeats(struct findings *f)
{
	size_t keep = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!keep || !same_path(&f->items[keep - 1], &f->items[i])) f->items[keep++] = f->items[i];
	f->n = keep;
}

int verify(const struct verify_input *in, struct findings *out, char *err, size_t errlen)
{
	struct enc e;
	int rc;
	memset(out, 0, sizeof *out);
	if (enc_open(&e, in, err, errlen)) return -1;
	rc = run(&e, out);
	if (!rc && Z3_get_error_code(e.c) != Z3_OK) {
		snprintf(err, errlen, "Z3: %s", Z3_get_error_msg(e.c, Z3_get_error_code(e.c)));
		rc = -1;
	}
	if (rc && e.limited) rc = VERIFY_LIMIT;
	enc_close(&e);
	if (rc) { findings_free(out); return rc; }
	suppress_capabilities(out);
	if (out->n) qsort(out->items, out->n, sizeof *out->items, finding_order);
	drop_repeats(out);
	return 0;
}

char *verify_explain(const struct verify_input *in, const struct finding *f)
{
	struct enc e;
	struct findings none = { 0 };
	char err[256];
	char *text;
	if (enc_open(&e, in, err, sizeof err)) return NULL;
	e.explain = f;
	run(&e, &none);
	text = e.explained;
	enc_close(&e);
	findings_free(&none);
	return text;
}

void findings_free(struct findings *f)
{
	free(f->items);
	memset(f, 0, sizeof *f);
}

void finding_shorthand(const struct finding *f, char *buf, size_t len)
{
	if (!strcmp(f->category, "capability_expansion"))
		snprintf(buf, len, "%s: %s on %s:%s via %s", f->category, f->method, f->host, f->ports, f->binary);
	else if (!strcmp(f->category, "redundant_endpoint"))
		snprintf(buf, len, "%s: %s:%s in %s", f->category, f->host, f->ports, f->policy);
	else
		snprintf(buf, len, "%s: %s:%s via %s", f->category, f->host, f->ports, f->binary);
}
