/* testdns: a scriptable DNS server for tests.
 *
 *   testdns -z ZONE [-q QUERYLOG] [-r READYFILE] ADDR[:PORT]...
 *
 * One thread, one poll loop: UDP and TCP listeners for each address, TCP
 * connections, and a list of timers holding delayed answers. Nothing blocks,
 * so a delayed answer never holds up another query. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testdns.h"

#define ADDRS_MAX	16
#define CONNS_MAX	64		/* beyond this a new connection is closed */
#define TIMERS_MAX	256		/* delayed answers in flight */
#define IDLE_MS		10000		/* a TCP connection with nothing to do */
#define QUERY_MAX	4096		/* no real query is near this */
#define TCP_OUT_MAX	(256 * 1024)	/* replies a TCP client has not read */
#define TCP_OUT_HIGH	(64 * 1024)	/* stop reading queries above this */
#define UDP_BURST	64		/* datagrams per wakeup, for fairness */

static const char usage_text[] =
"usage: testdns -z ZONE [-q QUERYLOG] [-r READYFILE] ADDR[:PORT]...\n"
"Serves the rules in ZONE over UDP and TCP on each ADDR (default port 53;\n"
"IPv6 as [ADDR]:PORT). QUERYLOG gets one line per question: PROTO NAME TYPE\n"
"(- for stdout). READYFILE gets the pid once every socket is bound.\n"
"SIGTERM or SIGINT: exit 0. See docs/validation.md for the zone format.\n";

struct listener {
	int udp, tcp;
	const char *arg;
};

struct conn {
	int fd;			/* -1: free slot */
	unsigned gen;		/* tells a timer whether its connection is gone */
	int eof;		/* the client has shut down its side */
	unsigned pending;	/* timers that will answer on this connection */
	long long last;		/* last progress, for the idle timeout */
	size_t inlen, outlen, outcap;
	unsigned char in[2 + QUERY_MAX];
	unsigned char *out;
};

/* Where a reply goes: a UDP peer, or a TCP connection by slot and gen. */
struct peer {
	int udp;		/* UDP socket, or -1 */
	struct sockaddr_storage sa;
	socklen_t salen;
	int conn;
	unsigned gen;
};

struct timer {
	long long due;
	struct peer to;
	size_t len;
	unsigned char *msg;
};

struct server {
	struct zone zone;
	int log;			/* query log fd, or -1 */
	struct listener ls[ADDRS_MAX];
	size_t nls;
	struct conn conns[CONNS_MAX];
	unsigned gen;
	struct timer timers[TIMERS_MAX];
	size_t ntimers;
	unsigned char reply[TCP_REPLY_MAX];
	unsigned char udpbuf[QUERY_MAX];
};

/* Set by the signal handler: the one piece of state that cannot be passed. */
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- addresses and sockets ---- */

static int parse_listen(const char *arg, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *port = "53", *end;
	size_t hl;
	unsigned long p;
	char *e;

	if (arg[0] == '[') {
		end = strchr(arg, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -1;
		if (end[1])
			port = end + 2;
		arg++;
		hl = end - arg;
	} else if ((end = strchr(arg, ':')) && !strchr(end + 1, ':')) {
		port = end + 1;
		hl = end - arg;
	} else {
		hl = strlen(arg);
	}
	if (hl >= sizeof host)
		return -1;
	memcpy(host, arg, hl);
	host[hl] = 0;
	errno = 0;
	p = strtoul(port, &e, 10);
	if (!*port || *e || errno || p == 0 || p > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(p);
		*len = sizeof *s4;
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(p);
		*len = sizeof *s6;
	} else {
		return -1;
	}
	return 0;
}

static int bind_one(const char *arg, const struct sockaddr_storage *ss,
		    socklen_t len, int type)
{
	const char *proto = type == SOCK_STREAM ? "tcp" : "udp";
	int one = 1;
	int fd = socket(ss->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fprintf(stderr, "testdns: %s (%s): socket: %s\n", arg, proto, strerror(errno));
		return -1;
	}
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)ss, len) ||
	    (type == SOCK_STREAM && listen(fd, 64))) {
		fprintf(stderr, "testdns: %s (%s): bind: %s\n", arg, proto, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int open_listener(struct listener *l, const char *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;

	l->arg = arg;
	l->udp = l->tcp = -1;
	if (parse_listen(arg, &ss, &len)) {
		fprintf(stderr, "testdns: bad address '%s' (want ADDR, ADDR:PORT or [ADDR6]:PORT)\n", arg);
		return 2;
	}
	if ((l->udp = bind_one(arg, &ss, len, SOCK_DGRAM)) < 0 ||
	    (l->tcp = bind_one(arg, &ss, len, SOCK_STREAM)) < 0)
		return 1;
	return 0;
}

/* Written to a temporary name and renamed: a reader never sees half a pid. */
static int write_ready(const char *path)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -1;
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ---- TCP connections ---- */

static void conn_close(struct conn *c)
{
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->gen++;	/* timers still aimed at this slot find it gone */
	c->eof = 0;
	c->pending = 0;
	c->inlen = c->outlen = c->outcap = 0;
}

static void conn_accept(struct server *s, int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < CONNS_MAX; i++) {
		struct conn *c = &s->conns[i];
		if (c->fd < 0) {
			c->fd = fd;
			c->last = now_ms();
			return;
		}
	}
	close(fd);	/* at the limit: a quick close beats a full backlog */
}

/* Queues a reply with its 2-byte length; a client that reads nothing while
 * asking more loses its connection instead of growing our memory. */
static void conn_queue(struct conn *c, const unsigned char *msg, size_t len)
{
	size_t need = c->outlen + 2 + len;

	if (need > TCP_OUT_MAX) {
		conn_close(c);
		return;
	}
	if (need > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 4096;
		while (cap < need)
			cap *= 2;
		unsigned char *p = realloc(c->out, cap);
		if (!p) {
			conn_close(c);
			return;
		}
		c->out = p;
		c->outcap = cap;
	}
	c->out[c->outlen] = len >> 8;
	c->out[c->outlen + 1] = len;
	memcpy(c->out + c->outlen + 2, msg, len);
	c->outlen = need;
}

static void deliver(struct server *s, const struct peer *to,
		    const unsigned char *msg, size_t len)
{
	if (to->udp >= 0) {
		/* A full socket buffer loses the datagram, as the network might. */
		sendto(to->udp, msg, len, MSG_DONTWAIT, (const struct sockaddr *)&to->sa,
		       to->salen);
		return;
	}
	struct conn *c = &s->conns[to->conn];
	if (c->fd >= 0 && c->gen == to->gen)
		conn_queue(c, msg, len);
}

/* ---- timers ---- */

static void schedule(struct server *s, const struct peer *to,
		     const unsigned char *msg, size_t len, unsigned ms)
{
	struct timer *t;

	if (s->ntimers == TIMERS_MAX) {
		fprintf(stderr, "testdns: %d delayed answers pending, dropping one\n",
			TIMERS_MAX);
		return;
	}
	t = &s->timers[s->ntimers];
	t->msg = malloc(len);
	if (!t->msg)
		return;
	memcpy(t->msg, msg, len);
	t->len = len;
	t->to = *to;
	t->due = now_ms() + ms;
	s->ntimers++;
	if (to->udp < 0)
		s->conns[to->conn].pending++;
}

/* Fires the due timers earliest first (equal delays keep query order). */
static void run_timers(struct server *s, long long now)
{
	for (;;) {
		size_t first = 0;
		for (size_t i = 1; i < s->ntimers; i++)
			if (s->timers[i].due < s->timers[first].due)
				first = i;
		if (!s->ntimers || s->timers[first].due > now)
			return;
		struct timer t = s->timers[first];
		memmove(&s->timers[first], &s->timers[first + 1],
			(s->ntimers - first - 1) * sizeof t);
		s->ntimers--;
		if (t.to.udp < 0) {
			struct conn *c = &s->conns[t.to.conn];
			if (c->fd >= 0 && c->gen == t.to.gen)
				c->pending--;
		}
		deliver(s, &t.to, t.msg, t.len);
		free(t.msg);
	}
}

/* ---- queries ---- */

static void log_query(struct server *s, const char *proto, const struct query *q)
{
	char line[NAME_TEXT_MAX + 32], tb[16];
	int n;

	if (s->log < 0)
		return;
	n = snprintf(line, sizeof line, "%s %s %s\n", proto, q->name,
		     type_name(q->qtype, tb, sizeof tb));
	/* One write per line: whole lines even with several servers on a log. */
	if (n > 0 && write(s->log, line, n) != n)
		fprintf(stderr, "testdns: query log: %s\n", strerror(errno));
}

static void handle_query(struct server *s, const unsigned char *msg, size_t len,
			 const struct peer *to)
{
	struct query q;
	const struct rule *r = NULL;
	size_t n;
	int udp = to->udp >= 0;

	switch (msg_parse(msg, len, &q)) {
	case PARSE_IGNORE:
		return;
	case PARSE_FORMERR:
		n = msg_error(msg, len, R_FORMERR, s->reply);
		deliver(s, to, s->reply, n);
		return;
	case PARSE_NOTIMP:
		n = msg_error(msg, len, R_NOTIMP, s->reply);
		deliver(s, to, s->reply, n);
		return;
	}
	log_query(s, udp ? "udp" : "tcp", &q);
	if (q.qclass == 1)
		r = zone_match(&s->zone, q.name, q.qtype);
	if (r && r->action == ACT_DROP)
		return;
	n = msg_answer(&s->zone, &q, r, udp, s->reply);
	if (r && r->action == ACT_DELAY)
		schedule(s, to, s->reply, n, r->delay_ms);
	else
		deliver(s, to, s->reply, n);
}

static void udp_read(struct server *s, int fd)
{
	struct peer to = { .udp = fd, .conn = -1 };

	for (int i = 0; i < UDP_BURST; i++) {
		to.salen = sizeof to.sa;
		ssize_t n = recvfrom(fd, s->udpbuf, sizeof s->udpbuf, 0,
				     (struct sockaddr *)&to.sa, &to.salen);
		if (n < 0)
			return;
		handle_query(s, s->udpbuf, n, &to);
	}
}

/* Reads what is there and answers every whole query in it, in order. */
static void conn_read(struct server *s, int slot)
{
	struct conn *c = &s->conns[slot];
	struct peer to = { .udp = -1, .conn = slot, .gen = c->gen };
	ssize_t n = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen, 0);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_close(c);
		return;
	}
	if (n == 0) {
		c->eof = 1;
		return;
	}
	c->inlen += n;
	c->last = now_ms();
	while (c->fd >= 0 && c->inlen >= 2) {
		size_t m = c->in[0] << 8 | c->in[1];
		if (m == 0 || m > QUERY_MAX) {
			conn_close(c);	/* not a DNS client: no way to resync */
			return;
		}
		if (c->inlen < 2 + m)
			return;
		handle_query(s, c->in + 2, m, &to);
		if (c->fd < 0)
			return;
		memmove(c->in, c->in + 2 + m, c->inlen - 2 - m);
		c->inlen -= 2 + m;
	}
}

static void conn_write(struct conn *c)
{
	ssize_t n = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_close(c);
		return;
	}
	memmove(c->out, c->out + n, c->outlen - n);
	c->outlen -= n;
	c->last = now_ms();
}

/* Closes connections that are done or idle; returns ms to the next deadline. */
static long long sweep_conns(struct server *s, long long now)
{
	long long next = -1;

	for (int i = 0; i < CONNS_MAX; i++) {
		struct conn *c = &s->conns[i];
		if (c->fd < 0)
			continue;
		if (c->eof && !c->outlen && !c->pending) {
			conn_close(c);
			continue;
		}
		if (c->pending)
			continue;	/* the timer wakes us */
		long long left = c->last + IDLE_MS - now;
		if (left <= 0) {
			conn_close(c);
			continue;
		}
		if (next < 0 || left < next)
			next = left;
	}
	return next;
}

static long long next_timer(const struct server *s, long long now)
{
	long long next = -1;

	for (size_t i = 0; i < s->ntimers; i++) {
		long long left = s->timers[i].due - now;
		if (left < 0)
			left = 0;
		if (next < 0 || left < next)
			next = left;
	}
	return next;
}

/* ---- the loop ---- */

enum { EV_UDP, EV_TCP, EV_CONN };

static int serve(struct server *s, const sigset_t *unblocked)
{
	struct pollfd pfd[2 * ADDRS_MAX + CONNS_MAX];
	int kind[2 * ADDRS_MAX + CONNS_MAX], idx[2 * ADDRS_MAX + CONNS_MAX];

	while (!stop) {
		long long now = now_ms();
		run_timers(s, now);
		long long wait = sweep_conns(s, now), t = next_timer(s, now);
		if (t >= 0 && (wait < 0 || t < wait))
			wait = t;

		nfds_t n = 0;
		for (size_t i = 0; i < s->nls; i++) {
			pfd[n] = (struct pollfd){ s->ls[i].udp, POLLIN, 0 };
			kind[n] = EV_UDP, idx[n++] = i;
			pfd[n] = (struct pollfd){ s->ls[i].tcp, POLLIN, 0 };
			kind[n] = EV_TCP, idx[n++] = i;
		}
		for (int i = 0; i < CONNS_MAX; i++) {
			struct conn *c = &s->conns[i];
			if (c->fd < 0)
				continue;
			short ev = 0;
			if (!c->eof && c->outlen < TCP_OUT_HIGH)
				ev |= POLLIN;
			if (c->outlen)
				ev |= POLLOUT;
			pfd[n] = (struct pollfd){ c->fd, ev, 0 };
			kind[n] = EV_CONN, idx[n++] = i;
		}

		struct timespec ts = { wait / 1000, wait % 1000 * 1000000 };
		int r = ppoll(pfd, n, wait < 0 ? NULL : &ts, unblocked);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "testdns: poll: %s\n", strerror(errno));
			return 1;
		}
		for (nfds_t i = 0; i < n; i++) {
			short re = pfd[i].revents;
			if (!re)
				continue;
			if (kind[i] == EV_UDP)
				udp_read(s, pfd[i].fd);
			else if (kind[i] == EV_TCP)
				conn_accept(s, pfd[i].fd);
			else {
				/* POLLHUP: both directions are gone, no reply can
				 * reach the client. */
				struct conn *c = &s->conns[idx[i]];
				if (re & (POLLHUP | POLLERR | POLLNVAL)) {
					conn_close(c);
					continue;
				}
				if (re & POLLOUT)
					conn_write(c);
				if (c->fd >= 0 && (re & POLLIN))
					conn_read(s, idx[i]);
			}
		}
	}
	return 0;
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "testdns: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static struct server s;	/* 200 KiB of buffers: not on the stack */
	const char *zone = NULL, *logpath = NULL, *ready = NULL;
	sigset_t block, unblocked;
	int c, rc = 0;

	while ((c = getopt(argc, argv, "z:q:r:h")) != -1) {
		switch (c) {
		case 'z': zone = optarg; break;
		case 'q': logpath = optarg; break;
		case 'r': ready = optarg; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return usage(NULL);
		}
	}
	if (!zone)
		return usage("-z ZONE is required");
	if (optind == argc)
		return usage("no address to serve on");
	if (argc - optind > ADDRS_MAX)
		return usage("too many addresses (at most 16)");
	if (zone_load(&s.zone, zone))
		return 2;

	s.log = -1;
	if (logpath && !strcmp(logpath, "-"))
		s.log = STDOUT_FILENO;
	else if (logpath &&
		 (s.log = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, "testdns: %s: %s\n", logpath, strerror(errno));
		return 1;
	}
	for (int i = 0; i < CONNS_MAX; i++)
		s.conns[i].fd = -1;

	/* Blocked except inside ppoll, so a signal cannot slip in between the
	 * check of `stop` and the wait. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGINT);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);

	for (; optind < argc && !rc; optind++, s.nls++)
		rc = open_listener(&s.ls[s.nls], argv[optind]);
	if (!rc && ready && write_ready(ready)) {
		fprintf(stderr, "testdns: %s: %s\n", ready, strerror(errno));
		rc = 1;
	}
	if (!rc)
		rc = serve(&s, &unblocked);

	for (size_t i = 0; i < s.nls; i++) {
		if (s.ls[i].udp >= 0)
			close(s.ls[i].udp);
		if (s.ls[i].tcp >= 0)
			close(s.ls[i].tcp);
	}
	for (int i = 0; i < CONNS_MAX; i++)
		if (s.conns[i].fd >= 0)
			conn_close(&s.conns[i]);
	for (size_t i = 0; i < s.ntimers; i++)
		free(s.timers[i].msg);
	if (ready && !rc)
		unlink(ready);
	if (s.log > STDOUT_FILENO)
		close(s.log);
	zone_free(&s.zone);
	return rc;
}
