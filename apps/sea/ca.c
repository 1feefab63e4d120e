/* Finding the system's CA certificates the way a static binary must: it
 * cannot ask a libc or an OpenSSL build where they are. The order (also in
 * docs/sea.md):
 *   1. SSL_CERT_FILE, a PEM bundle, and SSL_CERT_DIR, directories separated
 *      by ':'; when either is set, nothing else is tried (as OpenSSL does);
 *   2. the bundles of Debian/Ubuntu, RHEL/Fedora (two), SUSE and Alpine;
 *   3. the directories /etc/ssl/certs and /etc/pki/tls/certs.
 * The first place that yields at least one certificate wins. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mbedtls/x509_crt.h>

#include "native.h"

static const struct { const char *source, *path; } bundles[] = {
	{ "debian", "/etc/ssl/certs/ca-certificates.crt" },
	{ "rhel", "/etc/pki/tls/certs/ca-bundle.crt" },
	{ "rhel", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem" },
	{ "suse", "/etc/ssl/ca-bundle.pem" },
	{ "alpine", "/etc/ssl/cert.pem" },
};

static const char *const dirs[] = { "/etc/ssl/certs", "/etc/pki/tls/certs" };

static struct ca_try *next_try(struct ca_report *r, const char *path)
{
	struct ca_try *t;

	if (r->ntried == NATIVE_CA_TRIED)
		return NULL;
	t = &r->tried[r->ntried++];
	snprintf(t->path, sizeof t->path, "%s", path);
	return t;
}

/* Count the certificates chain gained; record the attempt. */
static int try_place(mbedtls_x509_crt *chain, struct ca_report *r, const char *source,
		     const char *path, int is_dir)
{
	struct ca_try *t = next_try(r, path);
	struct stat st;
	int before = 0, after = 0, rc;

	for (const mbedtls_x509_crt *c = chain; c && c->raw.len; c = c->next)
		before++;
	if (stat(path, &st) < 0) {
		if (t)
			snprintf(t->result, sizeof t->result, "%s", errno == ENOENT ? "missing" : strerror(errno));
		return 0;
	}
	if (is_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		if (t)
			snprintf(t->result, sizeof t->result, "not a %s", is_dir ? "directory" : "file");
		return 0;
	}
	rc = is_dir ? mbedtls_x509_crt_parse_path(chain, path) : mbedtls_x509_crt_parse_file(chain, path);
	for (const mbedtls_x509_crt *c = chain; c && c->raw.len; c = c->next)
		after++;
	if (t)
		snprintf(t->result, sizeof t->result, "%d certificates%s", after - before,
			 rc != 0 ? " (some unparsable)" : "");
	if (after == before)
		return 0;
	if (!r->found) {
		r->found = 1;
		snprintf(r->source, sizeof r->source, "%s", source);
		snprintf(r->path, sizeof r->path, "%s", path);
	}
	r->certificates += after - before;
	return 1;
}

/* SSL_CERT_DIR: each directory in a ':'-separated list. */
static void try_env_dirs(mbedtls_x509_crt *chain, struct ca_report *r, const char *list)
{
	char buf[4096], *save = NULL;

	snprintf(buf, sizeof buf, "%s", list);
	for (char *d = strtok_r(buf, ":", &save); d; d = strtok_r(NULL, ":", &save))
		try_place(chain, r, "SSL_CERT_DIR", d, 1);
}

void ca_load(mbedtls_x509_crt *chain, struct ca_report *r)
{
	const char *file = getenv("SSL_CERT_FILE"), *dir = getenv("SSL_CERT_DIR");
	size_t i;

	memset(r, 0, sizeof *r);
	if ((file && *file) || (dir && *dir)) {
		if (file && *file)
			try_place(chain, r, "SSL_CERT_FILE", file, 0);
		if (dir && *dir)
			try_env_dirs(chain, r, dir);
		return;
	}
	for (i = 0; i < sizeof bundles / sizeof bundles[0]; i++)
		if (try_place(chain, r, bundles[i].source, bundles[i].path, 0))
			return;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (try_place(chain, r, "directory", dirs[i], 1))
			return;
}
