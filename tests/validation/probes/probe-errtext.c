/* The messages a program prints for resolver errors: gai_strerror for
 * every EAI_* code both C libraries define (and one neither does), and
 * hstrerror for every h_errno value. Compared text for text: users grep
 * logs for these, and a program's own tests match them. */
#include <netdb.h>
#include <stdio.h>

#include "probe.h"

#define N(e) { e, #e }
static const struct { int code; const char *name; } eai_codes[] = {
	N(EAI_BADFLAGS), N(EAI_NONAME), N(EAI_AGAIN), N(EAI_FAIL), N(EAI_FAMILY),
	N(EAI_SOCKTYPE), N(EAI_SERVICE), N(EAI_MEMORY), N(EAI_SYSTEM), N(EAI_OVERFLOW),
#ifdef EAI_NODATA
	N(EAI_NODATA),
#endif
#ifdef EAI_ADDRFAMILY
	N(EAI_ADDRFAMILY),
#endif
	{ 0, "0" }, { -1000, "unknown(-1000)" },
};

static const struct { int code; const char *name; } herrno_codes[] = {
	N(HOST_NOT_FOUND), N(TRY_AGAIN), N(NO_RECOVERY), N(NO_DATA),
	{ 0, "0" }, { -1, "NETDB_INTERNAL(-1)" }, { 99, "unknown(99)" },
};
#undef N

int main(int argc, char **argv)
{
	char key[64];

	if (argc != 1)
		usage("probe-errtext", "no arguments expected");
	for (size_t i = 0; i < sizeof eai_codes / sizeof eai_codes[0]; i++) {
		snprintf(key, sizeof key, "gai_strerror.%s", eai_codes[i].name);
		put(key, "%s", gai_strerror(eai_codes[i].code));
	}
	for (size_t i = 0; i < sizeof herrno_codes / sizeof herrno_codes[0]; i++) {
		snprintf(key, sizeof key, "hstrerror.%s", herrno_codes[i].name);
		put(key, "%s", hstrerror(herrno_codes[i].code));
	}
	return finish();
}
