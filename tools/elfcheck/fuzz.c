/* libFuzzer entry point: the same parse and report code the tool runs,
 * fed from a memory buffer, with every check switched on so the check
 * and report paths are fuzzed too. Output goes to /dev/null. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

/* Small inputs double as --glibc-floor arguments. */
static void fuzz_version(const uint8_t *data, size_t size)
{
	char s[32];
	struct ef_ver v, w;

	if (size >= sizeof s)
		return;
	memcpy(s, data, size);
	s[size] = 0;
	if (ef_ver_parse(s, 1, &v) == 0 && ef_ver_parse("GLIBC_2.28", 0, &w) == 0)
		(void)ef_ver_cmp(&v, &w);
}

/* fuzz.sh and the tests run with -max_len=4194304: inputs that big reach
 * the size-dependent paths (repeated headers, shared names), which must
 * stay linear in time and output. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec_opts o;
	struct ef_info info;
	char err[EF_ERRLEN];
	FILE *f = sink();

	if (!f)
		return 0;
	fuzz_version(data, size);
	memset(&o, 0, sizeof o);
	o.want_static = 1;
	o.want_arch = 1;
	o.arch = EM_AARCH64;
	o.arch_name = "aarch64";
	o.want_floor = 1;
	ef_ver_parse("2.17", 1, &o.floor);
	o.floor_str = "2.17";
	if (ef_parse(data, size, &info, err, sizeof err)) {
		report_json_error(f, "fuzz-input", err);
		return 0;
	}
	report_text(f, "fuzz-input", &info, &o);
	report_json(f, "fuzz-input", &info, &o);
	ef_free(&info);
	return 0;
}
