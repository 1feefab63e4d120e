/* One HTTPS GET through mbedTLS, verifying the peer against the CA store
 * ca.c finds and the URL's host name. Small and blocking: the doctor and
 * the validation suite need an answer, not throughput. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
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

struct url {
	char host[256];
	char port[8];
	char path[1024];
};

struct tls {
	mbedtls_net_context net;
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

static int parse_url(const char *s, struct url *u, char *err, size_t errlen)
{
	const char *host, *end, *colon;
	size_t n;

	if (strncmp(s, "https://", 8) != 0) {
		snprintf(err, errlen, "only https:// URLs");
		return -1;
	}
	host = s + 8;
	end = host + strcspn(host, "/");
	colon = memchr(host, ':', (size_t)(end - host));
	n = (size_t)((colon ? colon : end) - host);
	if (n == 0 || n >= sizeof u->host || (colon && (size_t)(end - colon - 1) >= sizeof u->port) ||
	    strlen(*end ? end : "/") >= sizeof u->path) {
		snprintf(err, errlen, "bad URL");
		return -1;
	}
	memcpy(u->host, host, n);
	u->host[n] = 0;
	if (colon) {
		memcpy(u->port, colon + 1, (size_t)(end - colon - 1));
		u->port[end - colon - 1] = 0;
	} else {
		strcpy(u->port, "443");
	}
	snprintf(u->path, sizeof u->path, "%s", *end ? end : "/");
	return 0;
}

static void tls_error(char *buf, size_t len, const char *what, int rc)
{
	char msg[160];

	mbedtls_strerror(rc, msg, sizeof msg);
	snprintf(buf, len, "%s: %s (-0x%04x)", what, msg, (unsigned)-rc);
}

static int crypto_start(char *err, size_t errlen)
{
	psa_status_t ps = psa_crypto_init();
	if (ps == PSA_ERROR_INSUFFICIENT_ENTROPY) {
		snprintf(err, errlen, "no randomness: getrandom(2) failed and /dev/urandom cannot be read");
		return -1;
	}
	if (ps != PSA_SUCCESS) {
		snprintf(err, errlen, "psa_crypto_init: %d", (int)ps);
		return -1;
	}
	return 0;
}

/* A program that runs for days reseeds: a source that only works at start
 * (or blocks later, as /dev/random did before Linux 5.6) shows here. */
void random_check(struct random_result *r)
{
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	unsigned char out[32];
	struct timespec t0, t1;
	int rc;

	memset(r, 0, sizeof *r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (crypto_start(r->error, sizeof r->error))
		return;
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	if ((rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
					(const unsigned char *)"sea-check", 9)) != 0)
		tls_error(r->error, sizeof r->error, "seed", rc);
	else if ((rc = mbedtls_ctr_drbg_reseed(&drbg, NULL, 0)) != 0)
		tls_error(r->error, sizeof r->error, "reseed", rc);
	else if ((rc = mbedtls_ctr_drbg_random(&drbg, out, sizeof out)) != 0)
		tls_error(r->error, sizeof r->error, "draw", rc);
	else
		r->ok = 1;
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static int tls_setup(struct tls *t, const struct url *u, int timeout_ms, struct https_result *r)
{
	int rc;

	if (crypto_start(r->error, sizeof r->error))
		return -1;
	if ((rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func, &t->entropy,
					(const unsigned char *)"sea", 3)) != 0 ||
	    (rc = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT,
					      MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
		tls_error(r->error, sizeof r->error, "TLS setup", rc);
		return -1;
	}
	ca_load(&t->ca, &r->ca);
	mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	mbedtls_ssl_conf_read_timeout(&t->conf, (uint32_t)timeout_ms);
	if ((rc = mbedtls_ssl_setup(&t->ssl, &t->conf)) != 0 ||
	    (rc = mbedtls_ssl_set_hostname(&t->ssl, u->host)) != 0) {
		tls_error(r->error, sizeof r->error, "TLS setup", rc);
		return -1;
	}
	return 0;
}

/* One address: a non-blocking connect bounded by timeout_ms, then back to
 * blocking for mbedTLS. The socket, or -1 with errno set. */
static int connect_one(const struct addrinfo *a, int timeout_ms)
{
	int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
	struct pollfd p;
	int soerr = 0;
	socklen_t len = sizeof soerr;

	if (fd < 0)
		return -1;
	if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
		p.fd = fd;
		p.events = POLLOUT;
		if (errno != EINPROGRESS || poll(&p, 1, timeout_ms) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0 || soerr) {
			int e = soerr ? soerr : errno == EINPROGRESS ? ETIMEDOUT : errno;
			close(fd);
			errno = e;
			return -1;
		}
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* mbedtls_net_connect without a timeout would wait for the kernel's. */
static int net_connect(struct tls *t, const struct url *u, int timeout_ms, struct https_result *r)
{
	struct addrinfo hints, *res;
	int rc, fd = -1, err = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(u->host, u->port, &hints, &res)) != 0) {
		snprintf(r->error, sizeof r->error, "resolve %.128s: %s", u->host, gai_strerror(rc));
		return -1;
	}
	for (const struct addrinfo *a = res; a && fd < 0; a = a->ai_next)
		if ((fd = connect_one(a, timeout_ms)) < 0)
			err = errno;
	freeaddrinfo(res);
	if (fd < 0) {
		snprintf(r->error, sizeof r->error, "connect %.128s:%s: %s", u->host, u->port, strerror(err));
		return -1;
	}
	t->net.fd = fd;
	return 0;
}

static int tls_connect(struct tls *t, const struct url *u, int timeout_ms, struct https_result *r)
{
	uint32_t flags;
	int rc;

	if (net_connect(t, u, timeout_ms, r) < 0)
		return -1;
	mbedtls_ssl_set_bio(&t->ssl, &t->net, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);
	while ((rc = mbedtls_ssl_handshake(&t->ssl)) != 0) {
		if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		flags = mbedtls_ssl_get_verify_result(&t->ssl);
		if (flags && flags != (uint32_t)-1)
			mbedtls_x509_crt_verify_info(r->verify, sizeof r->verify, "", flags);
		tls_error(r->error, sizeof r->error, "TLS handshake", rc);
		return -1;
	}
	snprintf(r->verify, sizeof r->verify, "ok");
	snprintf(r->tls_version, sizeof r->tls_version, "%s", mbedtls_ssl_get_version(&t->ssl));
	snprintf(r->cipher, sizeof r->cipher, "%s", mbedtls_ssl_get_ciphersuite(&t->ssl));
	return 0;
}

static int write_all(struct tls *t, const char *buf, size_t len, struct https_result *r)
{
	while (len) {
		int rc = mbedtls_ssl_write(&t->ssl, (const unsigned char *)buf, len);
		if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		if (rc < 0) {
			tls_error(r->error, sizeof r->error, "write", rc);
			return -1;
		}
		buf += rc;
		len -= (size_t)rc;
	}
	return 0;
}

/* Keep the status line and the first bytes of the body; count the rest. */
static void take(struct https_result *r, char *head, size_t *hlen, size_t hcap,
		 const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (*hlen < hcap - 1 && !strstr(head, "\r\n\r\n")) {
			head[(*hlen)++] = (char)p[i];
			head[*hlen] = 0;
			continue;
		}
		if (r->bytes < sizeof r->body - 1)
			r->body[r->bytes] = (char)p[i];
		r->bytes++;
	}
}

static int read_response(struct tls *t, struct https_result *r)
{
	unsigned char buf[4096];
	char head[8192] = "";
	size_t hlen = 0;
	int rc;

	for (;;) {
		rc = mbedtls_ssl_read(&t->ssl, buf, sizeof buf);
		if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE ||
		    rc == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
			continue;
		if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == MBEDTLS_ERR_NET_CONN_RESET)
			break;
		if (rc < 0) {
			tls_error(r->error, sizeof r->error, "read", rc);
			return -1;
		}
		take(r, head, &hlen, sizeof head, buf, (size_t)rc);
	}
	r->body[r->bytes < sizeof r->body ? r->bytes : sizeof r->body - 1] = 0;
	snprintf(r->status_line, sizeof r->status_line, "%.*s", (int)strcspn(head, "\r\n"), head);
	if (sscanf(r->status_line, "HTTP/%*d.%*d %d", &r->status) != 1) {
		snprintf(r->error, sizeof r->error, "no HTTP status line in the response");
		return -1;
	}
	return 0;
}

void https_get(const char *url, int timeout_ms, struct https_result *r)
{
	struct tls t;
	struct url u;
	char req[1400];

	memset(r, 0, sizeof *r);
	if (parse_url(url, &u, r->error, sizeof r->error) < 0)
		return;
	mbedtls_net_init(&t.net);
	mbedtls_ssl_init(&t.ssl);
	mbedtls_ssl_config_init(&t.conf);
	mbedtls_x509_crt_init(&t.ca);
	mbedtls_entropy_init(&t.entropy);
	mbedtls_ctr_drbg_init(&t.drbg);
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: muslforge-sea\r\n"
		 "Connection: close\r\n\r\n", u.path, u.host);
	if (tls_setup(&t, &u, timeout_ms, r) == 0 && tls_connect(&t, &u, timeout_ms, r) == 0 &&
	    write_all(&t, req, strlen(req), r) == 0 && read_response(&t, r) == 0)
		r->ok = 1;
	mbedtls_ssl_close_notify(&t.ssl);
	mbedtls_net_free(&t.net);
	mbedtls_ssl_free(&t.ssl);
	mbedtls_ssl_config_free(&t.conf);
	mbedtls_x509_crt_free(&t.ca);
	mbedtls_ctr_drbg_free(&t.drbg);
	mbedtls_entropy_free(&t.entropy);
}
