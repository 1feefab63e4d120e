/* Reading and writing the payload note (payload.h). Every length is checked
 * before it is used: the fuzz target feeds this file arbitrary bytes. */
#include <string.h>

#include "payload.h"
#include "sha256.h"

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

enum sea_err sea_note_find(const unsigned char *notes, size_t len,
			   const unsigned char **desc, size_t *desc_len)
{
	static const char owner[] = SEA_NOTE_OWNER;
	size_t off = 0;

	while (len - off >= 12) {
		uint32_t namesz = get32(notes + off), descsz = get32(notes + off + 4);
		uint32_t type = get32(notes + off + 8);
		size_t name_off = off + 12, desc_off, next;

		if (namesz > len - name_off)
			return SEA_ERR_NOTE;
		desc_off = name_off + pad4(namesz);
		if (desc_off > len || descsz > len - desc_off)
			return SEA_ERR_NOTE;
		next = desc_off + pad4(descsz);
		if (type == SEA_NOTE_TYPE && namesz == sizeof owner &&
		    memcmp(notes + name_off, owner, sizeof owner) == 0) {
			*desc = notes + desc_off;
			*desc_len = descsz;
			return SEA_OK;
		}
		if (next > len)
			break;
		off = next;
	}
	return SEA_ERR_NOTE;
}

/* A NUL-padded string field: at least one NUL, nothing after the first. */
static int get_str(char *dst, const unsigned char *src, size_t n)
{
	size_t len = strnlen((const char *)src, n);

	if (len == n)
		return -1;
	for (size_t i = len; i < n; i++)
		if (src[i])
			return -1;
	memcpy(dst, src, len);
	dst[len] = 0;
	return 0;
}

static void digest(const unsigned char *hdr, const unsigned char *code, size_t size,
		   unsigned char out[32])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, hdr, SEA_HASHED_HEADER);
	sha256_update(&s, code, size);
	sha256_final(&s, out);
}

static enum sea_err parse_header(const unsigned char *d, size_t len, struct sea_payload *p)
{
	uint64_t size;

	if (len < SEA_HEADER_SIZE)
		return SEA_ERR_SHORT;
	if (memcmp(d, SEA_MAGIC, 8) != 0)
		return SEA_ERR_MAGIC;
	p->format = get32(d + 8);
	if (p->format != SEA_FORMAT_VERSION)
		return SEA_ERR_FORMAT;
	p->flags = get32(d + 16);
	if (get32(d + 12) != SEA_HEADER_SIZE || (p->flags & ~SEA_FLAG_MODULE) || get32(d + 20))
		return SEA_ERR_HEADER;
	if (get_str(p->qjs_version, d + 32, SEA_VERSION_LEN) || get_str(p->name, d + 64, SEA_NAME_LEN))
		return SEA_ERR_HEADER;
	size = get64(d + 24);
	if (size > SEA_MAX_PAYLOAD)
		return SEA_ERR_LIMIT;
	if (size != len - SEA_HEADER_SIZE)
		return SEA_ERR_SIZE;
	p->size = (size_t)size;
	p->bytecode = d + SEA_HEADER_SIZE;
	memcpy(p->sha256, d + SEA_HASHED_HEADER, 32);
	return SEA_OK;
}

enum sea_err sea_payload_parse(const unsigned char *desc, size_t len,
			       const char *want_version, struct sea_payload *p)
{
	unsigned char sum[32];
	enum sea_err e;

	memset(p, 0, sizeof *p);
	if ((e = parse_header(desc, len, p)) != SEA_OK)
		return e;
	digest(desc, p->bytecode, p->size, sum);
	if (memcmp(sum, p->sha256, 32) != 0)
		return SEA_ERR_DIGEST;
	if (want_version && strcmp(want_version, p->qjs_version) != 0)
		return SEA_ERR_VERSION;
	return SEA_OK;
}

static void put_str(unsigned char *dst, const char *s, size_t n)
{
	size_t len = strnlen(s, n - 1);

	memset(dst, 0, n);
	memcpy(dst, s, len);
}

void sea_payload_header(unsigned char *hdr, uint32_t flags, const char *qjs_version,
			const char *name, const unsigned char *bytecode, size_t size)
{
	memset(hdr, 0, SEA_HEADER_SIZE);
	memcpy(hdr, SEA_MAGIC, 8);
	put32(hdr + 8, SEA_FORMAT_VERSION);
	put32(hdr + 12, SEA_HEADER_SIZE);
	put32(hdr + 16, flags);
	put64(hdr + 24, size);
	put_str(hdr + 32, qjs_version, SEA_VERSION_LEN);
	put_str(hdr + 64, name, SEA_NAME_LEN);
	digest(hdr, bytecode, size, hdr + SEA_HASHED_HEADER);
}

size_t sea_note_size(size_t desc_len)
{
	return SEA_NOTE_DESC_OFF + pad4(desc_len);
}

void sea_note_header(unsigned char *out, size_t desc_len)
{
	put32(out, sizeof SEA_NOTE_OWNER);
	put32(out + 4, (uint32_t)desc_len);
	put32(out + 8, SEA_NOTE_TYPE);
	memset(out + 12, 0, 12);
	memcpy(out + 12, SEA_NOTE_OWNER, sizeof SEA_NOTE_OWNER);
	memset(out + SEA_NOTE_DESC_OFF + desc_len, 0, pad4(desc_len) - desc_len);
}

const char *sea_strerror(enum sea_err e)
{
	switch (e) {
	case SEA_OK: return "ok";
	case SEA_ERR_SHORT: return "payload shorter than its header (truncated)";
	case SEA_ERR_MAGIC: return "not a muslforge SEA payload (bad magic)";
	case SEA_ERR_FORMAT: return "payload format version not supported by this runtime";
	case SEA_ERR_HEADER: return "malformed payload header";
	case SEA_ERR_LIMIT: return "payload over the 64 MiB limit";
	case SEA_ERR_SIZE: return "payload size disagrees with its note (truncated or padded)";
	case SEA_ERR_DIGEST: return "payload sha256 mismatch (tampered or damaged)";
	case SEA_ERR_VERSION: return "payload compiled by another QuickJS version";
	case SEA_ERR_NOTE: return "no payload note in the program headers";
	}
	return "unknown error";
}
