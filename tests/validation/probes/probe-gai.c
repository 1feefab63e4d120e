/* getaddrinfo as an application calls it: the result code, the distinct
 * addresses (sorted), how many entries the list had (socket types
 * multiply them) and, when asked, the canonical name. With --entries,
 * every entry in the order the library returned it (address, port,
 * socket type, protocol): what RFC 6724 sorting and service lookups
 * decide. A flag the C library does not define (AI_IDN on musl) is
 * reported as rc=flag-undefined, not silently dropped. The locale is the
 * environment's, as in a program that calls setlocale: AI_IDN converts
 * names from its character set. */
#include <arpa/inet.h>
#include <errno.h>
#include <locale.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

static const char usage_line[] =
	"probe-gai NAME|--null-name [--service S] [--family inet|inet6|unspec] [--null-hints]"
	" [--socktype stream|dgram|any] [--protocol tcp|udp] [--entries]"
	" [--flags addrconfig,v4mapped,canonname,all,passive,numerichost,numericserv,idn,canonidn]";

/* A flag this C library does not define is -1: asked for, it is reported. */
#ifndef AI_IDN
#define AI_IDN -1
#endif
#ifndef AI_CANONIDN
#define AI_CANONIDN -1
#endif

static const struct probe_flag flag_names[] = {
	{ "addrconfig", AI_ADDRCONFIG }, { "v4mapped", AI_V4MAPPED }, { "canonname", AI_CANONNAME },
	{ "all", AI_ALL }, { "passive", AI_PASSIVE }, { "numerichost", AI_NUMERICHOST },
	{ "numericserv", AI_NUMERICSERV }, { "idn", AI_IDN }, { "canonidn", AI_CANONIDN },
};


static int parse_socktype(const char *s)
{
	if (strcmp(s, "stream") == 0)
		return SOCK_STREAM;
	if (strcmp(s, "dgram") == 0)
		return SOCK_DGRAM;
	if (strcmp(s, "any") == 0)
		return 0;
	usage(usage_line, "--socktype: '%s' is not stream, dgram or any", s);
}

static const char *socktype_name(int t)
{
	return t == SOCK_STREAM ? "stream" : t == SOCK_DGRAM ? "dgram" : t == SOCK_RAW ? "raw" : "other";
}

static const char *protocol_name(int p)
{
	return p == IPPROTO_TCP ? "tcp" : p == IPPROTO_UDP ? "udp" : p == 0 ? "0" : "other";
}

/* One entry as it came: family and address, port, socket type, protocol. */
static void put_entry(const struct addrinfo *ai)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ai->ai_addr;
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip);
		port = ntohs(s4->sin_port);
	} else if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ai->ai_addr;
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip);
		port = ntohs(s6->sin6_port);
	}
	put("entry", "%s %s port=%u %s %s", ai->ai_family == AF_INET ? "inet" : ai->ai_family == AF_INET6 ?
	    "inet6" : "other", ip, port, socktype_name(ai->ai_socktype), protocol_name(ai->ai_protocol));
}

int main(int argc, char **argv)
{
	struct addrinfo hints, *res = NULL;
	static struct probe_addrs addrs;
	const char *name = NULL, *service = NULL, *undefined = NULL;
	int null_hints = 0, null_name = 0, shaped = 0, list = 0, entries = 0, rc;
	char buf[32];

	setlocale(LC_ALL, "");
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--null-hints") == 0) {
			null_hints = 1;
			continue;
		}
		if (strcmp(a, "--null-name") == 0) {
			null_name = 1;
			continue;
		}
		if (strcmp(a, "--entries") == 0) {
			list = 1;
			continue;
		}
		if (a[0] == '-' && a[1] == '-' && i + 1 == argc)
			usage(usage_line, "%s needs a value", a);
		if (strcmp(a, "--family") == 0) {
			if ((hints.ai_family = parse_family(argv[++i])) < 0)
				usage(usage_line, "--family: '%s' is not inet, inet6 or unspec", argv[i]);
			shaped = 1;
		} else if (strcmp(a, "--socktype") == 0) {
			hints.ai_socktype = parse_socktype(argv[++i]);
			shaped = 1;
		} else if (strcmp(a, "--flags") == 0) {
			hints.ai_flags = parse_flag_list(argv[++i], flag_names, sizeof flag_names / sizeof flag_names[0],
							 &undefined, usage_line);
			shaped = 1;
		} else if (strcmp(a, "--protocol") == 0) {
			i++;
			if (strcmp(argv[i], "tcp") != 0 && strcmp(argv[i], "udp") != 0)
				usage(usage_line, "--protocol: '%s' is not tcp or udp", argv[i]);
			hints.ai_protocol = strcmp(argv[i], "tcp") == 0 ? IPPROTO_TCP : IPPROTO_UDP;
			shaped = 1;
		} else if (strcmp(a, "--service") == 0) {
			service = argv[++i];
		} else if (a[0] == '-' || name) {
			usage(usage_line, "unexpected argument '%s'", a);
		} else {
			name = a;
		}
	}
	if (!name == !null_name)
		usage(usage_line, "NAME or --null-name, not both");
	if (null_hints && shaped)
		usage(usage_line, "--null-hints takes no --family, --socktype or --flags");

	if (undefined) {
		put("rc", "flag-undefined");
		put("flag", "%s", undefined);
		return finish();
	}
	rc = getaddrinfo(name, service, null_hints ? NULL : &hints, &res);
	put("rc", "%s", eai_name(rc, buf, sizeof buf));
	if (rc == EAI_SYSTEM)
		put("errno", "%s", errno_name(errno));
	for (const struct addrinfo *ai = rc == 0 ? res : NULL; ai; ai = ai->ai_next) {
		addrs_add(&addrs, ai->ai_addr);
		if (list)
			put_entry(ai);
		entries++;
	}
	addrs_put(&addrs);
	put("entries", "%d", entries);
	if (!null_hints && (hints.ai_flags & AI_CANONNAME))
		put("canonname", "%s", rc == 0 && res->ai_canonname ? res->ai_canonname : "");
	if (rc == 0)
		freeaddrinfo(res);
	return finish();
}
