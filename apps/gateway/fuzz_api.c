/* libFuzzer target: the two JSON routes end to end, as the server calls
 * them (api_verify: loaders, Z3 encoding, solver, witness re-check, output;
 * api_check: loader and evaluator), on small policy pairs.
 *
 * An input is either three or four NUL-separated texts (baseline, proposal,
 * credentials YAML, then request bytes), so the known-answer cases and the
 * crashes found are readable seeds; or anything else, whose bytes choose a
 * small policy pair from the vocabularies below, rich in the names and
 * addresses the verifier has got wrong before. Nothing may crash, leak or
 * hang, and a verify may fail only on its input: "internal error" (a witness
 * the evaluator does not confirm) aborts. FUZZ_REGISTRY names the registry. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "gateway.h"

static struct gw_config config;

static const char *hosts[] = {
	"api.github.com", "*.github.com", "**.github.com", "api-*.github.com", "github.com", "a.b.", "a..b",
	".a", "a.b", "A.B", "metadata.google.internal", "*.google.internal", "169.254.169.254",
	"::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "::a9fe:a9fe", "10.0.0.5", "fe80::1", "::1", "*", "x",
	"a b", "\xc3\xa9.com", "db.internal", "*.*", "**.a.b.", "127.0.0.1", "1.2.3.4*", "*.*.*.*",
	"API.GitHub.com.",
};
static const char *cidrs[] = {
	"10.0.0.0/8", "169.254.0.0/16", "0.0.0.0/0", "::/0", "::ffff:10.0.0.0/104", "::ffff:0:0/96",
	"64:ff9b::/96", "140.82.112.0/20", "fe80::/64", "fd00::/8", "10.0.0.5", "::ffff:169.254.169.254/128",
	"1.2.3.4/33", "bogus",
};
static const char *ports[] = { "443", "80", "1-65535", "8000-8100", "0", "80-79", "65535" };
static const char *protocols[] = { NULL, "rest", "tcp", "graphql", "bogus" };
static const char *accesses[] = { NULL, "read-only", "read-write", "full", "none" };
static const char *methods[] = { "GET", "POST", "PUT", "DELETE", "*", "BREW" };
static const char *binaries[] = { "/usr/bin/curl", "/usr/bin/nc", "/usr/bin/git", "/usr/bin/*", "/opt/x", "/usr/bin/gh" };
#define PICK(v) ((v)[next(in) % (sizeof (v) / sizeof (v)[0])])

struct bytes { const uint8_t *p; size_t n; };

static unsigned next(struct bytes *in)
{
	if (!in->n) return 0;
	in->n--;
	return *in->p++;
}

/* A growing text; out of memory ends the run, as in the gateway. */
struct text { char *s; size_t len, cap; };

static void add(struct text *t, const char *fmt, const char *a, const char *b)
{
	int n = snprintf(NULL, 0, fmt, a, b);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = 2 * (t->len + (size_t)n + 1);
		if (!(t->s = realloc(t->s, t->cap))) abort();
	}
	snprintf(t->s + t->len, t->cap - t->len, fmt, a, b);
	t->len += (size_t)n;
}

static void gen_endpoint(struct bytes *in, struct text *t)
{
	unsigned shape = next(in);
	const char *protocol = PICK(protocols), *access = PICK(accesses);
	add(t, "      - port: \"%s\"\n", PICK(ports), NULL);
	if (shape & 1 || !(shape & 2)) add(t, "        host: \"%s\"\n", PICK(hosts), NULL);
	if (shape & 2) add(t, "        allowed_ips: [\"%s\", \"%s\"]\n", PICK(cidrs), PICK(cidrs));
	if (protocol) add(t, "        protocol: %s\n", protocol, NULL);
	if (protocol && access && shape & 4) add(t, "        access: %s\n", access, NULL);
	else if (protocol && shape & 8) add(t, "        rules: [{allow: {method: \"%s\", path: \"%s\"}}]\n", PICK(methods), "/repos/*");
}

static char *gen_policy(struct bytes *in)
{
	struct text t = { 0 };
	unsigned npolicies = next(in) % 3;
	add(&t, "network_policies:%s\n", npolicies ? "" : " {}", NULL);
	for (unsigned i = 0; i < npolicies; i++) {
		unsigned neps = 1 + next(in) % 2, nbins = 1 + next(in) % 2;
		char key[8];
		snprintf(key, sizeof key, "p%u", i);
		add(&t, "  %s:\n    endpoints:\n", key, NULL);
		for (unsigned j = 0; j < neps; j++) gen_endpoint(in, &t);
		add(&t, "    binaries:\n", NULL, NULL);
		for (unsigned j = 0; j < nbins; j++) add(&t, "      - path: \"%s\"\n", PICK(binaries), NULL);
	}
	return t.s;
}

static char *gen_credentials(struct bytes *in)
{
	struct text t = { 0 };
	add(&t, "credentials:\n  - name: c\n    target_hosts: [\"%s\", \"%s\"]\n", PICK(hosts), PICK(hosts));
	return t.s;
}

/* The NUL-separated form: the texts are copied out; *rest is the request bytes. */
static int split_texts(const uint8_t *data, size_t size, char *texts[3], struct bytes *rest)
{
	const uint8_t *p = data, *end = data + size;
	for (int i = 0; i < 3; i++) {
		const uint8_t *z = memchr(p, 0, (size_t)(end - p));
		if (!z) {
			if (i < 2) { while (i--) free(texts[i]); return -1; }
			z = end;
		}
		if (!(texts[i] = strndup((const char *)p, (size_t)(z - p)))) abort();
		p = z < end ? z + 1 : end;
	}
	*rest = (struct bytes){ p, (size_t)(end - p) };
	return 0;
}

static char *body_verify(const char *base, const char *prop, const char *creds)
{
	cJSON *o = cJSON_CreateObject();
	char *s;
	cJSON_AddStringToObject(o, "baseline", base);
	cJSON_AddStringToObject(o, "proposal", prop);
	if (creds && *creds) cJSON_AddStringToObject(o, "credentials", creds);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static char *body_check(const char *policy, struct bytes *in)
{
	cJSON *o = cJSON_CreateObject(), *rq = cJSON_AddObjectToObject(o, "request");
	unsigned shape = next(in);
	char *s;
	cJSON_AddStringToObject(o, "policy", policy);
	cJSON_AddStringToObject(rq, "host", PICK(hosts));
	cJSON_AddNumberToObject(rq, "port", shape & 1 ? 443 : (double)(next(in) << 8 | next(in)));
	if (shape & 2) cJSON_AddStringToObject(rq, "binary", PICK(binaries));
	if (shape & 4) cJSON_AddStringToObject(rq, "method", PICK(methods));
	if (shape & 8) cJSON_AddStringToObject(rq, "addr", PICK(cidrs));
	if (shape & 16) cJSON_AddStringToObject(rq, "path", "/repos/x");
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static void expect_status(const char *route, int status, const char *reply)
{
	if (status == 200 || status == 400 || status == 422) return;
	/* The solver may give up on a hard query (a 500 the client can retry);
	 * anything else is a bug in the gateway. */
	if (status == 500 && reply && strstr(reply, "the solver gave up")) return;
	fprintf(stderr, "%s answered %d: %s\n", route, status, reply ? reply : "(no body)");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_REGISTRY");
	char err[256];
	(void)argc, (void)argv;
	if (dir && registry_load_dir(dir, &config.registry, err, sizeof err)) {
		fprintf(stderr, "fuzz-api: %s\n", err);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };
	char *texts[3], *body, *reply = NULL;
	int status;
	if (split_texts(data, size, texts, &in)) {
		texts[0] = gen_policy(&in);
		texts[1] = gen_policy(&in);
		texts[2] = gen_credentials(&in);
	}
	body = body_verify(texts[0], texts[1], texts[2]);
	status = api_verify(&config, body, strlen(body), &reply);
	expect_status("verify", status, reply);
	free(body), free(reply), reply = NULL;

	body = body_check(texts[1], &in);
	status = api_check(&config, body, strlen(body), &reply);
	expect_status("check", status, reply);
	free(body), free(reply);
	for (int i = 0; i < 3; i++) free(texts[i]);
	return 0;
}
