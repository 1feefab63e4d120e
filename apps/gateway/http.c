/* The HTTP/1.1 request parser: see http.h. RFC 9110 / 9112. */
#include "http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTTP_MIN_CHUNK 4096

void http_init(struct http_parser *p, const struct http_limits *lim)
{
	static const struct http_limits def = HTTP_LIMITS_DEFAULT;
	memset(p, 0, sizeof *p);
	p->lim = lim ? *lim : def;
	if (p->lim.max_headers > HTTP_MAX_HEADERS_CAP)
		p->lim.max_headers = HTTP_MAX_HEADERS_CAP;
	if (p->lim.max_line > p->lim.max_header_bytes)
		p->lim.max_line = p->lim.max_header_bytes;
}

void http_free(struct http_parser *p)
{
	free(p->buf);
	p->buf = NULL;
	p->len = p->cap = 0;
}

static size_t max_buffer(const struct http_parser *p)
{
	return p->lim.max_header_bytes + p->lim.max_body;
}

/* ---- receiving ---- */

/* A pointer into the old buffer, moved to the same place in the new one. */
static const char *moved(const char *ptr, const char *old, size_t len, const char *b)
{
	uintptr_t u = (uintptr_t)ptr, o = (uintptr_t)old;
	return ptr && u >= o && u < o + len ? b + (u - o) : ptr;
}

/* A parsed head points into the buffer: growing it moves the pointers. */
static int grow(struct http_parser *p, size_t cap)
{
	char *b = malloc(cap);
	if (!b)
		return -1;
	if (p->len)
		memcpy(b, p->buf, p->len);
	struct http_request *r = &p->req;
	r->method = moved(r->method, p->buf, p->len, b);
	r->path = moved(r->path, p->buf, p->len, b);
	r->query = moved(r->query, p->buf, p->len, b);
	r->body = moved(r->body, p->buf, p->len, b);
	for (size_t i = 0; i < r->nheaders; i++) {
		r->headers[i].name = moved(r->headers[i].name, p->buf, p->len, b);
		r->headers[i].value = moved(r->headers[i].value, p->buf, p->len, b);
	}
	free(p->buf);
	p->buf = b;
	p->cap = cap;
	return 0;
}

char *http_wbuf(struct http_parser *p, size_t *room)
{
	size_t max = max_buffer(p);
	if (p->cap - p->len < HTTP_MIN_CHUNK && p->cap < max) {
		size_t cap = p->cap ? p->cap * 2 : HTTP_MIN_CHUNK;
		if (cap > max)
			cap = max;
		if (grow(p, cap)) {
			*room = 0;
			return NULL;
		}
	}
	*room = p->cap - p->len;
	return p->buf + p->len;
}

void http_wrote(struct http_parser *p, size_t n)
{
	p->len += n;
}

size_t http_feed(struct http_parser *p, const char *data, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t room;
		char *w = http_wbuf(p, &room);
		if (!w || !room)
			break;
		size_t k = n - done < room ? n - done : room;
		memcpy(w, data + done, k);
		http_wrote(p, k);
		done += k;
	}
	return done;
}

int http_pending(const struct http_parser *p)
{
	return p->len > 0;
}

int http_head_done(const struct http_parser *p)
{
	return p->head_len > 0;
}

/* ---- character classes (RFC 9110 5.6.2) ---- */

static int is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_vchar(unsigned char c) { return c > 0x20 && c < 0x7f; }
static int is_field_char(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

/* ---- finding the end of the head ---- */

/* Length of the line [start, end) without its CR. */
static size_t line_len(const char *b, size_t start, size_t end)
{
	size_t n = end - start;
	return n && b[end - 1] == '\r' ? n - 1 : n;
}

/* Scans new bytes for the blank line ending the head. 1 when found
 * (head_len set), 0 when more is needed, or an error status. */
static int scan_head(struct http_parser *p)
{
	for (; p->scan < p->len; p->scan++) {
		if (p->buf[p->scan] == '\0')
			return 400;
		if (p->buf[p->scan] != '\n')
			continue;
		size_t n = line_len(p->buf, p->line_start, p->scan);
		p->line_start = p->scan + 1;
		if (n == 0 && p->nlines == 0) {          /* tolerated before the request line */
			if (++p->lead > 8)
				return 400;
			p->lead_end = p->line_start;
			continue;
		}
		if (n == 0) {
			p->head_len = p->scan + 1;
			p->scan++;
			return p->head_len > p->lim.max_header_bytes ? 431 : 1;
		}
		if (p->nlines == 0 && n > p->lim.max_line)
			return 414;
		if (++p->nlines > p->lim.max_headers + 1)
			return 431;
		if (p->scan + 1 >= p->lim.max_header_bytes)
			return 431;
	}
	if (p->nlines == 0 && p->len - p->line_start > p->lim.max_line)
		return 414;
	if (p->len >= p->lim.max_header_bytes)
		return p->nlines == 0 ? 414 : 431;
	return 0;
}

/* ---- parsing the head in place ---- */

/* Cuts the line starting at *pos: NUL-terminates it and advances *pos. */
static char *next_line(char *b, size_t *pos)
{
	char *s = b + *pos, *nl = strchr(s, '\n');
	*pos += (size_t)(nl - s) + 1;
	*nl = '\0';
	if (nl > s && nl[-1] == '\r')
		nl[-1] = '\0';
	return s;
}

static int parse_version(const char *v, int *minor)
{
	if (strncmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' || v[6] != '.' ||
	    v[7] < '0' || v[7] > '9' || v[8] != '\0')
		return 400;
	if (v[5] != '1')
		return 505;
	*minor = v[7] - '0';
	return *minor <= 1 ? 0 : 505;
}

static int parse_target(struct http_request *r, char *t)
{
	if (t[0] != '/' && strcmp(t, "*") != 0)
		return 400;
	for (char *c = t; *c; c++)
		if (!is_vchar((unsigned char)*c))
			return 400;
	char *q = strchr(t, '?');
	r->query = "";
	if (q) {
		*q = '\0';
		r->query = q + 1;
	}
	r->path = t;
	return 0;
}

static int parse_request_line(struct http_request *r, char *line)
{
	char *sp1 = strchr(line, ' ');
	if (!sp1 || sp1 == line)
		return 400;
	char *sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || sp2 == sp1 + 1 || strchr(sp2 + 1, ' '))
		return 400;
	*sp1 = *sp2 = '\0';
	for (char *c = line; *c; c++)
		if (!is_tchar((unsigned char)*c))
			return 400;
	r->method = line;
	int st = parse_version(sp2 + 1, &r->minor);
	return st ? st : parse_target(r, sp1 + 1);
}

static char *trim_ows(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int parse_header(struct http_request *r, char *line, size_t max)
{
	if (line[0] == ' ' || line[0] == '\t')
		return 400;                               /* obsolete line folding */
	char *colon = strchr(line, ':');
	if (!colon || colon == line)
		return 400;
	*colon = '\0';
	for (char *c = line; *c; c++)
		if (!is_tchar((unsigned char)*c))
			return 400;
	char *v = trim_ows(colon + 1);
	for (char *c = v; *c; c++)
		if (!is_field_char((unsigned char)*c))
			return 400;
	if (r->nheaders >= max)
		return 431;
	r->headers[r->nheaders].name = line;
	r->headers[r->nheaders].value = v;
	r->nheaders++;
	return 0;
}

const char *http_header(const struct http_request *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static size_t header_count(const struct http_request *r, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nheaders; i++)
		n += strcasecmp(r->headers[i].name, name) == 0;
	return n;
}

/* Whether a comma-separated header value lists token (case-insensitive). */
static int list_has(const char *v, const char *token)
{
	size_t n = strlen(token);
	while (v && *v) {
		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		size_t k = strcspn(v, ",");
		size_t t = k;
		while (t && (v[t - 1] == ' ' || v[t - 1] == '\t'))
			t--;
		if (t == n && strncasecmp(v, token, n) == 0)
			return 1;
		v += k;
	}
	return 0;
}

/* Content-Length: digits only; repeated values must agree. */
static int parse_content_length(const struct http_request *r, const struct http_limits *lim,
				size_t *out)
{
	int seen = 0;
	*out = 0;
	for (size_t i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "Content-Length") != 0)
			continue;
		const char *v = r->headers[i].value;
		uint64_t n = 0;
		if (!*v)
			return 400;
		for (; *v; v++) {
			if (*v < '0' || *v > '9')
				return 400;
			n = n * 10 + (uint64_t)(*v - '0');
			if (n > lim->max_body)
				return 413;
		}
		if (seen && n != *out)
			return 400;
		*out = (size_t)n;
		seen = 1;
	}
	return 0;
}

static int check_framing(struct http_request *r, const struct http_limits *lim)
{
	const char *te = http_header(r, "Transfer-Encoding");
	if (te && http_header(r, "Content-Length"))
		return 400;                               /* a smuggling attempt, RFC 9112 6.1 */
	if (te)
		return list_has(te, "chunked") ? 411 : 501;
	return parse_content_length(r, lim, &r->content_length);
}

static void connection_rules(struct http_request *r)
{
	const char *c = http_header(r, "Connection");
	if (r->minor == 0)
		r->keep_alive = list_has(c, "keep-alive");
	else
		r->keep_alive = !list_has(c, "close");
	const char *e = http_header(r, "Expect");
	r->expect_continue = e && strcasecmp(e, "100-continue") == 0 && r->minor == 1;
}

static int parse_head(struct http_parser *p)
{
	struct http_request *r = &p->req;
	size_t pos = p->lead_end;                     /* after the tolerated blank lines */
	/* The head holds no NUL and ends with an empty line, so every line has
	 * its '\n' inside it. */
	int st = parse_request_line(r, next_line(p->buf, &pos));
	while (!st) {
		char *line = next_line(p->buf, &pos);
		if (!*line)
			break;
		st = parse_header(r, line, p->lim.max_headers);
	}
	if (st)
		return st;
	if (r->minor == 1 && header_count(r, "Host") != 1)
		return 400;
	if (header_count(r, "Host") > 1)
		return 400;
	connection_rules(r);
	return check_framing(r, &p->lim);
}

int http_parse(struct http_parser *p)
{
	if (p->error)
		return p->error;
	if (!p->head_len) {
		int st = scan_head(p);
		if (st == 0)
			return HTTP_MORE;
		if (st != 1)
			return p->error = st;
		memset(&p->req, 0, sizeof p->req);
		st = parse_head(p);
		if (st) {
			p->req.keep_alive = 0;
			return p->error = st;
		}
	}
	if (p->len - p->head_len < p->req.content_length)
		return HTTP_MORE;
	p->req.body = p->buf + p->head_len;
	return HTTP_DONE;
}

void http_next(struct http_parser *p)
{
	size_t used = p->head_len + p->req.content_length;
	if (!p->head_len || used > p->len)
		used = p->len;                            /* nothing sane to keep */
	memmove(p->buf, p->buf + used, p->len - used);
	p->len -= used;
	p->scan = p->line_start = p->nlines = p->lead = p->lead_end = p->head_len = 0;
	memset(&p->req, 0, sizeof p->req);
	if (p->cap > 4 * HTTP_MIN_CHUNK && p->len < HTTP_MIN_CHUNK) {
		char *b = realloc(p->buf, HTTP_MIN_CHUNK);   /* idle connections stay small */
		if (b) {
			p->buf = b;
			p->cap = HTTP_MIN_CHUNK;
		}
	}
}

/* ---- queries ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static int decode(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	if (!outlen)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(s[i + 1]);
			int lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0' || o + 1 >= outlen)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int http_query_param(const char *query, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *q = query;
	while (q && *q) {
		size_t k = strcspn(q, "&");
		if (k > nlen && strncmp(q, name, nlen) == 0 && q[nlen] == '=')
			return decode(q + nlen + 1, k - nlen - 1, out, outlen);
		q += k + (q[k] == '&');
	}
	return -1;
}

const char *http_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 422: return "Unprocessable Content";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default:  return "Unknown";
	}
}
