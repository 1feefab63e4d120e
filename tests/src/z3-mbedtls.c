/* Built by other build systems (CMake, a pkg-config Makefile) against the sysroot. */
#include <stdio.h>
#include <mbedtls/sha256.h>
#include <z3.h>

int main(void)
{
	unsigned char sum[32];
	Z3_config cfg = Z3_mk_config();
	Z3_context ctx = Z3_mk_context(cfg);
	Z3_sort b = Z3_mk_bool_sort(ctx);
	Z3_ast p = Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, "p"), b);
	Z3_ast both[2] = { p, Z3_mk_not(ctx, p) };
	Z3_solver s = Z3_mk_solver(ctx);

	Z3_del_config(cfg);
	Z3_solver_inc_ref(ctx, s);
	Z3_solver_assert(ctx, s, Z3_mk_and(ctx, 2, both));
	printf("p and not p: %s\n", Z3_solver_check(ctx, s) == Z3_L_FALSE ? "unsat" : "not unsat");
	Z3_solver_dec_ref(ctx, s);
	Z3_del_context(ctx);

	mbedtls_sha256((const unsigned char *)"abc", 3, sum, 0);
	printf("sha256(abc): ");
	for (int i = 0; i < 32; i++)
		printf("%02x", sum[i]);
	printf("\n");
	return 0;
}
