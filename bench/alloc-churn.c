/*
 * alloc-churn [ROUNDS]: the allocation pattern of a solver in miniature, to
 * tell the compiler's share of a difference from the C library's and the
 * allocator's (bench/compiler-effect builds it several ways). Prints one
 * line at once (the start-up figure is exec to that byte), then churns: a
 * table of live blocks of mixed sizes, each step freeing one at random and
 * allocating another, with a little arithmetic over the new block so the
 * compiled code matters too. Deterministic (fixed seed); prints a checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIVE 4096

static unsigned long long rng(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static size_t pick_size(unsigned long long r)
{
	/* Mostly small nodes, some vectors, rarely a large buffer. */
	if (r % 100 < 85) return 16 + r % 112;
	if (r % 100 < 99) return 256 + r % 3840;
	return 65536 + r % 65536;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 2000000;
	unsigned char *live[LIVE] = { 0 };
	size_t len[LIVE] = { 0 };
	unsigned long long s = 88172645463325252ULL, sum = 0;
	struct timespec a, b;

	fputs("alloc-churn\n", stdout);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < rounds; i++) {
		unsigned long long r = rng(&s);
		size_t k = r % LIVE, n = pick_size(r >> 16);
		free(live[k]);
		if (!(live[k] = malloc(n))) {
			fputs("alloc-churn: out of memory\n", stderr);
			return 1;
		}
		len[k] = n;
		memset(live[k], (int)(r & 0xff), n < 64 ? n : 64);
		for (size_t j = 0; j < (n < 64 ? n : 64); j += 8)
			sum = sum * 31 + live[k][j] + j;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	for (size_t k = 0; k < LIVE; k++) {
		sum += len[k];
		free(live[k]);
	}
	printf("checksum %llu seconds %.3f\n", sum, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
