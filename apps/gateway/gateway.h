/* The policy gateway: what its parts share.
 *
 *   policy.c    loads sandbox policies, credentials and the binary registry (libyaml)
 *   match.c     host patterns, CIDRs and ports; evaluates one request against a policy
 *   verify.c    the Z3 verifier: findings a proposal adds over a baseline, with witnesses
 *   api.c       the JSON routes (/v1/policy/verify, /v1/policy/check) on top of both (cJSON)
 *   http.c      the HTTP/1.1 request parser (bounded, incremental)
 *   server.c    `gateway serve`: one event loop, TLS (mbedTLS), routes, metrics, signals
 *   resolve.c   name resolution through c-ares for /v1/resolve
 *   main.c      the command line
 */
#ifndef GATEWAY_H
#define GATEWAY_H

#include <stddef.h>
#include <stdint.h>

#ifndef GATEWAY_VERSION
#define GATEWAY_VERSION "0.0.0-dev"    /* make passes the release version (git describe) */
#endif

/* ---- policies (policy.c) ---- */

enum { METHOD_GET, METHOD_HEAD, METHOD_OPTIONS, METHOD_POST, METHOD_PUT, METHOD_PATCH,
       METHOD_DELETE, METHOD_COUNT };
#define METHOD_ALL ((1u << METHOD_COUNT) - 1)

struct cidr {
	int family;              /* 4 or 6 */
	uint8_t addr[16];        /* network byte order; IPv4 in the first 4 bytes */
	int prefix;
};

struct port_range { uint16_t lo, hi; };

struct l7_rule { char *method; char *path; };

struct endpoint {
	char *host;              /* lower case; a pattern ("*.github.com"), a name, an IP literal, or NULL */
	struct port_range *ports; size_t nports;
	char *protocol;          /* NULL: L4 only, every method passes */
	char *access;            /* read-only, read-write, full, or NULL */
	struct l7_rule *rules; size_t nrules;
	struct cidr *allowed_ips; size_t nallowed_ips;   /* as kept: embeddings as IPv4 (addr_parse) */
	char *allowed_ips_text;  /* as written, comma-separated, for findings; NULL without allowed_ips */
	unsigned methods;        /* bit set of METHOD_*, derived from protocol/access/rules */
	int line;                /* where it was defined, for messages */
};

struct network_policy {
	char *key;               /* the map key under network_policies */
	char *name;
	struct endpoint *endpoints; size_t nendpoints;
	char **binaries; size_t nbinaries;
};

struct policy {
	struct network_policy *policies; size_t npolicies;   /* sorted by key */
};

struct credential {
	char *name, *type, *injected_via;
	char **scopes; size_t nscopes;
	char **target_hosts; size_t ntarget_hosts;            /* patterns */
};

struct credentials { struct credential *items; size_t n; };

struct binary_cap {
	char *binary;            /* path, or a glob */
	int bypasses_l7, can_exfiltrate, can_construct_http, can_write;
	char **spawns; size_t nspawns;
};

struct registry { struct binary_cap *items; size_t n; };

/* Each loader returns 0, or -1 with a one-line message in err ("file:line: what"). */
int policy_parse(const char *text, size_t len, const char *name, struct policy *out, char *err, size_t errlen);
int policy_load(const char *path, struct policy *out, char *err, size_t errlen);
void policy_free(struct policy *p);
int credentials_parse(const char *text, size_t len, const char *name, struct credentials *out, char *err, size_t errlen);
int credentials_load(const char *path, struct credentials *out, char *err, size_t errlen);
void credentials_free(struct credentials *c);
int registry_load_dir(const char *dir, struct registry *out, char *err, size_t errlen);
void registry_free(struct registry *r);
/* The capability of a binary; an unknown binary can exfiltrate and build HTTP requests. */
struct binary_cap registry_lookup(const struct registry *r, const char *binary);

const char *method_name(int m);
int method_parse(const char *s);         /* METHOD_* or -1 */

/* ---- matching one request (match.c) ---- */

/* Normalises a host name or pattern in place: NULL, or why it is refused. */
const char *host_pattern_normalise(char *s);
int host_pattern_matches(const char *pattern, const char *host);
int path_glob_matches(const char *pattern, const char *path);   /* fnmatch, '*' crosses '/' */
int host_is_ip_literal(const char *host);
int host_patterns_overlap(const char *a, const char *b);
/* 0 only when no host can match both patterns (a cheap, sound test). */
int host_patterns_may_meet(const char *a, const char *b);
/* 1: buf holds a host name matching every pattern of want and none of avoid
 * (never a dotted quad); 0: there is none; -1: too many combinations to
 * decide within hostclass.c's limits, or a name longer than len. */
int host_name_for(const char *const *want, size_t nwant, const char *const *avoid, size_t navoid,
		  char *buf, size_t len);
int cidr_parse(const char *s, struct cidr *out);
/* Addresses and networks inside ::ffff:0:0/96 or 64:ff9b::/96 (prefix >= 96)
 * come back as the IPv4 ones they reach. */
int addr_parse(const char *s, struct cidr *out);        /* an address as a full-length prefix */
/* An IPv6 network wider than /96 that holds a whole embedding: it reaches all of IPv4. */
int cidr_covers_ipv4_embedding(const struct cidr *c);
int cidr_contains(const struct cidr *net, const struct cidr *addr);
int addr_is_link_local(const struct cidr *a);
int addr_is_private(const struct cidr *a);              /* RFC 1918, fc00::/7, loopback */
int addr_is_internal(const struct cidr *a);             /* any range a name endpoint may not reach */
void addr_format(const struct cidr *a, char *buf, size_t len);

/* Address ranges by kind, shared by the evaluator and the solver encoding. */
enum { RANGE_LINK_LOCAL = 1, RANGE_PRIVATE = 2, RANGE_OTHER_INTERNAL = 4 };
struct addr_range { const char *cidr; int kind; };
extern const struct addr_range addr_ranges[];
extern const size_t addr_nranges;

struct request {
	const char *binary;      /* NULL: any binary the policy names */
	const char *host;        /* a name or an IP literal */
	const char *addr;        /* the address it resolved to, or NULL */
	int port;
	int method;              /* METHOD_*, or -1 for an L4 connection */
	const char *path;        /* NULL: any */
	/* When set, only endpoints through which the binary can exfiltrate
	 * (OpenShell's rule, with this registry) count: the verifier's view. */
	const struct registry *exfil_only;
};

struct decision {
	int allowed;
	const struct network_policy *policy;   /* which decided, when allowed */
	const struct endpoint *endpoint;
	char reason[160];
};

void policy_check(const struct policy *p, const struct request *rq, struct decision *out);
/* This endpoint alone takes the request: destination, port and method. */
int endpoint_takes_request(const struct endpoint *ep, const struct request *rq);
/* The network policy names the binary, exactly or by a glob such as python3.*. */
int binary_listed(const struct network_policy *np, const char *binary);
/* Can the binary move data out through this endpoint: it can exfiltrate, and
 * either it speaks raw (bypasses L7) or builds HTTP where L4 or L7 writes pass. */
int endpoint_exfil(const struct binary_cap *cap, const struct endpoint *ep);
int host_credentialed(const struct credentials *c, const char *host);
#define METHODS_WRITE (1u << METHOD_POST | 1u << METHOD_PUT | 1u << METHOD_PATCH | 1u << METHOD_DELETE)

/* ---- the verifier (verify.c) ---- */

struct witness {
	char binary[256], host[256], addr[64];
	int port, method;        /* method -1: any */
};

struct finding {
	char category[40];       /* link_local_reach, l7_bypass_credentialed, ... */
	char binary[256];
	char host[256];          /* the endpoint's host as written in the proposal */
	int port;
	char method[12];         /* capability_expansion only */
	char policy[128];        /* the proposal's network policy key */
	char ports[16];          /* as written: "443" or "8000-8100" */
	int has_witness;
	struct witness witness;
	int witness_checked;     /* 1 when the witness was re-evaluated against both policies */
};

struct findings { struct finding *items; size_t n, cap; };

struct verify_input {
	const struct policy *baseline, *proposal;
	const struct credentials *credentials;  /* may be empty */
	const struct registry *registry;        /* may be empty */
	unsigned timeout_ms;                    /* per solver query; 0: none */
	int encoding;                           /* ENCODING_*: how host names reach the solver */
};

/* ENCODING_CLASSES: one Boolean per host pattern (hostclass.c builds the
 * names); ENCODING_STRINGS: the name a string, patterns regular expressions
 * (the old encoding, kept for the differential test); ENCODING_BRUTE: no
 * solver, the evaluator over a finite set of requests built from the
 * policies (names from their patterns' labels, addresses at prefix bounds,
 * ports at range bounds): a test oracle for small pairs, blind to a finding
 * that needs a request outside that set. */
enum { ENCODING_CLASSES, ENCODING_STRINGS, ENCODING_BRUTE };

/* 0 and the findings (sorted, new only), or -1 with a message, or
 * VERIFY_LIMIT with one when a query hit the solver's time limit (or the
 * host names' combinations were too many to decide): the proposal is not
 * judged, which the server answers with 503. */
#define VERIFY_LIMIT (-2)
int verify(const struct verify_input *in, struct findings *out, char *err, size_t errlen);
void findings_free(struct findings *f);
/* "capability_expansion: PUT on api.github.com:443 via /usr/bin/curl" */
void finding_shorthand(const struct finding *f, char *buf, size_t len);
/* The SMT-LIB text of the query behind a finding (--explain); malloc'd. */
char *verify_explain(const struct verify_input *in, const struct finding *f);

/* ---- what the server serves (api.c) ---- */

/* Everything `serve` loads from files; reloaded whole on SIGHUP. */
struct gw_config {
	struct policy policy;
	struct credentials credentials;
	struct registry registry;
	unsigned verify_timeout_ms;             /* per solver query; 0: the default, 10 s */
};

int gw_config_load(struct gw_config *cfg, const char *policy_path, const char *credentials_path,
		   const char *registry_dir, char *err, size_t errlen);
void gw_config_free(struct gw_config *cfg);

/* The verifier's answer as OpenShell's text ("prover: no new findings", or
 * "prover: N new finding(s)" and one indented line per path), and as JSON. */
char *findings_text(const struct findings *f);
char *findings_json(const struct findings *f, int pretty);

/* Route bodies: each returns an HTTP status and sets *out to a malloc'd JSON body. */
int api_verify(const struct gw_config *cfg, const char *body, size_t len, char **out);
int api_check(const struct gw_config *cfg, const char *body, size_t len, char **out);
/* Whether the loaded policy lets any of its binaries reach `name` at `addr`. */
int api_address_allowed(const struct gw_config *cfg, const char *name, const char *addr,
			char *why, size_t whylen);

/* ---- entry points ---- */
int serve_main(int argc, char **argv);          /* server.c */
void print_versions(void);                      /* main.c */

#endif
