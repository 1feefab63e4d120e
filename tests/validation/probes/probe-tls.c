/* A TLS client handshake through mbedTLS, verifying the peer the way the
 * SEA does: the CA store comes from apps/sea/ca.c (linked in, the same
 * file), unless --cafile or --capath names one. Everything from the
 * connect to the end of the handshake shares one deadline. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

#include "native.h"
#include "probe.h"

static const char usage_line[] = "probe-tls HOST PORT [--servername NAME] [--cafile F] [--capath D]";

#define DEADLINE_MS 5000

struct args {
	const char *host, *port, *servername, *cafile, *capath;
};

struct conn {
	int fd;
	int err;		/* errno of the last failed socket call */
	struct timespec deadline;
};

struct tls {
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

#define F(flag, name) { MBEDTLS_X509_##flag, name }
static const struct { uint32_t flag; const char *name; } verify_names[] = {
	F(BADCERT_EXPIRED, "EXPIRED"), F(BADCERT_REVOKED, "REVOKED"), F(BADCERT_CN_MISMATCH, "CN_MISMATCH"),
	F(BADCERT_NOT_TRUSTED, "NOT_TRUSTED"), F(BADCRL_NOT_TRUSTED, "BADCRL_NOT_TRUSTED"),
	F(BADCRL_EXPIRED, "BADCRL_EXPIRED"), F(BADCERT_MISSING, "MISSING"), F(BADCERT_SKIP_VERIFY, "SKIP_VERIFY"),
	F(BADCERT_OTHER, "OTHER"), F(BADCERT_FUTURE, "FUTURE"), F(BADCRL_FUTURE, "BADCRL_FUTURE"),
	F(BADCERT_KEY_USAGE, "KEY_USAGE"), F(BADCERT_EXT_KEY_USAGE, "EXT_KEY_USAGE"),
	F(BADCERT_NS_CERT_TYPE, "NS_CERT_TYPE"), F(BADCERT_BAD_MD, "BAD_MD"), F(BADCERT_BAD_PK, "BAD_PK"),
	F(BADCERT_BAD_KEY, "BAD_KEY"), F(BADCRL_BAD_MD, "BADCRL_BAD_MD"), F(BADCRL_BAD_PK, "BADCRL_BAD_PK"),
	F(BADCRL_BAD_KEY, "BADCRL_BAD_KEY"),
};
#undef F

#define E(code) { MBEDTLS_ERR_##code, #code }
static const struct { int code; const char *name; } error_names[] = {
	E(SSL_TIMEOUT), E(SSL_FATAL_ALERT_MESSAGE), E(X509_CERT_VERIFY_FAILED), E(SSL_HANDSHAKE_FAILURE),
	E(SSL_BAD_PROTOCOL_VERSION), E(SSL_CONN_EOF), E(SSL_PEER_CLOSE_NOTIFY), E(SSL_INVALID_RECORD),
	E(SSL_DECODE_ERROR), E(SSL_UNSUPPORTED_EXTENSION),
	E(SSL_BAD_CERTIFICATE), E(SSL_ILLEGAL_PARAMETER), E(SSL_UNEXPECTED_MESSAGE),
	E(SSL_BAD_INPUT_DATA), E(SSL_INTERNAL_ERROR), E(NET_CONN_RESET), E(NET_RECV_FAILED),
	E(NET_SEND_FAILED), E(X509_INVALID_FORMAT), E(X509_UNKNOWN_SIG_ALG),
};
#undef E

static void put_verify(uint32_t flags)
{
	char buf[512] = "";
	size_t len = 0;

	if (flags == 0) {
		put("verify", "ok");
		return;
	}
	if (flags == UINT32_MAX) {	/* no certificate was verified */
		put("verify", "none");
		return;
	}
	for (size_t i = 0; i < sizeof verify_names / sizeof verify_names[0]; i++)
		if (flags & verify_names[i].flag) {
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "," : "", verify_names[i].name);
			flags &= ~verify_names[i].flag;
		}
	if (flags)
		snprintf(buf + len, sizeof buf - len, "%s0x%x", len ? "," : "", (unsigned)flags);
	put("verify", "%s", buf);
}

static const char *tls_error_name(int rc, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++)
		if (error_names[i].code == rc)
			return error_names[i].name;
	snprintf(buf, len, "MBEDTLS_-0x%04x", (unsigned)-rc);
	return buf;
}

static int remaining_ms(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct conn *c = ctx;
	ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

	if (n >= 0)
		return (int)n;
	c->err = errno;
	if (errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	return errno == EPIPE || errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_SEND_FAILED;
}

/* The peer controls the pace: every read waits only until the deadline. */
static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct conn *c = ctx;
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	ssize_t n;
	int rc = poll(&p, 1, remaining_ms(&c->deadline));

	if (rc == 0)
		return MBEDTLS_ERR_SSL_TIMEOUT;
	if (rc < 0)
		return errno == EINTR ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
	if ((n = recv(c->fd, buf, len, 0)) >= 0)
		return (int)n;
	c->err = errno;
	if (errno == EINTR || errno == EAGAIN)
		return MBEDTLS_ERR_SSL_WANT_READ;
	return errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* A non-blocking connect bounded by the deadline, then blocking again. */
static int connect_one(const struct addrinfo *a, struct conn *c)
{
	int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
	struct pollfd p = { .events = POLLOUT };
	int soerr = 0;
	socklen_t len = sizeof soerr;

	if (fd < 0)
		return -1;
	p.fd = fd;
	if (connect(fd, a->ai_addr, a->ai_addrlen) < 0 &&
	    (errno != EINPROGRESS || poll(&p, 1, remaining_ms(&c->deadline)) != 1 ||
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0 || soerr)) {
		int e = soerr ? soerr : errno == EINPROGRESS ? ETIMEDOUT : errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 0 when connected; otherwise -1 with the error's name in err. */
static int net_connect(const struct args *a, struct conn *c, char *err, size_t errlen)
{
	struct addrinfo hints, *res;
	char buf[32];
	int rc, e = ETIMEDOUT;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(a->host, a->port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s", eai_name(rc, buf, sizeof buf));
		return -1;
	}
	c->fd = -1;
	for (const struct addrinfo *ai = res; ai && c->fd < 0 && remaining_ms(&c->deadline) > 0; ai = ai->ai_next)
		if ((c->fd = connect_one(ai, c)) < 0)
			e = errno;
	freeaddrinfo(res);
	if (c->fd < 0) {
		snprintf(err, errlen, "%s", errno_name(e));
		return -1;
	}
	return 0;
}

static void load_ca(const struct args *a, struct tls *t)
{
	struct ca_report *r;
	int n = 0;

	if (!a->cafile && !a->capath) {
		if (!(r = malloc(sizeof *r)))
			fail("probe-tls: out of memory");
		ca_load(&t->ca, r);
		put("ca_source", "%s", r->found ? r->source : "none");
		put("ca_path", "%s", r->found ? r->path : "");
		put("ca_certificates", "%d", r->certificates);
		free(r);
		return;
	}
	/* Unparsable entries are skipped, as ca.c does: the count says what loaded. */
	if (a->cafile)
		mbedtls_x509_crt_parse_file(&t->ca, a->cafile);
	if (a->capath)
		mbedtls_x509_crt_parse_path(&t->ca, a->capath);
	for (const mbedtls_x509_crt *c = &t->ca; c && c->raw.len; c = c->next)
		n++;
	put("ca_source", "%s", a->cafile && a->capath ? "cafile+capath" : a->cafile ? "cafile" : "capath");
	put("ca_path", "%s%s%s", a->cafile ? a->cafile : "", a->cafile && a->capath ? ":" : "",
	    a->capath ? a->capath : "");
	put("ca_certificates", "%d", n);
}

static void tls_setup(const struct args *a, struct tls *t, struct conn *c)
{
	char buf[32];
	int rc;

	if (psa_crypto_init() != PSA_SUCCESS)
		fail("probe-tls: psa_crypto_init failed");
	if ((rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func, &t->entropy,
					(const unsigned char *)"probe-tls", 9)) != 0 ||
	    (rc = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
					      MBEDTLS_SSL_PRESET_DEFAULT)) != 0)
		fail("probe-tls: TLS setup: %s", tls_error_name(rc, buf, sizeof buf));
	load_ca(a, t);
	mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	if ((rc = mbedtls_ssl_setup(&t->ssl, &t->conf)) != 0 ||
	    (rc = mbedtls_ssl_set_hostname(&t->ssl, a->servername ? a->servername : a->host)) != 0)
		fail("probe-tls: TLS setup: %s", tls_error_name(rc, buf, sizeof buf));
	mbedtls_ssl_set_bio(&t->ssl, c, bio_send, bio_recv, NULL);
}

static void handshake(struct tls *t, struct conn *c)
{
	char buf[32];
	int rc;

	while ((rc = mbedtls_ssl_handshake(&t->ssl)) == MBEDTLS_ERR_SSL_WANT_READ ||
	       rc == MBEDTLS_ERR_SSL_WANT_WRITE)
		if (remaining_ms(&c->deadline) == 0) {
			rc = MBEDTLS_ERR_SSL_TIMEOUT;
			break;
		}
	put("handshake", "%s", rc == 0 ? "ok" : "fail");
	put_verify(mbedtls_ssl_get_verify_result(&t->ssl));
	put("version", "%s", rc == 0 ? mbedtls_ssl_get_version(&t->ssl) : "none");
	if (rc == 0) {
		put("error", "none");
		mbedtls_ssl_close_notify(&t->ssl);
	} else if ((rc == MBEDTLS_ERR_NET_RECV_FAILED || rc == MBEDTLS_ERR_NET_SEND_FAILED) && c->err) {
		put("error", "%s", errno_name(c->err));
	} else {
		put("error", "%s", tls_error_name(rc, buf, sizeof buf));
	}
}

static void parse_args(int argc, char **argv, struct args *a)
{
	char *end;
	long port;
	int pos = 0;

	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		const char **opt = strcmp(argv[i], "--servername") == 0 ? &a->servername :
				   strcmp(argv[i], "--cafile") == 0 ? &a->cafile :
				   strcmp(argv[i], "--capath") == 0 ? &a->capath : NULL;
		if (opt) {
			if (i + 1 == argc)
				usage(usage_line, "%s needs a value", argv[i]);
			*opt = argv[++i];
		} else if (argv[i][0] == '-' || pos == 2) {
			usage(usage_line, "unexpected argument '%s'", argv[i]);
		} else {
			*(pos++ ? &a->port : &a->host) = argv[i];
		}
	}
	if (pos != 2)
		usage(usage_line, "HOST and PORT expected");
	errno = 0;
	port = strtol(a->port, &end, 10);
	if (errno || *end || end == a->port || port < 1 || port > 65535)
		usage(usage_line, "PORT '%s' is not a number from 1 to 65535", a->port);
}

int main(int argc, char **argv)
{
	static struct tls t;
	struct conn c = { .fd = -1 };
	struct args a;
	char err[32];

	parse_args(argc, argv, &a);
	clock_gettime(CLOCK_MONOTONIC, &c.deadline);
	c.deadline.tv_sec += DEADLINE_MS / 1000;
	mbedtls_ssl_init(&t.ssl);
	mbedtls_ssl_config_init(&t.conf);
	mbedtls_x509_crt_init(&t.ca);
	mbedtls_entropy_init(&t.entropy);
	mbedtls_ctr_drbg_init(&t.drbg);
	tls_setup(&a, &t, &c);
	if (net_connect(&a, &c, err, sizeof err) < 0) {
		put("handshake", "fail");
		put("verify", "none");
		put("version", "none");
		put("error", "%s", err);
	} else {
		handshake(&t, &c);
		close(c.fd);
	}
	mbedtls_ssl_free(&t.ssl);
	mbedtls_ssl_config_free(&t.conf);
	mbedtls_x509_crt_free(&t.ca);
	mbedtls_ctr_drbg_free(&t.drbg);
	mbedtls_entropy_free(&t.entropy);
	mbedtls_psa_crypto_free();
	return finish();
}
