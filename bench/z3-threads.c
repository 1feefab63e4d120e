/*
 * Allocation-heavy threaded load, shaped like the gateway's: worker threads
 * each solving bit-vector factoring problems with Z3 (which allocates and
 * frees constantly). Prints the wall time, so the same source linked with
 * musl's malloc and with mimalloc can be compared.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <z3.h>

struct worker {
	int problems;
	unsigned seed;
	int solved;
};

/* Find x, y > 1 with x * y == n (24-bit vectors): a product of two primes. */
static int factor(unsigned n)
{
	Z3_config cfg = Z3_mk_config();
	Z3_context ctx = Z3_mk_context(cfg);
	Z3_sort bv = Z3_mk_bv_sort(ctx, 24);
	Z3_ast x = Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, "x"), bv);
	Z3_ast y = Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, "y"), bv);
	Z3_ast one = Z3_mk_unsigned_int(ctx, 1, bv), limit = Z3_mk_unsigned_int(ctx, 4096, bv);
	Z3_solver s = Z3_mk_solver(ctx);
	int sat;

	Z3_del_config(cfg);
	Z3_solver_inc_ref(ctx, s);
	Z3_solver_assert(ctx, s, Z3_mk_eq(ctx, Z3_mk_bvmul(ctx, x, y), Z3_mk_unsigned_int(ctx, n, bv)));
	Z3_solver_assert(ctx, s, Z3_mk_bvugt(ctx, x, one));
	Z3_solver_assert(ctx, s, Z3_mk_bvugt(ctx, y, one));
	Z3_solver_assert(ctx, s, Z3_mk_bvult(ctx, x, limit));
	Z3_solver_assert(ctx, s, Z3_mk_bvult(ctx, y, limit));
	sat = Z3_solver_check(ctx, s) == Z3_L_TRUE;
	Z3_solver_dec_ref(ctx, s);
	Z3_del_context(ctx);
	return sat;
}

static void *work(void *arg)
{
	static const unsigned primes[] = { 1009, 1013, 1019, 1021, 1031, 1033, 1039, 1049, 2003, 2011 };
	struct worker *w = arg;

	for (int i = 0; i < w->problems; i++) {
		unsigned a = primes[(w->seed + i) % 10], b = primes[(w->seed + 3 * i + 1) % 10];
		w->solved += factor(a * b);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 4, problems = argc > 2 ? atoi(argv[2]) : 6;
	pthread_t t[64];
	struct worker w[64];
	struct timespec a, b;
	int solved = 0;

	if (threads < 1 || threads > 64)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){ .problems = problems, .seed = (unsigned)i };
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		solved += w[i].solved;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%d threads, %d problems solved, %.3f s\n", threads, solved,
	       (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return solved == threads * problems ? 0 : 1;
}
