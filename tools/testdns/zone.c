/* The zone file: one rule per line, NAME TYPE ACTION [ARG...], first match
 * wins. Everything is checked at load time so a typo fails the test that
 * wrote it, with the file and line, instead of turning into a REFUSED. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testdns.h"

#define LINE_MAX_ZONE	4096
#define WORDS_MAX	1024
#define RULES_MAX	100000

struct err {
	char msg[512];
};

static int fail(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct {
	const char *name;
	int type;
} types[] = {
	{ "A", T_A }, { "NS", T_NS }, { "CNAME", T_CNAME }, { "SOA", T_SOA },
	{ "PTR", T_PTR }, { "MX", T_MX }, { "TXT", T_TXT }, { "AAAA", T_AAAA },
	{ "SRV", T_SRV }, { "OPT", T_OPT }, { "ANY", T_ANY },
};

const char *type_name(int type, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == type)
			return types[i].name;
	snprintf(buf, len, "TYPE%d", type);	/* RFC 3597 */
	return buf;
}

static const char *actions[] = {
	[ACT_ANSWER] = "answer", [ACT_TRUNCATE] = "truncate",
	[ACT_NXDOMAIN] = "nxdomain", [ACT_NODATA] = "nodata",
	[ACT_SERVFAIL] = "servfail", [ACT_REFUSED] = "refused",
	[ACT_DROP] = "drop", [ACT_DELAY] = "delay",
};

/* Splits a line into words in place. A word in double quotes may hold
 * spaces and '#' (TXT data); a '#' elsewhere starts a comment. */
static int split(char *s, char **w, int *quoted, int *n, struct err *e)
{
	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (!*s || *s == '#')
			return 0;
		if (*n == WORDS_MAX)
			return fail(e, "more than %d words", WORDS_MAX);
		quoted[*n] = *s == '"';
		if (quoted[*n]) {
			char *end = strchr(++s, '"');
			if (!end)
				return fail(e, "unterminated quoted string");
			*end = 0;
			w[(*n)++] = s;
			s = end + 1;
			if (*s && !isspace((unsigned char)*s))
				return fail(e, "text after a closing quote");
			continue;
		}
		w[(*n)++] = s;
		while (*s && !isspace((unsigned char)*s)) {
			if (*s == '"')
				return fail(e, "quote inside the word '%s'", w[*n - 1]);
			s++;
		}
		if (*s)
			*s++ = 0;
	}
}

/* A host name to lowercase text and wire form. Rules only need letters,
 * digits, '-' and '_'; anything else in a zone file is a mistake. */
static int parse_name(const char *s, char *text, unsigned char *wire,
		      uint16_t *wlen, struct err *e)
{
	size_t n = strlen(s), w = 0, label = 0;

	if (!n)
		return fail(e, "empty name");
	if (s[n - 1] == '.')
		return fail(e, "name '%s' ends with a dot (write names without it)", s);
	if (n > 253)
		return fail(e, "name '%.40s...' is longer than 253 characters", s);
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = s[i];
		if (c == '.' || c == 0) {
			if (!label)
				return fail(e, "empty label in name '%s'", s);
			wire[w - label - 1] = label;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_')
			return fail(e, "bad character '%c' in name '%s'", c, s);
		if (++label > 63)
			return fail(e, "label longer than 63 characters in name '%s'", s);
		if (label == 1)
			w++;	/* room for the length octet */
		wire[w++] = tolower(c);
	}
	wire[w++] = 0;
	*wlen = w;
	for (size_t i = 0; i <= n; i++)
		text[i] = tolower((unsigned char)s[i]);
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

/* An address, or a range `ADDR+N`: N consecutive addresses from ADDR. */
static int parse_addr(const char *s, int type, struct rdata *d, struct err *e)
{
	char buf[64];
	const char *plus = strchr(s, '+');
	size_t alen = plus ? (size_t)(plus - s) : strlen(s);
	unsigned long count = 1;
	int af = type == T_A ? AF_INET : AF_INET6;

	if (alen >= sizeof buf)
		return fail(e, "bad %s address '%.40s'", type == T_A ? "IPv4" : "IPv6", s);
	memcpy(buf, s, alen);
	buf[alen] = 0;
	if (inet_pton(af, buf, d->wire) != 1)
		return fail(e, "bad %s address '%s'", type == T_A ? "IPv4" : "IPv6", buf);
	if (plus && parse_uint(plus + 1, RULE_RECORDS_MAX, &count))
		return fail(e, "bad count in '%s' (want ADDR+N, N from 1 to %d)", s,
			    RULE_RECORDS_MAX);
	if (!count)
		return fail(e, "count 0 in '%s'", s);
	d->len = af == AF_INET ? 4 : 16;
	d->count = count;
	/* The last address must not wrap around. */
	unsigned long carry = count - 1;
	for (int i = d->len - 1; i >= 0 && carry; i--) {
		carry += d->wire[i];
		carry >>= 8;
	}
	if (carry)
		return fail(e, "range '%s' runs past the last address", s);
	return 0;
}

static int parse_data(const char *s, int quoted, int type, struct rdata *d,
		      struct err *e)
{
	memset(d, 0, sizeof *d);
	d->count = 1;
	if (quoted && type != T_TXT)
		return fail(e, "quoted data is only for TXT");
	switch (type) {
	case T_A:
	case T_AAAA:
		return parse_addr(s, type, d, e);
	case T_TXT:
		if (strlen(s) > 255)
			return fail(e, "TXT string longer than 255 bytes");
		d->len = strlen(s);
		memcpy(d->wire, s, d->len);
		return 0;
	case T_MX: {
		const char *colon = strchr(s, ':');
		unsigned long pref = 10;
		if (colon) {
			char num[8];
			size_t n = colon - s;
			if (n >= sizeof num)
				return fail(e, "bad MX preference in '%s'", s);
			memcpy(num, s, n);
			num[n] = 0;
			if (parse_uint(num, 65535, &pref))
				return fail(e, "bad MX preference in '%s'", s);
			s = colon + 1;
		}
		d->pref = pref;
		return parse_name(s, d->text, d->wire, &d->len, e);
	}
	default:	/* CNAME */
		return parse_name(s, d->text, d->wire, &d->len, e);
	}
}

static int parse_type(const char *s, int *type, struct err *e)
{
	static const int allowed[] = { T_A, T_AAAA, T_TXT, T_CNAME, T_MX };
	char buf[16];

	if (!strcmp(s, "*")) {
		*type = T_WILD;
		return 0;
	}
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (!strcasecmp(s, type_name(allowed[i], buf, sizeof buf))) {
			*type = allowed[i];
			return 0;
		}
	return fail(e, "unknown type '%s' (want A, AAAA, TXT, CNAME, MX or *)", s);
}

static int parse_rule_name(const char *s, struct rule *r, struct err *e)
{
	unsigned char wire[256];
	uint16_t wlen;

	if (!strcmp(s, "*")) {
		r->kind = MATCH_ANY;
		return 0;
	}
	r->kind = MATCH_EXACT;
	if (!strncmp(s, "*.", 2)) {
		r->kind = MATCH_SUFFIX;
		s += 2;
	}
	if (strchr(s, '*'))
		return fail(e, "'*' is only a whole name or a first label '*.'");
	return parse_name(s, r->name, wire, &wlen, e);
}

/* ACTION and its arguments, from word 2 on. */
static int parse_action(char **w, int *quoted, int n, struct rule *r, struct err *e)
{
	size_t a, total = 0;
	int first = 3;

	for (a = 0; a < sizeof actions / sizeof actions[0]; a++)
		if (!strcasecmp(w[2], actions[a]))
			break;
	if (a == sizeof actions / sizeof actions[0])
		return fail(e, "unknown action '%s' (want answer, truncate, nxdomain, "
			    "nodata, servfail, refused, drop or delay)", w[2]);
	r->action = a;
	if (a == ACT_DELAY) {
		unsigned long ms;
		if (n < 4 || parse_uint(w[3], DELAY_MAX_MS, &ms))
			return fail(e, "delay needs milliseconds from 0 to %d first",
				    DELAY_MAX_MS);
		r->delay_ms = ms;
		first = 4;
	}
	if (a != ACT_ANSWER && a != ACT_TRUNCATE && a != ACT_DELAY) {
		if (n > 3)
			return fail(e, "%s takes no data", actions[a]);
		return 0;
	}
	if (r->type == T_WILD) {
		if (n > first)
			return fail(e, "type * takes no data (its answer is empty)");
		return 0;
	}
	if (n == first)
		return fail(e, "%s needs at least one DATA", actions[a]);
	if (r->type == T_CNAME && n > first + 1)
		return fail(e, "a name has one CNAME, not %d", n - first);
	r->ndata = n - first;
	r->data = calloc(r->ndata, sizeof *r->data);
	if (!r->data)
		return fail(e, "out of memory");
	for (int i = first; i < n; i++) {
		struct rdata *d = &r->data[i - first];
		if (parse_data(w[i], quoted[i], r->type, d, e))
			return -1;
		total += d->count;
		if (total > RULE_RECORDS_MAX)
			return fail(e, "more than %d records in one rule", RULE_RECORDS_MAX);
	}
	return 0;
}

static int parse_line(char *line, struct rule *r, int *empty, struct err *e)
{
	char *w[WORDS_MAX];
	int quoted[WORDS_MAX], n;

	if (split(line, w, quoted, &n, e))
		return -1;
	*empty = n == 0;
	if (!n)
		return 0;
	if (n < 3)
		return fail(e, "want NAME TYPE ACTION [ARG...]");
	if (quoted[0] || quoted[1] || quoted[2])
		return fail(e, "NAME, TYPE and ACTION are not quoted");
	if (parse_rule_name(w[0], r, e) || parse_type(w[1], &r->type, e))
		return -1;
	return parse_action(w, quoted, n, r, e);
}

static int add_rule(struct zone *z, const struct rule *r)
{
	if (z->n == RULES_MAX)
		return -1;
	if (z->n == z->cap) {
		size_t cap = z->cap ? z->cap * 2 : 16;
		struct rule *p = realloc(z->rules, cap * sizeof *p);
		if (!p)
			return -1;
		z->rules = p;
		z->cap = cap;
	}
	z->rules[z->n++] = *r;
	return 0;
}

int zone_load(struct zone *z, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	struct err e = { "" };
	int rc = 0;

	z->rules = NULL;
	z->n = z->cap = 0;
	if (!f) {
		fprintf(stderr, "testdns: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		struct rule r = { .line = ++lineno };
		int empty = 1;
		if (len > LINE_MAX_ZONE)
			rc = fail(&e, "line longer than %d bytes", LINE_MAX_ZONE);
		else if (memchr(line, 0, len))
			rc = fail(&e, "NUL byte in line");
		else if (!(rc = parse_line(line, &r, &empty, &e)) && !empty &&
			 add_rule(z, &r))
			rc = fail(&e, "too many rules (at most %d)", RULES_MAX);
		if (rc || empty)
			free(r.data);
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "testdns: %s: %s\n", path, strerror(errno));
		rc = -1;
	} else if (rc) {
		fprintf(stderr, "testdns: %s:%u: %s\n", path, lineno, e.msg);
	}
	free(line);
	fclose(f);
	if (rc)
		zone_free(z);
	return rc;
}

void zone_free(struct zone *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->rules[i].data);
	free(z->rules);
	z->rules = NULL;
	z->n = z->cap = 0;
}

static int name_matches(const struct rule *r, const char *name)
{
	size_t n, s;

	switch (r->kind) {
	case MATCH_ANY:
		return 1;
	case MATCH_EXACT:
		return !strcmp(r->name, name);
	default:	/* a wildcard needs at least one label before the suffix */
		n = strlen(name);
		s = strlen(r->name);
		return n > s + 1 && name[n - s - 1] == '.' && !strcmp(name + n - s, r->name);
	}
}

/* A CNAME rule matches every type: a name with a CNAME has no other data. */
const struct rule *zone_match(const struct zone *z, const char *name, int qtype)
{
	for (size_t i = 0; i < z->n; i++) {
		const struct rule *r = &z->rules[i];
		if ((r->type == T_WILD || r->type == qtype || r->type == T_CNAME) &&
		    name_matches(r, name))
			return r;
	}
	return NULL;
}
