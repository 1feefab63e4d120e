/* The messages a program prints for resolver errors: gai_strerror for
 * every EAI_* code the C library defines, success and a code no library
 * has, and
 * hstrerror for every h_errno value. Compared text for text: users grep
 * logs for these, and a program's own tests match them. */
#include <netdb.h>
#include <stdio.h>

#include "probe.h"

#define N(e) { e, #e }
/* Beside the EAI_* codes (probe_eai_codes): success and one no libc has. */
static const struct probe_code other_eai[] = { { 0, "0" }, { -1000, "unknown(-1000)" } };

static const struct probe_code herrno_codes[] = {
	N(HOST_NOT_FOUND), N(TRY_AGAIN), N(NO_RECOVERY), N(NO_DATA),
	{ 0, "0" }, { -1, "NETDB_INTERNAL(-1)" }, { 99, "unknown(99)" },
};
#undef N

int main(int argc, char **argv)
{
	char key[64];

	if (argc != 1)
		usage("probe-errtext", "no arguments expected");
	for (size_t i = 0; i < probe_n_eai_codes + 2; i++) {
		const struct probe_code *c = i < probe_n_eai_codes ? &probe_eai_codes[i]
							   : &other_eai[i - probe_n_eai_codes];
		snprintf(key, sizeof key, "gai_strerror.%s", c->name);
		put(key, "%s", gai_strerror(c->code));
	}
	for (size_t i = 0; i < sizeof herrno_codes / sizeof herrno_codes[0]; i++) {
		snprintf(key, sizeof key, "hstrerror.%s", herrno_codes[i].name);
		put(key, "%s", hstrerror(herrno_codes[i].code));
	}
	return finish();
}
