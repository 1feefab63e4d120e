/*
 * firstbyte CMD [ARG...]: start-up time of a program as its user sees it,
 * from just before exec to the first byte it writes on stdout. Prints the
 * microseconds on one line, then the program's exit status. The rest of its
 * output is drained and dropped, so a program writing much is not slowed by
 * a full pipe, and the time does not include its exit.
 *
 * A helper in C rather than Python's subprocess, which adds a millisecond or
 * two of its own to every spawn: the figures measured are about as small.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int spawn_piped(char **argv, int *fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int p[2], rc;
	if (pipe(p)) return errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) close(p[0]);
	else *fd = p[0];
	return rc;
}

int main(int argc, char **argv)
{
	char buf[65536];
	long long start, first = -1;
	ssize_t n;
	int fd = -1, status, rc;
	pid_t pid;
	if (argc < 2) {
		fputs("usage: firstbyte CMD [ARG...]\n", stderr);
		return 2;
	}
	start = now_ns();
	if ((rc = spawn_piped(argv + 1, &fd, &pid))) {
		fprintf(stderr, "firstbyte: %s: %s\n", argv[1], strerror(rc));
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) break;
		if (first < 0) first = now_ns();
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (first < 0) {
		fprintf(stderr, "firstbyte: %s wrote nothing on stdout\n", argv[1]);
		return 1;
	}
	printf("%lld\n%d\n", (first - start) / 1000, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
