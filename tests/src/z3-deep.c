/*
 * Solves a deeply nested Z3 term on a worker thread created with default
 * attributes, as the gateway's worker pool does. Z3 recurses once per level
 * of nested function applications, so 5000 levels need far more than musl's
 * 128 KiB default thread stack; the artifacts' link flags raise the default.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <z3.h>

struct job {
	int depth;
	int result;
};

static void *solve(void *arg)
{
	struct job *job = arg;
	Z3_config cfg = Z3_mk_config();
	Z3_context ctx = Z3_mk_context(cfg);
	Z3_sort int_sort = Z3_mk_int_sort(ctx);
	Z3_ast x = Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, "x"), int_sort);
	Z3_func_decl f = Z3_mk_func_decl(ctx, Z3_mk_string_symbol(ctx, "f"), 1, &int_sort, int_sort);
	Z3_ast term = x;
	Z3_solver s;

	Z3_del_config(cfg);
	for (int i = 0; i < job->depth; i++)
		term = Z3_mk_app(ctx, f, 1, &term);
	/* f(f(...f(x)...)) = 3 with x = 7: satisfiable, and the model has x = 7. */
	s = Z3_mk_solver(ctx);
	Z3_solver_inc_ref(ctx, s);
	Z3_solver_assert(ctx, s, Z3_mk_eq(ctx, term, Z3_mk_int(ctx, 3, int_sort)));
	Z3_solver_assert(ctx, s, Z3_mk_eq(ctx, x, Z3_mk_int(ctx, 7, int_sort)));
	job->result = Z3_solver_check(ctx, s);
	if (job->result == Z3_L_TRUE) {
		Z3_model m = Z3_solver_get_model(ctx, s);
		Z3_ast v;
		int xv = -1;
		Z3_model_inc_ref(ctx, m);
		if (Z3_model_eval(ctx, m, x, true, &v))
			Z3_get_numeral_int(ctx, v, &xv);
		printf("sat x=%d\n", xv);
		Z3_model_dec_ref(ctx, m);
	} else {
		printf("%s\n", job->result == Z3_L_FALSE ? "unsat" : "unknown");
	}
	Z3_solver_dec_ref(ctx, s);
	Z3_del_context(ctx);
	return NULL;
}

int main(int argc, char **argv)
{
	struct job job = { .depth = argc > 1 ? atoi(argv[1]) : 5000 };
	pthread_t t;

	if (pthread_create(&t, NULL, solve, &job)) {
		perror("pthread_create");
		return 1;
	}
	pthread_join(t, NULL);
	return job.result == Z3_L_TRUE ? 0 : 1;
}
