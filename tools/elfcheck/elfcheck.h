/* ELF64 little-endian reader for elfcheck.
 *
 * ef_parse() works on a memory buffer (a mapped file or a fuzzer input) and
 * never reads outside it: every access goes through rd() and str_at() in
 * elf.c, which check offset + size against the buffer length (in_bounds)
 * without overflowing.
 * Strings in struct ef_info point into the buffer, so the buffer must
 * outlive the info. */
#ifndef ELFCHECK_ELFCHECK_H
#define ELFCHECK_ELFCHECK_H

#include <stddef.h>
#include <stdint.h>

#define EF_ERRLEN 256

/* A GLIBC_x.y[.z] version as an integer tuple; missing parts are zero.
 * No glibc has a part above EF_VERPART_MAX, more than EF_VERPARTS parts or
 * a name longer than EF_VERNAME_MAX after "GLIBC_", so no loader provides
 * such a version: it parses as huge (every part EF_VER_HUGE), above every
 * real version, and fails any floor. Comparison stays monotonic:
 * GLIBC_2.4294967297 is not below GLIBC_2.100001. */
#define EF_VERPARTS 4
#define EF_VERPART_MAX 999999UL
#define EF_VERNAME_MAX 64
#define EF_VER_HUGE (~0UL)
struct ef_ver {
	unsigned long part[EF_VERPARTS];
};

/* One Elf64_Vernaux entry: "library needs version". */
struct ef_vreq {
	const char *lib;
	const char *name;
	unsigned other;  /* the index .gnu.version entries refer to */
	size_t nsyms;    /* dynamic symbols bound to this requirement */
	int numbered;    /* name is a GLIBC_ version, parsed into ver */
	struct ef_ver ver;
};

/* One dynamic symbol with a version requirement. */
struct ef_symreq {
	const char *sym;
	size_t vreq;     /* index into ef_info.vreqs */
};

struct ef_info {
	uint16_t type;          /* e_type */
	uint16_t machine;       /* e_machine */
	uint64_t size;          /* of the buffer parsed */
	/* Why execve() would refuse the file with ENOEXEC, or NULL. */
	const char *noexec;

	const char *interp;     /* PT_INTERP contents, NULL when absent */
	int has_dynamic;        /* PT_DYNAMIC with at least one entry */
	int has_verneed;        /* DT_VERNEED: version requirements */
	const char **needed;
	size_t nneeded;
	const char *soname;
	uint64_t dt_flags, dt_flags_1;
	int dt_bind_now, dt_textrel;

	int has_relro;          /* PT_GNU_RELRO */
	int has_gnu_stack;
	uint32_t stack_flags;   /* p_flags of PT_GNU_STACK */

	int has_symtab;         /* an SHT_SYMTAB section: not stripped */
	int stack_protector;    /* __stack_chk_fail/__stack_chk_guard seen */

	const unsigned char *build_id;
	size_t build_id_len;

	struct ef_vreq *vreqs;
	size_t nvreqs;
	struct ef_symreq *symreqs;
	size_t nsymreqs;
};

/* Returns 0 on success, -1 with a one-line reason in err otherwise.
 * On failure info holds nothing that needs freeing. */
int ef_parse(const unsigned char *buf, size_t len, struct ef_info *info,
	     char *err, size_t errlen);
void ef_free(struct ef_info *info);

/* Derived properties shared by the report and the checks. */
int ef_is_pie_flag(const struct ef_info *info);
int ef_textrel(const struct ef_info *info);
const char *ef_kind(const struct ef_info *info);
const char *ef_relro(const struct ef_info *info);
const char *ef_machine_name(uint16_t machine);

/* Parses "2.28" or "GLIBC_2.3.4". Returns 0 if s is a dotted integer
 * version (GLIBC_ prefix optional when allow_bare), -1 otherwise, so
 * GLIBC_PRIVATE and GLIBC_ABI_DT_RELR are not versions. */
int ef_ver_parse(const char *s, int allow_bare, struct ef_ver *v);
int ef_ver_cmp(const struct ef_ver *a, const struct ef_ver *b);
int ef_ver_huge(const struct ef_ver *v);
/* The highest numeric GLIBC_ requirement, or NULL when there is none. */
const struct ef_vreq *ef_glibc_max(const struct ef_info *info);

#endif
