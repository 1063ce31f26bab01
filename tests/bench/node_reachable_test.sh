#!/usr/bin/env bash
# bench/node_reachable.py on a small C++ "parser" written here: a dispatch through a base class
# (as simdutf picks a kernel), an always-inline helper, a function only a table points to, and
# functions nothing Node calls reaches. Checks which it finds reachable, and that a source that
# does not compile is one line and leaves the rest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$tmp/parser" "$tmp/broken"
cat >"$tmp/parser/parser.cpp" <<'CPP'
namespace lib {
struct kernel { virtual int convert(int) const = 0; virtual int convert_wide(int) const = 0; };
__attribute__((always_inline)) inline int fast_helper(int x) { return x * 3; }
int table_entry(int x) { return x + 2; }
int unused_helper(int x) { return x - 1; }
struct kernel_a : kernel {
  int convert(int x) const override { return fast_helper(x); }
  int convert_wide(int x) const override { return unused_helper(x); }
};
struct kernel_b : kernel {
  int convert(int x) const override { return x + 1; }
  int convert_wide(int x) const override { return x; }
};
const kernel& active() { static kernel_a a; static kernel_b b; return a.convert(0) ? static_cast<const kernel&>(a) : b; }
int (*const entries[])(int) = {table_entry};
int convert(int x) { return active().convert(x) + entries[0](x); }
int convert_wide(int x) { return active().convert_wide(x); }  // Node never calls it
}  // namespace lib
CPP
echo 'this is not C++' >"$tmp/broken/broken.cpp"
printf 'lib\t%s\nlib\t%s\n' "$tmp/parser" "$tmp/broken" >"$tmp/sources.txt"
printf 'convert\nsomething_else\n' >"$tmp/api.txt"

python3 "$root/bench/node_reachable.py" --sources "$tmp/sources.txt" --node-api "$tmp/api.txt" \
  --out "$tmp/reachable.txt" --graph "$tmp/graph.json" 2>"$tmp/err" || fail "node_reachable.py failed: $(cat "$tmp/err")"
grep -q "cannot compile .*broken.cpp" "$tmp/err" || fail "the broken source is not reported: $(cat "$tmp/err")"
[ "$(grep -c 'broken.cpp' "$tmp/err")" = 1 ] || fail "the broken source takes more than one line: $(cat "$tmp/err")"

verdict() {  # the 1/0 node_reachable.py wrote for the function whose demangled name starts with $1
  local line
  line=$(cut -f2,3 "$tmp/reachable.txt" | while IFS=$'\t' read -r name flag; do
    printf '%s\t%s\n' "$(c++filt "$name")" "$flag"; done | grep -F -- "$1" | head -1)
  [ -n "$line" ] || fail "$1 is not listed at all: $(cut -f2 "$tmp/reachable.txt" | c++filt | tr '\n' ' ')"
  echo "${line##*$'\t'}"
}
for reached in "lib::convert(int)" "lib::kernel_a::convert(int) const" "lib::kernel_b::convert(int) const" \
               "lib::fast_helper(int)" "lib::table_entry(int)" "lib::active()"; do
  [ "$(verdict "$reached")" = 1 ] || fail "$reached should be reachable from lib::convert"
done
# convert_wide shares convert's vtable neighbourhood but not its slot.
for unreached in "lib::convert_wide(int)" "lib::kernel_a::convert_wide(int) const" \
                 "lib::kernel_b::convert_wide(int) const" "lib::unused_helper(int)"; do
  [ "$(verdict "$unreached")" = 0 ] || fail "$unreached should not be reachable from lib::convert"
done
# The graph: its roots are what Node calls by name and the kernel methods the dispatch runs (a
# fuzzer may call those directly); what a root reaches is listed for the report to follow.
python3 - "$tmp/graph.json" <<'PY' || fail "the --graph output is wrong (see above)"
import json, subprocess, sys
g = json.load(open(sys.argv[1]))["lib"]
name = lambda m: subprocess.run(["c++filt", m], capture_output=True, text=True).stdout.strip()
roots = {name(r) for r in g["roots"]}
want = {"lib::convert(int)", "lib::kernel_a::convert(int) const", "lib::kernel_b::convert(int) const"}
if roots != want:
    sys.exit(f"roots are {sorted(roots)}, expected {sorted(want)}")
nexts = {name(k): {name(n) for n in v} for k, v in g["next"].items()}
if not {"lib::active()", "lib::entries"} <= nexts.get("lib::convert(int)", set()):
    sys.exit(f"lib::convert(int) reaches {nexts.get('lib::convert(int)')}")
if "lib::table_entry(int)" not in nexts.get("lib::entries", set()):
    sys.exit(f"the table lib::entries reaches {nexts.get('lib::entries')}")
if any("convert_wide" in k or "unused_helper" in k for k in nexts):
    sys.exit(f"the graph lists functions Node cannot reach: {sorted(nexts)}")
PY
echo "node_reachable: OK"
