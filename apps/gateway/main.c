/* gateway: a TLS policy gateway whose verifier runs on Z3.
 *
 *   gateway serve ...                  the server (server.c)
 *   gateway verify --baseline A --proposal B [--credentials C] [--registry DIR] [--json] [--explain]
 *   gateway check --policy P --host H --port N [--binary B] [--method M] [--addr A] [--path P] [--registry DIR]
 *   gateway --version
 *
 * verify and check exit 0 (no new findings / allowed), 1 (findings / denied)
 * or 2 (bad input). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ares.h>
#include <cjson/cJSON.h>
#include <mbedtls/version.h>
#include <yaml.h>
#include <z3.h>
#include "gateway.h"
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#ifndef LIBC_VERSION
#define LIBC_VERSION "unknown"
#endif

static int usage(FILE *f, int rc)
{
	fputs("usage: gateway serve --listen HOST:PORT --cert FILE --key FILE [--client-ca FILE]\n"
	      "                     --policy FILE [--credentials FILE] [--registry DIR]\n"
	      "       gateway verify --baseline FILE --proposal FILE [--credentials FILE] [--registry DIR]\n"
	      "                      [--json] [--explain] [--timeout MS] [--encoding classes|strings|brute]\n"
	      "       gateway check --policy FILE --host HOST --port N [--binary PATH] [--method M]\n"
	      "                     [--addr ADDR] [--path PATH] [--registry DIR]\n"
	      "       gateway --version | --help\n", f);
	return rc;
}

void print_versions(void)
{
	unsigned maj, min, build, rev;
	char mbed[32];
	Z3_get_version(&maj, &min, &build, &rev);
	mbedtls_version_get_string(mbed);
	printf("gateway %s\n", GATEWAY_VERSION);
#ifdef __GLIBC__
	printf("libc: glibc %s\n", gnu_get_libc_version());
#else
	printf("libc: musl %s\n", LIBC_VERSION);
#endif
	printf("z3: %u.%u.%u\n", maj, min, build);
	printf("mbedtls: %s\n", mbed);
	printf("c-ares: %s\n", ares_version(NULL));
	printf("libyaml: %s\n", yaml_get_version_string());
	printf("cjson: %s\n", cJSON_Version());
}

struct verify_opts { const char *baseline, *proposal, *credentials, *registry; int json, explain, encoding; unsigned timeout_ms; };

static int explain_all(const struct verify_input *in, const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		char line[600], *smt;
		finding_shorthand(&f->items[i], line, sizeof line);
		printf(";; %s\n", line);
		if (!f->items[i].has_witness) { printf(";; (a proof of absence: no query has a model)\n\n"); continue; }
		smt = verify_explain(in, &f->items[i]);
		printf("%s(check-sat)\n\n", smt ? smt : ";; not available\n");
		free(smt);
	}
	return 0;
}

static int run_verify(const struct verify_opts *o)
{
	struct policy base, prop;
	struct credentials creds = { 0 };
	struct registry reg = { 0 };
	struct findings found;
	char err[512], *text;
	int rc = 2;
	if (policy_load(o->baseline, &base, err, sizeof err)) { fprintf(stderr, "gateway: %s\n", err); return 2; }
	if (policy_load(o->proposal, &prop, err, sizeof err)) goto out_base;
	if (o->credentials && credentials_load(o->credentials, &creds, err, sizeof err)) goto out_prop;
	if (o->registry && registry_load_dir(o->registry, &reg, err, sizeof err)) goto out_creds;
	{
		struct verify_input in = { &base, &prop, &creds, &reg, o->timeout_ms, o->encoding };
		if (verify(&in, &found, err, sizeof err)) goto out_reg;
		text = o->json ? findings_json(&found, 1) : findings_text(&found);
		fputs(text, stdout);
		if (o->json) putchar('\n');
		free(text);
		if (o->explain) explain_all(&in, &found);
		rc = found.n ? 1 : 0;
		findings_free(&found);
	}
out_reg:
	registry_free(&reg);
out_creds:
	credentials_free(&creds);
out_prop:
	policy_free(&prop);
out_base:
	policy_free(&base);
	if (rc == 2) fprintf(stderr, "gateway: %s\n", err);
	return rc;
}

static int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "baseline", 1, 0, 'b' }, { "proposal", 1, 0, 'p' }, { "credentials", 1, 0, 'c' },
		{ "registry", 1, 0, 'r' }, { "json", 0, 0, 'j' }, { "explain", 0, 0, 'e' },
		{ "timeout", 1, 0, 't' }, { "encoding", 1, 0, 'E' }, { 0, 0, 0, 0 } };
	struct verify_opts o = { .timeout_ms = 30000 };
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o.baseline = optarg; break;
		case 'p': o.proposal = optarg; break;
		case 'c': o.credentials = optarg; break;
		case 'r': o.registry = optarg; break;
		case 'j': o.json = 1; break;
		case 'e': o.explain = 1; break;
		case 't': o.timeout_ms = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'E':
			if (!strcmp(optarg, "classes")) o.encoding = ENCODING_CLASSES;
			else if (!strcmp(optarg, "strings")) o.encoding = ENCODING_STRINGS;
			else if (!strcmp(optarg, "brute")) o.encoding = ENCODING_BRUTE;
			else return usage(stderr, 2);
			break;
		default: return usage(stderr, 2);
		}
	}
	if (!o.baseline || !o.proposal || optind != argc) return usage(stderr, 2);
	return run_verify(&o);
}

static int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", 1, 0, 'P' }, { "host", 1, 0, 'h' }, { "port", 1, 0, 'p' }, { "binary", 1, 0, 'b' },
		{ "method", 1, 0, 'm' }, { "addr", 1, 0, 'a' }, { "path", 1, 0, 'u' }, { "registry", 1, 0, 'r' },
		{ 0, 0, 0, 0 } };
	const char *policy_path = NULL, *registry = NULL;
	struct request rq = { .method = -1 };
	struct registry reg = { 0 };
	struct policy p;
	struct decision d;
	char err[512], *end;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'P': policy_path = optarg; break;
		case 'h': rq.host = optarg; break;
		case 'p': rq.port = (int)strtol(optarg, &end, 10); if (*end || rq.port < 1 || rq.port > 65535) rq.port = 0; break;
		case 'b': rq.binary = optarg; break;
		case 'm': if ((rq.method = method_parse(optarg)) < 0) { fprintf(stderr, "gateway: unknown method %s\n", optarg); return 2; } break;
		case 'a': rq.addr = optarg; break;
		case 'u': rq.path = optarg; break;
		case 'r': registry = optarg; break;
		default: return usage(stderr, 2);
		}
	}
	if (!policy_path || !rq.host || !rq.port || optind != argc) return usage(stderr, 2);
	if (policy_load(policy_path, &p, err, sizeof err)) { fprintf(stderr, "gateway: %s\n", err); return 2; }
	if (registry) {
		if (registry_load_dir(registry, &reg, err, sizeof err)) { fprintf(stderr, "gateway: %s\n", err); policy_free(&p); return 2; }
		rq.exfil_only = &reg;     /* the verifier's view: only paths that can carry data out */
	}
	policy_check(&p, &rq, &d);
	printf("%s: %s\n", d.allowed ? "allow" : "deny", d.reason);
	policy_free(&p);
	registry_free(&reg);
	return d.allowed ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) return usage(stderr, 2);
	if (!strcmp(argv[1], "--version")) { print_versions(); return 0; }
	if (!strcmp(argv[1], "--help")) return usage(stdout, 0);
	if (!strcmp(argv[1], "serve")) return serve_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify")) return cmd_verify(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check")) return cmd_check(argc - 1, argv + 1);
	fprintf(stderr, "gateway: unknown command '%s'\n", argv[1]);
	return usage(stderr, 2);
}
