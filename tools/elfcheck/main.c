/* elfcheck: audit ELF files before they ship. Options and file loading;
 * the parsing is in elf.c and works on a buffer so the fuzzer can reuse it. */
#define _POSIX_C_SOURCE 200809L
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* mmap keeps this cheap, but a corrupt size field is not the only way to
 * get a huge input and nothing we ship is near this big. */
#define MAX_FILE_SIZE (2ULL << 30)

static const char usage_text[] =
"usage: elfcheck [--static] [--arch x86_64|aarch64] [--glibc-floor X.Y]\n"
"                [--json] FILE...\n"
"\n"
"Reports, for each ELF64 little-endian FILE: kind (pie, static-pie, exec,\n"
"static-exec, shared-library), machine, interpreter, needed libraries,\n"
"RELRO, NX stack, stack protector, build-id, stripped, text relocations\n"
"and the highest GLIBC_ version required. Options add checks:\n"
"\n"
"  --static            fail unless fully static: no PT_INTERP, no DT_NEEDED,\n"
"                      no DT_VERNEED, no text relocations, loadable by\n"
"                      execve; an ET_DYN needs DF_1_PIE\n"
"  --arch ARCH         fail unless e_machine is ARCH (x86_64 or aarch64)\n"
"  --glibc-floor X.Y   fail if any GLIBC_ version required is above X.Y;\n"
"                      lists symbol, version and library for each\n"
"  --json              print a JSON array, one object per file\n"
"  -h, --help          show this help\n"
"\n"
"Exit status (the worst over all files; every file is reported):\n"
"  0  all checks passed\n"
"  1  a check failed\n"
"  2  usage error\n"
"  3  a file is unreadable, malformed or unsupported\n";

struct loaded {
	unsigned char *p;
	size_t n;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "elfcheck: %s", msg);
	if (arg) {
		fputs(": ", stderr);
		ec_text(stderr, arg);
	}
	fputs("\nTry 'elfcheck --help'.\n", stderr);
	return EC_USAGE;
}

static int parse_arch(struct ec_opts *o, const char *arg)
{
	if (!strcmp(arg, "x86_64"))
		o->arch = EM_X86_64;
	else if (!strcmp(arg, "aarch64"))
		o->arch = EM_AARCH64;
	else
		return -1;
	o->want_arch = 1;
	o->arch_name = arg;
	return 0;
}

static int parse_floor(struct ec_opts *o, const char *arg)
{
	if (ef_ver_parse(arg, 1, &o->floor) || ef_ver_huge(&o->floor))
		return -1;
	o->want_floor = 1;
	o->floor_str = strncmp(arg, "GLIBC_", 6) ? arg : arg + 6;
	return 0;
}

/* The option getopt_long() refused. A long one has been stepped over
 * (argv[optind - 1], named up to any '='); in a cluster of short options
 * such as -xy, optind may not have moved, so name the letter instead. */
static int bad_option(char **argv)
{
	const char *a = argv[optind - 1], *eq;
	char buf[64];

	if (optind > 1 && !strncmp(a, "--", 2)) {
		eq = strchr(a, '=');
		snprintf(buf, sizeof buf, "%.*s", eq ? (int)(eq - a) : 60, a);
	} else {
		snprintf(buf, sizeof buf, "-%c", optopt);
	}
	return usage_error("unknown option or missing argument", buf);
}

/* Returns the index of the first file, or -1 after printing the error;
 * *help is set for --help. */
static int parse_args(int argc, char **argv, struct ec_opts *o, int *json,
		      int *help)
{
	static const struct option longopts[] = {
		{ "static", no_argument, 0, 's' },
		{ "arch", required_argument, 0, 'a' },
		{ "glibc-floor", required_argument, 0, 'g' },
		{ "json", no_argument, 0, 'j' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->want_static = 1; break;
		case 'j': *json = 1; break;
		case 'h': *help = 1; return optind;
		case 'a':
			if (parse_arch(o, optarg))
				return usage_error("unknown --arch (want x86_64 "
						   "or aarch64)", optarg), -1;
			break;
		case 'g':
			if (parse_floor(o, optarg))
				return usage_error("bad --glibc-floor version "
						   "(want e.g. 2.28)", optarg), -1;
			break;
		default:
			return bad_option(argv), -1;
		}
	}
	if (optind == argc)
		return usage_error("no files given", NULL), -1;
	return optind;
}

/* O_NONBLOCK so that a FIFO given by mistake is refused, not waited on. */
static int load(const char *path, struct loaded *l, char *err, size_t errlen)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	l->p = NULL;
	l->n = 0;
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "cannot stat: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, S_ISDIR(st.st_mode) ? "is a directory" :
			 "not a regular file");
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > MAX_FILE_SIZE) {
		snprintf(err, errlen, "file too large (%lld bytes, limit 2 GiB)",
			 (long long)st.st_size);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "cannot map: %s", strerror(errno));
		return -1;
	}
	l->p = p;
	l->n = (size_t)st.st_size;
	return 0;
}

static void unload(struct loaded *l)
{
	if (l->p)
		munmap(l->p, l->n);
}

static int bad_file(const char *path, const char *err, int json, int first)
{
	fputs("elfcheck: ", stderr);
	ec_text(stderr, path);
	fputs(": ", stderr);
	ec_text(stderr, err);
	fputc('\n', stderr);
	if (json) {
		fputs(first ? "" : ",\n", stdout);
		report_json_error(stdout, path, err);
	}
	return EC_BAD;
}

static int check_file(const char *path, const struct ec_opts *o, int json,
		      int first)
{
	char err[EF_ERRLEN];
	struct loaded l;
	struct ef_info info;
	int rc;

	if (load(path, &l, err, sizeof err))
		return bad_file(path, err, json, first);
	if (ef_parse(l.p, l.n, &info, err, sizeof err)) {
		unload(&l);
		return bad_file(path, err, json, first);
	}
	if (json) {
		fputs(first ? "" : ",\n", stdout);
		rc = report_json(stdout, path, &info, o);
	} else {
		rc = report_text(stdout, path, &info, o);
	}
	ef_free(&info);
	unload(&l);
	return rc;
}

int main(int argc, char **argv)
{
	struct ec_opts o;
	int json = 0, help = 0, worst = EC_PASS, rc, i, first;

	memset(&o, 0, sizeof o);
	i = parse_args(argc, argv, &o, &json, &help);
	if (help) {
		fputs(usage_text, stdout);
		return EC_PASS;
	}
	if (i < 0)
		return EC_USAGE;
	if (json)
		fputs("[\n", stdout);
	for (first = i; i < argc; i++) {
		rc = check_file(argv[i], &o, json, i == first);
		if (rc > worst)
			worst = rc;
	}
	if (json)
		fputs("\n]\n", stdout);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "elfcheck: write error on stdout\n");
		return EC_BAD;
	}
	return worst;
}
