/* libFuzzer target for the HTTP request parser (http.c).
 * The first byte picks how the input is cut into reads, so the fuzzer
 * explores incremental parsing; the rest is the byte stream. Small limits
 * make every bound reachable. Invariants are checked with abort(). */
#include "http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_request(const struct http_parser *p)
{
	const struct http_request *r = &p->req;
	if (!r->method || !r->path || !r->query || r->minor < 0 || r->minor > 1)
		abort();
	if (r->nheaders > p->lim.max_headers || r->content_length > p->lim.max_body)
		abort();
	if (r->body < p->buf || r->body + r->content_length > p->buf + p->len)
		abort();
	if (p->head_len > p->lim.max_header_bytes)
		abort();
	if (!strlen(r->method) || (r->path[0] != '/' && r->path[0] != '*'))
		abort();
	for (size_t i = 0; i < r->nheaders; i++)
		if (!r->headers[i].name[0] || strlen(r->headers[i].value) > p->lim.max_header_bytes)
			abort();
	volatile char sink = 0;
	for (size_t i = 0; i < r->content_length; i++)
		sink ^= r->body[i];
	(void)sink;
	char v[64];
	(void)http_query_param(r->query, "name", v, sizeof v);
	(void)http_header(r, "Host");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a body limit above the first allocation, so the buffer grows under a parsed head */
	static const struct http_limits lim = { 64, 8, 256, 12000 };
	struct http_parser p;
	if (size < 1)
		return 0;
	size_t step = (size_t)(data[0] % 32) + 1, off = 1;
	http_init(&p, &lim);
	int requests = 0;
	while (off < size || http_pending(&p)) {
		size_t n = size - off < step ? size - off : step;
		size_t took = http_feed(&p, (const char *)data + off, n);
		off += took;
		int st = http_parse(&p);
		if (st == HTTP_DONE) {
			check_request(&p);
			http_next(&p);
			if (++requests > 1000)
				abort();
			continue;
		}
		if (st >= 400)
			break;
		if (st != HTTP_MORE || (took == 0 && n > 0))
			abort();                      /* full buffer while waiting for more */
		if (off >= size)
			break;
	}
	http_free(&p);
	return 0;
}
