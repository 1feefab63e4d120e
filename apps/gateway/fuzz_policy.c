/* libFuzzer target: the policy and credentials loaders, and the evaluator on
 * whatever they accept. Nothing a document says may crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gateway.h"

static const char *hosts[] = { "api.github.com", "a.b.c.d", "169.254.169.254", "fe80::1", "x", "" };

/* The verifier leaves out patterns host_patterns_may_meet says cannot meet:
 * a host (any literal endpoint host) matching both must never be missed. */
static void check_may_meet(const struct policy *p)
{
	const struct endpoint *eps[16];
	size_t n = 0;
	for (size_t j = 0; j < p->npolicies && n < 16; j++)
		for (size_t k = 0; k < p->policies[j].nendpoints && n < 16; k++)
			if (p->policies[j].endpoints[k].host) eps[n++] = &p->policies[j].endpoints[k];
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++)
			for (size_t h = 0; h < n; h++) {
				const char *host = eps[h]->host;
				if (strchr(host, '*')) continue;
				if (host_pattern_matches(eps[a]->host, host) && host_pattern_matches(eps[b]->host, host) &&
				    !host_patterns_may_meet(eps[a]->host, eps[b]->host))
					abort();
			}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	struct credentials c;
	char err[256];
	if (policy_parse((const char *)data, size, "fuzz", &p, err, sizeof err) == 0) {
		for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
			struct request rq = { .host = hosts[i], .port = 443, .method = i % 2 ? -1 : METHOD_POST, .path = "/a/b" };
			struct decision d;
			policy_check(&p, &rq, &d);
			for (size_t j = 0; j < p.npolicies; j++)
				for (size_t k = 0; k < p.policies[j].nendpoints; k++)
					host_patterns_overlap(p.policies[j].endpoints[k].host, hosts[i]);
		}
		check_may_meet(&p);
		policy_free(&p);
	}
	if (credentials_parse((const char *)data, size, "fuzz", &c, err, sizeof err) == 0) {
		host_credentialed(&c, "api.github.com");
		credentials_free(&c);
	}
	return 0;
}
