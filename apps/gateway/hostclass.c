/* Host names by the patterns they match: the verifier's host classes.
 *
 * The verifier keeps host names out of the solver: a host is one Boolean per
 * pattern ("the name matches it"), and a combination the solver picks counts
 * only if some name matches exactly the patterns set true. host_name_for
 * decides that, exactly, and builds such a name.
 *
 * A name of L labels: each pattern puts a label glob on some positions (a
 * "**." pattern on its last labels only, and it needs more labels than it
 * has). Positions are independent, so per position the question is which of
 * the unwanted patterns a label there can fail while it matches every wanted
 * glob: the product of the globs' automata, explored breadth first over one
 * character of each class the globs can tell apart. Then one label per
 * position is chosen so that every unwanted pattern fails at some position.
 * A name of four labels must also not read as a dotted quad (the evaluator
 * takes that as an address): one more unwanted "pattern" of four octets.
 * Only L up to one more label than the longest pattern needs trying: beyond
 * that, more labels change no pattern's answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gateway.h"

#define MAX_LABELS 128            /* 253 characters hold at most 127 labels */
#define MAX_STATES 200000         /* per position: past this, "cannot decide" */
#define MAX_CHOICES 1000000       /* label combinations tried per length */
#define MAX_OPTIONS 256           /* labels that fail different sets, per position */
#define OCTET (-1)                /* a matcher that is the dotted-quad octet */

struct pattern {
	int any_prefix;           /* "**." in front: one or more labels there */
	size_t k;                 /* labels after it */
	const char *lab[MAX_LABELS];
	size_t len[MAX_LABELS];
};

/* One automaton at one position: a label glob, or OCTET. */
struct matcher {
	const char *g;
	int n;                    /* glob length, or OCTET */
	int avoid;                /* index among the unwanted, or -1 if wanted */
};

static int parse(const char *s, struct pattern *p)
{
	memset(p, 0, sizeof *p);
	if (!strncmp(s, "**.", 3)) p->any_prefix = 1, s += 3;
	for (;;) {
		size_t n = strcspn(s, ".");
		if (!n || p->k == MAX_LABELS) return -1;
		p->lab[p->k] = s, p->len[p->k++] = n;
		if (!s[n]) return 0;
		s += n + 1;
	}
}

/* The pattern's glob at position pos of a name of L labels, NULL where it
 * puts none; *applies is 0 when no name of L labels can match it. */
static const char *glob_at(const struct pattern *p, size_t L, size_t pos, size_t *n, int *applies)
{
	size_t first = p->any_prefix ? L - p->k : 0;
	*applies = p->any_prefix ? L > p->k : L == p->k;
	if (!*applies || pos < first) return NULL;
	*n = p->len[pos - first];
	return p->lab[pos - first];
}

/* ---- the automata ---- */

/* A glob's state: the set of positions reached, '*' taken as any run. */
static uint64_t glob_close(const char *g, int n, uint64_t s)
{
	for (int i = 0; i < n; i++)
		if ((s >> i & 1) && g[i] == '*') s |= 1ull << (i + 1);
	return s;
}

static uint64_t glob_step(const char *g, int n, uint64_t s, char c)
{
	uint64_t t = 0;
	for (int i = 0; i < n; i++)
		if (s >> i & 1) {
			if (g[i] == '*') t |= 1ull << i;
			else if (g[i] == c) t |= 1ull << (i + 1);
		}
	return glob_close(g, n, t);
}

/* Octet: 0-255 in decimal, no leading zero. States: 0 start, 1 "0",
 * 2 "1", 3 "2", 4 "[3-9]", 5 "1d", 6 "2[0-4]", 7 three digits, 8 "25",
 * 9 two digits that take no third, 10 dead. */
static uint64_t octet_step(uint64_t s, char c)
{
	int d = c >= '0' && c <= '9' ? c - '0' : -1;
	if (d < 0) return 10;
	switch (s) {
	case 0: return d == 0 ? 1 : d == 1 ? 2 : d == 2 ? 3 : 4;
	case 2: return 5;
	case 3: return d <= 4 ? 6 : d == 5 ? 8 : 9;
	case 4: return 9;
	case 5: case 6: return 7;
	case 8: return d <= 5 ? 7 : 10;
	default: return 10;
	}
}

static uint64_t m_start(const struct matcher *m) { return m->n == OCTET ? 0 : glob_close(m->g, m->n, 1); }

static uint64_t m_step(const struct matcher *m, uint64_t s, char c)
{
	return m->n == OCTET ? octet_step(s, c) : glob_step(m->g, m->n, s, c);
}

static int m_accepts(const struct matcher *m, uint64_t s)
{
	return m->n == OCTET ? s != 0 && s != 10 : (int)(s >> m->n & 1);
}

static int m_dead(const struct matcher *m, uint64_t s) { return m->n == OCTET ? s == 10 : s == 0; }

/* ---- one position: the labels worth having ---- */

/* A reachable label: which unwanted matchers it fails (a bit set over the
 * unwanted patterns) and the label itself. */
struct option {
	uint64_t *fails;
	char *label;
};

struct position {
	struct option *opt;
	size_t n;
};

struct table {                    /* states of the product, breadth first */
	uint64_t *st;             /* nm words per state, then one for "non-empty" */
	int *parent, *depth;
	char *via;
	size_t n, cap, width;
	int *slot;                /* open addressing over state indexes */
	size_t nslots;
};

static size_t hash_state(const uint64_t *s, size_t w)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < w; i++) h = (h ^ s[i]) * 1099511628211ull;
	return (size_t)(h ^ h >> 29);
}

/* Twice the room, the slots rebuilt; -1 past MAX_STATES or out of memory. */
static int table_grow(struct table *t)
{
	size_t cap = t->cap ? 2 * t->cap : 256;
	uint64_t *st;
	int *parent, *depth, *slot;
	char *via;
	if (cap > MAX_STATES) return -1;
	st = realloc(t->st, cap * t->width * sizeof *st);
	if (st) t->st = st;
	parent = realloc(t->parent, cap * sizeof *parent);
	if (parent) t->parent = parent;
	depth = realloc(t->depth, cap * sizeof *depth);
	if (depth) t->depth = depth;
	via = realloc(t->via, cap);
	if (via) t->via = via;
	slot = malloc(2 * cap * sizeof *slot);
	if (!st || !parent || !depth || !via || !slot) { free(slot); return -1; }
	free(t->slot);
	t->slot = slot, t->nslots = 2 * cap, t->cap = cap;
	memset(slot, 0xff, t->nslots * sizeof *slot);
	for (size_t i = 0; i < t->n; i++) {
		size_t h = hash_state(t->st + i * t->width, t->width) & (t->nslots - 1);
		while (slot[h] >= 0) h = (h + 1) & (t->nslots - 1);
		slot[h] = (int)i;
	}
	return 0;
}

/* Index of state s, adding it if new; -1 when the table cannot grow. */
static int table_add(struct table *t, const uint64_t *s, int parent, char via, int *added)
{
	size_t h;
	*added = 0;
	if (t->n == t->cap && table_grow(t)) return -1;
	h = hash_state(s, t->width) & (t->nslots - 1);
	while (t->slot[h] >= 0) {
		if (!memcmp(t->st + (size_t)t->slot[h] * t->width, s, t->width * sizeof *s)) return t->slot[h];
		h = (h + 1) & (t->nslots - 1);
	}
	memcpy(t->st + t->n * t->width, s, t->width * sizeof *s);
	t->parent[t->n] = parent, t->via[t->n] = via;
	t->depth[t->n] = parent < 0 ? 0 : t->depth[parent] + 1;
	t->slot[h] = (int)t->n;
	*added = 1;
	return (int)t->n++;
}

/* The characters that tell the automata apart: every literal character,
 * and one character of each class no literal names (a letter and each
 * group of digits the octet automaton distinguishes). */
static size_t alphabet(const struct matcher *m, size_t nm, char *out)
{
	static const char *classes[] = { "abcdefghijklmnopqrstuvwxyz-_", "0", "1", "2", "34", "5", "6789" };
	char seen[128] = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < nm; i++)
		for (int j = 0; m[i].n != OCTET && j < m[i].n; j++)
			if (m[i].g[j] != '*' && !seen[(unsigned char)m[i].g[j]]) seen[(unsigned char)m[i].g[j]] = 1, out[n++] = m[i].g[j];
	for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++)
		for (const char *p = classes[c]; *p; p++)
			if (!seen[(unsigned char)*p]) { out[n++] = *p; break; }
	return n;
}

/* The label that reaches state i (malloc'd), or NULL. */
static char *label_of(const struct table *t, int i)
{
	size_t depth = (size_t)t->depth[i];
	char *buf = malloc(depth + 1);
	if (!buf) return NULL;
	buf[depth] = 0;
	for (; t->parent[i] >= 0; i = t->parent[i]) buf[--depth] = t->via[i];
	return buf;
}

/* The options at one position; -1 when the product is too large. */
static int explore(const struct matcher *m, size_t nm, size_t navoid, struct position *out)
{
	struct table t = { 0 };
	char sigma[64];
	size_t nsigma = alphabet(m, nm, sigma), words = (navoid + 63) / 64, head = 0;
	uint64_t *s;
	int rc = 0, added;
	t.width = nm + 1;
	s = malloc(t.width * sizeof *s);
	memset(out, 0, sizeof *out);
	if (!s || table_grow(&t)) { rc = -1; goto out; }
	for (size_t i = 0; i < nm; i++) s[i] = m_start(&m[i]);
	s[nm] = 0;
	table_add(&t, s, -1, 0, &added);
	for (; head < t.n; head++) {
		const uint64_t *cur = t.st + head * t.width;
		int ok = cur[nm] != 0, dead = 0;
		for (size_t i = 0; i < nm; i++) {
			if (m[i].avoid < 0 && m_dead(&m[i], cur[i])) dead = 1;
			if (m[i].avoid < 0 && !m_accepts(&m[i], cur[i])) ok = 0;
		}
		if (dead) continue;
		/* A label: what does it fail? (No length limit: the evaluator and
		 * the old encoding have none; a name too long for the caller's
		 * buffer is "cannot decide", never "no such name".) */
		if (ok) {
			struct option o = { calloc(words ? words : 1, sizeof *o.fails), NULL };
			int dominated = 0;
			if (!o.fails) { rc = -1; goto out; }
			for (size_t i = 0; i < nm; i++)
				if (m[i].avoid >= 0 && !m_accepts(&m[i], cur[i])) o.fails[m[i].avoid / 64] |= 1ull << (m[i].avoid % 64);
			for (size_t k = 0; k < out->n && !dominated; k++) {   /* keep only what adds */
				dominated = 1;
				for (size_t w = 0; w < words; w++) dominated &= (o.fails[w] & ~out->opt[k].fails[w]) == 0;
			}
			if (dominated) free(o.fails);
			else if (out->n == MAX_OPTIONS) { free(o.fails); rc = -1; goto out; }
			else {
				struct option *grown = realloc(out->opt, (out->n + 1) * sizeof *grown);
				if (!grown) { free(o.fails); rc = -1; goto out; }
				out->opt = grown;
				if (!(o.label = label_of(&t, (int)head))) { free(o.fails); rc = -1; goto out; }
				out->opt[out->n++] = o;
			}
		}
		for (size_t c = 0; c < nsigma; c++) {
			cur = t.st + head * t.width;      /* a growing table moves */
			for (size_t i = 0; i < nm; i++) s[i] = m_step(&m[i], cur[i], sigma[c]);
			s[nm] = 1;
			if (table_add(&t, s, (int)head, sigma[c], &added) < 0) { rc = -1; goto out; }
		}
	}
out:
	free(t.st), free(t.parent), free(t.depth), free(t.via), free(t.slot), free(s);
	return rc;
}

/* ---- a name of L labels ---- */

struct search {
	struct position *pos;
	size_t L, words;
	uint64_t *need;           /* unwanted patterns that apply at this L */
	size_t *pick;
	long budget;
};

static int covers(const uint64_t *have, const uint64_t *need, size_t words)
{
	for (size_t w = 0; w < words; w++)
		if (need[w] & ~have[w]) return 0;
	return 1;
}

/* Choose an option per position from i on, with `have` failed so far. */
static int choose(struct search *s, size_t i, const uint64_t *have)
{
	uint64_t next[s->words ? s->words : 1];
	if (i == s->L) return covers(have, s->need, s->words) ? 1 : 0;
	for (size_t k = 0; k < s->pos[i].n; k++) {
		int r;
		if (--s->budget < 0) return -1;
		for (size_t w = 0; w < s->words; w++) next[w] = have[w] | s->pos[i].opt[k].fails[w];
		s->pick[i] = k;
		if ((r = choose(s, i + 1, next))) return r;
	}
	return 0;
}

static void free_positions(struct position *pos, size_t L)
{
	for (size_t i = 0; pos && i < L; i++) {
		for (size_t k = 0; k < pos[i].n; k++) free(pos[i].opt[k].fails), free(pos[i].opt[k].label);
		free(pos[i].opt);
	}
	free(pos);
}

static int try_length(const struct pattern *want, size_t nwant, const struct pattern *avoid, size_t navoid,
		      size_t L, char *buf, size_t len)
{
	size_t nu = navoid + 1, words = (nu + 63) / 64;   /* the last one: dotted quad */
	struct position *pos = calloc(L, sizeof *pos);
	struct matcher *m = malloc((nwant + nu) * sizeof *m);
	uint64_t *need = calloc(words, sizeof *need), *none = calloc(words, sizeof *none);
	size_t *pick = calloc(L, sizeof *pick);
	int rc = 0, applies;
	if (!pos || !m || !need || !none || !pick) { rc = -1; goto out; }
	for (size_t w = 0; w < nwant; w++) {
		size_t n;
		glob_at(&want[w], L, 0, &n, &applies);
		if (!applies) goto out;
	}
	for (size_t f = 0; f < navoid; f++) {
		size_t n;
		glob_at(&avoid[f], L, 0, &n, &applies);
		if (applies) need[f / 64] |= 1ull << (f % 64);
	}
	if (L == 4) need[navoid / 64] |= 1ull << (navoid % 64);
	for (size_t i = 0; i < L; i++) {
		size_t nm = 0, n;
		const char *g;
		for (size_t w = 0; w < nwant; w++)
			if ((g = glob_at(&want[w], L, i, &n, &applies))) m[nm++] = (struct matcher){ g, (int)n, -1 };
		for (size_t f = 0; f < navoid; f++)
			if ((g = glob_at(&avoid[f], L, i, &n, &applies))) m[nm++] = (struct matcher){ g, (int)n, (int)f };
		if (L == 4) m[nm++] = (struct matcher){ NULL, OCTET, (int)navoid };
		if (explore(m, nm, nu, &pos[i])) { rc = -1; goto out; }
		if (!pos[i].n) goto out;          /* no label matches every wanted glob here */
	}
	{
		struct search s = { pos, L, words, need, pick, MAX_CHOICES };
		rc = choose(&s, 0, none);
	}
	if (rc == 1) {
		size_t off = 0;
		for (size_t i = 0; i < L; i++) {
			const char *lab = pos[i].opt[pick[i]].label;
			size_t n = strlen(lab);
			if (off + n + 2 > len) { rc = -1; goto out; }
			memcpy(buf + off, lab, n);
			off += n;
			buf[off++] = i + 1 < L ? '.' : 0;
		}
	}
out:
	free_positions(pos, L);
	free(m), free(need), free(none), free(pick);
	return rc;
}

int host_name_for(const char *const *want, size_t nwant, const char *const *avoid, size_t navoid, char *buf, size_t len)
{
	struct pattern *w = malloc((nwant ? nwant : 1) * sizeof *w), *a = malloc((navoid ? navoid : 1) * sizeof *a);
	size_t na = 0, lo = 1, hi = 1, fixed = 0;
	int rc = 0;
	if (!w || !a) { rc = -1; goto out; }
	for (size_t i = 0; i < nwant; i++) {
		if (parse(want[i], &w[i])) { rc = -1; goto out; }
		if (w[i].any_prefix) { if (w[i].k + 1 > lo) lo = w[i].k + 1; }
		else if (fixed && fixed != w[i].k) goto out;  /* two label counts */
		else fixed = w[i].k;
	}
	for (size_t i = 0; i < navoid; i++) {
		int meets = 1;
		/* Cannot meet a wanted pattern: fails wherever that one matches. */
		for (size_t j = 0; j < nwant && meets; j++) meets = host_patterns_may_meet(want[j], avoid[i]);
		if (!meets) continue;
		if (parse(avoid[i], &a[na])) { rc = -1; goto out; }
		na++;
	}
	for (size_t i = 0; i < nwant; i++) if (w[i].k + 1 > hi) hi = w[i].k + 1;
	for (size_t i = 0; i < na; i++) if (a[i].k + 1 > hi) hi = a[i].k + 1;
	hi++;                             /* one label past them all: none applies there */
	if (fixed) lo = hi = fixed < lo ? 0 : fixed;
	for (size_t L = lo; L && L <= hi && L < MAX_LABELS && !rc; L++)
		rc = try_length(w, nwant, a, na, L, buf, len);
out:
	free(w), free(a);
	return rc;
}
