#!/bin/bash
# Run time is linear in the file size on inputs that repeat one region:
# many SHT_SYMTAB headers over one symbol table, many PT_NOTE headers over
# one note region, dynamic symbols sharing one long name, version needs
# sharing long names. At 16 MB each is a fraction of a second; a walk per
# header or per name takes minutes. The limit leaves a wide margin for a
# loaded machine; times are printed as diagnostics.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool python3
need_tool timeout
build_elfcheck
SIZE=$((16 << 20))
LIMIT=${ELFCHECK_TIME_LIMIT:-20}

for kind in symtab notes dynsym verneed; do
	python3 "$TOP/tools/elfcheck/hostile.py" $kind $SIZE "$T/$kind" ||
		{ ok 1 "$kind: generate"; continue; }
	s=$(date +%s%N)
	timeout $LIMIT "$ELFCHECK" --static --glibc-floor 2.17 "$T/$kind" > /dev/null 2> "$T/err"
	rc=$?
	ms=$(( ($(date +%s%N) - s) / 1000000 ))
	diag "$kind: $(stat -c %s "$T/$kind") bytes in $ms ms (exit $rc)"
	ok $([ $rc != 124 ] && [ $rc -lt 128 ]; echo $?) "$kind: $((SIZE >> 20)) MB checked within ${LIMIT}s"
	ok $([ $rc = 0 ] || [ $rc = 1 ]; echo $?) "$kind: a verdict, not a malformed file (exit $rc)"
done

done_testing
