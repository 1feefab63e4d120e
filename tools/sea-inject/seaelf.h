/* Finding and replacing the payload note of a runtime ELF file, in memory. */
#ifndef SEA_INJECT_ELF_H
#define SEA_INJECT_ELF_H

#include <stddef.h>
#include <stdint.h>

struct image {
	unsigned char *data;
	size_t size;
};

struct sea_elf {
	int machine;		/* e_machine */
	int dynamic;		/* has a PT_INTERP */
	int load, note;		/* program header indices of the payload's PT_LOAD and PT_NOTE */
	int section;		/* its section header index, or -1 without sections */
	uint64_t seg_off;	/* file offset of the note */
	uint64_t seg_size;	/* its size in the file (the whole note) */
	const unsigned char *desc;	/* the current payload descriptor */
	size_t desc_len;	/* 0: no payload */
	size_t fuse_off;	/* offset of the fuse's flag byte */
};

/* Check that img is a runtime sea-inject can work on and find its parts;
 * 0, or -1 with a reason in err. */
int sea_elf_scan(const struct image *img, struct sea_elf *e, char *err, size_t errlen);

/* A new image: img with the payload descriptor replaced by desc (a header
 * and bytecode) and the fuse flipped. 0, or -1 with a reason in err. */
int sea_elf_inject(const struct image *img, const struct sea_elf *e,
		   const unsigned char *desc, size_t desc_len, struct image *out,
		   char *err, size_t errlen);

#endif
