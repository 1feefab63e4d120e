/* syscall-sweep FROM TO: calls every x86_64 system call number from FROM to
 * TO once, with all arguments zero, and prints one line per number:
 * "NR enosys" when it failed with ENOSYS, else "NR ran" (it returned,
 * failed otherwise, or ended the caller). Then "x32 enosys|ran" (getpid
 * with the x32 bit) and "i386 enosys|ran" (getpid through int $0x80).
 *
 * kernel-floor's probe: under a floor, ENOSYS must answer exactly the
 * numbers its table denies (and those this host's kernel lacks). Each call
 * runs in its own child that first gives up everything a zero-argument
 * call could change outside it: as root it enters new IPC, UTS and network
 * namespaces (msgctl(0, IPC_RMID) and sethostname(NULL, 0) act there), then
 * drops to nobody (reboot, acct, kexec_load and the like get EPERM); it has
 * its own session (vhangup) and /dev/null as stdin, and an interval timer
 * ends calls that block (pause, select). Static, so it starts under any
 * floor with no loader. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

static long i386_getpid(void)
{
	long r = 20;                     /* __NR_getpid on i386 */
	__asm__ volatile ("int $0x80" : "+a"(r) : : "memory");
	return r;
}

/* In the child: confine, call, report the errno (0: returned) on fd. */
static void call_confined(long nr, int fd)
{
	struct itimerval stop = { .it_value = { 0, 200000 } };
	pid_t self;
	long r;
	int err, null = open("/dev/null", O_RDONLY);
	if (null >= 0) dup2(null, 0);
	if (geteuid() == 0) {
		if (unshare(CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET) ||
		    setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
	}
	setsid();
	setitimer(ITIMER_REAL, &stop, NULL);
	self = getpid();
	if (nr == -1) r = i386_getpid(), err = r < 0 ? (int)-r : 0;
	else r = syscall(nr, 0, 0, 0, 0, 0, 0), err = r < 0 ? errno : 0;
	if (getpid() != self) _exit(0);  /* the child of fork, vfork or clone */
	if (write(fd, &err, sizeof err) != sizeof err) _exit(4);
	_exit(0);
}

/* 1 when the call failed with ENOSYS, 0 when not, -1 when the sweep failed. */
static int enosys(long nr)
{
	int p[2], err = 0, status;
	ssize_t got;
	pid_t child;
	if (pipe(p)) return -1;
	if ((child = fork()) < 0) return -1;
	if (!child) { close(p[0]); call_confined(nr, p[1]); }
	close(p[1]);
	got = read(p[0], &err, sizeof err);
	close(p[0]);
	/* A traced or stopped child (ptrace(PTRACE_TRACEME)) is ended here. */
	while (waitpid(child, &status, WUNTRACED) == child && WIFSTOPPED(status)) kill(child, SIGKILL);
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 3 && got != sizeof err) {
		fprintf(stderr, "syscall-sweep: %ld: the child could not confine itself (exit %d)\n", nr, WEXITSTATUS(status));
		return -1;
	}
	return got == sizeof err && err == ENOSYS;
}

static int report(const char *label, long nr)
{
	int r = enosys(nr);
	if (r < 0) return -1;
	printf("%s %s\n", label, r ? "enosys" : "ran");
	return 0;
}

int main(int argc, char **argv)
{
	char *end;
	long from, to;
	char label[32];
	if (argc != 3) { fputs("usage: syscall-sweep FROM TO\n", stderr); return 2; }
	from = strtol(argv[1], &end, 10);
	if (*end || from < 0) { fputs("syscall-sweep: bad FROM\n", stderr); return 2; }
	to = strtol(argv[2], &end, 10);
	if (*end || to < from || to > 4096) { fputs("syscall-sweep: bad TO\n", stderr); return 2; }
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long nr = from; nr <= to; nr++) {
		snprintf(label, sizeof label, "%ld", nr);
		if (report(label, nr)) return 1;
	}
	if (report("x32", X32_BIT | SYS_getpid) || report("i386", -1)) return 1;
	return 0;
}
