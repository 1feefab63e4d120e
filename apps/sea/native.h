/* The native module's parts, each a plain C function filling a result
 * struct; native.c turns them into JS values. */
#ifndef SEA_NATIVE_H
#define SEA_NATIVE_H

#include <stddef.h>

#define NATIVE_MAX_ADDRS 32
#define NATIVE_ADDR_LEN  64	/* an IPv6 address with a scope */
#define NATIVE_ERR_LEN   256
#define NATIVE_CA_TRIED  16
#define NATIVE_PATH_LEN  512

struct addr_list {
	int n;
	char family[NATIVE_MAX_ADDRS][8];	/* "inet", "inet6" */
	char addr[NATIVE_MAX_ADDRS][NATIVE_ADDR_LEN];
};

/* Where the CA certificates came from (ca.c, docs/sea.md has the order). */
struct ca_try {
	char path[NATIVE_PATH_LEN];
	char result[64];	/* "missing", "3 certificates", "unparsable" */
};

struct ca_report {
	int found;
	char source[32];	/* "SSL_CERT_FILE", "SSL_CERT_DIR", "debian", ... */
	char path[NATIVE_PATH_LEN];
	int certificates;
	int ntried;
	struct ca_try tried[NATIVE_CA_TRIED];
};

struct mbedtls_x509_crt;
/* Load the first CA store found, in the documented order, into chain. */
void ca_load(struct mbedtls_x509_crt *chain, struct ca_report *r);

struct https_result {
	int ok;
	int status;		/* HTTP status, 0 when none was read */
	char status_line[128];
	char tls_version[32];
	char cipher[96];
	char verify[NATIVE_ERR_LEN];	/* "ok" or why the peer was not trusted */
	char error[NATIVE_ERR_LEN];
	size_t bytes;		/* body bytes read (up to the cap) */
	char body[4096];	/* first bytes of the body, NUL-terminated */
	struct ca_report ca;
};

/* GET an https:// URL; timeout per I/O step, in milliseconds. */
void https_get(const char *url, int timeout_ms, struct https_result *r);

/* The generator TLS uses, tried as a long-running program uses it: seeded
 * from mbedTLS's entropy sources, reseeded once on demand, then drawn from. */
struct random_result {
	int ok;
	double ms;		/* seed, reseed and draw together */
	char error[NATIVE_ERR_LEN];
};

void random_check(struct random_result *r);

struct ares_result {
	int ok;
	char error[NATIVE_ERR_LEN];
	char servers[NATIVE_ERR_LEN];	/* the servers c-ares used, as CSV */
	struct addr_list addrs;
};

/* Look a name up through c-ares; servers (CSV, "ip:port,...") replaces the
 * system's resolv.conf servers when not NULL; family is AF_INET, AF_INET6
 * or AF_UNSPEC. */
void ares_lookup(const char *name, int family, const char *servers, int timeout_ms,
		 struct ares_result *r);

#endif
