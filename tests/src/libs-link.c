/*
 * Exercises every static library the way the gateway will: Z3 for a
 * satisfiable and an unsatisfiable query, mbedTLS for SHA-256 and a verified
 * TLS handshake, c-ares for a lookup. One subcommand per library, so a test
 * can check each against an independent peer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <ares.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>
#include <z3.h>

static int sha256_file(const char *path)
{
	unsigned char buf[4096], sum[32];
	mbedtls_sha256_context c;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return 1;
	}
	mbedtls_sha256_init(&c);
	mbedtls_sha256_starts(&c, 0);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		mbedtls_sha256_update(&c, buf, n);
	fclose(f);
	mbedtls_sha256_finish(&c, sum);
	mbedtls_sha256_free(&c);
	for (int i = 0; i < 32; i++)
		printf("%02x", sum[i]);
	printf("\n");
	return 0;
}

static Z3_ast int_var(Z3_context ctx, const char *name)
{
	return Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), Z3_mk_int_sort(ctx));
}

static Z3_ast int_val(Z3_context ctx, int v)
{
	return Z3_mk_int(ctx, v, Z3_mk_int_sort(ctx));
}

static int model_int(Z3_context ctx, Z3_model m, Z3_ast var)
{
	Z3_ast v;
	int out = 0;

	if (!Z3_model_eval(ctx, m, var, true, &v) || !Z3_get_numeral_int(ctx, v, &out))
		return -1;
	return out;
}

/* x + y = 10 and x - y = 4 is satisfiable (x = 7, y = 3); x > 5 and x < 3 is not. */
static int z3_queries(void)
{
	Z3_config cfg = Z3_mk_config();
	Z3_context ctx = Z3_mk_context(cfg);
	Z3_ast x = int_var(ctx, "x"), y = int_var(ctx, "y");
	Z3_ast sum[2] = { x, y }, diff[2] = { x, y };
	Z3_solver s;
	Z3_lbool r;

	Z3_del_config(cfg);
	s = Z3_mk_solver(ctx);
	Z3_solver_inc_ref(ctx, s);
	Z3_solver_assert(ctx, s, Z3_mk_eq(ctx, Z3_mk_add(ctx, 2, sum), int_val(ctx, 10)));
	Z3_solver_assert(ctx, s, Z3_mk_eq(ctx, Z3_mk_sub(ctx, 2, diff), int_val(ctx, 4)));
	r = Z3_solver_check(ctx, s);
	if (r == Z3_L_TRUE) {
		Z3_model m = Z3_solver_get_model(ctx, s);
		Z3_model_inc_ref(ctx, m);
		printf("sat x=%d y=%d\n", model_int(ctx, m, x), model_int(ctx, m, y));
		Z3_model_dec_ref(ctx, m);
	} else {
		printf("first query: %s\n", r == Z3_L_FALSE ? "unsat" : "unknown");
	}
	Z3_solver_reset(ctx, s);
	Z3_solver_assert(ctx, s, Z3_mk_gt(ctx, x, int_val(ctx, 5)));
	Z3_solver_assert(ctx, s, Z3_mk_lt(ctx, x, int_val(ctx, 3)));
	r = Z3_solver_check(ctx, s);
	printf("%s\n", r == Z3_L_FALSE ? "unsat" : r == Z3_L_TRUE ? "sat" : "unknown");
	Z3_solver_dec_ref(ctx, s);
	Z3_del_context(ctx);
	return 0;
}

static int tls_fail(const char *what, int ret)
{
	fprintf(stderr, "tls: %s failed: -0x%04x\n", what, (unsigned)-ret);
	return 1;
}

/* A verified TLS handshake and one HTTP request to a local server. */
static int tls_get(const char *host, const char *port, const char *cafile)
{
	mbedtls_net_context fd;
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	const char req[] = "GET / HTTP/1.0\r\n\r\n";
	unsigned char reply[64] = { 0 };
	char subject[256];
	int ret;

	if (psa_crypto_init() != PSA_SUCCESS)
		return tls_fail("psa_crypto_init", -1);
	mbedtls_net_init(&fd);
	mbedtls_ssl_init(&ssl);
	mbedtls_ssl_config_init(&conf);
	mbedtls_x509_crt_init(&ca);
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0)))
		return tls_fail("seed", ret);
	if ((ret = mbedtls_x509_crt_parse_file(&ca, cafile)))
		return tls_fail("CA file", ret);
	if ((ret = mbedtls_net_connect(&fd, host, port, MBEDTLS_NET_PROTO_TCP)))
		return tls_fail("connect", ret);
	mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
				    MBEDTLS_SSL_PRESET_DEFAULT);
	mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
	mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
	if ((ret = mbedtls_ssl_setup(&ssl, &conf)) || (ret = mbedtls_ssl_set_hostname(&ssl, "localhost")))
		return tls_fail("setup", ret);
	mbedtls_ssl_set_bio(&ssl, &fd, mbedtls_net_send, mbedtls_net_recv, NULL);
	while ((ret = mbedtls_ssl_handshake(&ssl)) != 0)
		if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE)
			return tls_fail("handshake", ret);
	mbedtls_x509_dn_gets(subject, sizeof subject, &mbedtls_ssl_get_peer_cert(&ssl)->subject);
	printf("handshake %s verified subject %s\n", mbedtls_ssl_get_version(&ssl), subject);
	if ((ret = mbedtls_ssl_write(&ssl, (const unsigned char *)req, sizeof req - 1)) < 0)
		return tls_fail("write", ret);
	do
		ret = mbedtls_ssl_read(&ssl, reply, sizeof reply - 1);
	while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET);
	if (ret < 0)
		return tls_fail("read", ret);
	printf("reply %.*s\n", (int)strcspn((char *)reply, "\r\n"), reply);
	mbedtls_ssl_close_notify(&ssl);
	mbedtls_net_free(&fd);
	mbedtls_ssl_free(&ssl);
	mbedtls_ssl_config_free(&conf);
	mbedtls_x509_crt_free(&ca);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	return 0;
}

struct lookup {
	int status;
	char addrs[512];
};

static void on_addrinfo(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
	struct lookup *l = arg;
	char ip[INET6_ADDRSTRLEN];

	(void)timeouts;
	l->status = status;
	for (struct ares_addrinfo_node *n = res ? res->nodes : NULL; n; n = n->ai_next) {
		const void *a = n->ai_family == AF_INET
			? (const void *)&((struct sockaddr_in *)n->ai_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)n->ai_addr)->sin6_addr;
		inet_ntop(n->ai_family, a, ip, sizeof ip);
		if (strlen(l->addrs) + strlen(ip) + 2 < sizeof l->addrs) {
			strcat(l->addrs, l->addrs[0] ? " " : "");
			strcat(l->addrs, ip);
		}
	}
	ares_freeaddrinfo(res);
}

/* One A lookup of NAME against SERVERS ("ip:port"), ignoring resolv.conf. */
static int dns_lookup(const char *servers, const char *name)
{
	struct ares_options opts = { .evsys = ARES_EVSYS_DEFAULT, .timeout = 2000, .tries = 2 };
	struct ares_addrinfo_hints hints = { .ai_family = AF_INET };
	struct lookup l = { .status = -1 };
	ares_channel_t *ch;
	int ret;

	if ((ret = ares_library_init(ARES_LIB_INIT_ALL)) ||
	    (ret = ares_init_options(&ch, &opts, ARES_OPT_EVENT_THREAD | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES)) ||
	    (ret = ares_set_servers_ports_csv(ch, servers))) {
		fprintf(stderr, "dns: setup: %s\n", ares_strerror(ret));
		return 1;
	}
	ares_getaddrinfo(ch, name, NULL, &hints, on_addrinfo, &l);
	ares_queue_wait_empty(ch, 10000);
	ares_destroy(ch);
	ares_library_cleanup();
	if (l.status != ARES_SUCCESS) {
		fprintf(stderr, "dns: %s: %s\n", name, ares_strerror(l.status));
		return 1;
	}
	printf("%s %s\n", name, l.addrs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "sha256"))
		return sha256_file(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "z3"))
		return z3_queries();
	if (argc == 5 && !strcmp(argv[1], "tls"))
		return tls_get(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "dns"))
		return dns_lookup(argv[2], argv[3]);
	fprintf(stderr, "usage: %s sha256 FILE | z3 | tls HOST PORT CAFILE | dns IP:PORT NAME\n", argv[0]);
	return 2;
}
