/* Checks and reports over a parsed ELF file (struct ef_info). */
#ifndef ELFCHECK_REPORT_H
#define ELFCHECK_REPORT_H

#include <stdio.h>

#include "elfcheck.h"

/* Exit codes, also documented in --help and docs/elfcheck.md. */
enum { EC_PASS = 0, EC_FAIL = 1, EC_USAGE = 2, EC_BAD = 3 };

struct ec_opts {
	int want_static;
	int want_arch;
	uint16_t arch;          /* EM_* when want_arch */
	const char *arch_name;
	int want_floor;
	struct ef_ver floor;
	const char *floor_str;
};

/* Why a file is not fully static; count is 0 when it is. */
struct ec_reason {
	const char *what;
	const char *arg;        /* may be NULL */
};

size_t ec_static_reasons(const struct ef_info *info, struct ec_reason *out,
			 size_t max);
int ec_arch_ok(const struct ef_info *info, const struct ec_opts *o);
/* 1 for a numbered GLIBC_ version above the floor. */
int ec_above_floor(const struct ef_vreq *r, const struct ec_opts *o);
int ec_floor_ok(const struct ef_info *info, const struct ec_opts *o);
/* EC_PASS or EC_FAIL for all requested checks. */
int ec_evaluate(const struct ef_info *info, const struct ec_opts *o);

/* Both return ec_evaluate() for the file. */
int report_text(FILE *f, const char *path, const struct ef_info *info,
		const struct ec_opts *o);
int report_json(FILE *f, const char *path, const struct ef_info *info,
		const struct ec_opts *o);
void report_json_error(FILE *f, const char *path, const char *err);
void json_string(FILE *f, const char *s);
/* Prints s with control characters (C0, DEL, C1) and bytes that are not
 * UTF-8 shown as '?'. */
void ec_text(FILE *f, const char *s);

#endif
