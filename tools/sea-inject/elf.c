/* The ELF side of sea-inject. The runtime's payload note sits in a PT_NOTE
 * and a read-only PT_LOAD of its own, last in the address space and last of
 * what is loaded from the file (apps/sea/sea.ld); after it come only
 * sections no loader reads (symbols, strings) and the section headers.
 * Injecting writes the new note in place, moves that tail by a whole
 * number of pages, and updates the sizes in the two program headers and
 * the note's section header: nothing the program uses moves, which is why
 * strip tools, which keep every allocated section, keep the payload. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seaelf.h"
#include "payload.h"

#define TAIL_ALIGN 4096u

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* [off, off+len) inside a file of size n, without overflow. */
static int inside(uint64_t off, uint64_t len, size_t n)
{
	return off <= n && len <= n - off;
}

static int check_ehdr(const struct image *img, const Elf64_Ehdr *eh, char *err, size_t errlen)
{
	if (img->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, "not a 64-bit little-endian ELF file");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(err, errlen, "not an executable");
	if (eh->e_machine != EM_X86_64 && eh->e_machine != EM_AARCH64)
		return fail(err, errlen, "not an x86_64 or aarch64 executable");
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum == PN_XNUM ||
	    !inside(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), img->size))
		return fail(err, errlen, "program headers out of bounds");
	if (eh->e_shnum && (eh->e_shentsize != sizeof(Elf64_Shdr) ||
			    !inside(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), img->size)))
		return fail(err, errlen, "section headers out of bounds");
	if (eh->e_shnum == 0 && eh->e_shoff != 0)
		return fail(err, errlen, "extended section numbering is not supported");
	if (eh->e_phoff % 8 || eh->e_shoff % 8)
		return fail(err, errlen, "misaligned ELF headers");
	return 0;
}

/* The PT_NOTE holding our note, and the PT_LOAD that is exactly it. */
static int find_note(const struct image *img, const Elf64_Phdr *ph, int phnum, struct sea_elf *e,
		     char *err, size_t errlen)
{
	e->note = e->load = -1;
	for (int i = 0; i < phnum; i++) {
		const unsigned char *d;
		size_t dl;
		if (ph[i].p_type == PT_INTERP)
			e->dynamic = 1;
		if (ph[i].p_type != PT_NOTE || !inside(ph[i].p_offset, ph[i].p_filesz, img->size) ||
		    sea_note_find(img->data + ph[i].p_offset, ph[i].p_filesz, &d, &dl) != SEA_OK)
			continue;
		if (e->note >= 0)
			return fail(err, errlen, "more than one payload note");
		e->note = i;
		e->desc = d;
		e->desc_len = dl;
	}
	if (e->note < 0)
		return fail(err, errlen, "no payload note: not a muslforge SEA runtime");
	e->seg_off = ph[e->note].p_offset;
	e->seg_size = ph[e->note].p_filesz;
	if (e->desc != img->data + e->seg_off + SEA_NOTE_DESC_OFF || e->seg_size != sea_note_size(e->desc_len))
		return fail(err, errlen, "the payload note shares its segment with other notes");
	for (int i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == e->seg_off &&
		    ph[i].p_vaddr == ph[e->note].p_vaddr && ph[i].p_filesz == e->seg_size &&
		    ph[i].p_memsz == e->seg_size)
			e->load = i;
	if (e->load < 0)
		return fail(err, errlen, "the payload note has no PT_LOAD of its own");
	return 0;
}

/* Nothing loaded may follow the payload, in memory or in the file. */
static int check_last(const Elf64_Phdr *ph, int phnum, const struct sea_elf *e, char *err, size_t errlen)
{
	uint64_t vaddr = ph[e->load].p_vaddr;

	for (int i = 0; i < phnum; i++) {
		if (i == e->load || i == e->note)
			continue;
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr + ph[i].p_memsz > vaddr)
			return fail(err, errlen, "a loaded segment follows the payload in memory");
		if (ph[i].p_filesz && ph[i].p_offset + ph[i].p_filesz > e->seg_off)
			return fail(err, errlen, "a segment follows the payload in the file");
	}
	return 0;
}

/* The note's section header, and no allocated section after it. */
static int check_sections(const struct image *img, const Elf64_Ehdr *eh, struct sea_elf *e,
			  char *err, size_t errlen)
{
	const Elf64_Shdr *sh;
	uint64_t end = e->seg_off + e->seg_size;

	e->section = -1;
	if (eh->e_shnum == 0)
		return 0;
	sh = (const Elf64_Shdr *)(const void *)(img->data + eh->e_shoff);
	if (eh->e_shoff < end && eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > e->seg_off)
		return fail(err, errlen, "section headers inside the payload");
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type == SHT_NOBITS || sh[i].sh_size == 0)
			continue;
		/* Checked before any arithmetic on them: an offset near 2^64
		 * wraps, and moving the tail would carry it onto the payload. */
		if (sh[i].sh_offset > img->size || sh[i].sh_size > img->size - sh[i].sh_offset)
			return fail(err, errlen, "a section lies outside the file");
		if (sh[i].sh_offset == e->seg_off && sh[i].sh_type == SHT_NOTE && (sh[i].sh_flags & SHF_ALLOC)) {
			if (sh[i].sh_size != e->seg_size)
				return fail(err, errlen, "the payload note's section and segment disagree");
			/* Only one header is resized on injection; a second
			 * would then disagree with the grown segment. */
			if (e->section >= 0)
				return fail(err, errlen, "two section headers for the payload note");
			e->section = i;
		} else if (sh[i].sh_offset < end && sh[i].sh_offset + sh[i].sh_size > e->seg_off) {
			return fail(err, errlen, "a section overlaps the payload");
		} else if (sh[i].sh_offset >= end && (sh[i].sh_flags & SHF_ALLOC)) {
			return fail(err, errlen, "an allocated section follows the payload");
		}
	}
	if (e->section < 0)
		return fail(err, errlen, "the payload note has no section header");
	return 0;
}

/* The fuse: exactly one, before the payload. */
static int find_fuse(const struct image *img, struct sea_elf *e, char *err, size_t errlen)
{
	static const char fuse[] = SEA_FUSE_PREFIX;
	const size_t n = sizeof fuse - 1;
	const unsigned char *p = img->data, *end = img->data + e->seg_off, *hit = NULL;

	while (end - p > (ptrdiff_t)n && (p = memchr(p, fuse[0], (size_t)(end - p - n))) != NULL) {
		if (memcmp(p, fuse, n) == 0) {
			if (hit)
				return fail(err, errlen, "more than one fuse in the runtime");
			hit = p;
		}
		p++;
	}
	if (!hit || (hit[n] != '0' && hit[n] != '1'))
		return fail(err, errlen, "no sentinel fuse: not a muslforge SEA runtime");
	e->fuse_off = (size_t)(hit + n - img->data);
	return 0;
}

int sea_elf_scan(const struct image *img, struct sea_elf *e, char *err, size_t errlen)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(const void *)img->data;
	const Elf64_Phdr *ph;

	memset(e, 0, sizeof *e);
	if (check_ehdr(img, eh, err, errlen) < 0)
		return -1;
	e->machine = eh->e_machine;
	ph = (const Elf64_Phdr *)(const void *)(img->data + eh->e_phoff);
	if (find_note(img, ph, eh->e_phnum, e, err, errlen) < 0 ||
	    check_last(ph, eh->e_phnum, e, err, errlen) < 0 ||
	    check_sections(img, eh, e, err, errlen) < 0 ||
	    find_fuse(img, e, err, errlen) < 0)
		return -1;
	if (eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > e->seg_off)
		return fail(err, errlen, "program headers after the payload");
	return 0;
}

/* How far the tail moves: a whole number of pages, at least the growth. */
static int64_t tail_shift(uint64_t old_size, uint64_t new_size)
{
	int64_t d = (int64_t)new_size - (int64_t)old_size;

	return d >= 0 ? (d + TAIL_ALIGN - 1) / TAIL_ALIGN * TAIL_ALIGN : -((-d) / TAIL_ALIGN * TAIL_ALIGN);
}

static void fix_headers(struct image *out, const struct sea_elf *e, uint64_t tail, int64_t shift,
			uint64_t size)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)(void *)out->data;
	Elf64_Phdr *ph = (Elf64_Phdr *)(void *)(out->data + eh->e_phoff);
	Elf64_Shdr *sh;

	ph[e->load].p_filesz = ph[e->load].p_memsz = size;
	ph[e->note].p_filesz = ph[e->note].p_memsz = size;
	out->data[e->fuse_off] = '1';
	if (eh->e_shnum == 0)
		return;
	if (eh->e_shoff >= tail)
		eh->e_shoff = (uint64_t)((int64_t)eh->e_shoff + shift);
	sh = (Elf64_Shdr *)(void *)(out->data + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (i == e->section)
			sh[i].sh_size = size;
		else if (sh[i].sh_offset >= tail)
			sh[i].sh_offset = (uint64_t)((int64_t)sh[i].sh_offset + shift);
	}
}

int sea_elf_inject(const struct image *img, const struct sea_elf *e,
		   const unsigned char *desc, size_t desc_len, struct image *out,
		   char *err, size_t errlen)
{
	uint64_t size = sea_note_size(desc_len), tail = e->seg_off + e->seg_size;
	int64_t shift = tail_shift(e->seg_size, size);
	size_t tail_len = img->size - tail;

	if (desc_len > SEA_HEADER_SIZE + (size_t)SEA_MAX_PAYLOAD)
		return fail(err, errlen, "payload over the limit");
	out->size = (size_t)((int64_t)tail + shift) + tail_len;
	if (!(out->data = calloc(1, out->size)))
		return fail(err, errlen, "out of memory");
	memcpy(out->data, img->data, e->seg_off);
	sea_note_header(out->data + e->seg_off, desc_len);
	memcpy(out->data + e->seg_off + SEA_NOTE_DESC_OFF, desc, desc_len);
	memcpy(out->data + (int64_t)tail + shift, img->data + tail, tail_len);
	fix_headers(out, e, tail, shift, size);
	return 0;
}
