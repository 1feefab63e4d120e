/* The scenarios of musl's libc-test (src/functional, src/regression) that
 * concern text and addresses, one subcommand each, run the same way on
 * every C library so the harness compares the answers (written from the
 * scenarios, not from libc-test's code):
 *   utf8         mbrtowc on malformed, overlong and boundary UTF-8
 *   mbstate      a sequence split across two mbrtowc calls
 *   mbsrtowcs    the destination length and a NULL destination
 *   c-locale     the C locale's bytes 0x80-0xff through mbrtowc/btowc/wctob
 *   iconv-open   unknown charsets, E2BIG, invalid and incomplete input
 *   roundtrip    ISO-8859-x charsets, all 256 bytes to UTF-8 and back
 *   strftime     years far from now, padding flags, ISO weeks, %s
 *   strptime     fields, literals, whitespace, %F %s %z
 *   inet         inet_pton, inet_aton, inet_addr and inet_ntop on odd text
 *   utf8-names   which UTF-8 locale names setlocale takes, and CODESET
 *   dn-expand    compressed names pointing at the root
 *   misc         uselocale(0), iswspace(0), swprintf of multibyte text
 * The locale is the environment's (setlocale(LC_ALL, "")), but for
 * c-locale and utf8-names, which set their own. */
#include <arpa/inet.h>
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "probe.h"

static const char usage_line[] =
	"probe-libc utf8|mbstate|mbsrtowcs|c-locale|iconv-open|roundtrip|strftime|strptime|inet|utf8-names|dn-expand|misc";

/* A byte string as hex, for keys. */
static void hex_of(const char *s, size_t n, char *out, size_t len)
{
	out[0] = 0;
	for (size_t i = 0; i < n && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
}

static void put_mbrtowc(const char *key, const char *s, size_t n)
{
	mbstate_t st;
	wchar_t wc = 0;
	size_t r;

	memset(&st, 0, sizeof st);
	r = mbrtowc(&wc, s, n, &st);
	if (r == (size_t)-1)
		put(key, "-1 %s", errno_name(errno));
	else if (r == (size_t)-2)
		put(key, "-2");
	else
		put(key, "%zu U+%04lX", r, (unsigned long)wc);
}

static int utf8(void)
{
	static const struct { const char *bytes; size_t n; } seqs[] = {
		{ "\x80", 1 }, { "\xc0", 1 }, { "\xc0\x80", 2 }, { "\xc0\xaf", 2 }, { "\xe0\x80\xaf", 3 },
		{ "\xf0\x80\x80\xaf", 4 }, { "\xf8\x80\x80\x80\xaf", 5 }, { "\xfc\x80\x80\x80\x80\xaf", 6 },
		{ "\xc1\xbf", 2 }, { "\xe0\x9f\xbf", 3 }, { "\xf0\x8f\xbf\xbf", 4 },
		{ "\xed\xa0\x80", 3 }, { "\xed\xbf\xbf", 3 }, { "\xef\xbf\xbe", 3 }, { "\xef\xbf\xbf", 3 },
		{ "\xf4\x8f\xbf\xbf", 4 }, { "\xf4\x90\x80\x80", 4 }, { "\xf5\x80\x80\x80", 4 }, { "\xfe", 1 },
		{ "\xff", 1 }, { "\xc2\x80", 2 }, { "\xdf\xbf", 2 }, { "\xe0\xa0\x80", 3 }, { "\xf0\x90\x80\x80", 4 },
		{ "\xc3\xa9", 2 }, { "\xe2\x82", 2 }, { "\xc3\x28", 2 }, { "", 1 },
	};
	char key[64], h[32];

	put("codeset", "%s", nl_langinfo(CODESET));
	put("mb_cur_max", "%d", (int)MB_CUR_MAX);
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		hex_of(seqs[i].bytes, seqs[i].n, h, sizeof h);
		snprintf(key, sizeof key, "mbrtowc.%s", seqs[i].n && h[0] ? h : "00");
		put_mbrtowc(key, seqs[i].bytes, seqs[i].n);
	}
	return finish();
}

static int mbstate(void)
{
	mbstate_t st;
	wchar_t wc = 0, out[8];
	const char *src = "\xa0" "abc";
	size_t r;

	memset(&st, 0, sizeof st);
	r = mbrtowc(&wc, "\xc2", 1, &st);
	put("first", "%ld", (long)r);
	r = mbrtowc(&wc, "\x80", 1, &st);
	put("second", "%ld U+%04lX", (long)r, (unsigned long)wc);
	memset(&st, 0, sizeof st);
	mbrtowc(&wc, "\xc2", 1, &st);
	r = mbsrtowcs(out, &src, 8, &st);
	put("mbsrtowcs_after_partial", "%ld first=U+%04lX src_null=%d", (long)r,
	    (unsigned long)(r != (size_t)-1 && r > 0 ? out[0] : 0), src == NULL);
	return finish();
}

static int mbsrtowcs_probe(void)
{
	static const char text[] = "abcdef";
	wchar_t dst[8] = L"XXXXXXX";
	const char *src = text;
	size_t r;

	r = mbsrtowcs(dst, &src, 3, NULL);
	put("n3", "%zu advanced=%ld", r, src ? (long)(src - text) : -1L);
	src = "abcdef";
	r = mbsrtowcs(dst, &src, 8, NULL);
	put("n8", "%zu src_null=%d", r, src == NULL);
	src = "abcdef";
	r = mbsrtowcs(NULL, &src, 2, NULL);
	put("null_dst", "%zu", r);
	wmemcpy(dst, L"XXXXX", 6);
	src = "abcd";
	r = mbsrtowcs(dst, &src, 4, NULL);
	put("exact_n", "%zu src_null=%d dst5=%s", r, src == NULL, dst[4] == L'X' ? "X" : "changed");
	return finish();
}

static int c_locale(void)
{
	mbstate_t st;
	int distinct = 1, roundtrip = 1;
	wchar_t seen[256];

	if (!setlocale(LC_CTYPE, "C"))
		fail("setlocale C failed");
	put("mb_cur_max", "%d", (int)MB_CUR_MAX);
	for (int b = 0; b < 256; b++) {
		char c = (char)b;
		wchar_t wc = 0;
		size_t r;

		memset(&st, 0, sizeof st);
		r = mbrtowc(&wc, &c, 1, &st);
		seen[b] = r == (size_t)-1 ? (wchar_t)-1 : wc;
		if (r == (size_t)-1 || btowc(b) == WEOF || wctob(wc) != b)
			roundtrip = 0;
		for (int j = 0; j < b; j++)
			if (seen[j] == seen[b] && seen[b] != (wchar_t)-1)
				distinct = 0;
	}
	/* wchar_t is signed on x86_64 and unsigned on aarch64: print the
	 * failure by name, never the sign-extended value */
	for (int b = 0x80; b <= 0xff; b += 0x7f) {
		char key[16];
		snprintf(key, sizeof key, "byte_%02x", b);
		if (seen[b] == (wchar_t)-1)
			put(key, "EILSEQ");
		else
			put(key, "U+%04lX", (unsigned long)seen[b]);
	}
	put("all_bytes_roundtrip", "%d", roundtrip);
	put("images_distinct", "%d", distinct);
	put("wctob_e9", "%d", wctob(0xe9));
	return finish();
}

static void put_conv(const char *key, const char *to, const char *from, const char *in, size_t inlen,
		     size_t outlen)
{
	char out[64], h[130], *ip = (char *)in, *op = out;
	size_t il = inlen, ol = outlen;
	iconv_t cd = iconv_open(to, from);
	size_t r;

	if (cd == (iconv_t)-1) {
		put(key, "open:%s", errno_name(errno));
		return;
	}
	r = iconv(cd, &ip, &il, &op, &ol);
	hex_of(out, (size_t)(op - out), h, sizeof h);
	if (r == (size_t)-1)
		put(key, "-1 %s consumed=%zu out=%s", errno_name(errno), inlen - il, h);
	else
		put(key, "%zu consumed=%zu out=%s", r, inlen - il, h);
	iconv_close(cd);
}

static int iconv_probe(void)
{
	put_conv("bad_codeset", "bad-codeset", "bad-codeset", "test", 4, 16);
	put_conv("utf8_e2big", "UTF-8", "UTF-8", "test", 4, 0);
	put_conv("utf8_fits", "UTF-8", "UTF-8", "test", 4, 16);
	put_conv("utf8_invalid", "UTF-8", "UTF-8", "a\xff" "b", 3, 16);
	put_conv("utf8_incomplete", "UTF-8", "UTF-8", "a\xe2\x82", 3, 16);
	put_conv("latin1_to_utf8", "UTF-8", "ISO-8859-1", "\xe9", 1, 16);
	put_conv("utf32", "UTF-32", "UTF-8", "A", 1, 16);
	put_conv("wchar_t", "WCHAR_T", "UTF-8", "A", 1, 16);
	put_conv("ascii_high", "ASCII", "UTF-8", "\xc3\xa9", 2, 16);
	put_conv("empty_names", "", "", "A", 1, 16);
	put_conv("case_and_dashes", "utf8", "latin1", "\xe9", 1, 16);
	return finish();
}

static int roundtrip(void)
{
	static const char *const sets[] = {
		"ISO-8859-1", "ISO-8859-2", "ISO-8859-4", "ISO-8859-5", "ISO-8859-9", "ISO-8859-10",
		"ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16",
	};
	char in[256], mid[1024], back[256];

	for (int i = 0; i < 256; i++)
		in[i] = (char)(255 - i);
	for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
		iconv_t to = iconv_open("UTF-8", sets[s]), from = iconv_open(sets[s], "UTF-8");
		char *ip = in, *op = mid;
		size_t il = sizeof in, ol = sizeof mid, r1, r2;

		if (to == (iconv_t)-1 || from == (iconv_t)-1) {
			put(sets[s], "open:%s", errno_name(errno));
			continue;
		}
		r1 = iconv(to, &ip, &il, &op, &ol);
		size_t midlen = (size_t)(op - mid);
		ip = mid, il = midlen, op = back, ol = sizeof back;
		r2 = iconv(from, &ip, &il, &op, &ol);
		put(sets[s], "to=%ld back=%ld utf8_bytes=%zu same=%d", (long)r1, (long)r2, midlen,
		    op - back == 256 && memcmp(in, back, 256) == 0);
		iconv_close(to);
		iconv_close(from);
	}
	return finish();
}

static void put_strftime(const char *key, const char *fmt, const struct tm *tm)
{
	char buf[128];
	size_t n = strftime(buf, sizeof buf, fmt, tm);

	put(key, "%zu [%s]", n, n ? buf : "");
}

static int strftime_probe(void)
{
	static const struct { const char *key, *fmt; } fmts[] = {
		{ "c", "%c" }, { "x", "%x" }, { "X", "%X" }, { "D", "%D" }, { "F", "%F" }, { "Y", "%Y" },
		{ "C", "%C" }, { "y", "%y" }, { "G", "%G" }, { "g", "%g" }, { "V", "%V" }, { "j", "%j" },
		{ "U", "%U" }, { "W", "%W" }, { "u", "%u" }, { "w", "%w" }, { "e", "%e" }, { "I", "%I" },
		{ "p", "%p" }, { "r", "%r" }, { "R", "%R" }, { "T", "%T" }, { "z", "%z" }, { "Z", "%Z" },
		{ "s", "%s" }, { "0_10Y", "%010Y" }, { "plus_6Y", "%+6Y" }, { "plus_4Y", "%+4Y" },
		{ "dash_d", "%-d" }, { "under_d", "%_d" }, { "0_4C", "%04C" }, { "Ey", "%EY" }, { "Od", "%Od" },
		{ "k", "%k" }, { "l", "%l" }, { "P", "%P" }, { "percent", "%%" },
	};
	static const struct { const char *name; int year, mon, mday, hour, min, sec, wday, yday; } dates[] = {
		{ "2016", 2016, 0, 3, 13, 23, 45, 0, 2 },
		{ "10009", 10009, 0, 5, 5, 17, 53, 1, 4 },
		{ "0", 0, 1, 23, 12, 0, 0, 3, 53 },
		{ "-123", -123, 0, 1, 0, 0, 0, 5, 0 },
	};
	char key[64];

	for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++) {
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		tm.tm_year = dates[d].year - 1900;
		tm.tm_mon = dates[d].mon;
		tm.tm_mday = dates[d].mday;
		tm.tm_hour = dates[d].hour;
		tm.tm_min = dates[d].min;
		tm.tm_sec = dates[d].sec;
		tm.tm_wday = dates[d].wday;
		tm.tm_yday = dates[d].yday;
		for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
			snprintf(key, sizeof key, "%s.%s", dates[d].name, fmts[f].key);
			put_strftime(key, fmts[f].fmt, &tm);
		}
	}
	return finish();
}

static void put_strptime(const char *key, const char *s, const char *fmt)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	tm.tm_isdst = -1;
	end = strptime(s, fmt, &tm);
	if (!end) {
		put(key, "NULL");
		return;
	}
	put(key, "rest=[%s] %04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d", end, tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
}

static int strptime_probe(void)
{
	put_strptime("HMS", "20:57:08", "%H:%M:%S");
	put_strptime("R_S", "20:57:8", "%R:%S");
	put_strptime("T", "20:57:08", "%T");
	put_strptime("spaces", "20 : 57  :  08", "%H : %M  :  %S");
	put_strptime("percent", "20%57%08", "%H %% %M%%%S");
	put_strptime("literals", "foo20bar57qux08      ", "foo%Hbar%Mqux%S ");
	put_strptime("Ymd", "1991-08-25", "%Y-%m-%d");
	put_strptime("dmy_C", "25.08.91", "%d.%m.%y");
	put_strptime("century", "20 91", "%C %y");
	put_strptime("F", "1856-07-10", "%F");
	put_strptime("s", "683078400", "%s");
	put_strptime("z", "+0200", "%z");
	put_strptime("z_colon", "-03:30", "%z");
	put_strptime("mismatch", "20:57", "%H-%M");
	return finish();
}

static void put_pton(int af, const char *s)
{
	unsigned char buf[16];
	char key[96], text[INET6_ADDRSTRLEN];
	int r = inet_pton(af, s, buf);

	snprintf(key, sizeof key, "pton%d.%s", af == AF_INET ? 4 : 6, s);
	if (r != 1) {
		put(key, "%d", r);
		return;
	}
	put(key, "1 %s", inet_ntop(af, buf, text, sizeof text) ? text : "ntop-failed");
}

static int inet_probe(void)
{
	static const char *const v4[] = {
		"0.0.0.0", "127.0.0.1", "255.255.255.255", "1.2.03.4", "1.2.0x33.4", "1.2.0xabcd", "1.0xabcdef",
		"00377.0x0ff.65534", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.4 ", " 1.2.3.4", "",
	};
	static const char *const v6[] = {
		"::", "::1", "::192.168.1.1", "0:0:0:0:0:0:192.168.1.1", "::ffff:192.168.1.1", "a:0b:00c:000d:E:F::",
		"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::9:10:11:12:13:14:15:16:17:18:19:20", "1:2:3:4:5:6:7:8:9",
		":::", "1::2::3", "00000::1", "1:2:3:4:5:6:1.2.3.4", "::1.2.3", "fe80::1%1", "::ffff:0:0",
		"2001:db8::", "2001:db8:0:0:1:0:0:1", "0:0:0:0:0:1:0:0",
	};
	char key[96];
	struct in_addr a;

	for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++) {
		put_pton(AF_INET, v4[i]);
		snprintf(key, sizeof key, "aton.%s", v4[i]);
		if (inet_aton(v4[i], &a))
			put(key, "1 %08x", ntohl(a.s_addr));
		else
			put(key, "0");
		snprintf(key, sizeof key, "addr.%s", v4[i]);
		put(key, "%08x", ntohl(inet_addr(v4[i])));
	}
	for (size_t i = 0; i < sizeof v6 / sizeof v6[0]; i++)
		put_pton(AF_INET6, v6[i]);
	/* the call first, then errno: argument order is unspecified */
	errno = 0;
	int r = inet_pton(12345, "", &a);
	put("pton_bad_family", "%d %s", r, errno_name(errno));
	errno = 0;
	const char *text = inet_ntop(AF_INET, &a, key, 0);
	put("ntop_no_room", "%s %s", text ? "text" : "NULL", errno_name(errno));
	return finish();
}

static int utf8_names(void)
{
	static const char *const names[] = {
		"C.UTF-8", "C.utf8", "POSIX.UTF-8", "en_US.UTF-8", "en_GB.UTF-8", "en.UTF-8", "UTF-8", "de_DE.UTF-8",
	};
	char key[64];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *r = setlocale(LC_CTYPE, names[i]);
		snprintf(key, sizeof key, "setlocale.%s", names[i]);
		put(key, "%s codeset=%s", r ? "set" : "NULL", r ? nl_langinfo(CODESET) : "-");
		setlocale(LC_CTYPE, "C");
	}
	return finish();
}

static void put_expand(const char *key, const unsigned char *msg, size_t len, size_t at)
{
	char name[256] = "?";
	int r = dn_expand(msg, msg + len, msg + at, name, sizeof name);

	put(key, "%d [%s]", r, r < 0 ? "" : name);
}

static int dn_expand_probe(void)
{
	static const unsigned char root[] = { 0 };
	static const unsigned char ptr_to_root[] = { 2, 'p', 'q', 0xc0, 5, 0 };
	static const unsigned char ptr_only[] = { 0xc0, 2, 0 };
	static const unsigned char loop[] = { 0xc0, 0 };
	static const unsigned char past_end[] = { 3, 'a', 'b' };

	put_expand("root", root, sizeof root, 0);
	put_expand("pointer_to_root", ptr_to_root, sizeof ptr_to_root, 0);
	put_expand("pointer_only", ptr_only, sizeof ptr_only, 0);
	put_expand("pointer_loop", loop, sizeof loop, 0);
	put_expand("label_past_end", past_end, sizeof past_end, 0);
	return finish();
}

static int misc(void)
{
	locale_t l = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	wchar_t wb[8];
	int r;

	if (!l)
		fail("newlocale C failed");
	uselocale(l);
	put("uselocale0_returns_current", "%d", uselocale((locale_t)0) == l && uselocale((locale_t)0) == l);
	uselocale(LC_GLOBAL_LOCALE);
	freelocale(l);
	put("iswspace_0", "%d", iswspace(0) != 0);
	put("iswalpha_e9", "%d", iswalpha(0xe9) != 0);
	put("iswupper_c9", "%d", iswupper(0xc9) != 0);
	put("towlower_130", "U+%04lX", (unsigned long)towlower(0x130));
	put("towupper_131", "U+%04lX", (unsigned long)towupper(0x131));
	put("towupper_df", "U+%04lX", (unsigned long)towupper(0xdf));
	r = swprintf(wb, 2, L"%lc", (wint_t)0xc0);
	put("swprintf_lc", "%d U+%04lX", r, (unsigned long)(r > 0 ? wb[0] : 0));
	r = swprintf(wb, 3, L"%s", "\xc3\x80!");
	put("swprintf_s", "%d U+%04lX", r, (unsigned long)(r > 0 ? wb[0] : 0));
	r = swprintf(wb, 3, L"%.1s", "\xc3\x80!");
	put("swprintf_precision", "%d", r);
	r = swprintf(wb, 2, L"%s", "abc");
	put("swprintf_truncated", "%d", r < 0 ? -1 : r);
	return finish();
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*run)(void); int own_locale; } cmds[] = {
		{ "utf8", utf8, 0 }, { "mbstate", mbstate, 0 }, { "mbsrtowcs", mbsrtowcs_probe, 0 },
		{ "c-locale", c_locale, 1 }, { "iconv-open", iconv_probe, 0 }, { "roundtrip", roundtrip, 0 },
		{ "strftime", strftime_probe, 0 }, { "strptime", strptime_probe, 0 }, { "inet", inet_probe, 0 },
		{ "utf8-names", utf8_names, 1 }, { "dn-expand", dn_expand_probe, 0 }, { "misc", misc, 0 },
	};

	if (argc != 2)
		usage(usage_line, "one subcommand expected");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			if (!cmds[i].own_locale)
				setlocale(LC_ALL, "");
			return cmds[i].run();
		}
	usage(usage_line, "unknown subcommand '%s'", argv[1]);
}
