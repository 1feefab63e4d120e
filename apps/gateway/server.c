/* `gateway serve`: one epoll event loop serving HTTP/1.1 over TLS.
 *
 * Read top to bottom: options, logging, the loaded configuration (a
 * refcounted "generation": policy + credentials + registry + TLS config),
 * metrics, the worker pool for the slow routes, connections (TLS handshake,
 * request reading, routing, response writing, deadlines), signals, the loop.
 *
 * Everything but api_verify/api_check runs on the loop thread, so no state
 * here needs a lock except the worker pool's two queues. See docs/gateway.md,
 * "Server".
 */
#include "gateway.h"
#include "http.h"
#include "resolve.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

/* ---- options ---- */

struct options {
	const char *listen, *cert, *key, *client_ca, *policy, *credentials, *registry;
	int max_conns, workers, queue;
	int handshake_ms, header_ms, idle_ms, write_ms, drain_ms, resolve_ms, verify_ms;
	struct http_limits limits;
};

static void usage(FILE *f)
{
	fputs("usage: gateway serve --listen HOST:PORT --cert FILE --key FILE --policy FILE\n"
	      "         [--client-ca FILE] [--credentials FILE] [--registry DIR]\n"
	      "         [--max-conns N] [--workers N] [--queue N] [--max-body BYTES]\n"
	      "         [--handshake-timeout MS] [--header-timeout MS] [--idle-timeout MS]\n"
	      "         [--write-timeout MS] [--drain-timeout MS] [--resolve-timeout MS]\n"
	      "         [--verify-timeout MS]\n", f);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

enum { O_MAXCONNS = 256, O_WORKERS, O_QUEUE, O_MAXBODY, O_HS, O_HDR, O_IDLE, O_WRITE,
       O_DRAIN, O_RESOLVE, O_VERIFY };

static int *int_option(struct options *o, int id)
{
	switch (id) {
	case O_MAXCONNS: return &o->max_conns;
	case O_WORKERS: return &o->workers;
	case O_QUEUE: return &o->queue;
	case O_HS: return &o->handshake_ms;
	case O_HDR: return &o->header_ms;
	case O_IDLE: return &o->idle_ms;
	case O_WRITE: return &o->write_ms;
	case O_DRAIN: return &o->drain_ms;
	case O_RESOLVE: return &o->resolve_ms;
	case O_VERIFY: return &o->verify_ms;
	default: return NULL;
	}
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "listen", 1, 0, 'l' }, { "cert", 1, 0, 'c' }, { "key", 1, 0, 'k' },
		{ "client-ca", 1, 0, 'a' }, { "policy", 1, 0, 'p' }, { "credentials", 1, 0, 'r' },
		{ "registry", 1, 0, 'g' }, { "help", 0, 0, 'h' },
		{ "max-conns", 1, 0, O_MAXCONNS }, { "workers", 1, 0, O_WORKERS },
		{ "queue", 1, 0, O_QUEUE }, { "max-body", 1, 0, O_MAXBODY },
		{ "handshake-timeout", 1, 0, O_HS }, { "header-timeout", 1, 0, O_HDR },
		{ "idle-timeout", 1, 0, O_IDLE }, { "write-timeout", 1, 0, O_WRITE },
		{ "drain-timeout", 1, 0, O_DRAIN }, { "resolve-timeout", 1, 0, O_RESOLVE },
		{ "verify-timeout", 1, 0, O_VERIFY }, { 0, 0, 0, 0 }
	};
	static const struct http_limits lim = HTTP_LIMITS_DEFAULT;
	*o = (struct options){ .max_conns = 4096, .workers = 2, .queue = 16,
		.handshake_ms = 10000, .header_ms = 10000, .idle_ms = 10000, .write_ms = 10000,
		.drain_ms = 30000, .resolve_ms = 3000, .verify_ms = 10000, .limits = lim };
	int c, v;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 'c': o->cert = optarg; break;
		case 'k': o->key = optarg; break;
		case 'a': o->client_ca = optarg; break;
		case 'p': o->policy = optarg; break;
		case 'r': o->credentials = optarg; break;
		case 'g': o->registry = optarg; break;
		case 'h': usage(stdout); exit(0);
		case O_MAXBODY:
			if (parse_int(optarg, 0, 64 << 20, &v))
				goto bad;
			o->limits.max_body = (size_t)v;
			break;
		default:
			if (!int_option(o, c) || parse_int(optarg, 1, 1000000000, int_option(o, c)))
				goto bad;
		}
	}
	if (optind == argc && o->listen && o->cert && o->key && o->policy)
		return 0;
bad:
	usage(stderr);
	return -1;
}

/* ---- logging: one JSON object per line on stderr ---- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_timestamp(cJSON *o)
{
	struct timespec ts;
	struct tm tm;
	char buf[40];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts.tv_nsec / 1000000);
	cJSON_AddStringToObject(o, "ts", buf);
}

static void emit(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	if (s) {
		fprintf(stderr, "%s\n", s);
		free(s);
	}
	cJSON_Delete(o);
}

/* log_msg("error", "reload failed", "error", err, NULL): pairs of strings. */
static void log_msg(const char *level, const char *msg, ...)
{
	cJSON *o = cJSON_CreateObject();
	add_timestamp(o);
	cJSON_AddStringToObject(o, "level", level);
	cJSON_AddStringToObject(o, "msg", msg);
	va_list ap;
	va_start(ap, msg);
	for (const char *k; (k = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		cJSON_AddStringToObject(o, k, v ? v : "");
	}
	va_end(ap);
	emit(o);
}

static const char *tls_error(int r, char *buf, size_t len)
{
	mbedtls_strerror(r, buf, len);
	return buf;
}

/* ---- the loaded configuration: policy, credentials, registry, TLS ---- */

static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;

/* A generation is loaded whole, swapped in whole on SIGHUP, and freed when
 * the last connection or job that started under it lets go. Refcounts are
 * only touched on the loop thread. */
struct gen {
	int refs;
	struct gw_config cfg;
	mbedtls_ssl_config tls;
	mbedtls_x509_crt cert, ca;
	mbedtls_pk_context key;
};

static void gen_unref(struct gen *g)
{
	if (!g || --g->refs > 0)
		return;
	gw_config_free(&g->cfg);
	mbedtls_ssl_config_free(&g->tls);
	mbedtls_x509_crt_free(&g->cert);
	mbedtls_x509_crt_free(&g->ca);
	mbedtls_pk_free(&g->key);
	free(g);
}

static struct gen *gen_ref(struct gen *g)
{
	g->refs++;
	return g;
}

static int load_tls_files(struct gen *g, const struct options *o, char *err, size_t errlen)
{
	char e[128];
	int r = mbedtls_x509_crt_parse_file(&g->cert, o->cert);
	if (r) {
		snprintf(err, errlen, "%s: %s", o->cert, tls_error(r, e, sizeof e));
		return -1;
	}
	r = mbedtls_pk_parse_keyfile(&g->key, o->key, NULL, mbedtls_ctr_drbg_random, &drbg);
	if (r) {
		snprintf(err, errlen, "%s: %s", o->key, tls_error(r, e, sizeof e));
		return -1;
	}
	if (mbedtls_pk_check_pair(&g->cert.pk, &g->key, mbedtls_ctr_drbg_random, &drbg)) {
		snprintf(err, errlen, "%s: the key does not match %s", o->key, o->cert);
		return -1;
	}
	r = o->client_ca ? mbedtls_x509_crt_parse_file(&g->ca, o->client_ca) : 0;
	if (r) {
		snprintf(err, errlen, "%s: %s", o->client_ca, tls_error(r, e, sizeof e));
		return -1;
	}
	return 0;
}

static int setup_tls(struct gen *g, const struct options *o, char *err, size_t errlen)
{
	static const char *alpn[] = { "http/1.1", NULL };
	char e[128];
	int r = mbedtls_ssl_config_defaults(&g->tls, MBEDTLS_SSL_IS_SERVER,
					    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
	if (!r)
		r = mbedtls_ssl_conf_own_cert(&g->tls, &g->cert, &g->key);
	if (!r)
		r = mbedtls_ssl_conf_alpn_protocols(&g->tls, alpn);
	if (r) {
		snprintf(err, errlen, "TLS configuration: %s", tls_error(r, e, sizeof e));
		return -1;
	}
	mbedtls_ssl_conf_min_tls_version(&g->tls, MBEDTLS_SSL_VERSION_TLS1_2);
	mbedtls_ssl_conf_max_tls_version(&g->tls, MBEDTLS_SSL_VERSION_TLS1_3);
	mbedtls_ssl_conf_rng(&g->tls, mbedtls_ctr_drbg_random, &drbg);
	/* No session ticket callbacks are set: the server issues no tickets. */
	if (o->client_ca) {
		mbedtls_ssl_conf_ca_chain(&g->tls, &g->ca, NULL);
		mbedtls_ssl_conf_authmode(&g->tls, MBEDTLS_SSL_VERIFY_REQUIRED);
	} else
		mbedtls_ssl_conf_authmode(&g->tls, MBEDTLS_SSL_VERIFY_NONE);
	return 0;
}

/* Everything new first; NULL and a one-line message if any of it fails. */
static struct gen *gen_load(const struct options *o, char *err, size_t errlen)
{
	struct gen *g = calloc(1, sizeof *g);
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->refs = 1;
	mbedtls_ssl_config_init(&g->tls);
	mbedtls_x509_crt_init(&g->cert);
	mbedtls_x509_crt_init(&g->ca);
	mbedtls_pk_init(&g->key);
	if (gw_config_load(&g->cfg, o->policy, o->credentials, o->registry, err, errlen)) {
		memset(&g->cfg, 0, sizeof g->cfg);   /* the loader cleans up after itself */
		gen_unref(g);
		return NULL;
	}
	g->cfg.verify_timeout_ms = (unsigned)o->verify_ms;
	if (load_tls_files(g, o, err, errlen) || setup_tls(g, o, err, errlen)) {
		gen_unref(g);
		return NULL;
	}
	return g;
}

/* ---- metrics (loop thread only) ---- */

enum route { R_VERIFY, R_CHECK, R_RESOLVE, R_HEALTHZ, R_READYZ, R_METRICS, R_OTHER, R_COUNT };
static const char *const route_label[R_COUNT] = {
	"verify", "check", "resolve", "healthz", "readyz", "metrics", "other"
};
#define STATUS_SLOTS 16
static const double verify_buckets[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };
#define NBUCKETS (sizeof verify_buckets / sizeof verify_buckets[0])

struct metrics {
	struct { int status; uint64_t n; } requests[R_COUNT][STATUS_SLOTS];
	uint64_t handshakes_ok, handshakes_fail, rejected, reloads_ok, reloads_fail, busy;
	uint64_t verify_le[NBUCKETS], verify_count;
	double verify_sum;
};

static void count_request(struct metrics *m, int route, int status)
{
	for (int i = 0; i < STATUS_SLOTS; i++) {
		if (m->requests[route][i].status == status || !m->requests[route][i].status) {
			m->requests[route][i].status = status;
			m->requests[route][i].n++;
			return;
		}
	}
}

static void observe_verify(struct metrics *m, double secs)
{
	for (size_t i = 0; i < NBUCKETS; i++)
		if (secs <= verify_buckets[i])
			m->verify_le[i]++;
	m->verify_count++;
	m->verify_sum += secs;
}

struct sbuf { char *s; size_t len, cap; int failed; };

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	for (int pass = 0; pass < 2 && !b->failed; pass++) {
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if (b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s)
			b->failed = 1;
		else {
			b->s = s;
			b->cap = cap;
		}
	}
}

static void render_requests(struct sbuf *b, const struct metrics *m)
{
	sb_printf(b, "# HELP gateway_requests_total HTTP requests answered, by route and status.\n"
		     "# TYPE gateway_requests_total counter\n");
	for (int r = 0; r < R_COUNT; r++)
		for (int i = 0; i < STATUS_SLOTS && m->requests[r][i].status; i++)
			sb_printf(b, "gateway_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				  route_label[r], m->requests[r][i].status,
				  (unsigned long long)m->requests[r][i].n);
}

static void render_verify(struct sbuf *b, const struct metrics *m)
{
	sb_printf(b, "# HELP gateway_verify_duration_seconds Time api_verify ran in a worker.\n"
		     "# TYPE gateway_verify_duration_seconds histogram\n");
	for (size_t i = 0; i < NBUCKETS; i++)
		sb_printf(b, "gateway_verify_duration_seconds_bucket{le=\"%g\"} %llu\n",
			  verify_buckets[i], (unsigned long long)m->verify_le[i]);
	sb_printf(b, "gateway_verify_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
		     "gateway_verify_duration_seconds_sum %.6f\n"
		     "gateway_verify_duration_seconds_count %llu\n",
		  (unsigned long long)m->verify_count, m->verify_sum,
		  (unsigned long long)m->verify_count);
}

static char *render_metrics(const struct metrics *m, int conns, int reading, size_t *len)
{
	struct sbuf b = { 0 };
	render_requests(&b, m);
	sb_printf(&b, "# HELP gateway_tls_handshakes_total TLS handshakes, by result.\n"
		      "# TYPE gateway_tls_handshakes_total counter\n"
		      "gateway_tls_handshakes_total{result=\"ok\"} %llu\n"
		      "gateway_tls_handshakes_total{result=\"fail\"} %llu\n",
		  (unsigned long long)m->handshakes_ok, (unsigned long long)m->handshakes_fail);
	render_verify(&b, m);
	sb_printf(&b, "# HELP gateway_connections Open client connections.\n"
		      "# TYPE gateway_connections gauge\ngateway_connections %d\n"
		      "# HELP gateway_connections_reading Connections holding part of a request.\n"
		      "# TYPE gateway_connections_reading gauge\ngateway_connections_reading %d\n"
		      "# HELP gateway_connections_rejected_total Connections closed at once: over --max-conns.\n"
		      "# TYPE gateway_connections_rejected_total counter\ngateway_connections_rejected_total %llu\n"
		      "# HELP gateway_busy_total Requests refused with 503: the worker queue was full.\n"
		      "# TYPE gateway_busy_total counter\ngateway_busy_total %llu\n"
		      "# HELP gateway_reloads_total SIGHUP reloads, by result.\n"
		      "# TYPE gateway_reloads_total counter\n"
		      "gateway_reloads_total{result=\"ok\"} %llu\ngateway_reloads_total{result=\"fail\"} %llu\n",
		  conns, reading, (unsigned long long)m->rejected, (unsigned long long)m->busy,
		  (unsigned long long)m->reloads_ok, (unsigned long long)m->reloads_fail);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	*len = b.len;
	return b.s;
}

/* ---- the worker pool: api_verify and api_check off the loop thread ---- */

struct conn;

struct job {
	struct conn *conn;        /* NULL once the connection is gone (loop thread only) */
	struct gen *gen;          /* a reference, dropped on the loop thread */
	int route;
	char *body;
	size_t len;
	int status;               /* results, written by the worker */
	char *out;
	double secs;
	struct job *next;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *todo, *todo_tail, *done;
	size_t queued, cap;       /* waiting jobs, and the bound on them */
	size_t outstanding;       /* submitted, not yet handed back (loop thread only) */
	int stop, efd, nthreads;
	pthread_t *threads;
};

static void run_job(struct job *j)
{
	double t0 = now_s();
	j->out = NULL;
	if (j->route == R_VERIFY)
		j->status = api_verify(&j->gen->cfg, j->body, j->len, &j->out);
	else
		j->status = api_check(&j->gen->cfg, j->body, j->len, &j->out);
	j->secs = now_s() - t0;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && !p->todo)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop)
			break;
		struct job *j = p->todo;
		p->todo = j->next;
		if (!p->todo)
			p->todo_tail = NULL;
		p->queued--;
		pthread_mutex_unlock(&p->mu);
		run_job(j);
		pthread_mutex_lock(&p->mu);
		j->next = p->done;
		p->done = j;
		uint64_t one = 1;
		if (write(p->efd, &one, sizeof one) < 0) {
			/* the counter cannot overflow; nothing to do */
		}
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int pool_start(struct pool *p, int nthreads, int cap)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->cap = (size_t)cap;
	p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	p->threads = calloc((size_t)nthreads, sizeof *p->threads);
	if (p->efd < 0 || !p->threads)
		return -1;
	/* Z3 recurses deeply: give the workers the stack the main thread has. */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 8u << 20);
	for (; p->nthreads < nthreads; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], &attr, worker, p))
			break;
	pthread_attr_destroy(&attr);
	return p->nthreads ? 0 : -1;
}

/* 0, or -1 when the queue is full. */
static int pool_submit(struct pool *p, struct job *j)
{
	pthread_mutex_lock(&p->mu);
	int full = p->queued >= p->cap;
	if (!full) {
		j->next = NULL;
		if (p->todo_tail)
			p->todo_tail->next = j;
		else
			p->todo = j;
		p->todo_tail = j;
		p->queued++;
		p->outstanding++;
		pthread_cond_signal(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return full ? -1 : 0;
}

static struct job *pool_take_done(struct pool *p)
{
	uint64_t n;
	if (read(p->efd, &n, sizeof n) < 0) {
		/* EAGAIN: a previous call took everything already */
	}
	pthread_mutex_lock(&p->mu);
	struct job *j = p->done;
	p->done = NULL;
	pthread_mutex_unlock(&p->mu);
	return j;
}

/* Joins the workers when none is busy; a worker still inside a solver call
 * (only after a drain timeout) is left to end with the process. */
static void pool_stop(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->outstanding == 0)
		for (int i = 0; i < p->nthreads; i++)
			pthread_join(p->threads[i], NULL);
	free(p->threads);
	if (p->efd >= 0)
		close(p->efd);
}

/* ---- the server's state ---- */

/* What an epoll event points at. */
enum watch_kind { W_LISTEN, W_SIGNAL, W_POOL, W_RESOLVER, W_CONN };
struct watch { enum watch_kind kind; int fd; struct watch *next; };

enum timer_list { T_HANDSHAKE, T_HEADER, T_IDLE, T_WRITE, T_LINGER, T_COUNT, T_NONE = -1 };
#define LINGER_MS 2000
#define LINGER_BYTES (1u << 20)

struct server {
	struct options opt;
	int epfd, listen_fd, reserve_fd;
	struct watch listen_w, signal_w, pool_w;
	struct watch *resolver_ws;            /* the sockets c-ares asked us to watch */
	struct gen *gen;                      /* what new connections get */
	struct resolver *resolver;
	struct pool pool;
	struct metrics m;
	struct conn *conns;                   /* every open connection */
	int nconns;
	struct conn *timers[T_COUNT];         /* FIFO per deadline kind: oldest first */
	struct conn *timers_tail[T_COUNT];
	int timeout_ms[T_COUNT];
	int draining;
	int64_t drain_deadline;
};

static struct server srv;

/* ---- connections ---- */

enum conn_state { C_HANDSHAKE, C_READ, C_WAIT, C_WRITE, C_LINGER, C_CLOSED };

struct conn {
	struct watch w;                       /* first: an epoll event points here */
	enum conn_state state;
	uint32_t events;                      /* the epoll interest set now */
	mbedtls_ssl_context ssl;
	struct gen *gen;
	struct http_parser http;
	char remote[64];
	struct conn *prev, *next;             /* srv.conns */
	int timer;                            /* T_*, or T_NONE */
	int64_t deadline;
	struct conn *tprev, *tnext;
	int in_run;                           /* conn_run is on the stack */
	/* the request being answered */
	int route, status, keep_alive, interim;
	char method[16], path[128];
	int64_t started;
	size_t lingered;
	char *out;
	size_t out_len, out_off, body_len;
	struct job *job;
	struct resolve_query *query;
	char name[256];
};

static void timer_unlink(struct conn *c)
{
	if (c->timer == T_NONE)
		return;
	if (c->tprev)
		c->tprev->tnext = c->tnext;
	else
		srv.timers[c->timer] = c->tnext;
	if (c->tnext)
		c->tnext->tprev = c->tprev;
	else
		srv.timers_tail[c->timer] = c->tprev;
	c->tprev = c->tnext = NULL;
	c->timer = T_NONE;
}

/* Every list holds one kind of deadline with one duration, so appending
 * keeps it sorted: the head is always the next to expire. */
static void timer_set(struct conn *c, int list)
{
	timer_unlink(c);
	if (list == T_NONE)
		return;
	c->timer = list;
	c->deadline = now_ms() + srv.timeout_ms[list];
	c->tprev = srv.timers_tail[list];
	if (c->tprev)
		c->tprev->tnext = c;
	else
		srv.timers[list] = c;
	srv.timers_tail[list] = c;
}

static void conn_want(struct conn *c, uint32_t events)
{
	if (c->events == events)
		return;
	struct epoll_event ev = { .events = events, .data.ptr = &c->w };
	if (epoll_ctl(srv.epfd, EPOLL_CTL_MOD, c->w.fd, &ev) == 0)
		c->events = events;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct conn *c = ctx;
	ssize_t n = send(c->w.fd, buf, len, MSG_NOSIGNAL);
	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct conn *c = ctx;
	ssize_t n = recv(c->w.fd, buf, len, 0);
	if (n >= 0)
		return (int)n;                    /* 0: the peer closed */
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_READ;
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

static void access_log(struct conn *c)
{
	cJSON *o = cJSON_CreateObject();
	add_timestamp(o);
	cJSON_AddStringToObject(o, "remote", c->remote);
	cJSON_AddStringToObject(o, "method", c->method);
	cJSON_AddStringToObject(o, "path", c->path);
	cJSON_AddNumberToObject(o, "status", c->status);
	cJSON_AddNumberToObject(o, "bytes", (double)c->body_len);
	cJSON_AddNumberToObject(o, "ms", (double)(now_ms() - c->started));
	cJSON_AddStringToObject(o, "tls", mbedtls_ssl_get_version(&c->ssl));
	emit(o);
}

static void conn_close(struct conn *c)
{
	if (c->state == C_CLOSED)
		return;
	if (c->state == C_WRITE && c->status && !c->interim)
		access_log(c);                    /* the answer did not make it whole */
	c->state = C_CLOSED;
	if (c->job)
		c->job->conn = NULL;
	resolve_cancel(c->query);
	c->job = NULL;
	c->query = NULL;
	timer_unlink(c);
}

static void conn_free(struct conn *c)
{
	epoll_ctl(srv.epfd, EPOLL_CTL_DEL, c->w.fd, NULL);
	close(c->w.fd);
	mbedtls_ssl_free(&c->ssl);
	http_free(&c->http);
	gen_unref(c->gen);
	free(c->out);
	if (c->prev)
		c->prev->next = c->next;
	else
		srv.conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	srv.nconns--;
	free(c);
}

/* ---- responses ---- */

static int connection_stays(const struct conn *c)
{
	return c->keep_alive && !srv.draining && c->status < 400;
}

static void respond(struct conn *c, int status, const char *type, const char *body, size_t len)
{
	char head[256];
	int post = c->route == R_VERIFY || c->route == R_CHECK;
	c->status = status;
	if (!connection_stays(c))
		c->keep_alive = 0;
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s\r\n",
			 status, http_reason(status), type, len,
			 status != 405 ? "" : post ? "Allow: POST\r\n" : "Allow: GET\r\n",
			 c->keep_alive ? "" : "Connection: close\r\n");
	free(c->out);
	c->out = malloc((size_t)n + len);
	if (!c->out) {
		conn_close(c);
		return;
	}
	memcpy(c->out, head, (size_t)n);
	memcpy(c->out + n, body, len);
	c->out_len = (size_t)n + len;
	c->out_off = 0;
	c->body_len = len;
	c->state = C_WRITE;
	timer_set(c, T_WRITE);
}

static void respond_json(struct conn *c, int status, char *json)
{
	respond(c, status, "application/json", json, strlen(json));
	free(json);
}

static void respond_error(struct conn *c, int status, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", msg);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s)
		respond_json(c, status, s);
	else
		conn_close(c);
}

static void respond_interim_continue(struct conn *c)
{
	static const char msg[] = "HTTP/1.1 100 Continue\r\n\r\n";
	free(c->out);
	c->out = malloc(sizeof msg - 1);
	if (!c->out) {
		conn_close(c);
		return;
	}
	memcpy(c->out, msg, sizeof msg - 1);
	c->out_len = sizeof msg - 1;
	c->out_off = 0;
	c->interim = 1;
	c->state = C_WRITE;
}

/* ---- routes ---- */

static int route_of(const char *path)
{
	static const char *const paths[R_COUNT] = {
		"/v1/policy/verify", "/v1/policy/check", "/v1/resolve", "/healthz", "/readyz",
		"/metrics", NULL
	};
	for (int r = 0; r < R_OTHER; r++)
		if (strcmp(path, paths[r]) == 0)
			return r;
	return R_OTHER;
}

static void submit_job(struct conn *c, const struct http_request *rq)
{
	struct job *j = calloc(1, sizeof *j);
	char *body = j ? malloc(rq->content_length + 1) : NULL;
	if (!body) {
		free(j);
		respond_error(c, 500, "out of memory");
		return;
	}
	memcpy(body, rq->body, rq->content_length);
	body[rq->content_length] = '\0';
	*j = (struct job){ .conn = c, .gen = gen_ref(c->gen), .route = c->route, .body = body,
			   .len = rq->content_length };
	if (pool_submit(&srv.pool, j)) {
		gen_unref(j->gen);
		free(body);
		free(j);
		srv.m.busy++;
		respond_error(c, 503, "busy: the verifier queue is full, retry later");
		return;
	}
	c->job = j;
	c->state = C_WAIT;
}

static void job_done(struct job *j)
{
	struct conn *c = j->conn;
	srv.pool.outstanding--;
	if (j->route == R_VERIFY)
		observe_verify(&srv.m, j->secs);
	if (c) {
		c->job = NULL;
		if (j->out)
			respond_json(c, j->status, j->out);
		else
			respond_error(c, 500, "the route produced no answer");
	} else
		free(j->out);
	gen_unref(j->gen);
	free(j->body);
	free(j);
}

static cJSON *address_json(struct conn *c, const struct resolve_addr *a)
{
	char why[256] = "";
	cJSON *o = cJSON_CreateObject();
	int allowed = api_address_allowed(&c->gen->cfg, c->name, a->text, why, sizeof why);
	cJSON_AddStringToObject(o, "address", a->text);
	cJSON_AddNumberToObject(o, "family", a->family);
	cJSON_AddBoolToObject(o, "allowed", allowed > 0);
	cJSON_AddStringToObject(o, "why", why);
	return o;
}

static void conn_run(struct conn *c);

static void resolve_done(void *arg, const struct resolve_result *res)
{
	struct conn *c = arg;
	c->query = NULL;
	if (res->status) {
		int st = res->status == RESOLVE_NOTFOUND ? 404 :
			 res->status == RESOLVE_TIMEOUT ? 504 : 502;
		respond_error(c, st, res->error);
	} else {
		cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "addresses");
		cJSON_AddStringToObject(o, "name", c->name);
		for (size_t i = 0; i < res->n; i++)
			cJSON_AddItemToArray(list, address_json(c, &res->addrs[i]));
		char *s = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (s)
			respond_json(c, 200, s);
		else
			respond_error(c, 500, "out of memory");
	}
	if (!c->in_run)
		conn_run(c);
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_' || *s == ':'))
			return 0;
	return 1;
}

static void start_resolve(struct conn *c, const struct http_request *rq)
{
	if (http_query_param(rq->query, "name", c->name, sizeof c->name) || !valid_name(c->name)) {
		respond_error(c, 400, "expected ?name=HOSTNAME");
		return;
	}
	c->state = C_WAIT;
	if (resolver_lookup(srv.resolver, c->name, resolve_done, c, &c->query))
		respond_error(c, 500, "out of memory");
}

/* Connections other than SELF with bytes of an unfinished request: what a
 * drain must wait for, and what a slow client holds. */
static int count_reading(const struct conn *self)
{
	int n = 0;
	for (const struct conn *c = srv.conns; c; c = c->next)
		if (c != self && c->state == C_READ && http_pending(&c->http))
			n++;
	return n;
}

static void serve_metrics(struct conn *c)
{
	size_t len;
	char *s = render_metrics(&srv.m, srv.nconns, count_reading(c), &len);
	if (!s) {
		respond_error(c, 500, "out of memory");
		return;
	}
	respond(c, 200, "text/plain; version=0.0.4", s, len);
	free(s);
}

static void dispatch(struct conn *c, const struct http_request *rq)
{
	int post = c->route == R_VERIFY || c->route == R_CHECK;
	if (c->route == R_OTHER)
		respond_error(c, 404, "no such route");
	else if (strcmp(rq->method, post ? "POST" : "GET") != 0)
		respond_error(c, 405, post ? "method not allowed: use POST" : "method not allowed: use GET");
	else if (post)
		submit_job(c, rq);
	else if (c->route == R_RESOLVE)
		start_resolve(c, rq);
	else if (c->route == R_HEALTHZ)
		respond(c, 200, "text/plain", "ok\n", 3);
	else if (c->route == R_READYZ && srv.draining)
		respond_error(c, 503, "draining");
	else if (c->route == R_READYZ)
		respond(c, 200, "text/plain", "ready\n", 6);
	else
		serve_metrics(c);
}

static void begin_request(struct conn *c, const struct http_request *rq)
{
	snprintf(c->method, sizeof c->method, "%s", rq->method);
	snprintf(c->path, sizeof c->path, "%s", rq->path);
	c->route = route_of(rq->path);
	c->keep_alive = rq->keep_alive;
	timer_unlink(c);
	dispatch(c, rq);
}

static const char *parse_error_text(int status)
{
	switch (status) {
	case 411: return "chunked bodies are not accepted: send Content-Length";
	case 413: return "request body too large";
	case 414: return "request line too long";
	case 431: return "too many or too large header fields";
	case 501: return "unsupported transfer coding";
	case 505: return "HTTP version not supported";
	default: return "malformed request";
	}
}

/* ---- the connection state machine ---- */

static int step_handshake(struct conn *c)
{
	int r = mbedtls_ssl_handshake(&c->ssl);
	if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) {
		conn_want(c, r == MBEDTLS_ERR_SSL_WANT_READ ? EPOLLIN : EPOLLOUT);
		return 0;
	}
	if (r) {
		char e[128];
		srv.m.handshakes_fail++;
		log_msg("info", "tls handshake failed", "remote", c->remote,
			"error", tls_error(r, e, sizeof e), NULL);
		conn_close(c);
		return 1;
	}
	srv.m.handshakes_ok++;
	c->state = C_READ;
	timer_set(c, T_IDLE);
	return 1;
}

/* One TLS read into the parser: 1 bytes arrived, 0 would block, -1 closed. */
static int fill(struct conn *c)
{
	size_t room;
	char *buf = http_wbuf(&c->http, &room);
	if (!buf || !room)
		return -1;                        /* cannot happen within the limits */
	int n = mbedtls_ssl_read(&c->ssl, (unsigned char *)buf, room);
	if (n > 0) {
		if (c->timer == T_IDLE) {         /* the first byte of a request */
			timer_set(c, T_HEADER);
			c->started = now_ms();
		}
		http_wrote(&c->http, (size_t)n);
		return 1;
	}
	if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE) {
		conn_want(c, n == MBEDTLS_ERR_SSL_WANT_READ ? EPOLLIN : EPOLLOUT);
		return 0;
	}
	return -1;                                /* EOF, close_notify or an error */
}

/* Bytes received but not yet seen as a request: in TLS's buffers, or still
 * in the socket (a read that only finished the handshake says "want read"
 * with the first request right behind it). Such a connection is not idle. */
static int unread_input(struct conn *c)
{
	int queued = 0;
	if (mbedtls_ssl_get_bytes_avail(&c->ssl) || mbedtls_ssl_check_pending(&c->ssl))
		return 1;
	return ioctl(c->w.fd, FIONREAD, &queued) == 0 && queued > 0;
}

static int step_read(struct conn *c)
{
	int st = http_parse(&c->http);
	if (st == HTTP_DONE) {
		begin_request(c, &c->http.req);
		return 1;
	}
	if (st >= 400) {
		snprintf(c->method, sizeof c->method, "-");
		snprintf(c->path, sizeof c->path, "-");
		c->route = R_OTHER;
		c->keep_alive = 0;
		respond_error(c, st, parse_error_text(st));
		return 1;
	}
	if (http_head_done(&c->http) && c->http.req.expect_continue && !c->interim) {
		c->http.req.expect_continue = 0;
		respond_interim_continue(c);
		return 1;
	}
	int r = fill(c);
	if (r == 0 && srv.draining && !http_pending(&c->http) && !unread_input(c))
		r = -1;                           /* idle while draining: done with it */
	if (r < 0)
		conn_close(c);
	return r != 0;
}

/* After refusing a request the client may still be sending it: closing
 * now would reset the connection and lose the answer. Half-close, then read
 * and drop what comes, bounded in time and bytes, until the client closes. */
static void start_linger(struct conn *c)
{
	shutdown(c->w.fd, SHUT_WR);
	c->state = C_LINGER;
	c->lingered = 0;
	timer_set(c, T_LINGER);
	conn_want(c, EPOLLIN);
}

static int step_linger(struct conn *c)
{
	char buf[16384];
	for (;;) {
		ssize_t n = recv(c->w.fd, buf, sizeof buf, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0 || (c->lingered += (size_t)n) > LINGER_BYTES) {
			conn_close(c);
			return 1;
		}
	}
}

static void finish_response(struct conn *c)
{
	free(c->out);
	c->out = NULL;
	if (c->interim) {                         /* 100 Continue sent: read the body */
		c->interim = 0;                   /* under the same header deadline */
		c->state = C_READ;
		return;
	}
	access_log(c);
	count_request(&srv.m, c->route, c->status);
	int refused = c->status >= 400;
	c->status = 0;
	if (!c->keep_alive) {
		mbedtls_ssl_close_notify(&c->ssl);    /* best effort, never waited for */
		if (refused)
			start_linger(c);
		else
			conn_close(c);
		return;
	}
	http_next(&c->http);
	c->state = C_READ;
	if (http_pending(&c->http)) {
		timer_set(c, T_HEADER);
		c->started = now_ms();
	} else
		timer_set(c, T_IDLE);
}

static int step_write(struct conn *c)
{
	while (c->out_off < c->out_len) {
		int n = mbedtls_ssl_write(&c->ssl, (const unsigned char *)c->out + c->out_off,
					  c->out_len - c->out_off);
		if (n == MBEDTLS_ERR_SSL_WANT_WRITE || n == MBEDTLS_ERR_SSL_WANT_READ) {
			conn_want(c, n == MBEDTLS_ERR_SSL_WANT_READ ? EPOLLIN : EPOLLOUT);
			return 0;
		}
		if (n < 0) {
			conn_close(c);
			return 1;
		}
		c->out_off += (size_t)n;
	}
	finish_response(c);
	return 1;
}

/* Runs the connection until it has to wait for the network, a worker or
 * the resolver. A loop, not recursion: pipelined requests cost no stack. */
static void conn_run(struct conn *c)
{
	c->in_run = 1;
	for (int progress = 1; progress;) {
		switch (c->state) {
		case C_HANDSHAKE: progress = step_handshake(c); break;
		case C_READ: progress = step_read(c); break;
		case C_WRITE: progress = step_write(c); break;
		case C_LINGER: progress = step_linger(c); break;
		case C_WAIT: conn_want(c, 0); progress = 0; break;
		case C_CLOSED: conn_free(c); return;
		}
	}
	c->in_run = 0;
}

static void conn_event(struct conn *c, uint32_t events)
{
	if ((events & (EPOLLERR | EPOLLHUP)) && c->state == C_WAIT)
		conn_close(c);                    /* the client left: drop its answer */
	conn_run(c);
}

static void format_remote(const struct sockaddr_storage *sa, char *out, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa;
		inet_ntop(AF_INET, &s->sin_addr, host, sizeof host);
		port = ntohs(s->sin_port);
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)sa;
		inet_ntop(AF_INET6, &s->sin6_addr, host, sizeof host);
		port = ntohs(s->sin6_port);
	}
	snprintf(out, len, sa->ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", host, port);
}

static void conn_new(int fd, const struct sockaddr_storage *sa)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c) {
		close(fd);
		return;
	}
	c->w = (struct watch){ .kind = W_CONN, .fd = fd };
	c->timer = T_NONE;
	c->gen = gen_ref(srv.gen);
	format_remote(sa, c->remote, sizeof c->remote);
	http_init(&c->http, &srv.opt.limits);
	mbedtls_ssl_init(&c->ssl);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &c->w };
	c->events = EPOLLIN;
	c->next = srv.conns;
	if (srv.conns)
		srv.conns->prev = c;
	srv.conns = c;
	srv.nconns++;
	if (mbedtls_ssl_setup(&c->ssl, &c->gen->tls) ||
	    epoll_ctl(srv.epfd, EPOLL_CTL_ADD, fd, &ev)) {
		conn_close(c);
		conn_free(c);
		return;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	mbedtls_ssl_set_bio(&c->ssl, c, bio_send, bio_recv, NULL);
	c->state = C_HANDSHAKE;
	timer_set(c, T_HANDSHAKE);
	conn_run(c);
}

/* ---- accepting ---- */

/* Out of descriptors: free the spare one to accept and close at once, so
 * the client learns and the backlog does not spin the loop. */
static void shed(void)
{
	close(srv.reserve_fd);
	int fd = accept(srv.listen_fd, NULL, NULL);
	if (fd >= 0)
		close(fd);
	srv.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	srv.m.rejected++;
}

static void on_accept(void)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof sa;
		int fd = accept4(srv.listen_fd, (struct sockaddr *)&sa, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				shed();
			return;
		}
		if (srv.nconns >= srv.opt.max_conns) {
			close(fd);
			srv.m.rejected++;
			continue;
		}
		conn_new(fd, &sa);
	}
}

static int split_listen(const char *spec, char *host, size_t hostlen, const char **port)
{
	const char *colon = strrchr(spec, ':');
	if (!colon || !colon[1])
		return -1;
	size_t n = (size_t)(colon - spec);
	if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']') {
		spec++;
		n -= 2;
	}
	if (n >= hostlen)
		return -1;
	memcpy(host, spec, n);
	host[n] = '\0';
	*port = colon + 1;
	return 0;
}

static int open_listener(const char *spec, char *err, size_t errlen)
{
	char host[256];
	const char *port;
	struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, *ai;
	if (split_listen(spec, host, sizeof host, &port)) {
		snprintf(err, errlen, "--listen %s: expected HOST:PORT", spec);
		return -1;
	}
	int r = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai);
	if (r) {
		snprintf(err, errlen, "--listen %s: %s", spec, gai_strerror(r));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1024)) {
		snprintf(err, errlen, "--listen %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* ---- the resolver's sockets ---- */

static void resolver_watch(void *arg, int fd, int readable, int writable)
{
	struct watch **pw = &srv.resolver_ws, *w;
	while (*pw && (*pw)->fd != fd)
		pw = &(*pw)->next;
	w = *pw;
	if (!readable && !writable) {
		if (w) {
			epoll_ctl(srv.epfd, EPOLL_CTL_DEL, fd, NULL);
			*pw = w->next;
			free(w);
		}
		return;
	}
	int op = w ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (!w && !(w = calloc(1, sizeof *w)))
		return;                           /* the lookup times out instead */
	if (op == EPOLL_CTL_ADD) {
		*w = (struct watch){ .kind = W_RESOLVER, .fd = fd, .next = srv.resolver_ws };
		srv.resolver_ws = w;
	}
	struct epoll_event ev = { .events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0),
				  .data.ptr = w };
	epoll_ctl(srv.epfd, op, fd, &ev);
}

/* ---- signals: reload and drain ---- */

static void reload(void)
{
	char err[512];
	struct gen *g = gen_load(&srv.opt, err, sizeof err);
	if (!g) {
		srv.m.reloads_fail++;
		log_msg("error", "reload refused, the running configuration stays", "error", err, NULL);
		return;
	}
	gen_unref(srv.gen);
	srv.gen = g;
	srv.m.reloads_ok++;
	/* Fresh kernel entropy into the TLS generator: a restored VM snapshot
	 * or a cloned container would otherwise go on from the same state. */
	int r = mbedtls_ctr_drbg_reseed(&drbg, NULL, 0);
	log_msg("info", "reloaded", "policy", srv.opt.policy, "cert", srv.opt.cert,
		"reseeded", r ? "no" : "yes", NULL);
}

static void start_drain(void)
{
	if (srv.draining)
		return;
	srv.draining = 1;
	srv.drain_deadline = now_ms() + srv.opt.drain_ms;
	epoll_ctl(srv.epfd, EPOLL_CTL_DEL, srv.listen_fd, NULL);
	close(srv.listen_fd);
	srv.listen_fd = -1;
	log_msg("info", "draining", NULL);
	/* Let every connection take what it already received; idle ones close. */
	for (struct conn *c = srv.conns, *next; c; c = next) {
		next = c->next;
		if (c->state == C_READ || c->state == C_HANDSHAKE)
			conn_run(c);
	}
}

static void on_signal(int fd)
{
	struct signalfd_siginfo si;
	while (read(fd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo == SIGHUP)
			reload();
		else
			start_drain();
	}
}

/* ---- deadlines ---- */

static void expire(struct conn *c, int list)
{
	if (list == T_HANDSHAKE) {
		srv.m.handshakes_fail++;
		log_msg("info", "tls handshake timed out", "remote", c->remote, NULL);
		conn_close(c);
	} else if (list == T_HEADER) {
		snprintf(c->method, sizeof c->method, "-");
		snprintf(c->path, sizeof c->path, "-");
		c->route = R_OTHER;
		c->keep_alive = 0;
		respond_error(c, 408, "request not received in time");
		if (c->state == C_WRITE)          /* one try to tell it, then gone */
			timer_set(c, T_WRITE);
	} else
		conn_close(c);                    /* idle, or not reading its answer */
	conn_run(c);
}

static void expire_timers(void)
{
	int64_t now = now_ms();
	for (int l = 0; l < T_COUNT; l++)
		while (srv.timers[l] && srv.timers[l]->deadline <= now)
			expire(srv.timers[l], l);
}

static int next_timeout(void)
{
	int64_t now = now_ms(), next = now + 1000;
	for (int l = 0; l < T_COUNT; l++)
		if (srv.timers[l] && srv.timers[l]->deadline < next)
			next = srv.timers[l]->deadline;
	if (srv.draining && srv.drain_deadline < next)
		next = srv.drain_deadline;
	int ms = next > now ? (int)(next - now) : 0;
	return resolver_timeout_ms(srv.resolver, ms);
}

/* ---- the loop ---- */

static void on_event(struct watch *w, uint32_t events)
{
	switch (w->kind) {
	case W_LISTEN: on_accept(); break;
	case W_SIGNAL: on_signal(w->fd); break;
	case W_POOL:
		for (struct job *j = pool_take_done(&srv.pool), *next; j; j = next) {
			next = j->next;
			struct conn *c = j->conn;
			job_done(j);
			if (c)
				conn_run(c);
		}
		break;
	case W_RESOLVER:
		resolver_process(srv.resolver, w->fd, !!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)),
				 !!(events & EPOLLOUT));
		break;
	case W_CONN: conn_event((struct conn *)w, events); break;
	}
}

static int drained(void)
{
	return srv.draining && srv.nconns == 0 && srv.pool.outstanding == 0;
}

static void run_loop(void)
{
	struct epoll_event evs[256];
	while (!drained()) {
		int n = epoll_wait(srv.epfd, evs, 256, next_timeout());
		if (n < 0 && errno != EINTR) {
			log_msg("error", "epoll_wait failed", "error", strerror(errno), NULL);
			return;
		}
		for (int i = 0; i < n; i++)
			on_event(evs[i].data.ptr, evs[i].events);
		resolver_process(srv.resolver, -1, 0, 0);
		expire_timers();
		if (srv.draining && now_ms() >= srv.drain_deadline) {
			char open[32];
			snprintf(open, sizeof open, "%d", srv.nconns);
			log_msg("warn", "drain timed out, closing what is left", "connections", open, NULL);
			return;
		}
	}
	log_msg("info", "drained, exiting", NULL);
}

/* ---- setup ---- */

static void raise_nofile(int want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	rlim_t need = (rlim_t)want;
	if (rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < need) {
		char have[32];
		snprintf(have, sizeof have, "%llu", (unsigned long long)rl.rlim_cur);
		log_msg("warn", "RLIMIT_NOFILE below --max-conns: fewer connections fit", "limit", have, NULL);
	}
}

static int init_crypto(char *err, size_t errlen)
{
	psa_status_t ps = psa_crypto_init();       /* TLS 1.3 in mbedTLS 3.6 needs PSA */
	if (ps == PSA_ERROR_INSUFFICIENT_ENTROPY) {
		/* Our mbedTLS reads getrandom(2), then /dev/urandom (patches/mbedtls). */
		snprintf(err, errlen, "no randomness: getrandom(2) failed (a kernel before 3.17, or a seccomp "
			 "profile) and /dev/urandom cannot be read (psa_crypto_init: %d)", (int)ps);
		return -1;
	}
	if (ps != PSA_SUCCESS) {
		snprintf(err, errlen, "psa_crypto_init: %d", (int)ps);
		return -1;
	}
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	static const unsigned char pers[] = "muslforge-gateway";
	int r = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, pers, sizeof pers - 1);
	if (r) {
		char e[128];
		snprintf(err, errlen, "ctr_drbg_seed: %s", tls_error(r, e, sizeof e));
		return -1;
	}
	return 0;
}

static int watch_fd(struct watch *w, enum watch_kind kind, int fd)
{
	*w = (struct watch){ .kind = kind, .fd = fd };
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };
	return epoll_ctl(srv.epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Signals arrive as reads on a signalfd; blocked before any thread starts,
 * so the workers never take one. */
static int setup_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -1 : watch_fd(&srv.signal_w, W_SIGNAL, fd);
}

static int setup(char *err, size_t errlen)
{
	const struct options *o = &srv.opt;
	srv.timeout_ms[T_HANDSHAKE] = o->handshake_ms;
	srv.timeout_ms[T_HEADER] = o->header_ms;
	srv.timeout_ms[T_IDLE] = o->idle_ms;
	srv.timeout_ms[T_WRITE] = o->write_ms;
	srv.timeout_ms[T_LINGER] = LINGER_MS < o->write_ms ? LINGER_MS : o->write_ms;
	raise_nofile(o->max_conns + 64);
	srv.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	srv.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (srv.epfd < 0 || setup_signals()) {
		snprintf(err, errlen, "epoll/signalfd: %s", strerror(errno));
		return -1;
	}
	if (init_crypto(err, errlen) || !(srv.gen = gen_load(o, err, errlen)))
		return -1;
	srv.resolver = resolver_new(resolver_watch, NULL, (unsigned)o->resolve_ms, err, errlen);
	if (!srv.resolver)
		return -1;
	if (pool_start(&srv.pool, o->workers, o->queue) || watch_fd(&srv.pool_w, W_POOL, srv.pool.efd)) {
		snprintf(err, errlen, "worker pool: %s", strerror(errno));
		return -1;
	}
	srv.listen_fd = open_listener(o->listen, err, errlen);
	if (srv.listen_fd < 0 || watch_fd(&srv.listen_w, W_LISTEN, srv.listen_fd))
		return -1;
	return 0;
}

static void teardown(void)
{
	while (srv.conns) {
		conn_close(srv.conns);
		conn_free(srv.conns);
	}
	pool_stop(&srv.pool);
	resolver_free(srv.resolver);
	while (srv.resolver_ws) {
		struct watch *w = srv.resolver_ws;
		srv.resolver_ws = w->next;
		free(w);
	}
	gen_unref(srv.gen);
	if (srv.listen_fd >= 0)
		close(srv.listen_fd);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	mbedtls_psa_crypto_free();
}

int serve_main(int argc, char **argv)
{
	char err[512];
	memset(&srv, 0, sizeof srv);
	srv.listen_fd = -1;
	if (parse_options(argc, argv, &srv.opt))
		return 2;
	if (setup(err, sizeof err)) {
		log_msg("error", "cannot start", "error", err, NULL);
		return 1;
	}
	char workers[16];
	snprintf(workers, sizeof workers, "%d", srv.opt.workers);
	log_msg("info", "listening", "listen", srv.opt.listen, "policy", srv.opt.policy,
		"mtls", srv.opt.client_ca ? "required" : "off", "workers", workers, NULL);
	run_loop();
	teardown();
	return 0;
}
