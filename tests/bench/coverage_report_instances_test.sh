#!/usr/bin/env bash
# bench/coverage_race_report.py's tables within Node's reach count per function instance: a
# template's instance Node never runs must not lend its lines and branches to the one it does
# (clang's line and branch counts merge every instance of a line). A small "parser" written here
# has encode<false>, which Node calls, and encode<true>, which only an `if constexpr` block of
# extra lines and one extra caller use. "ours" runs encode<false> on both sides of its branch;
# "theirs" runs it on one side, and encode<true> on both. On the whole file theirs covers more
# lines; within Node's reach, and in ours' own part, ours must cover more.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$tmp/parser"
cat >"$tmp/parser/parser.cpp" <<'CPP'
namespace lib {
template <bool with_lines>
int encode(int x) {
  int out = x;
  if constexpr (with_lines) {
    out += 1;
    if (out > 10) out -= 3;
    out *= 2;
  }
  if (x > 5)
    out += 7;
  return out;
}
int encode_plain(int x) { return encode<false>(x); }
int encode_lines(int x) { return encode<true>(x); }
}  // namespace lib
CPP
cat >"$tmp/ours.cpp" <<'CPP'
namespace lib { int encode_plain(int); }
int main() { return (lib::encode_plain(1) + lib::encode_plain(9)) & 0; }
CPP
cat >"$tmp/theirs.cpp" <<'CPP'
namespace lib { int encode_plain(int); int encode_lines(int); }
int main() { return (lib::encode_plain(1) + lib::encode_lines(20) + lib::encode_lines(1)) & 0; }
CPP
printf 'lib\t%s\n' "$tmp/parser" >"$tmp/sources.txt"
echo encode_plain >"$tmp/api.txt"
python3 "$root/bench/node_reachable.py" --sources "$tmp/sources.txt" --node-api "$tmp/api.txt" \
  --out "$tmp/reachable.txt" --graph "$tmp/graph.json" 2>/dev/null || fail "node_reachable.py failed"

# One run directory as bench/coverage-race leaves it: meta, hits/<minute>, found, the profile.
for who in ours theirs; do
  d="$tmp/runs/$who"
  mkdir -p "$d/hits" "$d/cov"
  clang++-19 -O0 -fprofile-instr-generate -fcoverage-mapping "$tmp/parser/parser.cpp" "$tmp/$who.cpp" \
    -o "$tmp/$who" || fail "cannot build $who"
  LLVM_PROFILE_FILE="$tmp/$who.profraw" "$tmp/$who"
  llvm-profdata-19 merge -sparse "$tmp/$who.profraw" -o "$d/cov/upto-1.profdata"
  kind=$([ "$who" = ours ] && echo ours || echo upstream)
  printf 'name=%s\nkind=%s\nparsers=lib\nminutes=1\nexecs=1\nseconds=60\ncorpus=1\nrestarts=0\ncoverage_binary=%s\n' \
    "$who" "$kind" "$tmp/$who" >"$d/meta"
  : >"$d/hits/0"
  llvm-cov-19 export -format=lcov -skip-functions -instr-profile="$d/cov/upto-1.profdata" "$tmp/$who" \
      "$tmp/parser/parser.cpp" \
    | awk -v found="$d/found" -F'[:,]' '/^SF:/ { file = substr($0, 4) }
        /^DA:/ { if ($3 > 0) print "L\t" file "\t" $2; print "L\t" file "\t" $2 > found }
        /^BRDA:/ { key = $2 ":" $3 ":" $4; if ($5 != "-" && $5 > 0) print "B\t" file "\t" key; print "B\t" file "\t" key > found }' \
    >"$d/hits/1"
done

python3 "$root/bench/coverage_race_report.py" --out "$tmp" --sources "$tmp/sources.txt" \
  --ours-minutes 1 --upstream-minutes 1 --parsers lib --node-api "$tmp/api.txt" \
  --node-reachable "$tmp/reachable.txt" --node-graph "$tmp/graph.json" \
  "$tmp/runs/ours" "$tmp/runs/theirs" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "the report failed"; }
summary="$tmp/summary.txt"
# value <table heading> <fuzzer> <column>: the hit count of that row's nth "hit/total" cell.
whole_ours=$(grep -m1 -E '^lib +ours ' "$summary" | grep -oE '[0-9]+/[0-9]+ [0-9.]+%' | tail -2 | head -1 | cut -d/ -f1)
whole_theirs=$(grep -m1 -E '^lib +theirs ' "$summary" | grep -oE '[0-9]+/[0-9]+ [0-9.]+%' | tail -2 | head -1 | cut -d/ -f1)
((whole_theirs > whole_ours)) || fail "on the whole file theirs should cover more lines ($whole_theirs vs $whole_ours)"
reach=$(sed -n "/^Within Node's reach/,/^Each of our/p" "$summary")
lines_of() { grep -m1 -E "^lib +$1 " <<<"$reach" | grep -oE '[0-9]+/[0-9]+' | sed -n "$2p" | cut -d/ -f1; }
((lines_of_ours=$(lines_of ours 1), lines_of_theirs=$(lines_of theirs 1)))
((lines_of_ours > lines_of_theirs)) || fail "within Node's reach ours should cover more lines: $(cat "$summary")"
(($(lines_of ours 2) > $(lines_of theirs 2))) || fail "within Node's reach ours should cover more branches: $(cat "$summary")"
grep -qE '^lib: AHEAD' <<<"$reach" || fail "no AHEAD verdict within Node's reach: $reach"
grep -qE "^lib: AHEAD — each of our targets covers its own part" "$summary" \
  || fail "ours should lead in its own part: $(sed -n '/^Each of our/,$p' "$summary")"
echo "coverage report per instance: OK"
