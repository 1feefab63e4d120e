/* ELF64 little-endian parsing with bounds checks on every access.
 *
 * Structures are copied out of the buffer with memcpy because the offsets
 * come from the file and may be unaligned. Host byte order is assumed to
 * be little-endian, which holds for every host this tool builds on. */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfcheck.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "elfcheck reads ELF64 little-endian files in host order: little-endian hosts only"
#endif

typedef unsigned long long ull;

/* Addresses found in the dynamic section, resolved to file offsets later. */
struct dyn {
	uint64_t strtab, strsz, symtab, syment, versym, verneed, verneednum;
	uint64_t hash, gnu_hash;
	int has_strtab, has_strsz, has_symtab, has_syment, has_versym;
	int has_verneed, has_verneednum, has_hash, has_gnu_hash;
	size_t nneeded;
	uint64_t soname;
	int has_soname;
};

struct ctx {
	const unsigned char *p;
	uint64_t n;
	struct ef_info *info;
	char *err;
	size_t errlen;
	Elf64_Ehdr eh;
	uint64_t phnum, shnum, shstrndx;
	uint64_t dynoff, dynsize;   /* PT_DYNAMIC as mapped at p_vaddr */
	uint64_t dynvaddr;
	int has_dynseg;
	uint64_t note_budget;       /* note bytes left to walk */
	uint64_t symtab_budget;     /* .symtab bytes left to walk */
	struct dyn d;
	uint64_t stroff, strlen_;   /* resolved .dynstr, see str_trim() */
	uint64_t strsz;             /* its stated size */
	uint64_t dynsym_count;      /* 0 when unknown */
	unsigned *vreq_by_index;    /* version index -> vreq + 1 */
};

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int in_bounds(const struct ctx *c, uint64_t off, uint64_t size)
{
	return off <= c->n && size <= c->n - off;
}

static int rd(struct ctx *c, uint64_t off, void *dst, size_t size,
	      const char *what)
{
	if (!in_bounds(c, off, size))
		return fail(c, "%s at offset 0x%llx (%zu bytes) is past end of "
			    "file (size %llu)", what, (ull)off, size, (ull)c->n);
	memcpy(dst, c->p + off, size);
	return 0;
}

/* A table of count entries of entsize bytes at off must lie in the file;
 * the division keeps count * entsize from overflowing. */
static int table_ok(struct ctx *c, uint64_t off, uint64_t count,
		    uint64_t entsize, const char *what)
{
	if (count && (count > c->n / entsize || !in_bounds(c, off, count * entsize)))
		return fail(c, "%s (offset 0x%llx, %llu entries of %llu bytes) "
			    "extends past end of file (size %llu)", what,
			    (ull)off, (ull)count, (ull)entsize, (ull)c->n);
	return 0;
}

/* The length of [toff, toff + tlen) up to and including its last NUL, so
 * that any index below it starts a terminated string: one scan per table
 * instead of one per string (names may share one long string). The
 * caller has checked the table lies inside the buffer. */
static uint64_t str_trim(const struct ctx *c, uint64_t toff, uint64_t tlen)
{
	while (tlen && c->p[toff + tlen - 1])
		tlen--;
	return tlen;
}

/* tlen must come from str_trim(). */
static const char *str_at(const struct ctx *c, uint64_t toff, uint64_t tlen,
			  uint64_t idx)
{
	return idx < tlen ? (const char *)c->p + toff + idx : NULL;
}

static const char *dynstr(struct ctx *c, uint64_t idx, const char *what)
{
	const char *s = str_at(c, c->stroff, c->strlen_, idx);

	if (!s)
		fail(c, "%s name offset 0x%llx is outside the dynamic string "
		     "table (DT_STRSZ %llu)", what, (ull)idx, (ull)c->strsz);
	return s;
}

static int ident(struct ctx *c)
{
	static const unsigned char magic[SELFMAG] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };
	uint64_t k = c->n < SELFMAG ? c->n : SELFMAG;
	const unsigned char *id = c->p;

	if (c->n == 0)
		return fail(c, "empty file");
	if (memcmp(id, magic, k))
		return fail(c, "not an ELF file (bad magic)");
	if (c->n < EI_NIDENT)
		return fail(c, "truncated ELF header (%llu bytes)", (ull)c->n);
	if (id[EI_CLASS] == ELFCLASS32)
		return fail(c, "unsupported: 32-bit ELF (ELFCLASS32); only ELF64 "
			    "little-endian is supported");
	if (id[EI_CLASS] != ELFCLASS64)
		return fail(c, "invalid ELF class %u", id[EI_CLASS]);
	if (id[EI_DATA] == ELFDATA2MSB)
		return fail(c, "unsupported: big-endian ELF (ELFDATA2MSB); only "
			    "ELF64 little-endian is supported");
	if (id[EI_DATA] != ELFDATA2LSB)
		return fail(c, "invalid ELF data encoding %u", id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return fail(c, "unsupported ELF version %u", id[EI_VERSION]);
	if (c->n < sizeof(Elf64_Ehdr))
		return fail(c, "truncated ELF header (%llu of %zu bytes)",
			    (ull)c->n, sizeof(Elf64_Ehdr));
	memcpy(&c->eh, c->p, sizeof c->eh);
	c->info->type = c->eh.e_type;
	c->info->machine = c->eh.e_machine;
	return 0;
}

static int shdr(struct ctx *c, uint64_t i, Elf64_Shdr *sh)
{
	return rd(c, c->eh.e_shoff + i * sizeof *sh, sh, sizeof *sh,
		  "section header");
}

/* Large counts spill into section header 0 (SHN_XINDEX, and PN_XNUM for
 * program headers, which phdr_count() reads on its own). */
static int sections(struct ctx *c)
{
	Elf64_Shdr sh0, st;

	c->shnum = c->eh.e_shnum;
	c->shstrndx = c->eh.e_shstrndx;
	if (c->eh.e_shoff == 0) {
		c->shnum = 0;
		return 0;
	}
	if (c->eh.e_shentsize != sizeof(Elf64_Shdr))
		return fail(c, "e_shentsize is %u, expected %zu",
			    c->eh.e_shentsize, sizeof(Elf64_Shdr));
	if (shdr(c, 0, &sh0))
		return -1;
	if (c->shnum == 0)
		c->shnum = sh0.sh_size;
	if (c->shstrndx == SHN_XINDEX)
		c->shstrndx = sh0.sh_link;
	if (table_ok(c, c->eh.e_shoff, c->shnum, sizeof(Elf64_Shdr),
		     "section header table"))
		return -1;
	if (c->shstrndx == SHN_UNDEF)
		return 0;
	if (c->shstrndx >= c->shnum)
		return fail(c, "section header string table index %llu out of "
			    "range (%llu sections)", (ull)c->shstrndx, (ull)c->shnum);
	if (shdr(c, c->shstrndx, &st))
		return -1;
	if (st.sh_type != SHT_NOBITS && !in_bounds(c, st.sh_offset, st.sh_size))
		return fail(c, "section name string table (offset 0x%llx, size "
			    "%llu) extends past end of file", (ull)st.sh_offset,
			    (ull)st.sh_size);
	return 0;
}

static int phdr(struct ctx *c, uint64_t i, Elf64_Phdr *ph)
{
	return rd(c, c->eh.e_phoff + i * sizeof *ph, ph, sizeof *ph,
		  "program header");
}

/* What execve() refuses with ENOEXEC before mapping anything (Linux
 * fs/binfmt_elf.c, load_elf_phdrs): no program headers, or a table over
 * 64 KiB. That takes in every PN_XNUM file: the kernel never reads the
 * extended count from section header 0. */
static void exec_refusal(struct ctx *c)
{
	uint64_t size = (uint64_t)c->eh.e_phnum * sizeof(Elf64_Phdr);

	if (c->eh.e_type != ET_EXEC && c->eh.e_type != ET_DYN)
		return;
	if (size == 0)
		c->info->noexec = "no program headers (e_phnum 0)";
	else if (c->eh.e_phnum == PN_XNUM)
		c->info->noexec = "e_phnum is PN_XNUM (execve does not read "
				  "the count in section header 0)";
	else if (size > 65536)
		c->info->noexec = "program header table over 64 KiB";
}

static int phdr_count(struct ctx *c)
{
	Elf64_Shdr sh0;

	exec_refusal(c);
	c->phnum = c->eh.e_phnum;
	if (c->phnum == 0)
		return 0;
	if (c->eh.e_phentsize != sizeof(Elf64_Phdr))
		return fail(c, "e_phentsize is %u, expected %zu",
			    c->eh.e_phentsize, sizeof(Elf64_Phdr));
	if (c->phnum == PN_XNUM) {
		if (c->eh.e_shoff == 0)
			return fail(c, "e_phnum is PN_XNUM but there is no "
				    "section header 0 holding the real count");
		if (c->eh.e_shentsize != sizeof(Elf64_Shdr))
			return fail(c, "e_shentsize is %u, expected %zu",
				    c->eh.e_shentsize, sizeof(Elf64_Shdr));
		if (shdr(c, 0, &sh0))
			return -1;
		c->phnum = sh0.sh_info;
	}
	return table_ok(c, c->eh.e_phoff, c->phnum, sizeof(Elf64_Phdr),
			"program header table");
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Sizes are 32-bit, so the sums below cannot overflow 64 bits. Padding is
 * relative to the segment start: 8-byte aligned PT_NOTEs (GNU properties)
 * pad the name to 8, not 4. Note segments of a real file do not overlap,
 * so once the notes walked add up to the file size, the rest only repeat
 * bytes already read: they are skipped, which keeps many headers pointing
 * at one region linear. */
static int notes(struct ctx *c, uint64_t off, uint64_t size, uint64_t align)
{
	struct ef_info *info = c->info;
	uint64_t pos = 0, a = align == 8 ? 8 : 4;
	Elf64_Nhdr nh;

	if (!in_bounds(c, off, size))
		return fail(c, "note (offset 0x%llx, size %llu) extends past "
			    "end of file", (ull)off, (ull)size);
	if (size > c->note_budget)
		return 0;
	c->note_budget -= size;
	while (size - pos >= sizeof nh) {
		uint64_t name, desc;

		memcpy(&nh, c->p + off + pos, sizeof nh);
		name = pos + sizeof nh;
		desc = align_up(name + nh.n_namesz, a);
		if (desc > size || nh.n_descsz > size - desc)
			return fail(c, "note at offset 0x%llx has sizes past the "
				    "end of its segment", (ull)(off + pos));
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp(c->p + off + name, "GNU", 4) && !info->build_id) {
			info->build_id = c->p + off + desc;
			info->build_id_len = nh.n_descsz;
		}
		pos = align_up(desc + nh.n_descsz, a);
		if (pos > size)
			break;
	}
	return 0;
}

static int segment(struct ctx *c, uint64_t i, const Elf64_Phdr *ph)
{
	struct ef_info *info = c->info;
	const char *s;

	switch (ph->p_type) {
	case PT_LOAD:
		if (!in_bounds(c, ph->p_offset, ph->p_filesz))
			return fail(c, "PT_LOAD segment %llu (offset 0x%llx, size "
				    "%llu) extends past end of file", (ull)i,
				    (ull)ph->p_offset, (ull)ph->p_filesz);
		break;
	case PT_INTERP:
		if (!in_bounds(c, ph->p_offset, ph->p_filesz))
			return fail(c, "PT_INTERP (offset 0x%llx, size %llu) "
				    "extends past end of file", (ull)ph->p_offset,
				    (ull)ph->p_filesz);
		/* Separate debug files keep the header but not the bytes. */
		s = ph->p_filesz ? str_at(c, ph->p_offset,
			str_trim(c, ph->p_offset, ph->p_filesz), 0) : "";
		if (!s)
			return fail(c, "PT_INTERP is not a NUL-terminated string");
		info->interp = s;
		break;
	case PT_DYNAMIC:
		/* Read at p_vaddr later, as the loader does (dyn_map). */
		c->has_dynseg = 1;
		c->dynvaddr = ph->p_vaddr;
		break;
	case PT_NOTE:
		return notes(c, ph->p_offset, ph->p_filesz, ph->p_align);
	case PT_GNU_RELRO:
		info->has_relro = 1;
		break;
	case PT_GNU_STACK:
		info->has_gnu_stack = 1;
		info->stack_flags = ph->p_flags;
		break;
	}
	return 0;
}

static int segments(struct ctx *c)
{
	Elf64_Phdr ph;
	uint64_t i;

	for (i = 0; i < c->phnum; i++)
		if (phdr(c, i, &ph) || segment(c, i, &ph))
			return -1;
	return 0;
}

/* The loader only sees virtual addresses; find the file bytes behind one. */
static int vaddr_to_off(struct ctx *c, uint64_t addr, const char *what,
			uint64_t *off, uint64_t *avail)
{
	Elf64_Phdr ph;
	uint64_t i;

	for (i = 0; i < c->phnum; i++) {
		if (phdr(c, i, &ph))
			return -1;
		if (ph.p_type != PT_LOAD || addr < ph.p_vaddr ||
		    addr - ph.p_vaddr >= ph.p_filesz)
			continue;
		*off = ph.p_offset + (addr - ph.p_vaddr);
		*avail = ph.p_filesz - (addr - ph.p_vaddr);
		return 0;
	}
	return fail(c, "%s address 0x%llx is not in the file part of any "
		    "PT_LOAD segment", what, (ull)addr);
}

/* The loader reads the dynamic array at p_vaddr through the PT_LOAD
 * segments and stops at DT_NULL; PT_DYNAMIC's p_offset and p_filesz play
 * no part. Memory past a segment's file part is zero fill, which reads as
 * DT_NULL, and so does the end of the file part. */
static int dyn_map(struct ctx *c)
{
	Elf64_Phdr ph;
	uint64_t i, a = c->dynvaddr, rel, span;

	for (i = 0; i < c->phnum; i++) {
		if (phdr(c, i, &ph))
			return -1;
		span = ph.p_memsz > ph.p_filesz ? ph.p_memsz : ph.p_filesz;
		if (ph.p_type != PT_LOAD || a < ph.p_vaddr ||
		    (rel = a - ph.p_vaddr) >= span)
			continue;
		if (rel < ph.p_filesz) {
			c->dynoff = ph.p_offset + rel;
			c->dynsize = ph.p_filesz - rel;
		}
		return 0;
	}
	return fail(c, "PT_DYNAMIC address 0x%llx is not in any PT_LOAD "
		    "segment", (ull)a);
}

static void dyn_entry(struct ctx *c, const Elf64_Dyn *e)
{
	struct dyn *d = &c->d;
	struct ef_info *info = c->info;
	uint64_t v = e->d_un.d_val;

	switch (e->d_tag) {
	case DT_NEEDED: d->nneeded++; break;
	case DT_SONAME: d->soname = v; d->has_soname = 1; break;
	case DT_STRTAB: d->strtab = v; d->has_strtab = 1; break;
	case DT_STRSZ: d->strsz = v; d->has_strsz = 1; break;
	case DT_SYMTAB: d->symtab = v; d->has_symtab = 1; break;
	case DT_SYMENT: d->syment = v; d->has_syment = 1; break;
	case DT_VERSYM: d->versym = v; d->has_versym = 1; break;
	case DT_VERNEED: d->verneed = v; d->has_verneed = 1; break;
	case DT_VERNEEDNUM: d->verneednum = v; d->has_verneednum = 1; break;
	case DT_HASH: d->hash = v; d->has_hash = 1; break;
	case DT_GNU_HASH: d->gnu_hash = v; d->has_gnu_hash = 1; break;
	case DT_FLAGS: info->dt_flags = v; break;
	case DT_FLAGS_1: info->dt_flags_1 = v; break;
	case DT_BIND_NOW: info->dt_bind_now = 1; break;
	case DT_TEXTREL: info->dt_textrel = 1; break;
	}
}

static uint64_t dyn_count(const struct ctx *c)
{
	return c->dynsize / sizeof(Elf64_Dyn);
}

static int dyn_scan(struct ctx *c)
{
	Elf64_Dyn e;
	uint64_t i;

	for (i = 0; i < dyn_count(c); i++) {
		memcpy(&e, c->p + c->dynoff + i * sizeof e, sizeof e);
		if (e.d_tag == DT_NULL)
			break;
		c->info->has_dynamic = 1;
		dyn_entry(c, &e);
	}
	return 0;
}

static int dyn_strtab(struct ctx *c)
{
	uint64_t avail;

	if (!c->d.has_strtab) {
		if (c->d.nneeded || c->d.has_soname || c->d.has_verneed ||
		    c->d.has_symtab)
			return fail(c, "dynamic section has no DT_STRTAB");
		return 0;
	}
	if (vaddr_to_off(c, c->d.strtab, "DT_STRTAB", &c->stroff, &avail))
		return -1;
	c->strsz = c->d.has_strsz ? c->d.strsz : avail;
	if (!in_bounds(c, c->stroff, c->strsz))
		return fail(c, "DT_STRTAB (offset 0x%llx, DT_STRSZ %llu) extends "
			    "past end of file (size %llu)", (ull)c->stroff,
			    (ull)c->strsz, (ull)c->n);
	c->strlen_ = str_trim(c, c->stroff, c->strsz);
	return 0;
}

static int dyn_strings(struct ctx *c)
{
	struct ef_info *info = c->info;
	Elf64_Dyn e;
	uint64_t i;

	if (c->d.has_soname && !(info->soname = dynstr(c, c->d.soname, "DT_SONAME")))
		return -1;
	if (!c->d.nneeded)
		return 0;
	info->needed = calloc(c->d.nneeded, sizeof *info->needed);
	if (!info->needed)
		return fail(c, "out of memory");
	for (i = 0; i < dyn_count(c); i++) {
		memcpy(&e, c->p + c->dynoff + i * sizeof e, sizeof e);
		if (e.d_tag == DT_NULL)
			break;
		if (e.d_tag != DT_NEEDED)
			continue;
		info->needed[info->nneeded] = dynstr(c, e.d_un.d_val, "DT_NEEDED");
		if (!info->needed[info->nneeded++])
			return -1;
	}
	return 0;
}

/* Without section headers the symbol count comes from the hash tables,
 * which is how the dynamic loader itself bounds .dynsym. */
static int gnu_hash_count(struct ctx *c, uint64_t *count)
{
	uint32_t h[4], v;
	uint64_t off, avail, buckets, chain, i, max = 0;

	if (vaddr_to_off(c, c->d.gnu_hash, "DT_GNU_HASH", &off, &avail) ||
	    rd(c, off, h, sizeof h, "DT_GNU_HASH header"))
		return -1;
	buckets = off + 16 + (uint64_t)h[2] * 8;
	chain = buckets + (uint64_t)h[0] * 4;
	if (table_ok(c, buckets, h[0], 4, "DT_GNU_HASH buckets"))
		return -1;
	for (i = 0; i < h[0]; i++) {
		memcpy(&v, c->p + buckets + i * 4, 4);
		if (v > max)
			max = v;
	}
	if (max == 0 || max < h[1]) {
		*count = h[1];
		return 0;
	}
	for (;;) {
		if (rd(c, chain + (max - h[1]) * 4, &v, 4, "DT_GNU_HASH chain"))
			return -1;
		if (v & 1)
			break;
		max++;
	}
	*count = max + 1;
	return 0;
}

static int dynsym_count(struct ctx *c)
{
	Elf64_Shdr sh;
	uint64_t i, off, avail;
	uint32_t nchain = 0;

	for (i = 0; i < c->shnum; i++) {
		if (shdr(c, i, &sh))
			return -1;
		if (sh.sh_type != SHT_DYNSYM)
			continue;
		if (sh.sh_entsize != sizeof(Elf64_Sym))
			return fail(c, ".dynsym sh_entsize is %llu, expected %zu",
				    (ull)sh.sh_entsize, sizeof(Elf64_Sym));
		c->dynsym_count = sh.sh_size / sizeof(Elf64_Sym);
		return 0;
	}
	if (c->d.has_hash) {
		if (vaddr_to_off(c, c->d.hash, "DT_HASH", &off, &avail) ||
		    rd(c, off + 4, &nchain, 4, "DT_HASH nchain"))
			return -1;
		c->dynsym_count = nchain;
		return 0;
	}
	if (c->d.has_gnu_hash)
		return gnu_hash_count(c, &c->dynsym_count);
	return 0;
}

static int add_vreq(struct ctx *c, size_t *cap, const char *lib,
		    const Elf64_Vernaux *a)
{
	struct ef_info *info = c->info;
	struct ef_vreq *r;
	const char *name = dynstr(c, a->vna_name, "version requirement");

	if (!name)
		return -1;
	if (info->nvreqs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		r = realloc(info->vreqs, ncap * sizeof *r);
		if (!r)
			return fail(c, "out of memory");
		info->vreqs = r;
		*cap = ncap;
	}
	r = &info->vreqs[info->nvreqs++];
	r->lib = lib;
	r->name = name;
	r->other = a->vna_other & 0x7fff;
	r->nsyms = 0;
	r->numbered = ef_ver_parse(name, 0, &r->ver) == 0;
	if (!c->vreq_by_index[r->other])
		c->vreq_by_index[r->other] = (unsigned)info->nvreqs;
	return 0;
}

/* One visit budget for every version need chain (see verneed). */
static int visit(struct ctx *c, uint64_t *budget)
{
	if (*budget == 0)
		return fail(c, "version need entries overlap (more than the "
			    "file can hold)");
	--*budget;
	return 0;
}

static int vernaux_chain(struct ctx *c, uint64_t aoff, const char *lib,
			 uint64_t *budget, size_t *cap)
{
	Elf64_Vernaux a;

	for (;;) {
		if (visit(c, budget) ||
		    rd(c, aoff, &a, sizeof a, "version need aux entry") ||
		    add_vreq(c, cap, lib, &a))
			return -1;
		if (!a.vna_next)
			return 0;
		aoff += a.vna_next;
	}
}

/* As glibc's loader does (_dl_check_map_versions): follow vn_next and
 * vna_next until they are 0, whatever vn_cnt and DT_VERNEEDNUM say. The
 * offsets are unsigned, so every chain moves forward and ends within the
 * file, but chains can share entries or step by one byte. Entries a
 * linker writes never overlap, so a budget of as many visits as the file
 * can hold entries keeps the walk linear in the file size. */
static int verneed(struct ctx *c)
{
	Elf64_Verneed vn;
	uint64_t off, avail, budget = c->n / sizeof(Elf64_Vernaux) + 1;
	size_t cap = 0;
	const char *lib;

	if (!c->d.has_verneed)
		return 0;
	c->info->has_verneed = 1;
	if (vaddr_to_off(c, c->d.verneed, "DT_VERNEED", &off, &avail))
		return -1;
	for (;;) {
		if (visit(c, &budget) ||
		    rd(c, off, &vn, sizeof vn, "version need entry"))
			return -1;
		if (!(lib = dynstr(c, vn.vn_file, "version need file")) ||
		    vernaux_chain(c, off + vn.vn_aux, lib, &budget, &cap))
			return -1;
		if (!vn.vn_next)
			return 0;
		off += vn.vn_next;
	}
}

static int is_canary(const char *s)
{
	return !strcmp(s, "__stack_chk_fail") || !strcmp(s, "__stack_chk_guard");
}

static int dynsyms(struct ctx *c)
{
	struct ef_info *info = c->info;
	uint64_t soff, voff = 0, avail, n = c->dynsym_count, i;
	Elf64_Sym sym;
	uint16_t vs;
	const char *name;
	unsigned r;

	if (!c->d.has_symtab || n == 0)
		return 0;
	if (c->d.has_syment && c->d.syment != sizeof sym)
		return fail(c, "DT_SYMENT is %llu, expected %zu",
			    (ull)c->d.syment, sizeof sym);
	if (vaddr_to_off(c, c->d.symtab, "DT_SYMTAB", &soff, &avail) ||
	    table_ok(c, soff, n, sizeof sym, "dynamic symbol table"))
		return -1;
	if (c->d.has_versym &&
	    (vaddr_to_off(c, c->d.versym, "DT_VERSYM", &voff, &avail) ||
	     table_ok(c, voff, n, sizeof vs, "symbol version table")))
		return -1;
	if (info->nvreqs && c->d.has_versym &&
	    !(info->symreqs = calloc(n, sizeof *info->symreqs)))
		return fail(c, "out of memory");
	for (i = 1; i < n; i++) {
		memcpy(&sym, c->p + soff + i * sizeof sym, sizeof sym);
		if (!(name = dynstr(c, sym.st_name, "dynamic symbol")))
			return -1;
		if (is_canary(name))
			info->stack_protector = 1;
		if (!info->symreqs)
			continue;
		memcpy(&vs, c->p + voff + i * sizeof vs, sizeof vs);
		r = c->vreq_by_index[vs & 0x7fff];
		if ((vs & 0x7fff) < 2 || !r)
			continue;
		info->symreqs[info->nsymreqs].sym = name;
		info->symreqs[info->nsymreqs++].vreq = r - 1;
		info->vreqs[r - 1].nsyms++;
	}
	return 0;
}

static int dynamic(struct ctx *c)
{
	if (!c->has_dynseg)
		return 0;
	c->vreq_by_index = calloc(0x8000, sizeof *c->vreq_by_index);
	if (!c->vreq_by_index)
		return fail(c, "out of memory");
	if (dyn_map(c) || dyn_scan(c) || dyn_strtab(c) || dyn_strings(c) ||
	    dynsym_count(c) || verneed(c) || dynsyms(c))
		return -1;
	return 0;
}

static int symtab(struct ctx *c, const Elf64_Shdr *sh)
{
	Elf64_Shdr st;
	Elf64_Sym sym;
	uint64_t i, n, strsz;
	const char *name;

	c->info->has_symtab = 1;
	if (sh->sh_type == SHT_NOBITS)
		return 0;
	if (sh->sh_entsize != sizeof sym)
		return fail(c, ".symtab sh_entsize is %llu, expected %zu",
			    (ull)sh->sh_entsize, sizeof sym);
	n = sh->sh_size / sizeof sym;
	if (table_ok(c, sh->sh_offset, n, sizeof sym, ".symtab"))
		return -1;
	/* Symbol tables of a real file do not overlap: once the tables
	 * walked add up to the file size, more headers only repeat them. */
	if (n * sizeof sym > c->symtab_budget)
		return 0;
	c->symtab_budget -= n * sizeof sym;
	if (sh->sh_link >= c->shnum)
		return fail(c, ".symtab string table index %u out of range",
			    sh->sh_link);
	if (shdr(c, sh->sh_link, &st))
		return -1;
	if (st.sh_type == SHT_NOBITS)
		return 0;
	if (!in_bounds(c, st.sh_offset, st.sh_size))
		return fail(c, ".strtab (offset 0x%llx, size %llu) extends past "
			    "end of file", (ull)st.sh_offset, (ull)st.sh_size);
	if (st.sh_size > c->symtab_budget)
		return 0;
	c->symtab_budget -= st.sh_size;
	strsz = str_trim(c, st.sh_offset, st.sh_size);
	for (i = 1; i < n; i++) {
		memcpy(&sym, c->p + sh->sh_offset + i * sizeof sym, sizeof sym);
		name = str_at(c, st.sh_offset, strsz, sym.st_name);
		if (!name)
			return fail(c, ".symtab symbol %llu name offset 0x%x is "
				    "outside .strtab", (ull)i, sym.st_name);
		if (is_canary(name))
			c->info->stack_protector = 1;
	}
	return 0;
}

/* Section headers are optional extras: the loader never reads them. */
static int section_extras(struct ctx *c)
{
	Elf64_Shdr sh;
	uint64_t i;

	for (i = 0; i < c->shnum; i++) {
		if (shdr(c, i, &sh))
			return -1;
		if (sh.sh_type == SHT_SYMTAB && symtab(c, &sh))
			return -1;
		if (sh.sh_type == SHT_NOTE && c->phnum == 0 &&
		    notes(c, sh.sh_offset, sh.sh_size, sh.sh_addralign))
			return -1;
	}
	return 0;
}

int ef_parse(const unsigned char *buf, size_t len, struct ef_info *info,
	     char *err, size_t errlen)
{
	struct ctx c;
	int rc;

	memset(info, 0, sizeof *info);
	memset(&c, 0, sizeof c);
	c.p = buf;
	c.n = len;
	c.info = info;
	c.err = err;
	c.errlen = errlen;
	c.note_budget = len;
	c.symtab_budget = len;
	info->size = len;
	/* Program headers first: they are what the loader uses, so their
	 * errors are the ones worth reporting. */
	rc = ident(&c) || phdr_count(&c) || sections(&c) || segments(&c) ||
	     dynamic(&c) || section_extras(&c) ? -1 : 0;
	free(c.vreq_by_index);
	if (rc)
		ef_free(info);
	return rc;
}

void ef_free(struct ef_info *info)
{
	free(info->needed);
	free(info->vreqs);
	free(info->symreqs);
	memset(info, 0, sizeof *info);
}

int ef_is_pie_flag(const struct ef_info *info)
{
	return (info->dt_flags_1 & DF_1_PIE) != 0;
}

int ef_textrel(const struct ef_info *info)
{
	return info->dt_textrel || (info->dt_flags & DF_TEXTREL);
}

/* Linkers before binutils 2.26 did not set DF_1_PIE, so a dynamic ET_DYN
 * with an interpreter and no soname is still taken for a PIE. */
const char *ef_kind(const struct ef_info *info)
{
	switch (info->type) {
	case ET_EXEC:
		return info->interp || info->nneeded ? "exec" : "static-exec";
	case ET_DYN:
		if (ef_is_pie_flag(info))
			return info->interp || info->nneeded ? "pie" : "static-pie";
		if (info->interp && !info->soname)
			return "pie";
		return "shared-library";
	case ET_REL:
		return "relocatable";
	case ET_CORE:
		return "core";
	}
	return "unknown";
}

const char *ef_relro(const struct ef_info *info)
{
	if (!info->has_relro)
		return "none";
	if (info->dt_bind_now || (info->dt_flags & DF_BIND_NOW) ||
	    (info->dt_flags_1 & DF_1_NOW))
		return "full";
	return "partial";
}

const char *ef_machine_name(uint16_t machine)
{
	switch (machine) {
	case EM_X86_64: return "x86_64";
	case EM_AARCH64: return "aarch64";
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	case EM_MIPS: return "mips";
#ifdef EM_LOONGARCH /* not in older musl headers */
	case EM_LOONGARCH: return "loongarch";
#endif
	}
	return NULL;
}

static void ver_huge(struct ef_ver *v)
{
	int i;

	for (i = 0; i < EF_VERPARTS; i++)
		v->part[i] = EF_VER_HUGE;
}

/* Digits and dots after "GLIBC_"; anything past EF_VERNAME_MAX bytes or
 * out of range makes the version huge, see elfcheck.h. */
int ef_ver_parse(const char *s, int allow_bare, struct ef_ver *v)
{
	const char *start;
	int i = 0, huge = 0;

	memset(v, 0, sizeof *v);
	if (!strncmp(s, "GLIBC_", 6))
		s += 6;
	else if (!allow_bare)
		return -1;
	for (start = s;; s++) {
		unsigned long x = 0;

		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (s - start >= EF_VERNAME_MAX) {
				ver_huge(v);
				return 0;
			}
			if (x <= EF_VERPART_MAX)
				x = x * 10 + (unsigned long)(*s - '0');
		}
		if (x > EF_VERPART_MAX || i == EF_VERPARTS)
			huge = 1;
		else
			v->part[i++] = x;
		if (*s == 0)
			break;
		if (*s != '.')
			return -1;
	}
	if (huge)
		ver_huge(v);
	return 0;
}

int ef_ver_huge(const struct ef_ver *v)
{
	return v->part[0] == EF_VER_HUGE;
}

int ef_ver_cmp(const struct ef_ver *a, const struct ef_ver *b)
{
	int i;

	for (i = 0; i < EF_VERPARTS; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	return 0;
}

const struct ef_vreq *ef_glibc_max(const struct ef_info *info)
{
	const struct ef_vreq *best = NULL, *q;
	size_t i;

	for (i = 0; i < info->nvreqs; i++) {
		q = &info->vreqs[i];
		if (q->numbered && (!best || ef_ver_cmp(&q->ver, &best->ver) > 0))
			best = q;
	}
	return best;
}
