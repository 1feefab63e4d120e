/* getnameinfo: a name (and a service, given a port) or the reason there
 * is none. Without --flags it asks with NI_NAMEREQD, so a numeric
 * fallback cannot hide a failed reverse lookup. ADDR may carry a numeric
 * scope (fe80::1%1); --hostlen shrinks the host buffer to see what a
 * name that does not fit gives. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

static const char usage_line[] =
	"probe-reverse ADDR[%SCOPE] [--port N] [--hostlen N]"
	" [--flags namereqd,numerichost,numericserv,nofqdn,dgram,numericscope|none]";

#ifndef NI_NUMERICSCOPE
#define NI_NUMERICSCOPE -1
#endif

static const struct probe_flag flag_names[] = {
	{ "namereqd", NI_NAMEREQD }, { "numerichost", NI_NUMERICHOST }, { "numericserv", NI_NUMERICSERV },
	{ "nofqdn", NI_NOFQDN }, { "dgram", NI_DGRAM }, { "numericscope", NI_NUMERICSCOPE },
};


static unsigned long parse_number(const char *s, unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > max)
		usage(usage_line, "%s: '%s' is not a number up to %lu", what, s, max);
	return v;
}

/* ADDR into ss; its length. A "%N" suffix is a numeric IPv6 scope. */
static socklen_t parse_addr(const char *arg, struct sockaddr_storage *ss, unsigned port)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	char addr[INET6_ADDRSTRLEN + 16];
	char *pct;

	if (strlen(arg) >= sizeof addr)
		usage(usage_line, "'%s' is too long for an address", arg);
	strcpy(addr, arg);
	memset(ss, 0, sizeof *ss);
	if ((pct = strchr(addr, '%')))
		*pct++ = 0;
	if (!pct && inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return sizeof *s4;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (pct)
			s6->sin6_scope_id = (uint32_t)parse_number(pct, 0xffffffff, "scope");
		return sizeof *s6;
	}
	usage(usage_line, "'%s' is not an IPv4 or IPv6 address", arg);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	char host[NI_MAXHOST], serv[NI_MAXSERV], buf[32];
	const char *addr = NULL, *undefined = NULL;
	size_t hostlen = sizeof host;
	int flags = NI_NAMEREQD, with_port = 0, rc;
	unsigned port = 0;
	socklen_t len;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] == '-' && i + 1 == argc)
			usage(usage_line, "%s needs a value", a);
		if (strcmp(a, "--port") == 0) {
			port = (unsigned)parse_number(argv[++i], 65535, "--port");
			with_port = 1;
		} else if (strcmp(a, "--hostlen") == 0) {
			hostlen = parse_number(argv[++i], sizeof host, "--hostlen");
		} else if (strcmp(a, "--flags") == 0) {
			const char *list = argv[++i];
			flags = strcmp(list, "none") == 0 ? 0 :
				parse_flag_list(list, flag_names, sizeof flag_names / sizeof flag_names[0], &undefined,
						usage_line);
		} else if (a[0] == '-' || addr) {
			usage(usage_line, "unexpected argument '%s'", a);
		} else {
			addr = a;
		}
	}
	if (!addr)
		usage(usage_line, "no ADDR");
	len = parse_addr(addr, &ss, port);
	if (undefined) {
		put("rc", "flag-undefined");
		put("flag", "%s", undefined);
		return finish();
	}
	host[0] = serv[0] = 0;
	rc = getnameinfo((struct sockaddr *)&ss, len, host, (socklen_t)hostlen,
			 with_port ? serv : NULL, with_port ? sizeof serv : 0, flags);
	put("rc", "%s", eai_name(rc, buf, sizeof buf));
	if (rc == EAI_SYSTEM)
		put("errno", "%s", errno_name(errno));
	put("name", "%s", rc == 0 ? host : "");
	if (with_port)
		put("serv", "%s", rc == 0 ? serv : "");
	return finish();
}
