/* libFuzzer target for sea-inject's ELF side: any bytes as a runtime. A
 * file the scan accepts must take a payload, and the result must scan
 * again, with that payload, the fuse flipped and the size it promised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "seaelf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char desc[] = "a small payload descriptor";
	struct image in = { malloc(size ? size : 1), size }, out = { 0 };
	struct sea_elf e, e2;
	char err[256];

	if (!in.data)
		return 0;
	memcpy(in.data, data, size);
	if (sea_elf_scan(&in, &e, err, sizeof err) == 0 &&
	    sea_elf_inject(&in, &e, desc, sizeof desc, &out, err, sizeof err) == 0) {
		if (sea_elf_scan(&out, &e2, err, sizeof err) != 0 || e2.desc_len != sizeof desc ||
		    memcmp(e2.desc, desc, sizeof desc) != 0 || out.data[e2.fuse_off] != '1')
			__builtin_trap();
	}
	free(in.data);
	free(out.data);
	return 0;
}
