/* libFuzzer target for the payload reader: the bytes are a PT_NOTE's
 * contents; the note walk, the header parse and the digest check must
 * stay inside them whatever they hold. A found descriptor is parsed with
 * and without a version to compare against, and its digest recomputed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *desc;
	size_t len;
	struct sea_payload p;

	if (sea_note_find(data, size, &desc, &len) == SEA_OK) {
		if (desc < data || len > size || (size_t)(desc - data) > size - len)
			__builtin_trap();
		if (sea_payload_parse(desc, len, "2025-04-26", &p) == SEA_OK &&
		    (p.bytecode != desc + SEA_HEADER_SIZE || p.size != len - SEA_HEADER_SIZE))
			__builtin_trap();
	}
	/* The same bytes as a bare descriptor. */
	if (sea_payload_parse(data, size, NULL, &p) == SEA_OK && p.size + SEA_HEADER_SIZE != size)
		__builtin_trap();
	return 0;
}
