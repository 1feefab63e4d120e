/* sea-inject: put an application into a copy of the SEA runtime, or take
 * it out again (docs/sea.md).
 *
 *   sea-inject [options] RUNTIME APP.js -o OUTPUT
 *   sea-inject [options] --bytecode APP.qbc RUNTIME -o OUTPUT
 *   sea-inject --compile APP.js -o APP.qbc
 *   sea-inject --extract BINARY -o APP.qbc
 *   sea-inject --info BINARY
 *
 * The JS is compiled here, by the QuickJS this program is linked with,
 * which must be the runtime's: the payload header records its version and
 * the runtime refuses any other. Nothing is written unless everything
 * checked out, and OUTPUT appears whole (temporary file, then rename). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seaelf.h"
#include "payload.h"
#include "quickjs.h"
#include "quickjs-version.h"

#define MAX_INPUT (1u << 30)	/* no runtime or script is bigger */

static const char *prog = "sea-inject";

struct opts {
	const char *output, *name, *arch, *bytecode, *bytecode_version;
	int mode;		/* 'i'nject, 'c'ompile, 'x' extract, 'n' info */
	int module;		/* -1 detect, 0 script, 1 module */
	int allow_dynamic, force;
};

static int die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

static int read_file(const char *path, struct image *img)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	img->data = NULL;
	if (!f)
		return die("%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_INPUT) {
		fclose(f);
		return die("%s: %s", path, "not a regular file under 1 GiB");
	}
	img->size = (size_t)st.st_size;
	if (!(img->data = malloc(img->size ? img->size : 1)) ||
	    fread(img->data, 1, img->size, f) != img->size) {
		fclose(f);
		free(img->data);
		img->data = NULL;
		return die("%s: %s", path, "read failed");
	}
	fclose(f);
	return 0;
}

/* Write data to path through a temporary file in the same directory. */
static int write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[4096];
	int fd;

	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp)
		return die("%s: %s", path, "path too long");
	if ((fd = mkstemp(tmp)) < 0)
		return die("%s: %s", tmp, strerror(errno));
	if (write(fd, data, len) != (ssize_t)len || fchmod(fd, mode) < 0 || fsync(fd) < 0 ||
	    close(fd) < 0 || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		return die("%s: %s", path, strerror(saved));
	}
	return 0;
}

static int stub_init(JSContext *ctx, JSModuleDef *m)
{
	return 0;
}

/* Imports while compiling: the runtime's built-in modules resolve when the
 * payload runs; a SEA is one file, so anything else is an error. */
static JSModuleDef *builtin_only(JSContext *ctx, const char *name, void *opaque)
{
	if (strcmp(name, "std") == 0 || strcmp(name, "os") == 0 || strcmp(name, "native") == 0)
		return JS_NewCModule(ctx, name, stub_init);
	JS_ThrowReferenceError(ctx, "import '%s': a SEA is one file (bundle it); only std, os and native are built in",
			       name);
	return NULL;
}

/* Compile JS source to bytecode with this QuickJS; NULL after a message. */
static unsigned char *compile(const struct image *src, const char *filename, int module,
			      int *is_module, size_t *len)
{
	JSRuntime *rt = JS_NewRuntime();
	JSContext *ctx = rt ? JS_NewContext(rt) : NULL;
	unsigned char *out = NULL, *bc;
	char *text;
	JSValue obj;

	if (!ctx || !(text = malloc(src->size + 1)))
		goto done;
	memcpy(text, src->data, src->size);
	text[src->size] = 0;
	*is_module = module >= 0 ? module : JS_DetectModule(text, src->size);
	JS_SetStripInfo(rt, JS_STRIP_SOURCE);
	JS_SetModuleLoaderFunc(rt, NULL, builtin_only, NULL);
	obj = JS_Eval(ctx, text, src->size, filename,
		      (*is_module ? JS_EVAL_TYPE_MODULE : JS_EVAL_TYPE_GLOBAL) | JS_EVAL_FLAG_COMPILE_ONLY);
	free(text);
	if (JS_IsException(obj)) {
		JSValue ex = JS_GetException(ctx);
		const char *msg = JS_ToCString(ctx, ex);
		die("%s: %s", filename, msg ? msg : "compile error");
		JS_FreeCString(ctx, msg);
		JS_FreeValue(ctx, ex);
		goto done;
	}
	bc = JS_WriteObject(ctx, len, obj, JS_WRITE_OBJ_BYTECODE);
	JS_FreeValue(ctx, obj);
	if (bc && (out = malloc(*len)))
		memcpy(out, bc, *len);
	js_free(ctx, bc);
done:
	if (!out && !ctx)
		die("%s%s", "out of memory compiling ", filename);
	if (ctx)
		JS_FreeContext(ctx);
	if (rt)
		JS_FreeRuntime(rt);
	return out;
}

static void default_name(const char *path, char *name, size_t len)
{
	char buf[4096], *base, *dot;

	snprintf(buf, sizeof buf, "%s", path);
	base = basename(buf);
	if ((dot = strrchr(base, '.')) && dot != base)
		*dot = 0;
	snprintf(name, len, "%s", base);
}

/* The bytecode to inject: compiled from APP.js, or read from --bytecode. */
static unsigned char *payload_code(const struct opts *o, const char *app, size_t *len, uint32_t *flags)
{
	struct image src;
	unsigned char *code;
	char fname[4096];
	int is_module = o->module > 0;

	if (read_file(o->bytecode ? o->bytecode : app, &src))
		return NULL;
	if (o->bytecode) {
		*len = src.size;
		*flags = is_module ? SEA_FLAG_MODULE : 0;
		return src.data;
	}
	snprintf(fname, sizeof fname, "%s", app);
	code = compile(&src, basename(fname), o->module, &is_module, len);
	free(src.data);
	*flags = is_module ? SEA_FLAG_MODULE : 0;
	return code;
}

static int check_runtime(const struct opts *o, const char *path, const struct sea_elf *e)
{
	int want = !o->arch ? 0 : strcmp(o->arch, "x86_64") == 0 ? EM_X86_64 :
		   strcmp(o->arch, "aarch64") == 0 ? EM_AARCH64 : -1;

	if (want < 0)
		return die("--arch %s: %s", o->arch, "x86_64 or aarch64");
	if (want && e->machine != want)
		return die("%s: %s", path, want == EM_X86_64 ? "not an x86_64 runtime" : "not an aarch64 runtime");
	if (e->dynamic && !o->allow_dynamic)
		return die("%s: %s", path, "a dynamically linked runtime (a SEA must be static; --allow-dynamic for comparison builds)");
	return 0;
}

static int limit_error(size_t len)
{
	char n[32], lim[32];

	snprintf(n, sizeof n, "%zu", len);
	snprintf(lim, sizeof lim, "%u", SEA_MAX_PAYLOAD);
	return die("payload of %s bytes is over the limit of %s bytes (64 MiB)", n, lim);
}

static int inject(const struct opts *o, const char *runtime, const char *app)
{
	const char *version = o->bytecode_version ? o->bytecode_version : QJS_VERSION;
	struct image rt = { 0 }, out = { 0 };
	struct sea_elf e;
	unsigned char *code = NULL, *desc = NULL;
	size_t len = 0;
	uint32_t flags = 0;
	char name[SEA_NAME_LEN], err[256];
	int rc = 1;

	if (strcmp(version, QJS_VERSION) != 0 && !o->force)
		return die("bytecode from QuickJS %s; this sea-inject and its runtime are QuickJS " QJS_VERSION
			   "%s", version, " (--force injects it anyway, for tests of the runtime's check)");
	if (read_file(runtime, &rt))
		return 1;
	if (sea_elf_scan(&rt, &e, err, sizeof err) < 0) {
		die("%s: %s", runtime, err);
		goto out;
	}
	if (check_runtime(o, runtime, &e) || !(code = payload_code(o, app, &len, &flags)))
		goto out;
	if (len > SEA_MAX_PAYLOAD) {
		limit_error(len);
		goto out;
	}
	if (!(desc = malloc(SEA_HEADER_SIZE + len))) {
		die("%s%s", "out of memory", "");
		goto out;
	}
	default_name(o->name ? o->name : o->bytecode ? o->bytecode : app, name, sizeof name);
	sea_payload_header(desc, flags, version, name, code, len);
	memcpy(desc + SEA_HEADER_SIZE, code, len);
	if (sea_elf_inject(&rt, &e, desc, SEA_HEADER_SIZE + len, &out, err, sizeof err) < 0)
		die("%s: %s", runtime, err);
	else
		rc = write_file(o->output, out.data, out.size, 0755);
out:
	free(rt.data);
	free(code);
	free(desc);
	free(out.data);
	return rc;
}

/* The payload of an injected binary, checked (digest; not the version). */
static int load_payload(const char *path, struct image *img, struct sea_payload *p)
{
	struct sea_elf e;
	char err[256];
	enum sea_err rc;

	if (read_file(path, img))
		return -1;
	if (sea_elf_scan(img, &e, err, sizeof err) < 0) {
		die("%s: %s", path, err);
		return -1;
	}
	if (e.desc_len == 0) {
		die("%s: %s", path, "no payload (an empty runtime)");
		return -1;
	}
	if ((rc = sea_payload_parse(e.desc, e.desc_len, NULL, p)) != SEA_OK) {
		die("%s: %s", path, sea_strerror(rc));
		return -1;
	}
	return 0;
}

static int extract(const struct opts *o, const char *path)
{
	struct image img;
	struct sea_payload p;
	int rc;

	if (load_payload(path, &img, &p) < 0) {
		free(img.data);
		return 1;
	}
	rc = write_file(o->output, p.bytecode, p.size, 0644);
	free(img.data);
	return rc;
}

static int info(const char *path)
{
	struct image img;
	struct sea_payload p;

	if (load_payload(path, &img, &p) < 0) {
		free(img.data);
		return 1;
	}
	printf("name: %s\nformat: %u\nquickjs: %s\nmodule: %s\nbytes: %zu\nsha256: ", p.name, p.format,
	       p.qjs_version, p.flags & SEA_FLAG_MODULE ? "yes" : "no", p.size);
	for (int i = 0; i < 32; i++)
		printf("%02x", p.sha256[i]);
	printf("\n");
	free(img.data);
	return 0;
}

static int compile_only(const struct opts *o, const char *app)
{
	unsigned char *code;
	size_t len;
	uint32_t flags;
	int rc;

	if (!(code = payload_code(o, app, &len, &flags)))
		return 1;
	rc = write_file(o->output, code, len, 0644);
	free(code);
	return rc;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: %s [options] RUNTIME APP.js -o OUTPUT\n"
		"       %s [options] --bytecode APP.qbc RUNTIME -o OUTPUT\n"
		"       %s --compile APP.js -o APP.qbc | --extract BINARY -o APP.qbc | --info BINARY | --version\n"
		"options: --arch x86_64|aarch64  --name NAME  --module  --script  --allow-dynamic\n"
		"         --bytecode-version V  --force\n", prog, prog, prog);
	return 2;
}

enum { OPT_ARCH = 256, OPT_NAME, OPT_MODULE, OPT_SCRIPT, OPT_DYNAMIC, OPT_BYTECODE, OPT_BCVERSION, OPT_FORCE,
       OPT_COMPILE, OPT_EXTRACT, OPT_INFO, OPT_VERSION };

static const struct option longopts[] = {
	{ "arch", required_argument, 0, OPT_ARCH }, { "name", required_argument, 0, OPT_NAME },
	{ "module", no_argument, 0, OPT_MODULE }, { "script", no_argument, 0, OPT_SCRIPT },
	{ "allow-dynamic", no_argument, 0, OPT_DYNAMIC }, { "bytecode", required_argument, 0, OPT_BYTECODE },
	{ "bytecode-version", required_argument, 0, OPT_BCVERSION }, { "force", no_argument, 0, OPT_FORCE },
	{ "compile", no_argument, 0, OPT_COMPILE }, { "extract", no_argument, 0, OPT_EXTRACT },
	{ "info", no_argument, 0, OPT_INFO }, { "version", no_argument, 0, OPT_VERSION },
	{ 0, 0, 0, 0 },
};

static int parse_opt(struct opts *o, int c)
{
	switch (c) {
	case 'o': o->output = optarg; return 0;
	case OPT_ARCH: o->arch = optarg; return 0;
	case OPT_NAME: o->name = optarg; return 0;
	case OPT_MODULE: o->module = 1; return 0;
	case OPT_SCRIPT: o->module = 0; return 0;
	case OPT_DYNAMIC: o->allow_dynamic = 1; return 0;
	case OPT_BYTECODE: o->bytecode = optarg; return 0;
	case OPT_BCVERSION: o->bytecode_version = optarg; return 0;
	case OPT_FORCE: o->force = 1; return 0;
	case OPT_COMPILE: o->mode = 'c'; return 0;
	case OPT_EXTRACT: o->mode = 'x'; return 0;
	case OPT_INFO: o->mode = 'n'; return 0;
	case OPT_VERSION: o->mode = 'v'; return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct opts o = { .mode = 'i', .module = -1 };
	int c, n;

	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1)
		if (parse_opt(&o, c) < 0)
			return usage();
	n = argc - optind;
	switch (o.mode) {
	case 'v':
		printf("sea-inject (muslforge) QuickJS %s, payload format %u\n", QJS_VERSION, SEA_FORMAT_VERSION);
		return 0;
	case 'n':
		return n == 1 ? info(argv[optind]) : usage();
	case 'x':
		return n == 1 && o.output ? extract(&o, argv[optind]) : usage();
	case 'c':
		return n == 1 && o.output ? compile_only(&o, argv[optind]) : usage();
	}
	if (!o.output || n != (o.bytecode ? 1 : 2))
		return usage();
	return inject(&o, argv[optind], o.bytecode ? NULL : argv[optind + 1]);
}
