/* Reverse lookup through getnameinfo with NI_NAMEREQD: a name or the
 * reason there is none (a numeric fallback would hide the difference). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

static const char usage_line[] = "probe-reverse ADDR";

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	char host[NI_MAXHOST], buf[32];
	socklen_t len;
	int rc;

	if (argc != 2)
		usage(usage_line, "one ADDR expected");
	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, argv[1], &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		len = sizeof *s4;
	} else if (inet_pton(AF_INET6, argv[1], &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		len = sizeof *s6;
	} else {
		usage(usage_line, "'%s' is not an IPv4 or IPv6 address", argv[1]);
	}
	host[0] = 0;
	rc = getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, NULL, 0, NI_NAMEREQD);
	put("rc", "%s", eai_name(rc, buf, sizeof buf));
	if (rc == EAI_SYSTEM)
		put("errno", "%s", errno_name(errno));
	put("name", "%s", rc == 0 ? host : "");
	return finish();
}
