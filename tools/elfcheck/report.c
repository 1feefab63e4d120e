/* Human and JSON reports. Strings come from untrusted files: the text
 * report masks control characters (C0 and C1) and bytes that are not
 * UTF-8 so a file cannot drive the terminal, and the JSON report escapes
 * control characters and replaces invalid UTF-8 with U+FFFD.
 *
 * A file can point many entries at one long name, so output is bounded:
 * names are printed while a budget proportional to the file size lasts,
 * then each list ends with "... N more". Sorting and grouping compare at
 * most NAME_CMP_MAX bytes of a name. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define REPORT_SLACK (64ULL * 1024)
#define REPORT_FACTOR 1
#define NAME_CMP_MAX 256

static unsigned long long room;  /* bytes of names left in this report */

static void budget_start(const struct ef_info *info)
{
	room = REPORT_SLACK + REPORT_FACTOR * (unsigned long long)info->size;
}

static void spend(size_t k)
{
	room = k < room ? room - k : 0;
}

static int name_cmp(const char *a, const char *b)
{
	return a == b ? 0 : strncmp(a, b, NAME_CMP_MAX);
}

/* One versioned requirement above the floor; sym is NULL for a version
 * needed by the file but referenced by no dynamic symbol. */
struct row {
	struct ef_ver v;
	const char *sym, *ver, *lib;
	size_t idx;      /* makes the order total, so qsort is deterministic */
};

struct rows {
	struct row *r;
	size_t n;
};

static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = ef_ver_cmp(&a->v, &b->v);

	if (c)
		return c;
	if ((c = name_cmp(a->ver, b->ver)))
		return c;
	if (!a->sym || !b->sym)
		return !!a->sym - !!b->sym;
	if ((c = name_cmp(a->sym, b->sym)) || (c = name_cmp(a->lib, b->lib)))
		return c;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static void add_row(struct rows *rs, const struct ef_vreq *q, const char *sym)
{
	struct row *r = &rs->r[rs->n];

	r->idx = rs->n++;
	r->v = q->ver;
	r->sym = sym;
	r->ver = q->name;
	r->lib = q->lib;
}

/* Returns -1 only when out of memory. */
static int above_rows(const struct ef_info *info, const struct ec_opts *o,
		      struct rows *rs)
{
	size_t i;
	const struct ef_vreq *q;

	rs->n = 0;
	rs->r = malloc((info->nsymreqs + info->nvreqs + 1) * sizeof *rs->r);
	if (!rs->r)
		return -1;
	for (i = 0; i < info->nsymreqs; i++) {
		q = &info->vreqs[info->symreqs[i].vreq];
		if (ec_above_floor(q, o))
			add_row(rs, q, info->symreqs[i].sym);
	}
	for (i = 0; i < info->nvreqs; i++) {
		q = &info->vreqs[i];
		if (ec_above_floor(q, o) && q->nsyms == 0)
			add_row(rs, q, NULL);
	}
	qsort(rs->r, rs->n, sizeof *rs->r, row_cmp);
	return 0;
}

/* Rows are sorted, so rows of one version are adjacent. */
static size_t group_end(const struct rows *rs, size_t i, size_t *nsyms)
{
	size_t j;

	*nsyms = 0;
	for (j = i; j < rs->n && !name_cmp(rs->r[j].ver, rs->r[i].ver); j++)
		*nsyms += rs->r[j].sym != NULL;
	return j;
}

static int unnumbered_glibc(const struct ef_vreq *q)
{
	return !q->numbered && !strncmp(q->name, "GLIBC_", 6);
}

static size_t count_unnumbered(const struct ef_info *info, size_t from)
{
	size_t n = 0;

	for (; from < info->nvreqs; from++)
		n += unnumbered_glibc(&info->vreqs[from]);
	return n;
}

static size_t count_glibc(const struct ef_info *info)
{
	size_t i, n = 0;

	for (i = 0; i < info->nvreqs; i++)
		n += !strncmp(info->vreqs[i].name, "GLIBC_", 6);
	return n;
}

static size_t utf8_len(const unsigned char *s);

static int c1_control(const unsigned char *s, size_t n)
{
	return n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

void ec_text(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	while (*s) {
		n = utf8_len(s);
		if (n == 0 || *s < 0x20 || *s == 0x7f || c1_control(s, n)) {
			fputc('?', f);
			s += n ? n : 1;
		} else {
			fwrite(s, 1, n, f);
			s += n;
		}
	}
}

static void text(FILE *f, const char *s)
{
	spend(strlen(s));
	ec_text(f, s);
}

static void text_more(FILE *f, const char *indent, size_t n, const char *what)
{
	if (n)
		fprintf(f, "%s... %zu more%s\n", indent, n, what);
}

static void text_field(FILE *f, const char *key)
{
	fprintf(f, "  %-16s ", key);
}

static void text_identity(FILE *f, const struct ef_info *info)
{
	const char *m = ef_machine_name(info->machine);
	size_t i;

	text_field(f, "kind");
	fprintf(f, "%s\n", ef_kind(info));
	text_field(f, "machine");
	if (m)
		fprintf(f, "%s\n", m);
	else
		fprintf(f, "unknown (e_machine %u)\n", info->machine);
	text_field(f, "interpreter");
	if (info->interp && !*info->interp)
		fputs("(PT_INTERP with no contents in the file)", f);
	else
		text(f, info->interp ? info->interp : "none");
	fputc('\n', f);
	text_field(f, "needed");
	for (i = 0; i < info->nneeded && room; i++) {
		fputs(i ? ", " : "", f);
		text(f, info->needed[i]);
	}
	if (i < info->nneeded)
		fprintf(f, "%s... %zu more", i ? ", " : "", info->nneeded - i);
	fputs(info->nneeded ? "\n" : "none\n", f);
}

static const char *nx_stack(const struct ef_info *info)
{
	if (!info->has_gnu_stack)
		return "absent";
	return info->stack_flags & PF_X ? "no" : "yes";
}

static void text_hardening(FILE *f, const struct ef_info *info)
{
	const struct ef_vreq *max = ef_glibc_max(info);
	size_t i;

	text_field(f, "relro");
	fprintf(f, "%s\n", ef_relro(info));
	text_field(f, "nx-stack");
	fprintf(f, "%s%s\n", nx_stack(info), info->has_gnu_stack ? "" :
		" (no PT_GNU_STACK: the kernel may make the stack executable)");
	text_field(f, "stack-protector");
	fprintf(f, "%s\n", info->stack_protector ? "yes" : "no");
	text_field(f, "build-id");
	for (i = 0; i < info->build_id_len; i++)
		fprintf(f, "%02x", info->build_id[i]);
	fputs(info->build_id ? "\n" : "none\n", f);
	text_field(f, "stripped");
	fprintf(f, "%s\n", info->has_symtab ? "no" : "yes");
	text_field(f, "textrel");
	fprintf(f, "%s\n", ef_textrel(info) ? "yes" : "no");
	text_field(f, "glibc-max");
	text(f, max ? max->name : "none");
	fputc('\n', f);
}

static void text_static(FILE *f, const struct ef_info *info)
{
	struct ec_reason r[8];
	size_t n = ec_static_reasons(info, r, 8), i;

	text_field(f, "static");
	fputs(n ? "FAIL:" : "ok\n", f);
	for (i = 0; i < n && i < 8 && room; i++) {
		fprintf(f, "%s %s", i ? ";" : "", r[i].what);
		if (r[i].arg) {
			fputc(' ', f);
			text(f, r[i].arg);
		}
	}
	if (i < n)
		fprintf(f, "; ... %zu more", n - i);
	if (n)
		fputc('\n', f);
}

static void text_arch(FILE *f, const struct ef_info *info,
		      const struct ec_opts *o)
{
	const char *m = ef_machine_name(info->machine);

	text_field(f, "arch");
	if (ec_arch_ok(info, o))
		fprintf(f, "ok (%s)\n", o->arch_name);
	else
		fprintf(f, "FAIL: %s, expected %s\n", m ? m : "unknown",
			o->arch_name);
}

static void text_unnumbered(FILE *f, const struct ef_info *info)
{
	size_t i;

	for (i = 0; i < info->nvreqs && room; i++) {
		if (!unnumbered_glibc(&info->vreqs[i]))
			continue;
		text_field(f, "warning");
		text(f, info->vreqs[i].name);
		fputs(" from ", f);
		text(f, info->vreqs[i].lib);
		fprintf(f, " (%zu symbols): not a numbered version, not "
			"compared with the floor\n", info->vreqs[i].nsyms);
	}
	text_more(f, "  ", count_unnumbered(info, i), " warnings");
}

static size_t count_groups(const struct rows *rs, size_t i)
{
	size_t n = 0, nsyms;

	while (i < rs->n) {
		i = group_end(rs, i, &nsyms);
		n++;
	}
	return n;
}

static void text_floor(FILE *f, const struct ef_info *info,
		       const struct ec_opts *o)
{
	struct rows rs;
	size_t i, j, nsyms;

	text_field(f, "glibc-floor");
	if (!count_glibc(info)) {
		fprintf(f, "ok (no GLIBC version requirements)\n");
		return;
	}
	if (above_rows(info, o, &rs)) {
		fprintf(f, "FAIL: out of memory listing requirements\n");
		return;
	}
	if (rs.n == 0)
		fprintf(f, "ok (nothing above GLIBC_%s)\n", o->floor_str);
	else
		fprintf(f, "FAIL: requirements above GLIBC_%s\n", o->floor_str);
	for (i = 0; i < rs.n && room; i++) {
		fputs("      ", f);
		text(f, rs.r[i].sym ? rs.r[i].sym : "(no symbol)");
		fputs("  ", f);
		text(f, rs.r[i].ver);
		fputs("  ", f);
		text(f, rs.r[i].lib);
		fputc('\n', f);
	}
	text_more(f, "      ", rs.n - i, "");
	for (i = 0; i < rs.n && room; i = j) {
		j = group_end(&rs, i, &nsyms);
		fputs("    count ", f);
		text(f, rs.r[i].ver);
		fprintf(f, ": %zu symbol%s\n", nsyms, nsyms == 1 ? "" : "s");
	}
	text_more(f, "    ", count_groups(&rs, i), " versions");
	free(rs.r);
	text_unnumbered(f, info);
}

int report_text(FILE *f, const char *path, const struct ef_info *info,
		const struct ec_opts *o)
{
	int rc = ec_evaluate(info, o);

	budget_start(info);
	text(f, path);
	fputc('\n', f);
	text_identity(f, info);
	text_hardening(f, info);
	if (o->want_static)
		text_static(f, info);
	if (o->want_arch)
		text_arch(f, info, o);
	if (o->want_floor)
		text_floor(f, info, o);
	text_field(f, "result");
	fprintf(f, "%s\n", rc == EC_PASS ? "PASS" : "FAIL");
	return rc;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid (overlong forms,
 * surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

void json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	spend(strlen(str));
	fputc('"', f);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fputc('\\', f);
			fputc(*s++, f);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s++);
		} else if ((n = utf8_len(s)) == 0) {
			fputs("\\ufffd", f);
			s++;
		} else if (c1_control(s, n)) {
			fprintf(f, "\\u%04x", s[1]);
			s += 2;
		} else {
			fwrite(s, 1, n, f);
			s += n;
		}
	}
	fputc('"', f);
}

static void json_nstring(FILE *f, const char *s)
{
	if (s)
		json_string(f, s);
	else
		fputs("null", f);
}

static void json_key(FILE *f, const char *key)
{
	fprintf(f, ",\n    \"%s\": ", key);
}

/* "KEY_more": N after a list cut short by the budget. */
static void json_more(FILE *f, const char *key, size_t n, const char *sep)
{
	if (n)
		fprintf(f, "%s\"%s_more\": %zu", sep, key, n);
}

static void json_bool(FILE *f, const char *key, int v)
{
	json_key(f, key);
	fputs(v ? "true" : "false", f);
}

static void json_identity(FILE *f, const struct ef_info *info)
{
	size_t i;

	json_key(f, "kind");
	json_string(f, ef_kind(info));
	json_key(f, "machine");
	json_nstring(f, ef_machine_name(info->machine));
	json_key(f, "e_machine");
	fprintf(f, "%u", info->machine);
	json_key(f, "interpreter");
	json_nstring(f, info->interp);
	json_key(f, "soname");
	json_nstring(f, info->soname);
	json_key(f, "needed");
	fputc('[', f);
	for (i = 0; i < info->nneeded && room; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, info->needed[i]);
	}
	fputc(']', f);
	json_more(f, "needed", info->nneeded - i, ",\n    ");
}

static void json_hardening(FILE *f, const struct ef_info *info)
{
	const struct ef_vreq *max = ef_glibc_max(info);
	size_t i;

	json_key(f, "relro");
	json_string(f, ef_relro(info));
	json_key(f, "nx_stack");
	json_string(f, nx_stack(info));
	json_bool(f, "stack_protector", info->stack_protector);
	json_key(f, "build_id");
	if (info->build_id) {
		fputc('"', f);
		for (i = 0; i < info->build_id_len; i++)
			fprintf(f, "%02x", info->build_id[i]);
		fputc('"', f);
	} else {
		fputs("null", f);
	}
	json_bool(f, "stripped", !info->has_symtab);
	json_bool(f, "textrel", ef_textrel(info));
	json_key(f, "glibc_max");
	json_nstring(f, max ? max->name : NULL);
}

static void json_vreqs(FILE *f, const struct ef_info *info)
{
	size_t i;

	json_key(f, "version_requirements");
	fputc('[', f);
	for (i = 0; i < info->nvreqs && room; i++) {
		fputs(i ? ",\n      {\"library\": " : "\n      {\"library\": ", f);
		json_string(f, info->vreqs[i].lib);
		fputs(", \"version\": ", f);
		json_string(f, info->vreqs[i].name);
		fprintf(f, ", \"symbols\": %zu}", info->vreqs[i].nsyms);
	}
	fputc(']', f);
	json_more(f, "version_requirements", info->nvreqs - i, ",\n    ");
}

static void json_static(FILE *f, const struct ef_info *info)
{
	size_t n = ec_static_reasons(info, NULL, 0), i, all = n;
	struct ec_reason *r = malloc((n + 1) * sizeof *r);

	fprintf(f, "\n      \"static\": {\"ok\": %s, \"reasons\": [",
		n ? "false" : "true");
	if (!r)
		n = 0;
	else
		ec_static_reasons(info, r, n);
	for (i = 0; i < n && room; i++) {
		fputs(i ? ", {\"reason\": " : "{\"reason\": ", f);
		json_string(f, r[i].what);
		fputs(", \"value\": ", f);
		json_nstring(f, r[i].arg);
		fputc('}', f);
	}
	fputc(']', f);
	json_more(f, "reasons", all - i, ", ");
	fputc('}', f);
	free(r);
}

static void json_arch(FILE *f, const struct ef_info *info,
		      const struct ec_opts *o)
{
	fprintf(f, "\n      \"arch\": {\"ok\": %s, \"expected\": ",
		ec_arch_ok(info, o) ? "true" : "false");
	json_string(f, o->arch_name);
	fputs(", \"actual\": ", f);
	json_nstring(f, ef_machine_name(info->machine));
	fputc('}', f);
}

static void json_floor_rows(FILE *f, const struct rows *rs)
{
	size_t i, j, nsyms;

	fputs(", \"above\": [", f);
	for (i = 0; i < rs->n && room; i++) {
		fputs(i ? ",\n        {\"symbol\": " : "\n        {\"symbol\": ", f);
		json_nstring(f, rs->r[i].sym);
		fputs(", \"version\": ", f);
		json_string(f, rs->r[i].ver);
		fputs(", \"library\": ", f);
		json_string(f, rs->r[i].lib);
		fputc('}', f);
	}
	fputc(']', f);
	json_more(f, "above", rs->n - i, ", ");
	fputs(", \"counts\": {", f);
	for (i = 0; i < rs->n && room; i = j) {
		j = group_end(rs, i, &nsyms);
		fputs(i ? ", " : "", f);
		json_string(f, rs->r[i].ver);
		fprintf(f, ": %zu", nsyms);
	}
	fputc('}', f);
	json_more(f, "counts", count_groups(rs, i), ", ");
}

static void json_floor(FILE *f, const struct ef_info *info,
		       const struct ec_opts *o)
{
	struct rows rs = { 0, 0 };
	size_t i, k = 0;

	fprintf(f, "\n      \"glibc_floor\": {\"ok\": %s, \"floor\": ",
		ec_floor_ok(info, o) ? "true" : "false");
	json_string(f, o->floor_str);
	fprintf(f, ", \"glibc_requirements\": %s",
		count_glibc(info) ? "true" : "false");
	if (above_rows(info, o, &rs) == 0)
		json_floor_rows(f, &rs);
	free(rs.r);
	fputs(", \"warnings\": [", f);
	for (i = 0; i < info->nvreqs && room; i++) {
		if (!unnumbered_glibc(&info->vreqs[i]))
			continue;
		fputs(k++ ? ", " : "", f);
		fputs("{\"version\": ", f);
		json_string(f, info->vreqs[i].name);
		fputs(", \"library\": ", f);
		json_string(f, info->vreqs[i].lib);
		fprintf(f, ", \"symbols\": %zu}", info->vreqs[i].nsyms);
	}
	fputc(']', f);
	json_more(f, "warnings", count_unnumbered(info, i), ", ");
	fputc('}', f);
}

static void json_checks(FILE *f, const struct ef_info *info,
			const struct ec_opts *o)
{
	int k = 0;

	json_key(f, "checks");
	fputc('{', f);
	if (o->want_static) {
		json_static(f, info);
		k++;
	}
	if (o->want_arch) {
		fputs(k++ ? "," : "", f);
		json_arch(f, info, o);
	}
	if (o->want_floor) {
		fputs(k++ ? "," : "", f);
		json_floor(f, info, o);
	}
	fputs(k ? "\n    }" : "}", f);
}

int report_json(FILE *f, const char *path, const struct ef_info *info,
		const struct ec_opts *o)
{
	int rc = ec_evaluate(info, o);

	budget_start(info);
	fputs("  {\n    \"file\": ", f);
	json_string(f, path);
	fprintf(f, ",\n    \"exit\": %d", rc);
	json_bool(f, "ok", rc == EC_PASS);
	json_identity(f, info);
	json_hardening(f, info);
	json_vreqs(f, info);
	json_checks(f, info, o);
	fputs("\n  }", f);
	return rc;
}

void report_json_error(FILE *f, const char *path, const char *err)
{
	fputs("  {\n    \"file\": ", f);
	json_string(f, path);
	fprintf(f, ",\n    \"exit\": %d", EC_BAD);
	json_bool(f, "ok", 0);
	json_key(f, "error");
	json_string(f, err);
	fputs("\n  }", f);
}
