/* Loading sandbox policies, credentials and the binary capability registry.
 * YAML through libyaml's document API; unknown keys are ignored, as
 * OpenShell does, but a known key of the wrong shape is an error with its
 * line. Everything a document can make us allocate is bounded. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>
#include "gateway.h"

#define MAX_FILE     (4u << 20)
#define MAX_ITEMS    100000   /* entries in any one list */
#define MAX_REGISTRY 1000     /* files in a registry directory */

struct doc {
	yaml_document_t y;
	const char *name;
	char *err;
	size_t errlen;
};

static const char *methods[METHOD_COUNT] = { "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE" };

const char *method_name(int m) { return m >= 0 && m < METHOD_COUNT ? methods[m] : "ANY"; }

int method_parse(const char *s)
{
	for (int i = 0; i < METHOD_COUNT; i++)
		if (!strcasecmp(s, methods[i])) return i;
	return -1;
}

static int fail(struct doc *d, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n) snprintf(d->err, d->errlen, "%s:%lu: %s", d->name, (unsigned long)n->start_mark.line + 1, msg);
	else snprintf(d->err, d->errlen, "%s: %s", d->name, msg);
	return -1;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) { fputs("gateway: out of memory\n", stderr); abort(); }
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p) { fputs("gateway: out of memory\n", stderr); abort(); }
	return p;
}

static int doc_open(struct doc *d, const char *text, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) return fail(d, NULL, "cannot initialise the YAML parser");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &d->y)) {
		fail(d, NULL, "line %lu: %s", (unsigned long)p.problem_mark.line + 1,
		     p.problem ? p.problem : "malformed YAML");
		yaml_parser_delete(&p);
		return -1;
	}
	yaml_parser_delete(&p);
	return 0;
}

static yaml_node_t *node(struct doc *d, int id) { return yaml_document_get_node(&d->y, id); }

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value under key in a mapping, or NULL. */
static yaml_node_t *get(struct doc *d, const yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE) return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(d, p->key));
		if (k && !strcmp(k, key)) return node(d, p->value);
	}
	return NULL;
}

static int is_null(const yaml_node_t *n)
{
	const char *s = scalar(n);
	return !n || (s && (!*s || !strcmp(s, "~") || !strcmp(s, "null")) &&
		      n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
}

/* A string field: absent or null leaves *out NULL. */
static int get_str(struct doc *d, const yaml_node_t *map, const char *key, char **out)
{
	yaml_node_t *n = get(d, map, key);
	*out = NULL;
	if (is_null(n)) return 0;
	if (!scalar(n)) return fail(d, n, "%s: expected a string", key);
	*out = xstrdup(scalar(n));
	return 0;
}

static int get_bool(struct doc *d, const yaml_node_t *map, const char *key, int *out)
{
	yaml_node_t *n = get(d, map, key);
	const char *s = scalar(n);
	*out = 0;
	if (is_null(n)) return 0;
	if (s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes"))) *out = 1;
	else if (!s || (strcmp(s, "false") && strcmp(s, "False") && strcmp(s, "no")))
		return fail(d, n, "%s: expected true or false", key);
	return 0;
}

/* A sequence field; absent or null is an empty list. */
static int get_seq(struct doc *d, const yaml_node_t *map, const char *key, yaml_node_t **out, size_t *count)
{
	yaml_node_t *n = get(d, map, key);
	*out = NULL;
	*count = 0;
	if (is_null(n)) return 0;
	if (n->type != YAML_SEQUENCE_NODE) return fail(d, n, "%s: expected a list", key);
	*count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (*count > MAX_ITEMS) return fail(d, n, "%s: more than %d entries", key, MAX_ITEMS);
	*out = n;
	return 0;
}

static yaml_node_t *item(struct doc *d, const yaml_node_t *seq, size_t i)
{
	return node(d, seq->data.sequence.items.start[i]);
}

static int get_str_list(struct doc *d, const yaml_node_t *map, const char *key, char ***out, size_t *count)
{
	yaml_node_t *seq;
	if (get_seq(d, map, key, &seq, count)) return -1;
	*out = xcalloc(*count, sizeof **out);
	for (size_t i = 0; i < *count; i++) {
		const char *s = scalar(item(d, seq, i));
		if (!s) return fail(d, item(d, seq, i), "%s: expected strings", key);
		(*out)[i] = xstrdup(s);
	}
	return 0;
}

/* The strings joined by sep, for messages and findings. */
static char *join(char **v, size_t n, char sep)
{
	size_t len = 1;
	char *out, *w;
	for (size_t i = 0; i < n; i++) len += strlen(v[i]) + 1;
	w = out = xcalloc(len, 1);
	for (size_t i = 0; i < n; i++) {
		if (i) *w++ = sep;
		w = stpcpy(w, v[i]);
	}
	return out;
}

/* A host or host pattern, normalised in place (match.c); an IP literal is kept as written. */
static int check_host(struct doc *d, const yaml_node_t *n, const char *what, char *host)
{
	char orig[84];
	const char *why;
	if (host_is_ip_literal(host)) return 0;
	snprintf(orig, sizeof orig, "%s", host);
	if (!(why = host_pattern_normalise(host))) return 0;
	return fail(d, n, "%s '%s' %s", what, orig, why);
}

/* "443" or "8000-8100" */
static int parse_ports(const char *s, struct port_range *r)
{
	char *end;
	unsigned long lo = strtoul(s, &end, 10), hi = lo;
	if (end == s) return -1;
	if (*end == '-') {
		const char *h = end + 1;
		hi = strtoul(h, &end, 10);
		if (end == h) return -1;
	}
	if (*end || lo < 1 || hi > 65535 || lo > hi) return -1;
	r->lo = (uint16_t)lo;
	r->hi = (uint16_t)hi;
	return 0;
}

static int load_ports(struct doc *d, const yaml_node_t *map, struct endpoint *ep)
{
	yaml_node_t *one = get(d, map, "port"), *seq;
	size_t n;
	if (get_seq(d, map, "ports", &seq, &n)) return -1;
	ep->ports = xcalloc(n + 1, sizeof *ep->ports);
	for (size_t i = 0; i < n; i++) {
		const char *s = scalar(item(d, seq, i));
		if (!s || parse_ports(s, &ep->ports[ep->nports]))
			return fail(d, item(d, seq, i), "ports: expected a port or a range such as 8000-8100");
		ep->nports++;
	}
	if (!is_null(one)) {
		const char *s = scalar(one);
		struct port_range r;
		if (!s || parse_ports(s, &r)) return fail(d, one, "port: expected 1-65535");
		if (!n) ep->ports[ep->nports++] = r;   /* ports wins, as in OpenShell */
	}
	return 0;
}

static unsigned access_methods(const char *access)
{
	if (!strcmp(access, "read-only")) return 1u << METHOD_GET | 1u << METHOD_HEAD | 1u << METHOD_OPTIONS;
	if (!strcmp(access, "read-write")) return METHOD_ALL & ~(1u << METHOD_DELETE);
	if (!strcmp(access, "full")) return METHOD_ALL;
	return 0;
}

/* The methods an endpoint lets through: all of them at L4; at L7 those of
 * its access level, else those its rules name. */
static int derive_methods(struct doc *d, const yaml_node_t *n, struct endpoint *ep)
{
	if (!ep->protocol) { ep->methods = METHOD_ALL; return 0; }
	if (ep->access) {
		ep->methods = access_methods(ep->access);
		if (!ep->methods) return fail(d, n, "access: expected read-only, read-write or full, not '%s'", ep->access);
		return 0;
	}
	for (size_t i = 0; i < ep->nrules; i++) {
		const char *m = ep->rules[i].method;
		int k;
		if (!m || !strcmp(m, "*")) { ep->methods = METHOD_ALL; return 0; }
		if ((k = method_parse(m)) < 0) return fail(d, n, "rules: unknown method '%s'", m);
		ep->methods |= 1u << k;
	}
	return 0;
}

static int load_rules(struct doc *d, const yaml_node_t *map, struct endpoint *ep)
{
	yaml_node_t *seq;
	if (get_seq(d, map, "rules", &seq, &ep->nrules)) return -1;
	ep->rules = xcalloc(ep->nrules, sizeof *ep->rules);
	for (size_t i = 0; i < ep->nrules; i++) {
		yaml_node_t *allow = get(d, item(d, seq, i), "allow");
		if (!allow || allow->type != YAML_MAPPING_NODE)
			return fail(d, item(d, seq, i), "rules: expected {allow: {method, path}}");
		if (get_str(d, allow, "method", &ep->rules[i].method) || get_str(d, allow, "path", &ep->rules[i].path))
			return -1;
	}
	return 0;
}

/* OpenShell's protocols: the L7 ones, and "tcp", the explicit spelling of
 * plain L4 (kept as no protocol; access and rules make no sense there). */
static int check_protocol(struct doc *d, const yaml_node_t *n, struct endpoint *ep)
{
	static const char *l7[] = { "rest", "websocket", "graphql", "sql", "json-rpc", "mcp" };
	if (!strcmp(ep->protocol, "tcp")) {
		if (ep->access || ep->nrules) return fail(d, n, "protocol tcp is L4: access and rules need an L7 protocol");
		free(ep->protocol);
		ep->protocol = NULL;
		return 0;
	}
	for (size_t i = 0; i < sizeof l7 / sizeof l7[0]; i++)
		if (!strcmp(ep->protocol, l7[i])) return 0;
	return fail(d, n, "unknown protocol '%.40s' (expected tcp, rest, websocket, graphql, sql, json-rpc or mcp)",
		    ep->protocol);
}

static int load_endpoint(struct doc *d, const yaml_node_t *n, struct endpoint *ep)
{
	char **ips = NULL;
	size_t nips;
	int rc = 0;
	if (n->type != YAML_MAPPING_NODE) return fail(d, n, "endpoints: expected a mapping");
	ep->line = (int)n->start_mark.line + 1;
	if (get_str(d, n, "host", &ep->host) || get_str(d, n, "protocol", &ep->protocol) ||
	    get_str(d, n, "access", &ep->access) || load_ports(d, n, ep) || load_rules(d, n, ep) ||
	    get_str_list(d, n, "allowed_ips", &ips, &ep->nallowed_ips))
		rc = -1;
	if (ep->host && !*ep->host) { free(ep->host); ep->host = NULL; }
	if (!rc && ep->host && check_host(d, n, "host", ep->host)) rc = -1;
	if (ep->protocol && !*ep->protocol) { free(ep->protocol); ep->protocol = NULL; }
	if (!rc && ep->protocol && check_protocol(d, n, ep)) rc = -1;
	/* One spare slot: a network such as ::/0 that holds ::ffff:0:0/96
	 * reaches every IPv4 address through it, so it also stands for 0.0.0.0/0. */
	nips = ep->nallowed_ips;
	ep->allowed_ips = xcalloc(ep->nallowed_ips + 1, sizeof *ep->allowed_ips);
	for (size_t i = 0; !rc && i < ep->nallowed_ips; i++)
		if (cidr_parse(ips[i], &ep->allowed_ips[i]))
			rc = fail(d, n, "allowed_ips: '%.80s' is not an address or CIDR", ips[i]);
	if (!rc && nips) ep->allowed_ips_text = join(ips, nips, ',');
	for (size_t i = 0, all4 = 0; !rc && !all4 && i < nips; i++)
		if ((all4 = cidr_covers_ipv4_embedding(&ep->allowed_ips[i])))
			ep->allowed_ips[ep->nallowed_ips++] = (struct cidr){ .family = 4, .prefix = 0 };
	for (size_t i = 0; ips && i < nips; i++) free(ips[i]);
	free(ips);
	if (rc) return -1;
	if (!ep->nports) return fail(d, n, "endpoint %s has no port", ep->host ? ep->host : "(no host)");
	if (!ep->host && !ep->nallowed_ips) return fail(d, n, "an endpoint needs a host or allowed_ips");
	return derive_methods(d, n, ep);
}

static int load_network_policy(struct doc *d, const char *key, const yaml_node_t *n, struct network_policy *np)
{
	yaml_node_t *seq;
	np->key = xstrdup(key);
	if (n->type != YAML_MAPPING_NODE) return fail(d, n, "network_policies.%s: expected a mapping", key);
	if (get_str(d, n, "name", &np->name)) return -1;
	if (!np->name) np->name = xstrdup(key);
	if (get_seq(d, n, "endpoints", &seq, &np->nendpoints)) return -1;
	np->endpoints = xcalloc(np->nendpoints, sizeof *np->endpoints);
	for (size_t i = 0; i < np->nendpoints; i++)
		if (load_endpoint(d, item(d, seq, i), &np->endpoints[i])) return -1;
	if (get_seq(d, n, "binaries", &seq, &np->nbinaries)) return -1;
	np->binaries = xcalloc(np->nbinaries, sizeof *np->binaries);
	for (size_t i = 0; i < np->nbinaries; i++) {
		yaml_node_t *b = item(d, seq, i);
		const char *path = scalar(get(d, b, "path"));
		if (!path && scalar(b)) path = scalar(b);   /* a bare path is accepted too */
		if (!path || !*path) return fail(d, b, "binaries: expected {path: ...}");
		np->binaries[i] = xstrdup(path);
	}
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct network_policy *)a)->key, ((const struct network_policy *)b)->key);
}

static int root_mapping(struct doc *d, yaml_node_t **root)
{
	*root = yaml_document_get_root_node(&d->y);
	if (!*root) return fail(d, NULL, "empty document");
	if ((*root)->type != YAML_MAPPING_NODE) return fail(d, *root, "expected a mapping at the top");
	return 0;
}

int policy_parse(const char *text, size_t len, const char *name, struct policy *out, char *err, size_t errlen)
{
	struct doc d = { .name = name, .err = err, .errlen = errlen };
	yaml_node_t *root, *nps;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (doc_open(&d, text, len)) return -1;
	if (root_mapping(&d, &root)) goto done;
	nps = get(&d, root, "network_policies");
	if (!is_null(nps)) {
		size_t n;
		if (nps->type != YAML_MAPPING_NODE) { fail(&d, nps, "network_policies: expected a mapping"); goto done; }
		n = (size_t)(nps->data.mapping.pairs.top - nps->data.mapping.pairs.start);
		if (n > MAX_ITEMS) { fail(&d, nps, "network_policies: too many entries"); goto done; }
		out->policies = xcalloc(n, sizeof *out->policies);
		for (yaml_node_pair_t *p = nps->data.mapping.pairs.start; p < nps->data.mapping.pairs.top; p++) {
			const char *key = scalar(node(&d, p->key));
			if (!key) { fail(&d, node(&d, p->key), "network_policies: keys must be strings"); goto done; }
			for (size_t i = 0; i < out->npolicies; i++)
				if (!strcmp(out->policies[i].key, key)) { fail(&d, node(&d, p->key), "duplicate key '%s'", key); goto done; }
			if (load_network_policy(&d, key, node(&d, p->value), &out->policies[out->npolicies++])) goto done;
		}
		qsort(out->policies, out->npolicies, sizeof *out->policies, by_key);
	}
	rc = 0;
done:
	yaml_document_delete(&d.y);
	if (rc) policy_free(out);
	return rc;
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	if (!f) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); return NULL; }
	buf = xcalloc(MAX_FILE + 1, 1);
	*len = fread(buf, 1, MAX_FILE + 1, f);
	if (ferror(f) || *len > MAX_FILE) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? strerror(errno) : "larger than 4 MiB");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

int policy_load(const char *path, struct policy *out, char *err, size_t errlen)
{
	size_t len;
	char *text = slurp(path, &len, err, errlen);
	int rc;
	memset(out, 0, sizeof *out);
	if (!text) return -1;
	rc = policy_parse(text, len, path, out, err, errlen);
	free(text);
	return rc;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) free(v[i]);
	free(v);
}

void policy_free(struct policy *p)
{
	for (size_t i = 0; i < p->npolicies; i++) {
		struct network_policy *np = &p->policies[i];
		for (size_t j = 0; j < np->nendpoints; j++) {
			struct endpoint *ep = &np->endpoints[j];
			free(ep->host); free(ep->protocol); free(ep->access);
			free(ep->ports); free(ep->allowed_ips); free(ep->allowed_ips_text);
			for (size_t k = 0; k < ep->nrules; k++) { free(ep->rules[k].method); free(ep->rules[k].path); }
			free(ep->rules);
		}
		free(np->endpoints);
		free_list(np->binaries, np->nbinaries);
		free(np->key); free(np->name);
	}
	free(p->policies);
	memset(p, 0, sizeof *p);
}

/* ---- credentials ---- */

int credentials_parse(const char *text, size_t len, const char *name, struct credentials *out, char *err, size_t errlen)
{
	struct doc d = { .name = name, .err = err, .errlen = errlen };
	yaml_node_t *root, *seq;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (doc_open(&d, text, len)) return -1;
	if (root_mapping(&d, &root) || get_seq(&d, root, "credentials", &seq, &out->n)) goto done;
	out->items = xcalloc(out->n, sizeof *out->items);
	for (size_t i = 0; i < out->n; i++) {
		struct credential *c = &out->items[i];
		yaml_node_t *n = item(&d, seq, i);
		if (n->type != YAML_MAPPING_NODE) { fail(&d, n, "credentials: expected a mapping"); goto done; }
		if (get_str(&d, n, "name", &c->name) || get_str(&d, n, "type", &c->type) ||
		    get_str(&d, n, "injected_via", &c->injected_via) ||
		    get_str_list(&d, n, "scopes", &c->scopes, &c->nscopes) ||
		    get_str_list(&d, n, "target_hosts", &c->target_hosts, &c->ntarget_hosts))
			goto done;
		for (size_t j = 0; j < c->ntarget_hosts; j++)
			if (check_host(&d, n, "target_hosts:", c->target_hosts[j])) goto done;
		if (!c->name) { fail(&d, n, "a credential needs a name"); goto done; }
	}
	rc = 0;
done:
	yaml_document_delete(&d.y);
	if (rc) credentials_free(out);
	return rc;
}

int credentials_load(const char *path, struct credentials *out, char *err, size_t errlen)
{
	size_t len;
	char *text = slurp(path, &len, err, errlen);
	int rc;
	memset(out, 0, sizeof *out);
	if (!text) return -1;
	rc = credentials_parse(text, len, path, out, err, errlen);
	free(text);
	return rc;
}

void credentials_free(struct credentials *c)
{
	for (size_t i = 0; c->items && i < c->n; i++) {
		struct credential *x = &c->items[i];
		free(x->name); free(x->type); free(x->injected_via);
		free_list(x->scopes, x->nscopes);
		free_list(x->target_hosts, x->ntarget_hosts);
	}
	free(c->items);
	memset(c, 0, sizeof *c);
}

/* ---- the binary capability registry ---- */

static int load_protocols(struct doc *d, const yaml_node_t *root, struct binary_cap *b)
{
	yaml_node_t *seq, *acts;
	size_t n, na;
	if (get_seq(d, root, "protocols", &seq, &n)) return -1;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *p = item(d, seq, i);
		int bypass;
		if (get_bool(d, p, "bypasses_l7", &bypass) || get_seq(d, p, "actions", &acts, &na)) return -1;
		b->bypasses_l7 |= bypass;
		for (size_t j = 0; j < na; j++) {
			const char *type = scalar(get(d, item(d, acts, j), "type"));
			if (type && (!strcmp(type, "write") || !strcmp(type, "destructive"))) b->can_write = 1;
		}
	}
	return 0;
}

static int registry_parse(const char *text, size_t len, const char *name, struct binary_cap *b, char *err, size_t errlen)
{
	struct doc d = { .name = name, .err = err, .errlen = errlen };
	yaml_node_t *root;
	int rc = -1;
	memset(b, 0, sizeof *b);
	if (doc_open(&d, text, len)) return -1;
	if (root_mapping(&d, &root) || get_str(&d, root, "binary", &b->binary) ||
	    get_bool(&d, root, "can_exfiltrate", &b->can_exfiltrate) ||
	    get_bool(&d, root, "can_construct_http", &b->can_construct_http) ||
	    get_str_list(&d, root, "spawns", &b->spawns, &b->nspawns) || load_protocols(&d, root, b))
		goto done;
	if (!b->binary) { fail(&d, root, "binary: missing"); goto done; }
	b->can_write |= b->can_construct_http;
	rc = 0;
done:
	yaml_document_delete(&d.y);
	if (rc) { free(b->binary); free_list(b->spawns, b->nspawns); memset(b, 0, sizeof *b); }
	return rc;
}

static int yaml_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && ((n > 5 && !strcmp(e->d_name + n - 5, ".yaml")) ||
				       (n > 4 && !strcmp(e->d_name + n - 4, ".yml")));
}

int registry_load_dir(const char *dir, struct registry *out, char *err, size_t errlen)
{
	struct dirent **names;
	int n = scandir(dir, &names, yaml_name, alphasort), rc = 0;
	memset(out, 0, sizeof *out);
	if (n < 0) { snprintf(err, errlen, "%s: %s", dir, strerror(errno)); return -1; }
	if (n > MAX_REGISTRY) { snprintf(err, errlen, "%s: more than %d entries", dir, MAX_REGISTRY); rc = -1; }
	out->items = xcalloc((size_t)n, sizeof *out->items);
	for (int i = 0; i < n; i++) {
		char path[4096];
		size_t len;
		char *text;
		if (!rc) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			if (!(text = slurp(path, &len, err, errlen))) rc = -1;
			else {
				rc = registry_parse(text, len, path, &out->items[out->n], err, errlen);
				if (!rc) out->n++;
				free(text);
			}
		}
		free(names[i]);
	}
	free(names);
	if (rc) registry_free(out);
	return rc;
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; r->items && i < r->n; i++) {
		free(r->items[i].binary);
		free_list(r->items[i].spawns, r->items[i].nspawns);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}

struct binary_cap registry_lookup(const struct registry *r, const char *binary)
{
	struct binary_cap unknown = { .binary = (char *)binary, .can_exfiltrate = 1,
				      .can_construct_http = 1, .can_write = 1 };
	for (size_t i = 0; r && i < r->n; i++)
		if (!strcmp(r->items[i].binary, binary)) return r->items[i];
	for (size_t i = 0; r && i < r->n; i++)
		if (strchr(r->items[i].binary, '*') && path_glob_matches(r->items[i].binary, binary))
			return r->items[i];
	return unknown;
}
