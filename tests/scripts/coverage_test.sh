#!/usr/bin/env bash
# scripts/coverage for real, for one llhttp target, into a scratch directory:
#   tests/scripts/coverage_test.sh <target>
# Checks the HTML report of llhttp and the table: llhttp's own files with numbers, none of our
# harness files, and no report for a parser the target does not reach.
set -euo pipefail
target="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rc=0
"$root/scripts/coverage" --target no_such_target --out "$tmp/bad" >/dev/null 2>"$tmp/err" || rc=$?
((rc != 0)) && [ "$(wc -l <"$tmp/err")" = 1 ] || fail "an unknown target should end in one line on stderr: $(cat "$tmp/err")"

start=$SECONDS
"$root/scripts/coverage" --target "$target" --out "$tmp/cov" | tee "$tmp/out"
echo "coverage took $((SECONDS - start)) s"

html="$tmp/cov/llhttp/index.html"
[ -s "$html" ] || fail "no llhttp report at $html"
grep -q 'llhttp\.c' "$html" || fail "the llhttp report does not list llhttp.c"
[ ! -e "$tmp/cov/ada" ] && [ ! -e "$tmp/cov/simdutf" ] || fail "a report for a parser $target does not reach"
grep -qE '^parser +file +lines +lines % +branches +branches %' "$tmp/out" || fail "no table header"
for file in llhttp.c api.c http.c; do
  grep -qE "^llhttp +[^ ]*src/$file +[1-9][0-9]*/[1-9][0-9]* +[0-9.]+% +[0-9]+/[1-9][0-9]* +[0-9.]+%" "$tmp/out" \
    || fail "no line with numbers for llhttp's src/$file in the table"
done
! grep -qE 'fuzzers/|http_session' "$tmp/out" "$tmp/cov/llhttp/index.html" || fail "harness files are in the report"
cmp -s <(sed -n '/^parser /,$p' "$tmp/out" | grep -v '^Reports:' | sed '/^$/d') "$tmp/cov/summary.txt" \
  || fail "summary.txt differs from the printed table"
echo "PASS"
