/* testdns: a scriptable DNS server for tests. Shared definitions of the zone
 * (zone.c) and of the message code (msg.c); the event loop is in main.c. */
#ifndef TESTDNS_H
#define TESTDNS_H

#include <stddef.h>
#include <stdint.h>

enum {
	T_A = 1, T_NS = 2, T_CNAME = 5, T_SOA = 6, T_PTR = 12, T_MX = 15,
	T_TXT = 16, T_AAAA = 28, T_SRV = 33, T_OPT = 41, T_ANY = 255,
	T_WILD = -1		/* TYPE `*` in a rule */
};

enum action {
	ACT_ANSWER, ACT_TRUNCATE, ACT_NXDOMAIN, ACT_NODATA, ACT_SERVFAIL,
	ACT_REFUSED, ACT_DROP, ACT_DELAY
};

enum { MATCH_EXACT, MATCH_ANY, MATCH_SUFFIX };

enum { R_NOERROR = 0, R_FORMERR = 1, R_SERVFAIL = 2, R_NXDOMAIN = 3,
       R_NOTIMP = 4, R_REFUSED = 5 };

#define NAME_TEXT_MAX	1024	/* 255 wire octets, each at most "\DDD" */
#define RULE_RECORDS_MAX 4096	/* records one rule may produce */
#define DELAY_MAX_MS	60000
#define UDP_REPLY_MAX	512	/* no EDNS: RFC 1035's limit */
#define TCP_REPLY_MAX	65535
#define TTL		60

/* One DATA word of a rule: `count` records (an address range) or one. */
struct rdata {
	uint32_t count;
	uint16_t pref;			/* MX preference */
	uint16_t len;			/* bytes used in wire */
	unsigned char wire[256];	/* address, name in wire form, TXT string */
	char text[256];			/* CNAME/MX target, lowercased */
};

struct rule {
	int kind;			/* MATCH_* */
	char name[256];			/* exact name, or the suffix of *.suffix */
	int type;			/* T_* or T_WILD */
	enum action action;
	unsigned delay_ms;
	struct rdata *data;
	size_t ndata;
	unsigned line;
};

struct zone {
	struct rule *rules;
	size_t n, cap;
};

int zone_load(struct zone *z, const char *path);
void zone_free(struct zone *z);
const struct rule *zone_match(const struct zone *z, const char *name, int qtype);
const char *type_name(int type, char *buf, size_t len);

struct query {
	uint16_t id;
	int opcode, rd;
	const unsigned char *question;	/* the question section as received */
	size_t qlen;
	size_t zone_off;	/* offset of the name's last two labels: SOA owner */
	uint16_t qtype, qclass;
	char name[NAME_TEXT_MAX];	/* lowercased presentation form */
};

enum { PARSE_OK, PARSE_IGNORE, PARSE_FORMERR, PARSE_NOTIMP };

int msg_parse(const unsigned char *p, size_t n, struct query *q);
size_t msg_error(const unsigned char *p, size_t n, int rcode, unsigned char *out);
size_t msg_answer(const struct zone *z, const struct query *q,
		  const struct rule *r, int udp, unsigned char *out);

#endif
