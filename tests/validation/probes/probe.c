/* Output and error-name helpers of the validation probes (probe.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static void put_escaped(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			printf("\\x%02x", *p);
		else
			putchar(*p);
}

void put(const char *key, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	printf("%s=", key);
	put_escaped(buf);
	putchar('\n');
}

void put_hex(const char *key, const unsigned char *p, size_t n)
{
	printf("%s=", key);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

#define N(e) { e, #e }
static const struct { int code; const char *name; } errnos[] = {
	N(EPERM), N(ENOENT), N(EINTR), N(EIO), N(EBADF), N(EAGAIN), N(ENOMEM), N(EACCES),
	N(EEXIST), N(ENOTDIR), N(EISDIR), N(EINVAL), N(EMFILE), N(ENOSPC), N(EPIPE),
	N(E2BIG), N(EDOM), N(ERANGE), N(ENOSYS), N(EILSEQ), N(ENOTSOCK), N(EPROTO),
	N(EPROTONOSUPPORT), N(EOPNOTSUPP), N(EAFNOSUPPORT), N(EADDRINUSE),
	N(EADDRNOTAVAIL), N(ENETDOWN), N(ENETUNREACH), N(ECONNABORTED), N(ECONNRESET),
	N(ENOBUFS), N(EISCONN), N(ENOTCONN), N(ETIMEDOUT), N(ECONNREFUSED),
	N(EHOSTDOWN), N(EHOSTUNREACH), N(EALREADY), N(EINPROGRESS),
};

const struct probe_code probe_eai_codes[] = {
	N(EAI_BADFLAGS), N(EAI_NONAME), N(EAI_AGAIN), N(EAI_FAIL), N(EAI_FAMILY),
	N(EAI_SOCKTYPE), N(EAI_SERVICE), N(EAI_MEMORY), N(EAI_SYSTEM), N(EAI_OVERFLOW),
#ifdef EAI_NODATA
	N(EAI_NODATA),
#endif
#ifdef EAI_ADDRFAMILY
	N(EAI_ADDRFAMILY),
#endif
#ifdef EAI_IDN_ENCODE		/* glibc's, for AI_IDN */
	N(EAI_IDN_ENCODE),
#endif
};
const size_t probe_n_eai_codes = sizeof probe_eai_codes / sizeof probe_eai_codes[0];
#undef N

const char *errno_name(int e)
{
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].code == e)
			return errnos[i].name;
	return "EUNKNOWN";
}

const char *eai_name(int rc, char *buf, size_t len)
{
	if (rc == 0)
		return "0";
	for (size_t i = 0; i < probe_n_eai_codes; i++)
		if (probe_eai_codes[i].code == rc)
			return probe_eai_codes[i].name;
	snprintf(buf, len, "EAI_%d", rc);
	return buf;
}

void addrs_add(struct probe_addrs *a, const struct sockaddr *sa)
{
	char ip[INET6_ADDRSTRLEN], line[PROBE_ADDR_LEN];
	const void *p;
	const char *fam;

	if (sa->sa_family == AF_INET) {
		p = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
		fam = "inet";
	} else if (sa->sa_family == AF_INET6) {
		p = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		fam = "inet6";
	} else {
		snprintf(line, sizeof line, "family%d -", sa->sa_family);
		p = NULL;
		fam = NULL;
	}
	if (p && !inet_ntop(sa->sa_family, p, ip, sizeof ip))
		snprintf(ip, sizeof ip, "?");
	if (fam)
		snprintf(line, sizeof line, "%s %s", fam, ip);
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->line[i], line) == 0)
			return;
	if (a->n == PROBE_MAX_ADDRS) {
		a->dropped++;
		return;
	}
	memcpy(a->line[a->n++], line, sizeof line);
}

static int cmp_line(const void *x, const void *y)
{
	return strcmp(x, y);
}

void addrs_put(struct probe_addrs *a)
{
	qsort(a->line, (size_t)a->n, sizeof a->line[0], cmp_line);
	for (int i = 0; i < a->n; i++)
		put("addr", "%s", a->line[i]);
	if (a->dropped)
		put("addrs_dropped", "%d", a->dropped);
}

int parse_flag_list(const char *list, const struct probe_flag *table, size_t n, const char **undefined,
		    const char *usage_line)
{
	char buf[256], *save = NULL;
	int flags = 0;

	if (strlen(list) >= sizeof buf)
		usage(usage_line, "--flags: list too long");
	strcpy(buf, list);
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < n && strcmp(f, table[i].name) != 0; i++)
			;
		if (i == n)
			usage(usage_line, "--flags: unknown flag '%s'", f);
		if (table[i].flag == -1) {
			if (!*undefined)
				*undefined = table[i].name;
			continue;
		}
		flags |= table[i].flag;
	}
	return flags;
}

int parse_family(const char *s)
{
	if (strcmp(s, "inet") == 0)
		return AF_INET;
	if (strcmp(s, "inet6") == 0)
		return AF_INET6;
	if (strcmp(s, "unspec") == 0)
		return AF_UNSPEC;
	return -1;
}

void usage(const char *usage_line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", usage_line);
	exit(PROBE_USAGE);
}

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(PROBE_FAIL);
}

int finish(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "probe: writing the output failed\n");
		return PROBE_FAIL;
	}
	return 0;
}
