/* Name resolution through c-ares: see resolve.h. */
#include "resolve.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct resolver {
	ares_channel_t *channel;
	resolve_watch_fn watch;
	void *arg;
	size_t pending;
};

struct resolve_query {
	struct resolver *r;
	resolve_done_fn done;     /* NULL once cancelled */
	void *arg;
};

static void on_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct resolver *r = data;
	r->watch(r->arg, (int)fd, readable, writable);
}

struct resolver *resolver_new(resolve_watch_fn watch, void *arg, unsigned timeout_ms,
			      char *err, size_t errlen)
{
	struct resolver *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->watch = watch;
	r->arg = arg;
	int st = ares_library_init(ARES_LIB_INIT_ALL);
	struct ares_options o;
	memset(&o, 0, sizeof o);
	o.sock_state_cb = on_sock_state;
	o.sock_state_cb_data = r;
	o.lookups = (char *)"fb";
	o.timeout = (int)(timeout_ms / 2 ? timeout_ms / 2 : 1);   /* first try, in ms */
	o.tries = 2;
	o.maxtimeout = (int)(timeout_ms ? timeout_ms : 1);
	int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_LOOKUPS | ARES_OPT_TIMEOUTMS |
		   ARES_OPT_TRIES | ARES_OPT_MAXTIMEOUTMS;
	if (st == ARES_SUCCESS)
		st = ares_init_options(&r->channel, &o, mask);
	if (st != ARES_SUCCESS) {
		snprintf(err, errlen, "c-ares: %s", ares_strerror(st));
		free(r);
		return NULL;
	}
	return r;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	ares_destroy(r->channel);   /* runs each pending callback with ARES_EDESTRUCTION */
	ares_library_cleanup();
	free(r);
}

static int map_status(int status)
{
	switch (status) {
	case ARES_SUCCESS: return 0;
	case ARES_ENOTFOUND: case ARES_ENODATA: case ARES_ENONAME: return RESOLVE_NOTFOUND;
	case ARES_ETIMEOUT: return RESOLVE_TIMEOUT;
	default: return RESOLVE_FAILED;
	}
}

static void add_addr(struct resolve_result *res, const struct ares_addrinfo_node *n)
{
	struct resolve_addr *a = &res->addrs[res->n];
	const void *src;
	if (n->ai_family == AF_INET) {
		src = &((const struct sockaddr_in *)(const void *)n->ai_addr)->sin_addr;
		a->family = 4;
	} else if (n->ai_family == AF_INET6) {
		src = &((const struct sockaddr_in6 *)(const void *)n->ai_addr)->sin6_addr;
		a->family = 6;
	} else
		return;
	if (!inet_ntop(n->ai_family, src, a->text, sizeof a->text))
		return;
	for (size_t i = 0; i < res->n; i++)
		if (strcmp(res->addrs[i].text, a->text) == 0)
			return;                      /* one line per address, not per socket type */
	res->n++;
}

static void on_addrinfo(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct resolve_query *q = arg;
	struct resolve_result res;
	memset(&res, 0, sizeof res);
	res.status = map_status(status);
	res.error = ares_strerror(status);
	for (const struct ares_addrinfo_node *n = ai ? ai->nodes : NULL;
	     n && res.n < RESOLVE_MAX_ADDRS; n = n->ai_next)
		add_addr(&res, n);
	if (!res.status && !res.n)
		res.status = RESOLVE_NOTFOUND;
	q->r->pending--;
	if (q->done && status != ARES_EDESTRUCTION)
		q->done(q->arg, &res);
	ares_freeaddrinfo(ai);
	free(q);
}

int resolver_lookup(struct resolver *r, const char *name, resolve_done_fn done, void *arg,
		    struct resolve_query **handle)
{
	struct resolve_query *q = calloc(1, sizeof *q);
	*handle = q;
	if (!q)
		return -1;
	q->r = r;
	q->done = done;
	q->arg = arg;
	struct ares_addrinfo_hints hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	r->pending++;
	ares_getaddrinfo(r->channel, name, NULL, &hints, on_addrinfo, q);
	return 0;   /* q may be gone already: on_addrinfo frees it */
}

void resolve_cancel(struct resolve_query *q)
{
	if (q)
		q->done = NULL;
}

void resolver_process(struct resolver *r, int fd, int readable, int writable)
{
	ares_fd_events_t ev;
	ev.fd = fd;
	ev.events = (readable ? ARES_FD_EVENT_READ : 0) | (writable ? ARES_FD_EVENT_WRITE : 0);
	ares_process_fds(r->channel, fd >= 0 ? &ev : NULL, fd >= 0 ? 1 : 0, ARES_PROCESS_FLAG_NONE);
}

int resolver_timeout_ms(struct resolver *r, int max_ms)
{
	struct timeval maxtv = { max_ms / 1000, (max_ms % 1000) * 1000 }, tv;
	struct timeval *t = ares_timeout(r->channel, &maxtv, &tv);
	long ms = t ? t->tv_sec * 1000 + (t->tv_usec + 999) / 1000 : max_ms;
	return ms < max_ms ? (int)ms : max_ms;
}

size_t resolver_pending(const struct resolver *r)
{
	return r->pending;
}
