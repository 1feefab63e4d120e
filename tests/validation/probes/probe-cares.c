/* c-ares as an application gets it from a default channel: it reads
 * /etc/resolv.conf and /etc/hosts itself, whatever the C library does.
 *   probe-cares NAME [--family F]   ares_getaddrinfo, output as probe-gai
 *   probe-cares --servers           what c-ares made of resolv.conf
 * c-ares has no call that returns the ndots, timeout, tries and rotate it
 * parsed (ares_save_options reports only options the caller set), so
 * --servers reads them off its behaviour: a channel whose sockets are
 * ours (ares_set_socket_functions_ex) never touches the network, and the
 * queries it sends, and to whom, show the settings. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <ares.h>

#include "probe.h"

static const char usage_line[] = "probe-cares NAME [--family inet|inet6|unspec] | probe-cares --servers";

#define WAIT_MS     60000	/* the channel's own timeouts end a lookup long before */
#define FAKE_FDS    1024
#define MAX_NDOTS   32
#define ROTATE_RUNS 32

#define N(e) { e, #e }
static const struct { int code; const char *name; } ares_names[] = {
	N(ARES_ENODATA), N(ARES_EFORMERR), N(ARES_ESERVFAIL), N(ARES_ENOTFOUND), N(ARES_ENOTIMP),
	N(ARES_EREFUSED), N(ARES_EBADQUERY), N(ARES_EBADNAME), N(ARES_EBADFAMILY), N(ARES_EBADRESP),
	N(ARES_ECONNREFUSED), N(ARES_ETIMEOUT), N(ARES_EOF), N(ARES_EFILE), N(ARES_ENOMEM),
	N(ARES_EDESTRUCTION), N(ARES_EBADSTR), N(ARES_EBADFLAGS), N(ARES_ENONAME), N(ARES_EBADHINTS),
	N(ARES_ENOTINITIALIZED), N(ARES_ECANCELLED), N(ARES_ESERVICE), N(ARES_ENOSERVER),
};
#undef N

static const char *ares_name(int st, char *buf, size_t len)
{
	if (st == ARES_SUCCESS)
		return "0";
	for (size_t i = 0; i < sizeof ares_names / sizeof ares_names[0]; i++)
		if (ares_names[i].code == st)
			return ares_names[i].name;
	snprintf(buf, len, "ARES_%d", st);
	return buf;
}

struct lookup {
	int done;
	int status;
	int entries;
	struct probe_addrs addrs;
};

static void on_addrinfo(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *l = arg;

	(void)timeouts;
	l->done = 1;
	l->status = status;
	for (const struct ares_addrinfo_node *n = ai && status == ARES_SUCCESS ? ai->nodes : NULL; n; n = n->ai_next) {
		addrs_add(&l->addrs, n->ai_addr);
		l->entries++;
	}
	ares_freeaddrinfo(ai);
}

static int lookup(const char *name, int family)
{
	static struct lookup l;
	struct ares_options o;
	struct ares_addrinfo_hints hints;
	ares_channel_t *ch;
	char buf[32];
	int st;

	if (!ares_threadsafety())
		fail("probe-cares: c-ares built without thread support");
	memset(&o, 0, sizeof o);
	o.evsys = ARES_EVSYS_DEFAULT;
	if ((st = ares_init_options(&ch, &o, ARES_OPT_EVENT_THREAD)) != ARES_SUCCESS)
		fail("probe-cares: ares_init_options: %s", ares_name(st, buf, sizeof buf));
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	ares_getaddrinfo(ch, name, NULL, &hints, on_addrinfo, &l);
	if (ares_queue_wait_empty(ch, WAIT_MS) != ARES_SUCCESS)
		ares_cancel(ch);
	ares_destroy(ch);
	put("rc", "%s", l.done ? ares_name(l.status, buf, sizeof buf) : "NO_CALLBACK");
	addrs_put(&l.addrs);
	put("entries", "%d", l.entries);
	return finish();
}

/* The sockets of an observed channel: nothing leaves the process. */
struct fake {
	int refuse;		/* connects fail with ECONNREFUSED */
	int connects;
	int sent;		/* a query went out since the last reset */
	char first_name[256];
	char first_server[PROBE_ADDR_LEN];
	char server[FAKE_FDS][PROBE_ADDR_LEN];
	int stream[FAKE_FDS];
};

static ares_socket_t fake_socket(int domain, int type, int protocol, void *ud)
{
	struct fake *f = ud;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	(void)domain, (void)protocol;
	if (fd >= FAKE_FDS) {
		close(fd);
		errno = EMFILE;
		return ARES_SOCKET_BAD;
	}
	if (fd >= 0) {
		f->stream[fd] = (type & 0xff) == SOCK_STREAM;
		f->server[fd][0] = 0;
	}
	return fd < 0 ? ARES_SOCKET_BAD : fd;
}

static int fake_close(ares_socket_t fd, void *ud)
{
	(void)ud;
	return close(fd);
}

static int fake_setsockopt(ares_socket_t fd, ares_socket_opt_t opt, const void *val, ares_socklen_t len, void *ud)
{
	(void)fd, (void)opt, (void)val, (void)len, (void)ud;
	errno = ENOSYS;
	return -1;
}

static int fake_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, unsigned int flags, void *ud)
{
	struct fake *f = ud;
	struct probe_addrs one;

	(void)len, (void)flags;
	one.n = one.dropped = 0;
	addrs_add(&one, sa);
	snprintf(f->server[fd], sizeof f->server[fd], "%s", one.n ? one.line[0] : "?");
	f->connects++;
	if (f->refuse) {
		errno = ECONNREFUSED;
		return -1;
	}
	return 0;
}

static ares_ssize_t fake_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags, struct sockaddr *sa,
				  ares_socklen_t *salen, void *ud)
{
	(void)fd, (void)buf, (void)len, (void)flags, (void)sa, (void)salen, (void)ud;
	errno = EAGAIN;
	return -1;
}

/* Note the question of the first query sent and where it went. */
static ares_ssize_t fake_sendto(ares_socket_t fd, const void *buf, size_t len, int flags,
				const struct sockaddr *sa, ares_socklen_t salen, void *ud)
{
	struct fake *f = ud;
	const unsigned char *p = buf;
	size_t n = len;
	ares_dns_record_t *rec = NULL;
	const char *name = NULL;

	(void)flags, (void)sa, (void)salen;
	if (f->sent)
		return (ares_ssize_t)len;
	if (f->stream[fd] && n >= 2)
		p += 2, n -= 2;	/* TCP: the length prefix */
	if (ares_dns_parse(p, n, 0, &rec) == ARES_SUCCESS &&
	    ares_dns_record_query_get(rec, 0, &name, NULL, NULL) == ARES_SUCCESS)
		snprintf(f->first_name, sizeof f->first_name, "%s", name);
	ares_dns_record_destroy(rec);
	snprintf(f->first_server, sizeof f->first_server, "%s", f->server[fd]);
	f->sent = 1;
	return (ares_ssize_t)len;
}

static const struct ares_socket_functions_ex fake_funcs = {
	.version = 1,
	.asocket = fake_socket,
	.aclose = fake_close,
	.asetsockopt = fake_setsockopt,
	.aconnect = fake_connect,
	.arecvfrom = fake_recvfrom,
	.asendto = fake_sendto,
};

static void on_dnsrec(void *arg, ares_status_t status, size_t timeouts, const ares_dns_record_t *rec)
{
	(void)arg, (void)status, (void)timeouts, (void)rec;
}

/* A channel on fake sockets; domains, when given, replace the search list. */
static ares_channel_t *observed(struct fake *f, char **domains, int ndomains)
{
	struct ares_options o;
	ares_channel_t *ch;
	char buf[32];
	int st;

	memset(&o, 0, sizeof o);
	o.domains = domains;
	o.ndomains = ndomains;
	if ((st = ares_init_options(&ch, &o, domains ? ARES_OPT_DOMAINS : 0)) != ARES_SUCCESS)
		fail("probe-cares: ares_init_options: %s", ares_name(st, buf, sizeof buf));
	if ((st = ares_set_socket_functions_ex(ch, &fake_funcs, f)) != ARES_SUCCESS)
		fail("probe-cares: ares_set_socket_functions_ex: %s", ares_name(st, buf, sizeof buf));
	return ch;
}

/* Send one query for name (searched or not); 0 once it went out. */
static int send_one(ares_channel_t *ch, struct fake *f, const char *name, int search)
{
	ares_dns_record_t *rec = NULL;
	int st;

	f->sent = 0;
	f->first_name[0] = f->first_server[0] = 0;
	if (!search)
		st = ares_query_dnsrec(ch, name, ARES_CLASS_IN, ARES_REC_TYPE_A, on_dnsrec, NULL, NULL);
	else if ((st = ares_dns_record_create(&rec, 0, ARES_FLAG_RD, ARES_OPCODE_QUERY, ARES_RCODE_NOERROR)) ==
		 ARES_SUCCESS &&
		 (st = ares_dns_record_query_add(rec, name, ARES_REC_TYPE_A, ARES_CLASS_IN)) == ARES_SUCCESS)
		st = ares_search_dnsrec(ch, rec, on_dnsrec, NULL);
	ares_dns_record_destroy(rec);
	return st == ARES_SUCCESS && f->sent ? 0 : -1;
}

static int count_servers(const char *csv)
{
	int n = *csv ? 1 : 0;

	for (const char *p = csv; *p; p++)
		n += *p == ',';
	return n;
}

static void put_servers(const char *csv)
{
	char *copy = strdup(csv), *save = NULL;

	if (!copy)
		fail("probe-cares: out of memory");
	for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save))
		put("server", "%s", s);
	free(copy);
}

/* ndots: the fewest dots with which a name is tried as it is before the
 * search list; timeout: what is left of the first try's timer right after
 * the send (rounded to 100 ms: resolv.conf gives whole seconds). */
static void ndots_and_timeout(void)
{
	static struct fake f;
	char *domains[] = { "probe.invalid" };
	ares_channel_t *ch = observed(&f, domains, 1);
	char name[2 * MAX_NDOTS + 2] = "p";
	struct timeval tv;
	int ndots = -1;

	if (send_one(ch, &f, "p", 1) < 0)
		fail("probe-cares: the observed channel sent no query");
	if (!ares_timeout(ch, NULL, &tv))
		fail("probe-cares: no timer after a query was sent");
	put("timeout_ms", "%ld", ((long)tv.tv_sec * 1000 + tv.tv_usec / 1000 + 50) / 100 * 100);
	ares_cancel(ch);
	for (int dots = 0; dots <= MAX_NDOTS && ndots < 0; dots++) {
		if (dots)
			strcat(name, ".p");
		if (send_one(ch, &f, name, 1) < 0)
			fail("probe-cares: the observed channel sent no query for %s", name);
		if (strcasecmp(f.first_name, name) == 0)
			ndots = dots;
		ares_cancel(ch);
	}
	if (ndots < 0)
		put("ndots", ">%d", MAX_NDOTS);
	else
		put("ndots", "%d", ndots);
	ares_destroy(ch);
}

/* rotate: whether first tries go to more than one server; with a single
 * server there is nothing to see. */
static void rotate(int nservers)
{
	static struct fake f;
	ares_channel_t *ch;
	char first[PROBE_ADDR_LEN] = "";
	int spread = 0;

	if (nservers < 2) {
		put("rotate", "n/a");
		return;
	}
	ch = observed(&f, NULL, 0);
	for (int i = 0; i < ROTATE_RUNS && !spread; i++) {
		if (send_one(ch, &f, "rotate.probe.invalid", 0) < 0)
			fail("probe-cares: the observed channel sent no query");
		if (i == 0)
			snprintf(first, sizeof first, "%s", f.first_server);
		else if (strcmp(first, f.first_server) != 0)
			spread = 1;
		ares_cancel(ch);
	}
	put("rotate", "%d", spread);
	ares_destroy(ch);
}

/* tries: every attempt on every server is refused at once; c-ares gives
 * up after tries times the number of servers. */
static void tries(int nservers)
{
	static struct fake f;
	ares_channel_t *ch = observed(&f, NULL, 0);

	f.refuse = 1;
	ares_query_dnsrec(ch, "tries.probe.invalid", ARES_CLASS_IN, ARES_REC_TYPE_A, on_dnsrec, NULL, NULL);
	if (nservers > 0 && f.connects % nservers == 0)
		put("tries", "%d", f.connects / nservers);
	else
		put("tries", "?%d/%d", f.connects, nservers);
	ares_destroy(ch);
}

static int servers(void)
{
	ares_channel_t *ch;
	char buf[32], *csv;
	int st, n;

	if ((st = ares_init_options(&ch, NULL, 0)) != ARES_SUCCESS)
		fail("probe-cares: ares_init_options: %s", ares_name(st, buf, sizeof buf));
	if (!(csv = ares_get_servers_csv(ch)))
		fail("probe-cares: ares_get_servers_csv failed");
	n = count_servers(csv);
	put_servers(csv);
	ares_free_string(csv);
	ares_destroy(ch);
	ndots_and_timeout();
	tries(n);
	rotate(n);
	return finish();
}

int main(int argc, char **argv)
{
	const char *name = NULL;
	int family = AF_UNSPEC, st, rc;
	char buf[32];

	if (argc == 2 && strcmp(argv[1], "--servers") == 0)
		name = NULL;
	else
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "--family") == 0) {
				if (i + 1 == argc || (family = parse_family(argv[++i])) < 0)
					usage(usage_line, "--family needs inet, inet6 or unspec");
			} else if (argv[i][0] == '-' || name) {
				usage(usage_line, "unexpected argument '%s'", argv[i]);
			} else {
				name = argv[i];
			}
		}
	if (!name && !(argc == 2 && strcmp(argv[1], "--servers") == 0))
		usage(usage_line, "no NAME");
	if ((st = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS)
		fail("probe-cares: ares_library_init: %s", ares_name(st, buf, sizeof buf));
	rc = name ? lookup(name, family) : servers();
	ares_library_cleanup();
	return rc;
}
