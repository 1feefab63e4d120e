/* kernel-floor: run a program as if on an older Linux kernel (x86_64).
 *
 *   kernel-floor --table FILE --floor X.Y [--deny-errno ENOSYS|EPERM]
 *                [--report FILE] [--root DIR] -- PROGRAM [ARGS...]
 *
 * A seccomp filter allows exactly the system calls the table dates at or
 * before X.Y; every other number, any x32 call and any call through the
 * i386 entry is denied. Denied x86_64 calls reach this process through
 * SECCOMP_RET_USER_NOTIF: each is recorded and answered with the errno
 * (ENOSYS, as an older kernel answers; EPERM, as a container profile
 * does). The report lists every denied call once, "name number count",
 * sorted by number. The exit status is the program's (128 + signal when
 * killed). SIGINT, SIGTERM and SIGHUP are passed on to the program.
 * --root runs it chrooted in DIR (a bare root: nothing but what DIR holds);
 * PROGRAM is then a path inside DIR.
 *
 * The table is tools/kernel-floor/syscalls-x86_64.tsv (gen-syscalls.py):
 * "number name version source"; a version "never" is denied everywhere,
 * ">V" is allowed only above V. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_NR 1024                 /* x86_64 numbers stop below 512 */
#define X32_BIT 0x40000000u

struct table {
	char names[MAX_NR][64];
	unsigned allowed[MAX_NR];       /* 1: at or before the floor */
	unsigned denied_count[MAX_NR];
	int highest;
};

static int die(const char *what)
{
	fprintf(stderr, "kernel-floor: %s: %s\n", what, strerror(errno));
	return 125;
}

/* "4.18" as 4018; ">4.18" as 4018 with *after set. */
static int version_value(const char *s, int *after)
{
	unsigned major = 0, minor = 0;
	*after = *s == '>';
	if (sscanf(s + *after, "%u.%u", &major, &minor) < 1) return -1;
	return (int)(major * 1000 + minor);
}

static int load_table(const char *path, int floor, struct table *t)
{
	char line[512], name[64], version[32];
	int nr, n = 0;
	FILE *f = fopen(path, "r");
	if (!f) return die(path);
	memset(t, 0, sizeof *t);
	t->highest = -1;
	while (fgets(line, sizeof line, f)) {
		int after, v;
		if (line[0] == '#') continue;
		if (sscanf(line, "%d\t%63s\t%31s", &nr, name, version) != 3 || nr < 0 || nr >= MAX_NR) {
			fprintf(stderr, "kernel-floor: %s: bad line: %s", path, line);
			fclose(f);
			return 125;
		}
		snprintf(t->names[nr], sizeof t->names[nr], "%s", name);
		v = strcmp(version, "never") ? version_value(version, &after) : -1;
		t->allowed[nr] = v >= 0 && (after ? v < floor : v <= floor);
		if (nr > t->highest) t->highest = nr;
		n++;
	}
	fclose(f);
	if (!n) { fprintf(stderr, "kernel-floor: %s: no system calls\n", path); return 125; }
	return 0;
}

/* The filter: a foreign arch (the i386 entry) or an x32 call -> errno; an
 * allowed number -> allow (one compare and return per number: BPF jumps
 * reach 255 instructions, fewer than the allowed calls); anything else ->
 * the supervisor. */
static int install_filter(const struct table *t, int deny_errno)
{
	struct sock_filter prog[2 * MAX_NR + 8];
	unsigned n = 0;
	struct sock_fprog fprog;
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned)deny_errno);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, X32_BIT, 0, 1);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned)deny_errno);
	for (int nr = 0; nr <= t->highest; nr++) {
		if (!t->allowed[nr]) continue;
		prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	fprog = (struct sock_fprog){ .len = (unsigned short)n, .filter = prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
}

static int send_fd(int sock, int fd)
{
	char data = 0, ctl[CMSG_SPACE(sizeof fd)];
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	memset(ctl, 0, sizeof ctl);
	c->cmsg_level = SOL_SOCKET, c->cmsg_type = SCM_RIGHTS, c->cmsg_len = CMSG_LEN(sizeof fd);
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char data, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c;
	int fd;
	if (recvmsg(sock, &m, 0) != 1 || !(c = CMSG_FIRSTHDR(&m)) || c->cmsg_type != SCM_RIGHTS) return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* The child: filter itself, hand the listener over, become the program. */
static void run_child(int sock, const struct table *t, int deny_errno, const char *root, char **argv)
{
	int fd;
	/* Killed with SIGKILL, this supervisor can pass nothing on: the program goes with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) || getppid() == 1) _exit(125);
	if (root && (chroot(root) || chdir("/"))) { perror("kernel-floor: --root"); _exit(125); }
	fd = install_filter(t, deny_errno);
	if (fd < 0 || send_fd(sock, fd)) { perror("kernel-floor: seccomp filter"); _exit(125); }
	close(fd);
	close(sock);
	execvp(argv[0], argv);
	fprintf(stderr, "kernel-floor: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int write_report(const char *path, const struct table *t)
{
	char tmp[4096];
	FILE *f;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (!(f = fopen(tmp, "w"))) return die(tmp);
	for (int nr = 0; nr < MAX_NR; nr++)
		if (t->denied_count[nr])
			fprintf(f, "%s %d %u\n", t->names[nr][0] ? t->names[nr] : "unknown", nr, t->denied_count[nr]);
	if (fclose(f) || rename(tmp, path)) return die(path);
	return 0;
}

static volatile sig_atomic_t pending_signal;
static void on_signal(int sig) { pending_signal = sig; }

/* Answer every notification until the last filtered task is gone. */
static void supervise(int listener, pid_t child, struct table *t, int deny_errno, const char *report)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes)) { die("SECCOMP_GET_NOTIF_SIZES"); return; }
	req = calloc(1, sizes.seccomp_notif > sizeof *req ? sizes.seccomp_notif : sizeof *req);
	resp = calloc(1, sizes.seccomp_notif_resp > sizeof *resp ? sizes.seccomp_notif_resp : sizeof *resp);
	if (!req || !resp) { fputs("kernel-floor: out of memory\n", stderr); exit(125); }
	for (;;) {
		struct pollfd p = { listener, POLLIN, 0 };
		int r = poll(&p, 1, -1);
		if (pending_signal) { kill(child, pending_signal); pending_signal = 0; }
		if (r < 0) { if (errno == EINTR) continue; die("poll"); break; }
		if (p.revents & POLLIN) {
			memset(req, 0, sizes.seccomp_notif);
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req)) {
				if (errno == EINTR || errno == ENOENT) continue;
				die("SECCOMP_IOCTL_NOTIF_RECV");
				break;
			}
			/* The report is rewritten at each call denied for the first time, so
			 * it is whole even when the program has to be killed with us. */
			if (req->data.nr >= 0 && req->data.nr < MAX_NR && !t->denied_count[req->data.nr]++ && report)
				write_report(report, t);
			memset(resp, 0, sizes.seccomp_notif_resp);
			resp->id = req->id, resp->error = -deny_errno;
			/* ENOENT: the task died while we looked; nothing to answer. */
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) && errno != ENOENT) die("SECCOMP_IOCTL_NOTIF_SEND");
			continue;
		}
		if (p.revents & (POLLHUP | POLLERR)) break;
	}
	free(req);
	free(resp);
}

static int usage(void)
{
	fputs("usage: kernel-floor --table FILE --floor X.Y [--deny-errno ENOSYS|EPERM] [--report FILE]"
	      " [--root DIR] -- PROGRAM [ARGS...]\n", stderr);
	return 125;
}

int main(int argc, char **argv)
{
	static struct table table;
	const char *table_path = NULL, *report = NULL, *root = NULL;
	int floor = -1, deny_errno = ENOSYS, after, i, sv[2], listener, status;
	struct sigaction sa = { .sa_handler = on_signal };
	pid_t child;
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) return usage();
		if (!strcmp(argv[i], "--table")) table_path = v;
		else if (!strcmp(argv[i], "--floor")) floor = version_value(v, &after);
		else if (!strcmp(argv[i], "--report")) report = v;
		else if (!strcmp(argv[i], "--root")) root = v;
		else if (!strcmp(argv[i], "--deny-errno") && !strcmp(v, "ENOSYS")) deny_errno = ENOSYS;
		else if (!strcmp(argv[i], "--deny-errno") && !strcmp(v, "EPERM")) deny_errno = EPERM;
		else return usage();
		i++;
	}
	if (!table_path || floor < 0 || i + 1 >= argc) return usage();
	if ((status = load_table(table_path, floor, &table))) return status;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) return die("socketpair");
	if ((child = fork()) < 0) return die("fork");
	if (!child) { close(sv[0]); run_child(sv[1], &table, deny_errno, root, argv + i + 1); }
	close(sv[1]);
	listener = recv_fd(sv[0]);
	close(sv[0]);
	if (listener < 0) { waitpid(child, &status, 0); return 125; }
	sigaction(SIGINT, &sa, NULL), sigaction(SIGTERM, &sa, NULL), sigaction(SIGHUP, &sa, NULL);
	if (report && write_report(report, &table)) return 125;
	supervise(listener, child, &table, deny_errno, report);
	close(listener);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) return die("waitpid");
	if (report && write_report(report, &table)) return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
