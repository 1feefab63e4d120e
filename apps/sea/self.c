/* Finding our own payload note in memory: the program headers the loader
 * used (dl_iterate_phdr, which reads AT_PHDR in a static program), never
 * the file on disk, which may be gone, unreadable or replaced. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* dl_iterate_phdr in glibc's link.h */
#endif
#include <elf.h>
#include <link.h>

#include "payload.h"
#include "sea.h"

struct found {
	const unsigned char *desc;
	size_t len;
	int seen;
};

/* A note is usable only if a PT_LOAD maps all of it from the file. */
static int mapped(const struct dl_phdr_info *info, const ElfW(Phdr) *note)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type == PT_LOAD && note->p_vaddr >= p->p_vaddr &&
		    note->p_filesz <= p->p_filesz &&
		    note->p_vaddr - p->p_vaddr <= p->p_filesz - note->p_filesz)
			return 1;
	}
	return 0;
}

static int visit(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct found *f = arg;

	(void)size;
	if (f->seen++)		/* the first object is the program itself */
		return 1;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		const unsigned char *notes;

		if (p->p_type != PT_NOTE || !mapped(info, p))
			continue;
		notes = (const unsigned char *)(info->dlpi_addr + p->p_vaddr);
		if (sea_note_find(notes, p->p_filesz, &f->desc, &f->len) == SEA_OK)
			return 1;
	}
	return 1;
}

int sea_self_note(const unsigned char **desc, size_t *len)
{
	struct found f = { 0, 0, 0 };

	dl_iterate_phdr(visit, &f);
	if (!f.desc)
		return -1;
	*desc = f.desc;
	*len = f.len;
	return 0;
}
