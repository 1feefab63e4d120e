/* What every validation probe shares: key=value output that compares
 * byte for byte between C libraries and architectures (names of error
 * codes, never their messages; addresses sorted), and the exit codes
 * the harness reads: 0 the probe ran, 1 it could not (a message on
 * stderr), 2 a usage error. */
#ifndef PROBE_H
#define PROBE_H

#include <stddef.h>
#include <sys/socket.h>

#define PROBE_USAGE 2
#define PROBE_FAIL  1
#define PROBE_MAX_ADDRS 256
#define PROBE_ADDR_LEN  72	/* "inet6 " and an IPv6 address */

/* Distinct "<family> <address>" lines, printed sorted. */
struct probe_addrs {
	int n;
	int dropped;		/* distinct addresses past PROBE_MAX_ADDRS */
	char line[PROBE_MAX_ADDRS][PROBE_ADDR_LEN];
};

/* key=value, the value formatted and its bytes outside printable ASCII
 * (and '\') written as \xHH, so output is one line per key. */
void put(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A byte string as lowercase hex, "" for none. */
void put_hex(const char *key, const unsigned char *p, size_t n);

const char *errno_name(int e);
/* getaddrinfo/getnameinfo codes: "0", "EAI_NONAME", ...; unknown ones
 * as "EAI_<number>" (buf holds it). */
const char *eai_name(int rc, char *buf, size_t len);

void addrs_add(struct probe_addrs *a, const struct sockaddr *sa);
void addrs_put(struct probe_addrs *a);

/* A flag a comma-separated list may name; flag -1: this C library does
 * not define it. */
struct probe_flag { const char *name; int flag; };
/* The flags of LIST (names from TABLE) or'ed together; *undefined names
 * the first one this library lacks. A name not in TABLE is a usage error. */
int parse_flag_list(const char *list, const struct probe_flag *table, size_t n, const char **undefined,
		    const char *usage_line);

/* Every EAI_* code this C library defines, by name. */
struct probe_code { int code; const char *name; };
extern const struct probe_code probe_eai_codes[];
extern const size_t probe_n_eai_codes;

/* "inet", "inet6" or "unspec" to AF_*; -1 for anything else. */
int parse_family(const char *s);

/* Usage error: the message and the usage line on stderr, exit 2. */
_Noreturn void usage(const char *usage_line, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Internal failure: the message on stderr, exit 1. */
_Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Flush stdout; exit status 0, or 1 if the output could not be written. */
int finish(void);

#endif
