/* The JSON side of the gateway: the bodies of /v1/policy/verify and
 * /v1/policy/check, the verifier's output formats, and loading what `serve`
 * serves. Requests carry policies as YAML text inside JSON strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "gateway.h"

#define VERIFY_TIMEOUT_MS 10000

char *findings_text(const struct findings *f)
{
	size_t ncat = 0, cap = 64 + f->n * 600, used;
	char *out = malloc(cap), line[600];
	if (!out) return NULL;
	for (size_t i = 0; i < f->n; i++) ncat += !i || strcmp(f->items[i].category, f->items[i - 1].category);
	if (!ncat) { snprintf(out, cap, "prover: no new findings\n"); return out; }
	used = (size_t)snprintf(out, cap, "prover: %zu new finding%s\n", ncat, ncat == 1 ? "" : "s");
	for (size_t i = 0; i < f->n; i++) {
		finding_shorthand(&f->items[i], line, sizeof line);
		used += (size_t)snprintf(out + used, cap - used, "  %s\n", line);
	}
	return out;
}

static cJSON *witness_json(const struct witness *w, int checked)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "binary", w->binary);
	cJSON_AddStringToObject(o, "host", w->host);
	cJSON_AddStringToObject(o, "addr", w->addr);
	cJSON_AddNumberToObject(o, "port", w->port);
	cJSON_AddStringToObject(o, "method", w->method >= 0 ? method_name(w->method) : "ANY");
	cJSON_AddBoolToObject(o, "rechecked", checked);
	return o;
}

char *findings_json(const struct findings *f, int pretty)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "findings");
	char *summary = findings_text(f), *nl, *out, line[600];
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->items[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "category", x->category);
		if (x->binary[0]) cJSON_AddStringToObject(o, "binary", x->binary);
		cJSON_AddStringToObject(o, "host", x->host);
		cJSON_AddNumberToObject(o, "port", x->port);
		cJSON_AddStringToObject(o, "ports", x->ports);
		if (x->method[0]) cJSON_AddStringToObject(o, "method", x->method);
		cJSON_AddStringToObject(o, "policy", x->policy);
		finding_shorthand(x, line, sizeof line);
		cJSON_AddStringToObject(o, "line", line);
		if (x->has_witness) cJSON_AddItemToObject(o, "witness", witness_json(&x->witness, x->witness_checked));
		cJSON_AddItemToArray(arr, o);
	}
	if (summary && (nl = strchr(summary, '\n'))) *nl = 0;
	cJSON_AddStringToObject(root, "summary", summary ? summary : "");
	free(summary);
	out = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static char *error_json(const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	char *out;
	cJSON_AddStringToObject(o, "error", msg);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

static int reply_error(int status, const char *msg, char **out)
{
	*out = error_json(msg);
	return status;
}

/* A YAML document carried in a JSON string member; absent is NULL. */
static const char *yaml_member(const cJSON *body, const char *name, int *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
	if (!v || cJSON_IsNull(v)) return NULL;
	if (!cJSON_IsString(v)) { *bad = 1; return NULL; }
	return v->valuestring;
}

static cJSON *parse_body(const char *body, size_t len, char **out, int *status)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		*status = reply_error(400, "the body is not a JSON object", out);
		return NULL;
	}
	return root;
}

int api_verify(const struct gw_config *cfg, const char *body, size_t len, char **out)
{
	struct policy base, prop;
	struct credentials creds = { 0 };
	struct findings found;
	struct verify_input in;
	char err[512];
	int bad = 0, status = 200;
	cJSON *root = parse_body(body, len, out, &status);
	const char *b, *p, *c;
	if (!root) return status;
	b = yaml_member(root, "baseline", &bad), p = yaml_member(root, "proposal", &bad), c = yaml_member(root, "credentials", &bad);
	if (bad || !b || !p) {
		cJSON_Delete(root);
		return reply_error(400, "expected {\"baseline\": yaml, \"proposal\": yaml[, \"credentials\": yaml]}", out);
	}
	if (policy_parse(b, strlen(b), "baseline", &base, err, sizeof err)) { cJSON_Delete(root); return reply_error(422, err, out); }
	if (policy_parse(p, strlen(p), "proposal", &prop, err, sizeof err)) {
		policy_free(&base); cJSON_Delete(root); return reply_error(422, err, out);
	}
	if (c && credentials_parse(c, strlen(c), "credentials", &creds, err, sizeof err)) {
		policy_free(&base); policy_free(&prop); cJSON_Delete(root); return reply_error(422, err, out);
	}
	in = (struct verify_input){ &base, &prop, c ? &creds : &cfg->credentials, &cfg->registry,
				    cfg->verify_timeout_ms ? cfg->verify_timeout_ms : VERIFY_TIMEOUT_MS, ENCODING_CLASSES };
	switch (verify(&in, &found, err, sizeof err)) {
	case 0: *out = findings_json(&found, 0); findings_free(&found); break;
	case VERIFY_LIMIT: status = reply_error(503, err, out); break;   /* not judged: try later, or split it */
	default: status = reply_error(500, err, out);
	}
	policy_free(&base); policy_free(&prop); credentials_free(&creds);
	cJSON_Delete(root);
	return status;
}

static const char *str_member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* {"binary", "host", "port", "method", "addr", "path"} */
static int read_request(const cJSON *o, struct request *rq, char *err, size_t errlen)
{
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(o, "port");
	const char *method = str_member(o, "method");
	memset(rq, 0, sizeof *rq);
	rq->binary = str_member(o, "binary"), rq->host = str_member(o, "host");
	rq->addr = str_member(o, "addr"), rq->path = str_member(o, "path");
	if (!rq->host || !*rq->host) { snprintf(err, errlen, "request.host is required"); return -1; }
	if (!cJSON_IsNumber(port) || port->valuedouble < 1 || port->valuedouble > 65535 ||
	    port->valuedouble != (int)port->valuedouble) {
		snprintf(err, errlen, "request.port must be 1-65535"); return -1;
	}
	rq->port = (int)port->valuedouble;
	rq->method = -1;
	if (method && (rq->method = method_parse(method)) < 0) { snprintf(err, errlen, "unknown method '%.20s'", method); return -1; }
	if (rq->addr && !host_is_ip_literal(rq->addr)) { snprintf(err, errlen, "request.addr is not an IP address"); return -1; }
	return 0;
}

static char *decision_json(const struct decision *d)
{
	cJSON *o = cJSON_CreateObject();
	char ep[300], *out;
	cJSON_AddStringToObject(o, "decision", d->allowed ? "allow" : "deny");
	if (d->allowed) {
		cJSON_AddStringToObject(o, "policy", d->policy->key);
		snprintf(ep, sizeof ep, "%s:%u", d->endpoint->host ? d->endpoint->host : "allowed_ips", d->endpoint->ports[0].lo);
		cJSON_AddStringToObject(o, "endpoint", ep);
		cJSON_AddNumberToObject(o, "line", d->endpoint->line);
	}
	cJSON_AddStringToObject(o, "reason", d->reason);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

int api_check(const struct gw_config *cfg, const char *body, size_t len, char **out)
{
	struct policy own;
	struct request rq;
	struct decision d;
	char err[512];
	int bad = 0, status = 200;
	cJSON *root = parse_body(body, len, out, &status);
	const char *p;
	const cJSON *req;
	if (!root) return status;
	p = yaml_member(root, "policy", &bad);
	req = cJSON_GetObjectItemCaseSensitive(root, "request");
	if (bad || !cJSON_IsObject(req)) {
		cJSON_Delete(root);
		return reply_error(400, "expected {\"request\": {...}[, \"policy\": yaml]}", out);
	}
	if (read_request(req, &rq, err, sizeof err)) { cJSON_Delete(root); return reply_error(400, err, out); }
	if (p && policy_parse(p, strlen(p), "policy", &own, err, sizeof err)) { cJSON_Delete(root); return reply_error(422, err, out); }
	policy_check(p ? &own : &cfg->policy, &rq, &d);
	*out = decision_json(&d);
	if (p) policy_free(&own);
	cJSON_Delete(root);
	return status;
}

int api_address_allowed(const struct gw_config *cfg, const char *name, const char *addr, char *why, size_t whylen)
{
	const struct policy *p = &cfg->policy;
	for (size_t i = 0; i < p->npolicies; i++)
		for (size_t j = 0; j < p->policies[i].nendpoints; j++) {
			const struct endpoint *ep = &p->policies[i].endpoints[j];
			for (size_t k = 0; k < ep->nports; k++) {
				struct request rq = { .host = name, .addr = addr, .port = ep->ports[k].lo, .method = -1 };
				struct decision d;
				policy_check(p, &rq, &d);
				if (d.allowed) {
					snprintf(why, whylen, "%s, port %u", d.reason, ep->ports[k].lo);
					return 1;
				}
			}
		}
	snprintf(why, whylen, "no endpoint of the loaded policy reaches %s at %s", name, addr);
	return 0;
}

int gw_config_load(struct gw_config *cfg, const char *policy_path, const char *credentials_path,
		   const char *registry_dir, char *err, size_t errlen)
{
	memset(cfg, 0, sizeof *cfg);
	if (policy_load(policy_path, &cfg->policy, err, errlen)) return -1;
	if (credentials_path && credentials_load(credentials_path, &cfg->credentials, err, errlen)) goto fail;
	if (registry_dir && registry_load_dir(registry_dir, &cfg->registry, err, errlen)) goto fail;
	return 0;
fail:
	gw_config_free(cfg);
	return -1;
}

void gw_config_free(struct gw_config *cfg)
{
	policy_free(&cfg->policy);
	credentials_free(&cfg->credentials);
	registry_free(&cfg->registry);
}
