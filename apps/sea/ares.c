/* A name lookup through c-ares, blocking: c-ares's own event thread runs
 * the queries and we wait for the queue to empty. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ares.h>

#include "native.h"

static void add_node(struct addr_list *l, const struct ares_addrinfo_node *n)
{
	const void *a;

	if (l->n == NATIVE_MAX_ADDRS)
		return;
	if (n->ai_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)n->ai_addr)->sin_addr;
	else if (n->ai_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)(const void *)n->ai_addr)->sin6_addr;
	else
		return;
	if (!inet_ntop(n->ai_family, a, l->addr[l->n], NATIVE_ADDR_LEN))
		return;
	snprintf(l->family[l->n], sizeof l->family[0], "%s", n->ai_family == AF_INET ? "inet" : "inet6");
	l->n++;
}

static void on_result(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct ares_result *r = arg;

	(void)timeouts;
	if (status != ARES_SUCCESS) {
		snprintf(r->error, sizeof r->error, "%s", ares_strerror(status));
	} else {
		r->ok = 1;
		for (const struct ares_addrinfo_node *n = ai ? ai->nodes : NULL; n; n = n->ai_next)
			add_node(&r->addrs, n);
	}
	ares_freeaddrinfo(ai);
}

static int open_channel(ares_channel_t **ch, int timeout_ms, struct ares_result *r)
{
	struct ares_options o;
	int st;

	if (!ares_threadsafety()) {
		snprintf(r->error, sizeof r->error, "c-ares built without thread support");
		return -1;
	}
	memset(&o, 0, sizeof o);
	o.evsys = ARES_EVSYS_DEFAULT;
	o.timeout = timeout_ms;
	o.tries = 2;
	st = ares_init_options(ch, &o, ARES_OPT_EVENT_THREAD | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
	if (st != ARES_SUCCESS) {
		snprintf(r->error, sizeof r->error, "c-ares: %s", ares_strerror(st));
		return -1;
	}
	return 0;
}

static void note_servers(ares_channel_t *ch, struct ares_result *r)
{
	char *csv = ares_get_servers_csv(ch);

	snprintf(r->servers, sizeof r->servers, "%s", csv ? csv : "");
	ares_free_string(csv);
}

void ares_lookup(const char *name, int family, const char *servers, int timeout_ms,
		 struct ares_result *r)
{
	ares_channel_t *ch = NULL;
	struct ares_addrinfo_hints hints;
	int st;

	memset(r, 0, sizeof *r);
	if ((st = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS) {
		snprintf(r->error, sizeof r->error, "c-ares: %s", ares_strerror(st));
		return;
	}
	if (open_channel(&ch, timeout_ms, r) < 0)
		goto out;
	if (servers && (st = ares_set_servers_ports_csv(ch, servers)) != ARES_SUCCESS) {
		snprintf(r->error, sizeof r->error, "c-ares servers '%s': %s", servers, ares_strerror(st));
		goto out;
	}
	note_servers(ch, r);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_flags = ARES_AI_NOSORT;
	ares_getaddrinfo(ch, name, NULL, &hints, on_result, r);
	ares_queue_wait_empty(ch, -1);	/* the channel's timeouts bound the wait */
out:
	if (ch)
		ares_destroy(ch);
	ares_library_cleanup();
}
