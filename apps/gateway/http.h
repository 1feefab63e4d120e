/* An incremental, bounded HTTP/1.1 request parser. Pure: no I/O.
 *
 * The caller appends the bytes it receives (http_wbuf + http_wrote, or
 * http_feed) and calls http_parse, which answers HTTP_MORE (not complete
 * yet), HTTP_DONE (a whole request is in p->req) or an HTTP error status
 * (400, 411, 413, 414, 431, 501, 505) the caller sends before closing.
 * After a request is answered, http_next drops it and keeps whatever
 * followed it (a pipelined request).
 *
 * Every size a client controls is bounded by struct http_limits; the
 * buffer never grows past max_header_bytes + max_body. Bodies are framed by
 * Content-Length only: Transfer-Encoding is refused (411 for chunked,
 * 501 for other codings, 400 next to a Content-Length).
 */
#ifndef GATEWAY_HTTP_H
#define GATEWAY_HTTP_H

#include <stddef.h>

enum { HTTP_MORE = 0, HTTP_DONE = 1 };

struct http_limits {
	size_t max_line;          /* request line, bytes (414 past it) */
	size_t max_headers;       /* header fields (431) */
	size_t max_header_bytes;  /* request line + headers + blank line (431) */
	size_t max_body;          /* Content-Length (413) */
};
#define HTTP_LIMITS_DEFAULT { 8192, 100, 16384, 1048576 }
#define HTTP_MAX_HEADERS_CAP 256   /* hard cap on max_headers */

struct http_header { const char *name, *value; };

struct http_request {
	const char *method;       /* NUL-terminated, in the parser's buffer */
	const char *path;         /* the target up to '?' */
	const char *query;        /* after '?', or "" */
	int minor;                /* HTTP/1.minor: 0 or 1 */
	struct http_header headers[HTTP_MAX_HEADERS_CAP];
	size_t nheaders;
	const char *body;         /* content_length bytes, not NUL-terminated */
	size_t content_length;
	int keep_alive;           /* the connection may carry another request */
	int expect_continue;      /* Expect: 100-continue */
};

struct http_parser {
	struct http_limits lim;
	char *buf;
	size_t len, cap;
	size_t scan;              /* where the search for the end of the head resumes */
	size_t line_start;        /* start of the line being scanned */
	size_t nlines;            /* complete lines seen in the head */
	size_t lead;              /* empty lines before the request line */
	size_t lead_end;          /* where the request line starts */
	size_t head_len;          /* 0 until the head is complete and valid */
	int error;                /* the status of a failed parse: sticky */
	struct http_request req;
};

void http_init(struct http_parser *p, const struct http_limits *lim);
void http_free(struct http_parser *p);

/* Room to receive into: *room bytes at the returned pointer (0 when full,
 * NULL when out of memory). Then http_wrote(p, n) with what arrived. */
char *http_wbuf(struct http_parser *p, size_t *room);
void http_wrote(struct http_parser *p, size_t n);
/* Copies what fits of data; returns how many bytes were taken. */
size_t http_feed(struct http_parser *p, const char *data, size_t n);

/* HTTP_MORE, HTTP_DONE or an error status >= 400. */
int http_parse(struct http_parser *p);
/* Whether any byte of a next request has arrived. */
int http_pending(const struct http_parser *p);
/* Whether the head is complete (the body may still be arriving). */
int http_head_done(const struct http_parser *p);
/* Drops the request http_parse returned; keeps the bytes after it. */
void http_next(struct http_parser *p);

/* The value of a header (case-insensitive name), or NULL. */
const char *http_header(const struct http_request *r, const char *name);
/* The percent-decoded value of a query parameter into out; 0, or -1 when
 * absent, malformed or longer than outlen - 1. */
int http_query_param(const char *query, const char *name, char *out, size_t outlen);
/* "Not Found" for 404 ... */
const char *http_reason(int status);

#endif
