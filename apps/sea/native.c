/* The module "native": what this project validates, as seen from inside a
 * static binary. Every function returns a plain object; failures are
 * reported in it ({ok: false, error}), never thrown, so a script such as
 * doctor.js can print everything it found. */
#include <arpa/inet.h>
#include <langinfo.h>
#include <locale.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>

#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "native.h"
#include "quickjs-version.h"
#include "sea.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))

static void set_str(JSContext *ctx, JSValue o, const char *k, const char *v)
{
	JS_SetPropertyStr(ctx, o, k, v ? JS_NewString(ctx, v) : JS_NULL);
}

static void set_int(JSContext *ctx, JSValue o, const char *k, int64_t v)
{
	JS_SetPropertyStr(ctx, o, k, JS_NewInt64(ctx, v));
}

static void set_bool(JSContext *ctx, JSValue o, const char *k, int v)
{
	JS_SetPropertyStr(ctx, o, k, JS_NewBool(ctx, v));
}

/* An option of an options object, as a C string (free with JS_FreeCString). */
static const char *opt_str(JSContext *ctx, JSValueConst opts, const char *k)
{
	JSValue v;
	const char *s = NULL;

	if (!JS_IsObject(opts))
		return NULL;
	v = JS_GetPropertyStr(ctx, opts, k);
	if (!JS_IsUndefined(v) && !JS_IsNull(v))
		s = JS_ToCString(ctx, v);
	JS_FreeValue(ctx, v);
	return s;
}

static int opt_int(JSContext *ctx, JSValueConst opts, const char *k, int def)
{
	JSValue v;
	int32_t n = def;

	if (!JS_IsObject(opts))
		return def;
	v = JS_GetPropertyStr(ctx, opts, k);
	if (!JS_IsUndefined(v) && JS_ToInt32(ctx, &n, v) < 0)
		n = def;
	JS_FreeValue(ctx, v);
	return n;
}

/* "inet", "inet6", or anything else for AF_UNSPEC. */
static int opt_family(JSContext *ctx, JSValueConst opts)
{
	const char *f = opt_str(ctx, opts, "family");
	int af = AF_UNSPEC;

	if (f && strcmp(f, "inet") == 0)
		af = AF_INET;
	else if (f && strcmp(f, "inet6") == 0)
		af = AF_INET6;
	JS_FreeCString(ctx, f);
	return af;
}

static JSValue addr_array(JSContext *ctx, const struct addr_list *l)
{
	JSValue a = JS_NewArray(ctx);

	for (int i = 0; i < l->n; i++) {
		JSValue e = JS_NewObject(ctx);
		set_str(ctx, e, "family", l->family[i]);
		set_str(ctx, e, "address", l->addr[i]);
		JS_SetPropertyUint32(ctx, a, (uint32_t)i, e);
	}
	return a;
}

static const struct { const char *name; int flag; } ai_flags[] = {
	{ "AI_ADDRCONFIG", AI_ADDRCONFIG }, { "AI_CANONNAME", AI_CANONNAME },
	{ "AI_NUMERICHOST", AI_NUMERICHOST }, { "AI_V4MAPPED", AI_V4MAPPED },
	{ "AI_ALL", AI_ALL }, { "AI_PASSIVE", AI_PASSIVE },
};

/* flags: an array of names from ai_flags; -1 for an unknown one. */
static int opt_ai_flags(JSContext *ctx, JSValueConst opts, char *bad, size_t badlen)
{
	JSValue arr = JS_IsObject(opts) ? JS_GetPropertyStr(ctx, opts, "flags") : JS_UNDEFINED;
	int64_t n = 0;
	int flags = 0;

	if (JS_IsArray(ctx, arr) > 0) {
		JSValue len = JS_GetPropertyStr(ctx, arr, "length");
		if (JS_ToInt64(ctx, &n, len) < 0)
			n = 0;
		JS_FreeValue(ctx, len);

		for (int64_t i = 0; i < n && i < 16; i++) {
			JSValue v = JS_GetPropertyUint32(ctx, arr, (uint32_t)i);
			const char *s = JS_ToCString(ctx, v);
			size_t j;
			for (j = 0; s && j < countof(ai_flags) && strcmp(s, ai_flags[j].name); j++)
				;
			if (!s || j == countof(ai_flags)) {
				snprintf(bad, badlen, "unknown flag %s", s ? s : "?");
				flags = -1;
			} else if (flags >= 0) {
				flags |= ai_flags[j].flag;
			}
			JS_FreeCString(ctx, s);
			JS_FreeValue(ctx, v);
		}
	}
	JS_FreeValue(ctx, arr);
	return flags;
}

static void gai_collect(const struct addrinfo *res, struct addr_list *l)
{
	for (const struct addrinfo *a = res; a && l->n < NATIVE_MAX_ADDRS; a = a->ai_next) {
		const void *p = a->ai_family == AF_INET
			? (const void *)&((const struct sockaddr_in *)(const void *)a->ai_addr)->sin_addr
			: (const void *)&((const struct sockaddr_in6 *)(const void *)a->ai_addr)->sin6_addr;
		if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
		    !inet_ntop(a->ai_family, p, l->addr[l->n], NATIVE_ADDR_LEN))
			continue;
		snprintf(l->family[l->n], sizeof l->family[0], "%s", a->ai_family == AF_INET ? "inet" : "inet6");
		l->n++;
	}
}

/* getaddrinfo(name, {family, flags: ["AI_ADDRCONFIG", ...]}) through libc. */
static JSValue js_getaddrinfo(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	const char *name = argc > 0 ? JS_ToCString(ctx, argv[0]) : NULL;
	JSValueConst opts = argc > 1 ? argv[1] : JS_UNDEFINED;
	struct addrinfo hints, *res = NULL;
	struct addr_list l = { 0 };
	char bad[96] = "";
	JSValue o;
	int rc;

	if (!name)
		return JS_ThrowTypeError(ctx, "getaddrinfo: a name is required");
	memset(&hints, 0, sizeof hints);
	hints.ai_family = opt_family(ctx, opts);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = opt_ai_flags(ctx, opts, bad, sizeof bad);
	if (hints.ai_flags < 0) {
		JS_FreeCString(ctx, name);
		return JS_ThrowTypeError(ctx, "getaddrinfo: %s", bad);
	}
	rc = getaddrinfo(name, NULL, &hints, &res);
	o = JS_NewObject(ctx);
	set_bool(ctx, o, "ok", rc == 0);
	if (rc != 0) {
		set_int(ctx, o, "code", rc);
		set_str(ctx, o, "error", gai_strerror(rc));
	} else {
		gai_collect(res, &l);
		set_str(ctx, o, "canonname", res && res->ai_canonname ? res->ai_canonname : NULL);
		JS_SetPropertyStr(ctx, o, "addresses", addr_array(ctx, &l));
		freeaddrinfo(res);
	}
	JS_FreeCString(ctx, name);
	return o;
}

/* aresLookup(name, {family, servers: "ip:port,...", timeoutMs}) through c-ares. */
static JSValue js_ares_lookup(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	const char *name = argc > 0 ? JS_ToCString(ctx, argv[0]) : NULL;
	JSValueConst opts = argc > 1 ? argv[1] : JS_UNDEFINED;
	const char *servers;
	struct ares_result *r;
	JSValue o;

	if (!name)
		return JS_ThrowTypeError(ctx, "aresLookup: a name is required");
	if (!(r = malloc(sizeof *r))) {
		JS_FreeCString(ctx, name);
		return JS_ThrowOutOfMemory(ctx);
	}
	servers = opt_str(ctx, opts, "servers");
	ares_lookup(name, opt_family(ctx, opts), servers, opt_int(ctx, opts, "timeoutMs", 3000), r);
	o = JS_NewObject(ctx);
	set_bool(ctx, o, "ok", r->ok);
	set_str(ctx, o, "servers", r->servers);
	if (r->ok)
		JS_SetPropertyStr(ctx, o, "addresses", addr_array(ctx, &r->addrs));
	else
		set_str(ctx, o, "error", r->error);
	free(r);
	JS_FreeCString(ctx, servers);
	JS_FreeCString(ctx, name);
	return o;
}

static JSValue ca_object(JSContext *ctx, const struct ca_report *r)
{
	JSValue o = JS_NewObject(ctx), tried = JS_NewArray(ctx);

	set_bool(ctx, o, "found", r->found);
	set_str(ctx, o, "source", r->found ? r->source : NULL);
	set_str(ctx, o, "path", r->found ? r->path : NULL);
	set_int(ctx, o, "certificates", r->certificates);
	for (int i = 0; i < r->ntried; i++) {
		JSValue t = JS_NewObject(ctx);
		set_str(ctx, t, "path", r->tried[i].path);
		set_str(ctx, t, "result", r->tried[i].result);
		JS_SetPropertyUint32(ctx, tried, (uint32_t)i, t);
	}
	JS_SetPropertyStr(ctx, o, "tried", tried);
	return o;
}

/* caStore(): where the CA certificates are found, and how many. */
static JSValue js_ca_store(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	struct ca_report *r = malloc(sizeof *r);
	mbedtls_x509_crt chain;
	JSValue o;

	if (!r)
		return JS_ThrowOutOfMemory(ctx);
	mbedtls_x509_crt_init(&chain);
	ca_load(&chain, r);
	mbedtls_x509_crt_free(&chain);
	o = ca_object(ctx, r);
	free(r);
	return o;
}

/* httpsGet(url, {timeoutMs}): status, TLS details, the first 4 KiB of the body. */
static JSValue js_https_get(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	const char *url = argc > 0 ? JS_ToCString(ctx, argv[0]) : NULL;
	struct https_result *r;
	JSValue o;

	if (!url)
		return JS_ThrowTypeError(ctx, "httpsGet: a URL is required");
	if (!(r = malloc(sizeof *r))) {
		JS_FreeCString(ctx, url);
		return JS_ThrowOutOfMemory(ctx);
	}
	https_get(url, opt_int(ctx, argc > 1 ? argv[1] : JS_UNDEFINED, "timeoutMs", 5000), r);
	o = JS_NewObject(ctx);
	set_bool(ctx, o, "ok", r->ok);
	set_int(ctx, o, "status", r->status);
	set_str(ctx, o, "statusLine", r->status_line);
	set_str(ctx, o, "tls", r->tls_version[0] ? r->tls_version : NULL);
	set_str(ctx, o, "cipher", r->cipher[0] ? r->cipher : NULL);
	set_str(ctx, o, "verify", r->verify[0] ? r->verify : NULL);
	set_str(ctx, o, "error", r->error[0] ? r->error : NULL);
	set_int(ctx, o, "bytes", (int64_t)r->bytes);
	set_str(ctx, o, "body", r->body);
	JS_SetPropertyStr(ctx, o, "ca", ca_object(ctx, &r->ca));
	free(r);
	JS_FreeCString(ctx, url);
	return o;
}

/* randomness(): seed, one forced reseed and a draw of TLS's generator. */
static JSValue js_randomness(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	struct random_result r;
	JSValue o = JS_NewObject(ctx);

	random_check(&r);
	set_bool(ctx, o, "ok", r.ok);
	JS_SetPropertyStr(ctx, o, "ms", JS_NewFloat64(ctx, r.ms));
	set_str(ctx, o, "error", r.error[0] ? r.error : NULL);
	return o;
}

static const struct { const char *name; int cat; } categories[] = {
	{ "LC_CTYPE", LC_CTYPE }, { "LC_NUMERIC", LC_NUMERIC }, { "LC_TIME", LC_TIME },
	{ "LC_COLLATE", LC_COLLATE }, { "LC_MONETARY", LC_MONETARY }, { "LC_MESSAGES", LC_MESSAGES },
};

static int by_strcoll(const void *a, const void *b)
{
	return strcoll(*(const char *const *)a, *(const char *const *)b);
}

static JSValue collation(JSContext *ctx)
{
	const char *words[] = { "zebra", "Zebra", "\xc3\xa4pfel", "apfel", "Apfel", "\xc3\xa9t\xc3\xa9", "ete", "10", "9" };
	JSValue a = JS_NewArray(ctx);

	qsort(words, countof(words), sizeof words[0], by_strcoll);
	for (size_t i = 0; i < countof(words); i++)
		JS_SetPropertyUint32(ctx, a, (uint32_t)i, JS_NewString(ctx, words[i]));
	return a;
}

/* locale(): the environment's locale as setlocale(LC_ALL, "") sees it. The
 * process goes back to the "C" locale afterwards (QuickJS expects it). */
static JSValue js_locale(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	JSValue o = JS_NewObject(ctx), cats = JS_NewObject(ctx);
	const char *all = setlocale(LC_ALL, "");
	struct lconv *lc;
	struct tm tm = { .tm_year = 124, .tm_mon = 1, .tm_mday = 29, .tm_hour = 13, .tm_min = 45, .tm_wday = 4 };
	char date[128];

	set_bool(ctx, o, "ok", all != NULL);
	set_str(ctx, o, "setlocale", all);
	for (size_t i = 0; i < countof(categories); i++)
		set_str(ctx, cats, categories[i].name, setlocale(categories[i].cat, NULL));
	JS_SetPropertyStr(ctx, o, "categories", cats);
	set_str(ctx, o, "codeset", nl_langinfo(CODESET));
	lc = localeconv();
	set_str(ctx, o, "decimalPoint", lc->decimal_point);
	set_str(ctx, o, "thousandsSep", lc->thousands_sep);
	set_str(ctx, o, "currencySymbol", lc->currency_symbol);
	JS_SetPropertyStr(ctx, o, "collation", collation(ctx));
	strftime(date, sizeof date, "%c", &tm);
	set_str(ctx, o, "date", date);
	setlocale(LC_ALL, "C");
	return o;
}

/* platform(): what this binary is and where it runs. */
static JSValue js_platform(JSContext *ctx, JSValueConst this, int argc, JSValueConst *argv)
{
	JSValue o = JS_NewObject(ctx);
	struct utsname u;

#ifdef __GLIBC__
	char libc[64];
	snprintf(libc, sizeof libc, "glibc %s", gnu_get_libc_version());
	set_str(ctx, o, "libc", libc);
#else
	set_str(ctx, o, "libc", LIBC_NAME);
#endif
	set_str(ctx, o, "quickjs", QJS_VERSION);
	set_str(ctx, o, "mbedtls", MBEDTLS_VERSION_STRING);
	if (uname(&u) == 0) {
		set_str(ctx, o, "sysname", u.sysname);
		set_str(ctx, o, "release", u.release);
		set_str(ctx, o, "machine", u.machine);
	}
	return o;
}

static const JSCFunctionListEntry native_funcs[] = {
	JS_CFUNC_DEF("getaddrinfo", 2, js_getaddrinfo),
	JS_CFUNC_DEF("aresLookup", 2, js_ares_lookup),
	JS_CFUNC_DEF("caStore", 0, js_ca_store),
	JS_CFUNC_DEF("httpsGet", 2, js_https_get),
	JS_CFUNC_DEF("randomness", 0, js_randomness),
	JS_CFUNC_DEF("locale", 0, js_locale),
	JS_CFUNC_DEF("platform", 0, js_platform),
};

static int native_init(JSContext *ctx, JSModuleDef *m)
{
	return JS_SetModuleExportList(ctx, m, native_funcs, countof(native_funcs));
}

JSModuleDef *sea_init_native(JSContext *ctx, const char *name)
{
	JSModuleDef *m = JS_NewCModule(ctx, name, native_init);

	if (m && JS_AddModuleExportList(ctx, m, native_funcs, countof(native_funcs)) < 0)
		return NULL;
	return m;
}
