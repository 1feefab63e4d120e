/* gethostbyname, the interface older programs still call: h_errno by
 * name, the official name, the aliases and the addresses (both sorted).
 * --family inet6 asks gethostbyname2 for IPv6; --addr asks gethostbyaddr
 * for the names of an address. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "probe.h"

static const char usage_line[] = "probe-hostent NAME [--family inet|inet6] | probe-hostent --addr ADDR";

static const char *herr_name(int e)
{
	switch (e) {
	case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case TRY_AGAIN: return "TRY_AGAIN";
	case NO_RECOVERY: return "NO_RECOVERY";
	case NO_DATA: return "NO_DATA";
	default: return "H_ERRNO_UNKNOWN";
	}
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void put_aliases(char **aliases)
{
	size_t n = 0;
	char **sorted;

	while (aliases && aliases[n])
		n++;
	if (n == 0)
		return;
	if (!(sorted = malloc(n * sizeof *sorted)))
		fail("probe-hostent: out of memory");
	memcpy(sorted, aliases, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_str);
	for (size_t i = 0; i < n; i++)
		put("alias", "%s", sorted[i]);
	free(sorted);
}

static void add_addr(struct probe_addrs *a, int family, const char *raw)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;

	if (family == AF_INET) {
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		memcpy(&s4.sin_addr, raw, sizeof s4.sin_addr);
		addrs_add(a, (struct sockaddr *)&s4);
	} else if (family == AF_INET6) {
		memset(&s6, 0, sizeof s6);
		s6.sin6_family = AF_INET6;
		memcpy(&s6.sin6_addr, raw, sizeof s6.sin6_addr);
		addrs_add(a, (struct sockaddr *)&s6);
	}
}

static struct hostent *by_addr(const char *s)
{
	static unsigned char raw[16];

	if (inet_pton(AF_INET, s, raw) == 1)
		return gethostbyaddr(raw, 4, AF_INET);
	if (inet_pton(AF_INET6, s, raw) == 1)
		return gethostbyaddr(raw, 16, AF_INET6);
	usage(usage_line, "'%s' is not an IPv4 or IPv6 address", s);
}

int main(int argc, char **argv)
{
	static struct probe_addrs addrs;
	struct hostent *h;

	if (argc == 3 && strcmp(argv[1], "--addr") == 0) {
		h = by_addr(argv[2]);
	} else if (argc == 4 && argv[1][0] != '-' && strcmp(argv[2], "--family") == 0) {
		int family = parse_family(argv[3]);
		if (family != AF_INET && family != AF_INET6)
			usage(usage_line, "--family: '%s' is not inet or inet6", argv[3]);
		h = gethostbyname2(argv[1], family);
	} else if (argc == 2 && argv[1][0] != '-') {
		h = gethostbyname(argv[1]);
	} else {
		usage(usage_line, "one NAME (with --family) or --addr ADDR expected");
	}
	if (!h) {
		put("rc", "%s", herr_name(h_errno));
		return finish();
	}
	put("rc", "0");
	put("name", "%s", h->h_name ? h->h_name : "");
	put_aliases(h->h_aliases);
	for (char **p = h->h_addr_list; p && *p; p++)
		add_addr(&addrs, h->h_addrtype, *p);
	addrs_put(&addrs);
	return finish();
}
