#!/bin/bash
# Z3's own unit tests (test-z3), built with the musl toolchain, pass on each
# target. make test runs Z3_TESTS, a subset that covers the arithmetic,
# data structures, SAT/SMT core and the API, without the two slowest modules
# (sorting_network 37 s, vector 11 s natively; far more under qemu);
# make check-full runs /a (all).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
Z3_TESTS=${Z3_TESTS:-"random symbol_table region symbol heap hashtable rational inf_rational ast bit_vector fixed_bit_vector string_buffer map uint_set list small_object_allocator mpz mpq mpf total_order parray stack buffer chashtable api smt_context smt2print_parse polynomial upolynomial algebraic prime_generator zstring interval hwf bits mpbq mpfx mpff simplex bdd pdd expr_substitution model_evaluator"}
for t in $TEST_TRIPLES; do
	b=$OUT/testsuites/$t/z3/test-z3
	if [ ! -x "$b" ]; then ok 1 "$t: test-z3 is built"; continue; fi
	if [ "${FULL:-0}" = 1 ]; then set -- /a; else set -- $Z3_TESTS; fi
	start=$(date +%s)
	out=$(cd "$T" && run_target "$t" "$b" "$@" 2>&1); rc=$?
	diag "$t: test-z3 $([ "${FULL:-0}" = 1 ] && echo '/a' || echo "$# modules"), exit $rc, $(( $(date +%s) - start )) s"
	[ $rc = 0 ] || diag "$(printf '%s\n' "$out" | tail -15)"
	ok $rc "$t: test-z3 passes"
done
done_testing
