/* What the C library's locale support does with a fixed set of inputs:
 * which names setlocale accepts (the environment's, C.UTF-8, de_DE.UTF-8,
 * a made-up xx_XX.UTF-8 and fr_FR.UTF-8, real but not installed where the
 * suite runs), then, under C, C.UTF-8 and de_DE.UTF-8 each: MB_CUR_MAX,
 * numeric formatting, collation, dates, multibyte decoding, case mapping,
 * character widths and iconv. Keys are "<locale>/<what>"; a locale that
 * cannot be set has only "<locale>/available=no". Text is printed with
 * bytes outside ASCII as \xHH. */
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#include <ctype.h>

#include "probe.h"

static const char *const set_names[] = {
	"C", "POSIX", "C.UTF-8", "de_DE.UTF-8", "xx_XX.UTF-8", "fr_FR.UTF-8",
};
static const char *const sections[] = { "C", "C.UTF-8", "de_DE.UTF-8" };

/* Sorted under strcoll: case, umlauts, sharp s. */
static const char *const words[] = {
	"apfel", "Apfel", "\xc3\x84pfel", "Arzt", "Zebra", "zebra", "\xc3\x96l", "Ofen",
	"\xc3\xbc" "ber", "Ufer", "\xc3\x9f", "ss", "a", "B",
};

static const unsigned wide[] = { 0x41, 0xe9, 0xad, 0x301, 0x200b, 0x4e2d, 0xff21, 0x1f600, 0x7 };

static const struct { const char *key, *to; } conversions[] = {
	{ "ascii_translit", "ASCII//TRANSLIT" }, { "latin1", "ISO-8859-1" }, { "utf16", "UTF-16" },
	{ "cp1252", "CP1252" }, { "latin9", "ISO-8859-15" },
};
static const char euro[] = "\xe2\x82\xac";

static void put_in(const char *loc, const char *what, const char *fmt, const char *value)
{
	char key[128];

	snprintf(key, sizeof key, "%s/%s", loc, what);
	put(key, fmt, value);
}

static void numbers(const char *loc)
{
	const struct lconv *lc = localeconv();
	char buf[64];

	snprintf(buf, sizeof buf, "%d", (int)MB_CUR_MAX);
	put_in(loc, "mb_cur_max", "%s", buf);
	put_in(loc, "decimal_point", "%s", lc->decimal_point);
	put_in(loc, "thousands_sep", "%s", lc->thousands_sep);
	snprintf(buf, sizeof buf, "%'d", 1234567);
	put_in(loc, "printf_d", "%s", buf);
	snprintf(buf, sizeof buf, "%'.1f", 1234567.5);
	put_in(loc, "printf_f", "%s", buf);
}

/* Equal under strcoll falls back to strcmp, so the order is total. */
static int coll(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int c = strcoll(a, b);

	return c ? c : strcmp(a, b);
}

static void collation(const char *loc)
{
	const char *sorted[sizeof words / sizeof words[0]];
	char buf[256] = "";

	memcpy(sorted, words, sizeof words);
	qsort(sorted, sizeof sorted / sizeof sorted[0], sizeof sorted[0], coll);
	for (size_t i = 0; i < sizeof sorted / sizeof sorted[0]; i++) {
		if (i)
			strcat(buf, ",");
		strcat(buf, sorted[i]);
	}
	put_in(loc, "strcoll", "%s", buf);
}

static void dates(const char *loc)
{
	/* Tuesday, 5 March 2024, 14:30. */
	struct tm tm = { .tm_year = 124, .tm_mon = 2, .tm_mday = 5, .tm_wday = 2, .tm_yday = 64,
			 .tm_hour = 14, .tm_min = 30 };
	char buf[128];

	if (strftime(buf, sizeof buf, "%A %B %x", &tm) == 0)
		buf[0] = 0;
	put_in(loc, "strftime", "%s", buf);
}

static void decode(const char *loc, const char *what, const char *s)
{
	mbstate_t st;
	wchar_t wc = 0;
	char buf[64];
	size_t n;

	memset(&st, 0, sizeof st);
	errno = 0;
	n = mbrtowc(&wc, s, strlen(s), &st);
	if (n == (size_t)-1)
		snprintf(buf, sizeof buf, "%s", errno_name(errno));
	else if (n == (size_t)-2)
		snprintf(buf, sizeof buf, "INCOMPLETE");
	else
		snprintf(buf, sizeof buf, "U+%04X n=%zu", (unsigned)wc, n);
	put_in(loc, what, "%s", buf);
}

static void characters(const char *loc)
{
	char buf[256];
	size_t len = 0;

	decode(loc, "mbrtowc.xff", "\xff");
	decode(loc, "mbrtowc.xc3xa9", "\xc3\xa9");
	snprintf(buf, sizeof buf, "0x%02x", (unsigned)toupper(0xe9));
	put_in(loc, "toupper.xe9", "%s", buf);
	snprintf(buf, sizeof buf, "U+%04X", (unsigned)towupper(0xe9));
	put_in(loc, "towupper.U+00E9", "%s", buf);
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%sU+%04X:%d", i ? "," : "", wide[i],
					wcwidth((wchar_t)wide[i]));
	put_in(loc, "wcwidth", "%s", buf);
}

/* "€" from UTF-8: what comes out (hex, the shift state flushed) and the
 * return value, or the errno name of iconv_open or iconv. */
static void convert(const char *loc, const char *what, const char *to)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char in[sizeof euro], out[64], hex[160], key[64], *ip = in, *op = out, res[200];
	size_t il = sizeof euro - 1, ol = sizeof out, rc, hl = 0;

	snprintf(key, sizeof key, "iconv.%s", what);
	if (cd == (iconv_t)-1) {
		snprintf(res, sizeof res, "open:%s", errno_name(errno));
		put_in(loc, key, "%s", res);
		return;
	}
	memcpy(in, euro, sizeof euro);
	errno = 0;
	rc = iconv(cd, &ip, &il, &op, &ol);
	if (rc != (size_t)-1)
		iconv(cd, NULL, NULL, &op, &ol);
	for (const char *p = out; p < op && hl + 3 < sizeof hex; p++)
		hl += (size_t)snprintf(hex + hl, sizeof hex - hl, "%02x", (unsigned char)*p);
	hex[hl] = 0;
	if (rc == (size_t)-1)
		snprintf(res, sizeof res, "%s out=%s", errno_name(errno), hex);
	else
		snprintf(res, sizeof res, "n=%zu out=%s", rc, hex);
	put_in(loc, key, "%s", res);
	iconv_close(cd);
}

static void section(const char *loc)
{
	setlocale(LC_ALL, "C");
	if (!setlocale(LC_ALL, loc)) {
		put_in(loc, "available", "%s", "no");
		return;
	}
	put_in(loc, "available", "%s", "yes");
	numbers(loc);
	collation(loc);
	dates(loc);
	characters(loc);
	for (size_t i = 0; i < sizeof conversions / sizeof conversions[0]; i++)
		convert(loc, conversions[i].key, conversions[i].to);
}

int main(int argc, char **argv)
{
	const char *r;
	char key[64];

	(void)argv;
	if (argc != 1)
		usage("probe-locale", "no arguments expected");
	r = setlocale(LC_ALL, "");
	put("setlocale.env", "%s", r ? r : "NULL");
	for (size_t i = 0; i < sizeof set_names / sizeof set_names[0]; i++) {
		setlocale(LC_ALL, "C");
		r = setlocale(LC_ALL, set_names[i]);
		snprintf(key, sizeof key, "setlocale.%s", set_names[i]);
		put(key, "%s", r ? r : "NULL");
	}
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		section(sections[i]);
	return finish();
}
