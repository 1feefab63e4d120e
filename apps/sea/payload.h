/* The SEA payload: where it lives and what it looks like (docs/sea.md).
 *
 * The payload is the descriptor of one ELF note, owner "MUSLFORGE", type
 * SEA_NOTE_TYPE, in a PT_NOTE segment of its own that a PT_LOAD maps. The
 * descriptor is a fixed 128-byte little-endian header followed by QuickJS
 * bytecode:
 *
 *   0   8  magic "MFSEAPL\0"
 *   8   4  format version (SEA_FORMAT_VERSION)
 *   12  4  header size (SEA_HEADER_SIZE)
 *   16  4  flags (SEA_FLAG_MODULE)
 *   20  4  reserved, zero
 *   24  8  bytecode size
 *   32  32 QuickJS version that compiled the bytecode, NUL-padded
 *   64  32 application name, NUL-padded
 *   96  32 sha256 of bytes 0..95 followed by the bytecode
 *
 * Everything here works on plain buffers: the runtime passes it the mapped
 * note, sea-inject the file it rewrites, the fuzz target arbitrary bytes. */
#ifndef SEA_PAYLOAD_H
#define SEA_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define SEA_NOTE_OWNER      "MUSLFORGE"
#define SEA_NOTE_TYPE       0x53454131u	/* "SEA1" */
#define SEA_MAGIC           "MFSEAPL"
#define SEA_FORMAT_VERSION  1u
#define SEA_HEADER_SIZE     128u
#define SEA_HASHED_HEADER   96u
#define SEA_VERSION_LEN     32u
#define SEA_NAME_LEN        32u
#define SEA_FLAG_MODULE     1u
#define SEA_MAX_PAYLOAD     (64u << 20)	/* bytecode bytes */

/* The sentinel fuse: a string in the runtime's read-only data whose last
 * byte sea-inject flips from '0' to '1' when it injects a payload. */
#define SEA_FUSE_PREFIX     "MUSLFORGE_SEA_FUSE_5f0c9a1e7d3b4826:"

enum sea_err {
	SEA_OK,
	SEA_ERR_SHORT,		/* smaller than a header */
	SEA_ERR_MAGIC,
	SEA_ERR_FORMAT,		/* another format version */
	SEA_ERR_HEADER,		/* header size, flags or reserved fields */
	SEA_ERR_LIMIT,		/* bytecode over SEA_MAX_PAYLOAD */
	SEA_ERR_SIZE,		/* bytecode size disagrees with the note */
	SEA_ERR_DIGEST,		/* sha256 mismatch: tampered or damaged */
	SEA_ERR_VERSION,	/* compiled by another QuickJS */
	SEA_ERR_NOTE,		/* no payload note, or a malformed one */
};

struct sea_payload {
	uint32_t format;
	uint32_t flags;
	char qjs_version[SEA_VERSION_LEN + 1];
	char name[SEA_NAME_LEN + 1];
	const unsigned char *bytecode;
	size_t size;
	unsigned char sha256[32];
};

/* Find the payload note in a buffer of notes (a PT_NOTE's contents).
 * Returns SEA_OK and the descriptor, or SEA_ERR_NOTE. */
enum sea_err sea_note_find(const unsigned char *notes, size_t len,
			   const unsigned char **desc, size_t *desc_len);

/* Check a descriptor: structure, limit and digest, then, when
 * want_version is not NULL, that it was compiled by that QuickJS. */
enum sea_err sea_payload_parse(const unsigned char *desc, size_t len,
			       const char *want_version, struct sea_payload *p);

/* Write a header for bytecode into hdr (SEA_HEADER_SIZE bytes). */
void sea_payload_header(unsigned char *hdr, uint32_t flags, const char *qjs_version,
			const char *name, const unsigned char *bytecode, size_t size);

/* The size of a whole note (header, owner, descriptor, padding). */
size_t sea_note_size(size_t desc_len);

/* Write the note for a descriptor of desc_len bytes into out
 * (sea_note_size(desc_len) bytes); the descriptor follows at
 * out + SEA_NOTE_DESC_OFF. */
#define SEA_NOTE_DESC_OFF 24u
void sea_note_header(unsigned char *out, size_t desc_len);

const char *sea_strerror(enum sea_err e);

#endif
