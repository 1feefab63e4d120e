/* DNS messages: parsing a query and building the reply. No I/O here, only
 * buffers, so every length a peer controls is checked in one place. */
#include <string.h>

#include "testdns.h"

#define HDR		12
#define CHAIN_MAX	8	/* CNAME links followed inside the zone */
#define LABELS_MAX	128	/* 255 octets hold at most 127 labels */

/* Flag bits in octets 2 and 3 of the header. */
#define F_QR	0x80
#define F_AA	0x04
#define F_TC	0x02
#define F_RD	0x01
#define F_RA	0x80

static void text_label(const unsigned char *l, size_t n, char *out, size_t *o)
{
	static const char digits[] = "0123456789";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = l[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c > 0x20 && c < 0x7f && c != '.' && c != '\\') {
			out[(*o)++] = c;
			continue;
		}
		/* \DDD keeps the log one line per query and the name unambiguous. */
		out[(*o)++] = '\\';
		out[(*o)++] = digits[c / 100];
		out[(*o)++] = digits[c / 10 % 10];
		out[(*o)++] = digits[c % 10];
	}
}

/* Returns PARSE_OK with q filled, or what to do with the message. */
int msg_parse(const unsigned char *p, size_t n, struct query *q)
{
	size_t off = HDR, o = 0, labels[LABELS_MAX], nl = 0;

	if (n < HDR || (p[2] & F_QR))
		return PARSE_IGNORE;	/* too short to answer, or a response */
	q->id = p[0] << 8 | p[1];
	q->opcode = p[2] >> 3 & 15;
	q->rd = p[2] & F_RD;
	if (q->opcode != 0)
		return PARSE_NOTIMP;
	if ((p[4] << 8 | p[5]) != 1)
		return PARSE_FORMERR;
	for (;;) {
		if (off >= n)
			return PARSE_FORMERR;
		size_t len = p[off];
		if (len == 0)
			break;
		/* A compression pointer in the only question has nothing before
		 * it to point to; 0x40 and 0x80 label types are undefined. */
		if (len & 0xc0)
			return PARSE_FORMERR;
		if (len > n - off - 1 || off + 1 + len - HDR + 1 > 255)
			return PARSE_FORMERR;
		labels[nl++] = off;
		if (o)
			q->name[o++] = '.';
		text_label(p + off + 1, len, q->name, &o);
		off += 1 + len;
	}
	off++;
	if (n - off < 4)
		return PARSE_FORMERR;
	if (!o)
		q->name[o++] = '.';
	q->name[o] = 0;
	q->qtype = p[off] << 8 | p[off + 1];
	q->qclass = p[off + 2] << 8 | p[off + 3];
	q->question = p + HDR;
	q->qlen = off + 4 - HDR;
	q->zone_off = nl > 2 ? labels[nl - 2] : HDR;
	return PARSE_OK;
}

static void header(unsigned char *out, uint16_t id, int opcode, int rd, int tc,
		   int rcode)
{
	memset(out, 0, HDR);
	out[0] = id >> 8;
	out[1] = id;
	out[2] = F_QR | opcode << 3 | F_AA | (tc ? F_TC : 0) | (rd ? F_RD : 0);
	out[3] = F_RA | rcode;
}

/* A reply without a question (FORMERR, NOTIMP): needs only the header. */
size_t msg_error(const unsigned char *p, size_t n, int rcode, unsigned char *out)
{
	if (n < HDR)
		return 0;
	header(out, p[0] << 8 | p[1], p[2] >> 3 & 15, p[2] & F_RD, 0, rcode);
	return HDR;
}

/* Writing stops at the first record that does not fit, so what was sent
 * is always whole records and the caller sets TC. */
struct wbuf {
	unsigned char *p;
	size_t len, cap;
	int full;
	uint16_t an, ns;
};

static int put(struct wbuf *b, const void *d, size_t n)
{
	if (b->full || n > b->cap - b->len) {
		b->full = 1;
		return -1;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	return 0;
}

static int put16(struct wbuf *b, unsigned v)
{
	unsigned char x[2] = { v >> 8 & 0xff, v & 0xff };
	return put(b, x, 2);
}

static int put32(struct wbuf *b, unsigned long v)
{
	return put16(b, v >> 16 & 0xffff) || put16(b, v & 0xffff);
}

/* Owner as a pointer, type, class IN, TTL, a placeholder RDLENGTH. Once
 * the buffer is full every put is a no-op, so a record is written whole or
 * taken back whole by rr_end. */
static size_t rr_begin(struct wbuf *b, size_t owner, int type)
{
	size_t mark = b->len;

	put16(b, 0xc000 | owner);
	put16(b, type);
	put16(b, 1);
	put32(b, TTL);
	put16(b, 0);
	return mark;
}

static int rr_end(struct wbuf *b, size_t mark)
{
	size_t rdlen;

	if (b->full) {
		b->len = mark;
		return -1;
	}
	rdlen = b->len - mark - 12;
	b->p[mark + 10] = rdlen >> 8;
	b->p[mark + 11] = rdlen;
	return 0;
}

static int add_rdata(struct wbuf *b, size_t owner, int type,
		     const struct rdata *d, uint32_t i, size_t *name_off)
{
	unsigned char addr[16];
	size_t mark = rr_begin(b, owner, type);

	switch (type) {
	case T_A:
	case T_AAAA: {
		uint32_t carry = i;
		memcpy(addr, d->wire, d->len);
		for (int k = d->len - 1; k >= 0 && carry; k--) {
			carry += addr[k];
			addr[k] = carry;
			carry >>= 8;
		}
		put(b, addr, d->len);
		break;
	}
	case T_TXT: {
		unsigned char l = d->len;
		if (!put(b, &l, 1))
			put(b, d->wire, d->len);
		break;
	}
	case T_MX:
		put16(b, d->pref);
		/* fall through */
	default:
		*name_off = b->len;
		put(b, d->wire, d->len);
		break;
	}
	return rr_end(b, mark);
}

static int add_rule_records(struct wbuf *b, size_t owner, const struct rule *r)
{
	size_t name_off;

	for (size_t k = 0; k < r->ndata; k++)
		for (uint32_t i = 0; i < r->data[k].count; i++) {
			if (add_rdata(b, owner, r->type, &r->data[k], i, &name_off))
				return -1;
			b->an++;
		}
	return 0;
}

/* Negative answers carry the zone's SOA so a resolver can cache them. */
static void add_soa(struct wbuf *b, size_t zone)
{
	static const unsigned char ns[] = { 2, 'n', 's' };
	static const unsigned char hm[] = { 10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r' };
	size_t mark = rr_begin(b, zone, T_SOA);

	put(b, ns, sizeof ns);
	put16(b, 0xc000 | zone);
	put(b, hm, sizeof hm);
	put16(b, 0xc000 | zone);
	put32(b, 1);		/* serial */
	put32(b, 3600);		/* refresh */
	put32(b, 600);		/* retry */
	put32(b, 86400);	/* expire */
	put32(b, TTL);		/* minimum: the negative TTL */
	if (!rr_end(b, mark))
		b->ns++;
}

/* The records of an answer action; a CNAME is followed through the zone the
 * way a recursive server would, so stub resolvers see the whole chain. */
static int add_answer(struct wbuf *b, const struct zone *z, const struct query *q,
		      const struct rule *r)
{
	size_t owner = HDR, target;

	for (int depth = 0; ; depth++) {
		if (r->type != T_CNAME || q->qtype == T_CNAME) {
			if (r->ndata)
				add_rule_records(b, owner, r);
			else	/* type `*`: an empty answer */
				add_soa(b, q->zone_off);
			return R_NOERROR;
		}
		if (add_rdata(b, owner, T_CNAME, &r->data[0], 0, &target))
			return R_NOERROR;
		b->an++;
		if (depth == CHAIN_MAX || target > 0x3fff)
			return R_NOERROR;
		r = zone_match(z, r->data[0].text, q->qtype);
		if (!r)
			return R_NOERROR;
		switch (r->action) {
		case ACT_NXDOMAIN:
			add_soa(b, q->zone_off);
			return R_NXDOMAIN;
		case ACT_NODATA:
			add_soa(b, q->zone_off);
			return R_NOERROR;
		case ACT_ANSWER:
		case ACT_TRUNCATE:
		case ACT_DELAY:
			break;
		default:	/* the chain ends where the target fails */
			return R_NOERROR;
		}
		owner = target;
	}
}

/* The reply to q under rule r (NULL: no rule, REFUSED). out holds at least
 * TCP_REPLY_MAX bytes; a UDP reply is cut to UDP_REPLY_MAX. */
size_t msg_answer(const struct zone *z, const struct query *q,
		  const struct rule *r, int udp, unsigned char *out)
{
	struct wbuf b = { out, 0, udp ? UDP_REPLY_MAX : TCP_REPLY_MAX, 0, 0, 0 };
	int rcode = R_NOERROR, tc = 0;

	b.len = HDR;
	put(&b, q->question, q->qlen);	/* at most 259 bytes: always fits */
	if (!r || q->qclass != 1)
		rcode = R_REFUSED;
	else if (r->action == ACT_SERVFAIL)
		rcode = R_SERVFAIL;
	else if (r->action == ACT_REFUSED)
		rcode = R_REFUSED;
	else if (r->action == ACT_NXDOMAIN || r->action == ACT_NODATA) {
		rcode = r->action == ACT_NXDOMAIN ? R_NXDOMAIN : R_NOERROR;
		add_soa(&b, q->zone_off);
	} else if (r->action == ACT_TRUNCATE && udp)
		tc = 1;
	else
		rcode = add_answer(&b, z, q, r);
	tc |= b.full;
	header(out, q->id, q->opcode, q->rd, tc, rcode);
	out[5] = 1;
	out[6] = b.an >> 8;
	out[7] = b.an;
	out[8] = b.ns >> 8;
	out[9] = b.ns;
	return b.len;
}
