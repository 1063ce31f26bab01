#!/usr/bin/env bash
# The scripts' command lines, which lib.sh's parse_options parses for fuzz, corpus-refresh,
# coverage and bench: --help prints the usage line first and exits 0; a mistake is one line on
# stderr and a non-zero exit, before anything is built; an option one script takes is refused by
# a script that does not; the same for bench/coverage-race. And max-len.sh's rule, which
# scripts/fuzz and oss-fuzz/build.sh share.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for script in bootstrap fuzz corpus-refresh coverage bench test reproduce oss-fuzz-local oss-fuzz-check confirm-findings; do
  out=$("$root/scripts/$script" --help) || fail "$script --help exits $?"
  [[ "$(head -1 <<<"$out")" == "usage: scripts/$script "* ]] || fail "$script --help does not start with its usage line: $(head -1 <<<"$out")"
  (($(wc -l <<<"$out") > 3)) || fail "$script --help only prints a usage line, not what the script does"
done
out=$("$root/scripts/seeds-from-wpt" --help) || fail "seeds-from-wpt --help exits $?"
grep -q 'scripts/seeds-from-wpt \[NODE_SOURCE_DIR\]' <<<"$out" || fail "seeds-from-wpt --help does not show its command line"

# <script> <args...>: fails with exactly one line on stderr.
expect_one_line_error() {
  local rc=0
  "$root/scripts/$1" "${@:2}" >/dev/null 2>"$tmp/err" || rc=$?
  ((rc != 0)) || fail "$* succeeded"
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "$*: expected one line on stderr, got: $(cat "$tmp/err")"
}
for script in fuzz corpus-refresh coverage bench; do
  expect_one_line_error "$script" --bogus
  expect_one_line_error "$script" --target
done
for script in fuzz corpus-refresh bench; do
  expect_one_line_error "$script" --time 0
  expect_one_line_error "$script" --time soon
done
expect_one_line_error fuzz --jobs -1
expect_one_line_error fuzz --engine honggfuzz
expect_one_line_error corpus-refresh --corpora-dir "$tmp/missing"
expect_one_line_error coverage --time 5    # scripts/coverage has no time budget
expect_one_line_error bench --jobs 2       # scripts/bench runs one job per binary
expect_one_line_error coverage --out
expect_one_line_error confirm-findings --finding
expect_one_line_error confirm-findings --bogus
expect_one_line_error bootstrap --bogus

# bench/coverage-race (its real run is bench/coverage_race_test.sh): every mistake is one line,
# found before bootstrap or any build.
out=$("$root/bench/coverage-race" --help) || fail "coverage-race --help exits $?"
[[ "$(head -1 <<<"$out")" == "usage: bench/coverage-race "* ]] || fail "coverage-race --help does not start with its usage line"
for bad in "--minutes 0" "--minutes" "--ours-minutes x" "--upstream-minutes -1" "--parser http" \
           "--tree $tmp/missing" "--jobs 0" "--fuzzer" "--out" "--bogus 1"; do
  rc=0
  # shellcheck disable=SC2086
  "$root/bench/coverage-race" $bad >/dev/null 2>"$tmp/err" || rc=$?
  ((rc != 0)) || fail "coverage-race $bad succeeded"
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "coverage-race $bad: expected one line on stderr, got: $(cat "$tmp/err")"
done

# max_len: 4 KiB, or the largest seed rounded up to 4 KiB.
source "$root/scripts/max-len.sh"
check_max_len() {  # <expected> <seed sizes...>
  local want="$1" dir="$tmp/seeds-$1-$#" size i=0
  shift
  mkdir -p "$dir"
  for size in "$@"; do
    head -c "$size" /dev/zero >"$dir/seed$i"
    i=$((i + 1))
  done
  [ "$(max_len_for "$dir")" = "$want" ] || fail "max_len_for seeds of $* bytes is $(max_len_for "$dir"), not $want"
}
check_max_len 4096 0
check_max_len 4096 10 4096
check_max_len 8192 4097
check_max_len 20480 100 17072 3000
mkdir -p "$tmp/empty"
[ "$(max_len_for "$tmp/empty")" = 4096 ] || fail "max_len_for an empty corpus is not 4096"
# The committed CVE seeds reach the parser whole wherever the targets run.
largest=$(find "$root/corpora/http_request" -type f -printf '%s\n' | sort -n | tail -1)
((largest > 4096)) || fail "corpora/http_request has no seed over 4 KiB any more — update this test"
(($(max_len_for "$root/corpora/http_request") >= largest)) || fail "max_len cuts corpora/http_request's largest seed"
echo PASS
