#!/bin/bash
# Z3's own unit tests (test-z3), built with the musl toolchain, pass on each
# target, every module named: test-z3 ignores a name it does not know, and
# its /a stops after `zstring` (the modules after it run only by name), so
# the names are checked against test-z3's own list (/h) and every named
# module must print its PASS.
# make test runs Z3_TESTS, a subset that covers the arithmetic, data
# structures, SAT/SMT core and the API, without the slowest modules
# (sorting_network, theory_pb, sat_user_scope: minutes each natively, far
# more under qemu); make check-full (FULL=1) runs every module test-z3 lists.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
Z3_TESTS=${Z3_TESTS:-"random symbol_table region symbol heap hashtable rational inf_rational ast bit_vector fixed_bit_vector string_buffer map uint_set list small_object_allocator mpz mpq mpf total_order parray stack buffer chashtable api smt_context smt2print_parse polynomial upolynomial algebraic prime_generator zstring interval hwf bits mpbq mpfx mpff simplex bdd pdd expr_substitution model_evaluator"}
for t in $TEST_TRIPLES; do
	b=$OUT/testsuites/$t/z3/test-z3
	if [ ! -x "$b" ]; then ok 1 "$t: test-z3 is built"; continue; fi
	# Module names as test-z3 lists them; "name(...)" ones need arguments.
	known=$(cd "$T" && run_target "$t" "$b" /h 2>&1 | sed -n '/^Module names:/,$p' | sed -n 's/^    \([a-z0-9_]*\)$/\1/p')
	like "$(printf '%s\n' "$known" | wc -l)" '^[0-9]{3}$' "$t: test-z3 lists its modules ($(printf '%s\n' "$known" | wc -l))"
	if [ "${FULL:-0}" = 1 ]; then names=$known; else names=$Z3_TESTS; fi
	unknown=$(for m in $names; do printf '%s\n' "$known" | grep -qxF "$m" || echo "$m"; done)
	is "$unknown" "" "$t: every module named is one test-z3 has"
	set -- $names
	start=$(date +%s)
	out=$(cd "$T" && run_target "$t" "$b" "$@" 2>&1); rc=$?
	passed=$(printf '%s\n' "$out" | grep -c '^PASS$')
	diag "$t: test-z3, $# modules named, $passed passed, exit $rc, $(( $(date +%s) - start )) s"
	[ $rc = 0 ] || diag "$(printf '%s\n' "$out" | tail -15)"
	ok $rc "$t: test-z3 exits 0"
	is "$passed" "$#" "$t: every named module passed"
done
done_testing
