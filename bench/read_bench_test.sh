#!/usr/bin/env bash
# read_bench's command line: --help prints the usage and exits 0, and a file
# it cannot open (missing, a folder) is a one-line error and exit 1, never an
# abort. Usage: read_bench_test.sh READ_BENCH
set -uo pipefail
bench=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
fail() { echo "read_bench_test: $*" >&2; status=1; }

out=$("$bench" --help 2>&1); code=$?
[[ $code -eq 0 && $out == usage:* ]] || fail "--help: exit $code, '$out'"
out=$("$bench" 2>&1); code=$?
[[ $code -eq 2 && $out == usage:* ]] || fail "no FILE: exit $code, '$out'"
out=$("$bench" "$scratch/missing.xlsx" 2>&1); code=$?
[[ $code -eq 1 && $out == "read_bench: cannot open $scratch/missing.xlsx: "* && $(wc -l <<<"$out") -eq 1 ]] ||
  fail "missing file: exit $code, '$out'"
out=$("$bench" "$scratch" 2>&1); code=$?
[[ $code -eq 1 && $out == "read_bench: cannot open $scratch: "* ]] || fail "a folder: exit $code, '$out'"
out=$("$bench" "$scratch/missing.xlsx" --frobnicate 2>&1); code=$?
[[ $code -eq 2 && $out == *"unknown option --frobnicate"* ]] || fail "unknown option: exit $code, '$out'"
((status == 0)) && echo "read_bench_test: usage and unreadable files handled"
exit $status
