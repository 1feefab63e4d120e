/* sea-runtime: QuickJS with the native module. With a payload injected by
 * sea-inject (its fuse flipped) it runs the payload and passes every
 * argument to it; without one it is a plain interpreter: sea-runtime
 * script.js [args]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "quickjs-libc.h"
#include "quickjs-version.h"
#include "sea.h"

#ifndef LIBC_NAME
#define LIBC_NAME "unknown libc"
#endif

/* volatile: the compiler must read it at run time, not fold the '0'. */
static const volatile char sea_fuse[] = SEA_FUSE_PREFIX "0";

static const char *prog = "sea-runtime";

static int fuse_flipped(void)
{
	return sea_fuse[sizeof sea_fuse - 2] == '1';
}

static JSContext *new_context(JSRuntime *rt)
{
	JSContext *ctx = JS_NewContext(rt);

	if (!ctx)
		return NULL;
	if (!js_init_module_std(ctx, "std") || !js_init_module_os(ctx, "os") ||
	    !sea_init_native(ctx, "native")) {
		JS_FreeContext(ctx);
		return NULL;
	}
	return ctx;
}

/* Run a compiled function or module; 0, or 1 after printing the exception. */
static int run_object(JSContext *ctx, JSValue obj)
{
	JSValue val;

	if (JS_IsException(obj))
		goto fail;
	if (JS_VALUE_GET_TAG(obj) == JS_TAG_MODULE) {
		if (JS_ResolveModule(ctx, obj) < 0) {
			JS_FreeValue(ctx, obj);
			goto fail;
		}
		js_module_set_import_meta(ctx, obj, 0, 1);
		val = js_std_await(ctx, JS_EvalFunction(ctx, obj));
	} else {
		val = JS_EvalFunction(ctx, obj);
	}
	if (JS_IsException(val))
		goto fail;
	JS_FreeValue(ctx, val);
	js_std_loop(ctx);
	return 0;
fail:
	js_std_dump_error(ctx);
	return 1;
}

static int run_payload_code(JSContext *ctx, const struct sea_payload *p)
{
	return run_object(ctx, JS_ReadObject(ctx, p->bytecode, p->size, JS_READ_OBJ_BYTECODE));
}

static int run_script(JSContext *ctx, const char *path)
{
	size_t len;
	uint8_t *buf = js_load_file(ctx, &len, path);
	int flags;
	JSValue obj;

	if (!buf) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	flags = JS_DetectModule((const char *)buf, len) ? JS_EVAL_TYPE_MODULE : JS_EVAL_TYPE_GLOBAL;
	obj = JS_Eval(ctx, (const char *)buf, len, path, flags | JS_EVAL_FLAG_COMPILE_ONLY);
	js_free(ctx, buf);
	return run_object(ctx, obj);
}

/* The payload, checked before anything runs: structure, limit, sha256 and
 * the QuickJS version. A refusal is one line on stderr and exit 65. */
static int check_payload(struct sea_payload *p)
{
	const unsigned char *desc;
	size_t len;
	enum sea_err e;

	if (sea_self_note(&desc, &len) < 0) {
		e = SEA_ERR_NOTE;
	} else if ((e = sea_payload_parse(desc, len, QJS_VERSION, p)) == SEA_OK) {
		return 0;
	}
	if (e == SEA_ERR_VERSION)
		fprintf(stderr, "%s: payload rejected: compiled by QuickJS %s, this runtime is QuickJS %s\n",
			prog, p->qjs_version, QJS_VERSION);
	else
		fprintf(stderr, "%s: payload rejected: %s\n", prog, sea_strerror(e));
	return -1;
}

static void version(void)
{
	printf("sea-runtime (muslforge) QuickJS %s, payload format %u, %s, fuse %s\n",
	       QJS_VERSION, SEA_FORMAT_VERSION, LIBC_NAME, fuse_flipped() ? "flipped" : "intact");
}

static int run(int argc, char **argv, const struct sea_payload *p)
{
	JSRuntime *rt = JS_NewRuntime();
	JSContext *ctx;
	int rc;

	if (!rt || !(ctx = new_context(rt))) {
		fprintf(stderr, "%s: cannot create the JavaScript runtime (out of memory)\n", prog);
		return 70;
	}
	js_std_init_handlers(rt);
	JS_SetModuleLoaderFunc(rt, NULL, js_module_loader, NULL);
	JS_SetHostPromiseRejectionTracker(rt, js_std_promise_rejection_tracker, NULL);
	js_std_add_helpers(ctx, argc, argv);
	rc = p ? run_payload_code(ctx, p) : run_script(ctx, argv[0]);
	js_std_free_handlers(rt);
	JS_FreeContext(ctx);
	JS_FreeRuntime(rt);
	return rc;
}

int main(int argc, char **argv)
{
	struct sea_payload p;

	if (argv[0] && argv[0][0])
		prog = argv[0];
	if (fuse_flipped())
		return check_payload(&p) < 0 ? SEA_EXIT_PAYLOAD : run(argc, argv, &p);
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		version();
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s script.js [args...] | --version\n", prog);
		return SEA_EXIT_USAGE;
	}
	return run(argc - 1, argv + 1, NULL);
}
