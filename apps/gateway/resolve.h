/* Name resolution through c-ares, driven by the server's event loop.
 *
 * The channel reads /etc/resolv.conf and /etc/hosts (lookups "fb": the
 * hosts file first, then DNS). c-ares tells the loop which sockets to watch
 * through the watch callback; the loop calls resolver_process when one is
 * ready and, with fd -1, when resolver_timeout_ms has passed. No call blocks.
 */
#ifndef GATEWAY_RESOLVE_H
#define GATEWAY_RESOLVE_H

#include <stddef.h>

#define RESOLVE_MAX_ADDRS 32

struct resolve_addr {
	char text[46];            /* INET6_ADDRSTRLEN */
	int family;               /* 4 or 6 */
};

struct resolve_result {
	int status;               /* 0, or RESOLVE_NOTFOUND / RESOLVE_TIMEOUT / RESOLVE_FAILED */
	const char *error;        /* c-ares's words for it */
	struct resolve_addr addrs[RESOLVE_MAX_ADDRS];
	size_t n;
};
enum { RESOLVE_NOTFOUND = 1, RESOLVE_TIMEOUT, RESOLVE_FAILED };

/* The loop is to watch fd for reading (and writing) or, both 0, forget it. */
typedef void (*resolve_watch_fn)(void *arg, int fd, int readable, int writable);
typedef void (*resolve_done_fn)(void *arg, const struct resolve_result *res);

struct resolver;
struct resolve_query;

/* timeout_ms bounds a whole lookup. NULL with a message in err on failure. */
struct resolver *resolver_new(resolve_watch_fn watch, void *arg, unsigned timeout_ms,
			      char *err, size_t errlen);
void resolver_free(struct resolver *r);   /* pending queries end without calling back */

/* Starts a lookup (AF_UNSPEC) and sets *handle, for resolve_cancel, before
 * it starts. done runs once, from resolver_process, or before this returns
 * when the answer is at hand (the hosts file): it should clear *handle.
 * -1 (done not called, *handle NULL) when out of memory. */
int resolver_lookup(struct resolver *r, const char *name, resolve_done_fn done, void *arg,
		    struct resolve_query **handle);
/* The caller is gone: the lookup finishes without calling back. */
void resolve_cancel(struct resolve_query *q);

void resolver_process(struct resolver *r, int fd, int readable, int writable);
/* Milliseconds until c-ares has timeouts to process (at most max_ms). */
int resolver_timeout_ms(struct resolver *r, int max_ms);
size_t resolver_pending(const struct resolver *r);

#endif
