/* The release checks: --static, --arch, --glibc-floor. */
#include <elf.h>

#include "report.h"

static size_t put(struct ec_reason *out, size_t max, size_t n,
		  const char *what, const char *arg)
{
	if (n < max) {
		out[n].what = what;
		out[n].arg = arg;
	}
	return n + 1;
}

/* Fills at most max reasons and returns how many there are, so a caller
 * can size its array with a first call (out = NULL, max = 0). */
size_t ec_static_reasons(const struct ef_info *info, struct ec_reason *out,
			 size_t max)
{
	size_t n = 0, i;

	if (info->type != ET_EXEC && info->type != ET_DYN)
		n = put(out, max, n, "not an executable: kind", ef_kind(info));
	if (info->noexec)
		n = put(out, max, n, "execve refuses it (ENOEXEC):", info->noexec);
	if (info->interp)
		n = put(out, max, n, "PT_INTERP", info->interp);
	for (i = 0; i < info->nneeded; i++)
		n = put(out, max, n, "DT_NEEDED", info->needed[i]);
	/* Even with PT_INTERP and DT_NEEDED gone, a file that needs symbol
	 * versions needs a dynamic loader: a static binary needs none. */
	if (info->has_verneed)
		n = put(out, max, n, "DT_VERNEED: needs symbol versions from",
			info->nvreqs ? info->vreqs[0].lib : "(no entries)");
	/* A static-pie and a shared library look alike but for this flag. */
	if (info->type == ET_DYN && !ef_is_pie_flag(info))
		n = put(out, max, n, "ET_DYN without DF_1_PIE (a shared object, "
			"not a static-pie)", NULL);
	if (info->dt_textrel)
		n = put(out, max, n, "text relocations (DT_TEXTREL)", NULL);
	if (info->dt_flags & DF_TEXTREL)
		n = put(out, max, n, "text relocations (DF_TEXTREL)", NULL);
	return n;
}

int ec_arch_ok(const struct ef_info *info, const struct ec_opts *o)
{
	return !o->want_arch || info->machine == o->arch;
}

int ec_above_floor(const struct ef_vreq *r, const struct ec_opts *o)
{
	return r->numbered && ef_ver_cmp(&r->ver, &o->floor) > 0;
}

int ec_floor_ok(const struct ef_info *info, const struct ec_opts *o)
{
	size_t i;

	if (!o->want_floor)
		return 1;
	for (i = 0; i < info->nvreqs; i++)
		if (ec_above_floor(&info->vreqs[i], o))
			return 0;
	return 1;
}

int ec_evaluate(const struct ef_info *info, const struct ec_opts *o)
{
	if (o->want_static && ec_static_reasons(info, NULL, 0))
		return EC_FAIL;
	if (!ec_arch_ok(info, o) || !ec_floor_ok(info, o))
		return EC_FAIL;
	return EC_PASS;
}
