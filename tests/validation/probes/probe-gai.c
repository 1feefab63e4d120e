/* getaddrinfo as an application calls it: the result code, the distinct
 * addresses (sorted), how many entries the list had (socket types
 * multiply them) and, when asked, the canonical name. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

static const char usage_line[] =
	"probe-gai NAME [--family inet|inet6|unspec] [--null-hints] [--socktype stream|dgram|any]"
	" [--flags addrconfig,v4mapped,canonname,all,passive,numerichost]";

static const struct { const char *name; int flag; } flag_names[] = {
	{ "addrconfig", AI_ADDRCONFIG }, { "v4mapped", AI_V4MAPPED }, { "canonname", AI_CANONNAME },
	{ "all", AI_ALL }, { "passive", AI_PASSIVE }, { "numerichost", AI_NUMERICHOST },
};

static int parse_flags(const char *list)
{
	char buf[256], *save = NULL;
	int flags = 0;

	if (strlen(list) >= sizeof buf)
		usage(usage_line, "--flags: list too long");
	strcpy(buf, list);
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
			if (strcmp(f, flag_names[i].name) == 0)
				break;
		if (i == sizeof flag_names / sizeof flag_names[0])
			usage(usage_line, "--flags: unknown flag '%s'", f);
		flags |= flag_names[i].flag;
	}
	return flags;
}

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

int main(int argc, char **argv)
{
	struct addrinfo hints, *res = NULL;
	static struct probe_addrs addrs;
	const char *name = NULL;
	int null_hints = 0, shaped = 0, entries = 0, rc;
	char buf[32];

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--null-hints") == 0) {
			null_hints = 1;
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
			hints.ai_flags = parse_flags(argv[++i]);
			shaped = 1;
		} else if (a[0] == '-' || name) {
			usage(usage_line, "unexpected argument '%s'", a);
		} else {
			name = a;
		}
	}
	if (!name)
		usage(usage_line, "no NAME");
	if (null_hints && shaped)
		usage(usage_line, "--null-hints takes no --family, --socktype or --flags");

	rc = getaddrinfo(name, NULL, null_hints ? NULL : &hints, &res);
	put("rc", "%s", eai_name(rc, buf, sizeof buf));
	if (rc == EAI_SYSTEM)
		put("errno", "%s", errno_name(errno));
	for (const struct addrinfo *ai = rc == 0 ? res : NULL; ai; ai = ai->ai_next) {
		addrs_add(&addrs, ai->ai_addr);
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
