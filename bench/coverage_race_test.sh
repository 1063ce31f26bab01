#!/usr/bin/env bash
# bench/coverage-race for real, for one minute, on one parser: one of our llhttp targets against
# llhttp's own fuzz_parser, into a scratch directory. Checks the table (both rows, with numbers),
# the data (coverage never falls; their fuzzer starts from nothing), the plot, the verdict, and
# that a mistake on the command line is one line. Not in ctest: it fuzzes on two cores for a
# minute; tests/scripts/options_test.sh checks the command line there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for bad in "--minutes 0" "--parser http" "--tree /nonexistent" "--bogus 1"; do
  rc=0
  # shellcheck disable=SC2086
  "$root/bench/coverage-race" $bad >/dev/null 2>"$tmp/err" || rc=$?
  ((rc != 0)) && [ "$(wc -l <"$tmp/err")" = 1 ] || fail "'$bad' should end in one line on stderr: $(cat "$tmp/err")"
done
rc=0
"$root/bench/coverage-race" --parser llhttp --fuzzer no_such_fuzzer --out "$tmp/none" >"$tmp/out" 2>"$tmp/err" || rc=$?
((rc != 0)) && grep -q 'nothing to run' "$tmp/err" || fail "an unknown --fuzzer should say there is nothing to run: $(tail -2 "$tmp/err")"

start=$SECONDS
"$root/bench/coverage-race" --parser llhttp --minutes 1 --fuzzer http_response --fuzzer llhttp.fuzz_parser \
  --out "$tmp/race" | tee "$tmp/out"
echo "coverage-race took $((SECONDS - start)) s"

row='[0-9]+ +[0-9]+ +[0-9]+ +[1-9][0-9]*/[1-9][0-9]* [0-9.]+% +[1-9][0-9]*/[1-9][0-9]* [0-9.]+%'
grep -qE "^llhttp +http_response +ours +1 +$row" "$tmp/race/summary.txt" || fail "no row with numbers for http_response"
grep -qE "^llhttp +llhttp.fuzz_parser +upstream +1 +$row" "$tmp/race/summary.txt" || fail "no row with numbers for fuzz_parser"
grep -qE '^llhttp: (AHEAD|BEHIND) — our best lines http_response [0-9]+/[0-9]+' "$tmp/race/summary.txt" || fail "no verdict"
# The second table: the same runs within what Node can reach, which is less than the whole files
# (three verdicts in all: the whole files, Node's reach, and the own parts below).
grep -q "^Within Node's reach" "$tmp/race/summary.txt" || fail "no table of coverage within Node's reach"
grep -qE "^llhttp +http_response +ours +1 +[1-9][0-9]*/[1-9][0-9]* [0-9.]+%" "$tmp/race/summary.txt" \
  && [ "$(grep -c -E '^llhttp: (AHEAD|BEHIND)' "$tmp/race/summary.txt")" = 3 ] \
  || fail "the in-reach table has no row or verdict for http_response"
whole=$(grep -m1 -oE '^llhttp +http_response +ours +1 .*' "$tmp/race/summary.txt" | grep -oE '/[0-9]+ ' | head -1)
inreach=$(sed -n "/^Within Node's reach/,\$p" "$tmp/race/summary.txt" | grep -m1 -E '^llhttp +http_response' | grep -oE '/[0-9]+ ' | head -1)
((${inreach#/} <= ${whole#/})) || fail "Node's reach ($inreach lines) is larger than the files ($whole)"
# The third table: http_response on its own part of Node's reach, against fuzz_parser there.
own=$(sed -n "/^Each of our targets/,\$p" "$tmp/race/summary.txt")
grep -qE "^llhttp +http_response +1 +[1-9][0-9]*/[1-9][0-9]* +[0-9]+ [0-9.]+% +[0-9]+ [0-9.]+% +llhttp.fuzz_parser" <<<"$own" \
  && grep -qE '^llhttp: (AHEAD|BEHIND)' <<<"$own" || fail "no own-part row or verdict for http_response: $own"
cmp -s <(sed -n '/^coverage race/,/^Plots:/p' "$tmp/out" | grep -v '^Plots:') "$tmp/race/summary.txt" \
  || fail "summary.txt differs from the printed table"
# Minute 0 is the seeds: ours has coverage, theirs (no seeds) none; no minute covers less than the one before.
awk -F'\t' 'NR > 1 {
    key = $2
    if ($4 == 0 && $3 == "ours" && $5 == 0) { print "ours has no coverage from its seeds"; bad = 1 }
    if ($4 == 0 && $3 == "upstream" && $5 != 0) { print "upstream has coverage before fuzzing"; bad = 1 }
    if ((key in last) && ($5 < last[key] || $7 < lastb[key])) { print key " loses coverage at minute " $4; bad = 1 }
    if ($5 > $6 || $7 > $8) { print key " covers more than there is"; bad = 1 }
    last[key] = $5; lastb[key] = $7; rows++
  } END { if (rows != 4) { print rows " data rows, expected 4"; bad = 1 } exit bad }' "$tmp/race/coverage-over-time.tsv" \
  || fail "coverage-over-time.tsv: see above"
grep -q '<svg' "$tmp/race/llhttp.svg" && grep -q 'http_response' "$tmp/race/llhttp.svg" && grep -q 'fuzz_parser' "$tmp/race/llhttp.svg" \
  || fail "llhttp.svg does not plot both fuzzers"
[ -s "$tmp/race/llhttp.png" ] || fail "no llhttp.png"
echo "PASS"
