# Shared by scripts/*: the Node trees, the options several scripts take, and bootstrap, configure
# and build of one CMake preset. NODE_SOURCE_DIR, LLHTTP_SOURCE_DIR, ADA_SOURCE_DIR and
# SIMDUTF_SOURCE_DIR in the environment are passed to CMake, so every script can run against
# another Node tree.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/max-len.sh"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The trees scripts/bootstrap fetches: the default (Debian's Node 24 sources) and the
# regression tree of the findings made on Node 18, which scripts/test also runs.
NODEFUZZ_CACHE_DIR="${NODEFUZZ_CACHE:-$root/.cache}"
NODEFUZZ_DEFAULT_TREE="$NODEFUZZ_CACHE_DIR/node-v24.21.0"
NODEFUZZ_NODE18_TREE="$NODEFUZZ_CACHE_DIR/node-v18.20.4"

# parse_options <option>... -- "$@": the options scripts/fuzz, corpus-refresh, coverage and bench
# share, parsed and checked here once. <option> lists what the calling script accepts, of:
#   --time SECONDS → time_budget   --jobs N → jobs          --target NAME → targets+=() (repeatable)
#   --engine libfuzzer|afl → engine                         --out DIR → out (created, absolute)
#   --corpora-dir DIR → corpora (must exist, absolute)      --work-dir DIR → work (created, absolute)
# The script sets the defaults first, and $usage (quoted in every error) and $help (-h, --help).
parse_options() {
  local accepted=" "
  while (($#)) && [ "$1" != -- ]; do accepted+="$1 "; shift; done
  shift
  while (($#)); do
    case "$1" in -h|--help) printf '%s\n' "$help"; exit 0 ;; esac
    [[ "$accepted" == *" $1 "* ]] || die "unknown argument '$1' — $usage"
    local value="${2:-}"
    case "$1" in
      --time) [[ "$value" =~ ^[0-9]+$ && "$value" -gt 0 ]] || die "--time needs a positive number of seconds — $usage"
              time_budget=$value ;;
      --jobs) [[ "$value" =~ ^[0-9]+$ && "$value" -gt 0 ]] || die "--jobs needs a positive number — $usage"
              jobs=$value ;;
      --target) [ -n "$value" ] || die "--target needs a target name — $usage"
                targets+=("$value") ;;
      --engine) [[ "$value" == libfuzzer || "$value" == afl ]] || die "--engine is libfuzzer or afl — $usage"
                engine=$value ;;
      --out) [ -n "$value" ] || die "--out needs a directory — $usage"
             mkdir -p "$value" && out=$(cd "$value" && pwd) ;;
      --corpora-dir) [ -d "$value" ] || die "--corpora-dir needs an existing directory holding <target>/ corpora — $usage"
                     corpora=$(cd "$value" && pwd) ;;
      --work-dir) [ -n "$value" ] || die "--work-dir needs a directory — $usage"
                  mkdir -p "$value" && work=$(cd "$value" && pwd) ;;
    esac
    shift 2
  done
}

# resolve_targets <build dir>: every target the build has when none was named, else checks the
# named ones exist there.
resolve_targets() {
  local known t
  mapfile -t known < <(grep . "$1/fuzz-targets.txt")
  ((${#targets[@]})) || targets=("${known[@]}")
  for t in "${targets[@]}"; do
    printf '%s\n' "${known[@]}" | grep -qx -- "$t" || die "no fuzz target '$t' — known targets: ${known[*]}"
  done
}

# dictionary_of <build dir> <target>: the dictionary the target is fuzzed with (add_fuzzer's
# DICTIONARY, written to fuzz-dictionaries.txt), or nothing.
dictionary_of() {
  awk -F'\t' -v t="$2" '$1 == t {print $2}' "$1/fuzz-dictionaries.txt" 2>/dev/null
}

# configure_preset <preset> [node tree]: bootstraps and configures (quietly unless it fails),
# against NODE_SOURCE_DIR, or the tree given, or the default tree.
configure_preset() {
  local preset="$1" tree="${2:-${NODE_SOURCE_DIR:-$NODEFUZZ_DEFAULT_TREE}}" log
  "$root/scripts/bootstrap"
  # Always pass every source variable, so the build follows the environment of this call and
  # never an earlier call's choice kept in the CMake cache. Absolute, since CMake runs from $root.
  local defs=("-DNODE_SOURCE_DIR=$(realpath -m "$tree")")
  for var in LLHTTP_SOURCE_DIR ADA_SOURCE_DIR SIMDUTF_SOURCE_DIR; do
    defs+=("-D$var=${!var:+$(realpath -m "${!var}")}")
  done
  log="$root/build/$preset-configure.log"
  mkdir -p "$root/build"
  if ! (cd "$root" && cmake --preset "$preset" "${defs[@]}") >"$log" 2>&1; then
    # CMake's own framing is noise here: show our one-line reason, keep the rest in the log.
    awk '/^CMake Error/{grab=1; next} grab && (/^$/ || /^Call Stack/){exit} grab{sub(/^ +/, ""); printf "%s ", $0} END{print ""}' "$log" >&2
    die "configuring the $preset preset failed — full output in $log"
  fi
}

# preset_versions <preset>: "Node 24.21.0: llhttp 9.4.3, ada 3.4.4, simdutf 8.2.0" from its configure log.
preset_versions() {
  awk '/nodefuzz: llhttp / {l = $4} /nodefuzz: ada / {a = $4}
       /nodefuzz: Node [0-9]/ {n = $4; s = $6}
       END {sub(/,$/, "", n); printf "Node %s: llhttp %s, ada %s, simdutf %s", n, l, a, s}' \
    "$root/build/$1-configure.log"
}

# compile_preset [--keep-going] <preset> [cmake target...]: builds a configured preset, all of it
# by default. Naming the targets spares building what a script does not run (triage, bench
# baselines). --keep-going (scripts/test) builds everything that compiles and returns 1 after
# one line per failed file, so the tests still run on the rest.
compile_preset() {
  local keep_going=0
  [ "$1" != --keep-going ] || { keep_going=1; shift; }
  local preset="$1"; shift
  local only=(); (($#)) && only=(--target "$@")
  local log="$root/build/$preset-build.log" ninja_args=()
  ((keep_going)) && ninja_args=(-- -k 0)
  echo "$(basename "$0"): building the $preset preset${1:+ ($*)} ($(preset_versions "$preset"))"
  cmake --build "$root/build/$preset" -j "$(nproc)" "${only[@]}" "${ninja_args[@]}" >"$log" 2>&1 && return 0
  if ((keep_going)); then
    grep -E '^FAILED: ' "$log" | sed "s|^FAILED: |$(basename "$0"): does not build in build/$preset: |" >&2
    grep -m1 -E ' error: ' "$log" | sed "s|^|$(basename "$0"):   first error: |" >&2
    echo "$(basename "$0"): building the $preset preset failed — full output in build/$preset-build.log; the tests run on what was built" >&2
    return 1
  fi
  tail -20 "$log" >&2
  die "building the $preset preset failed — full output in build/$preset-build.log"
}

# build_preset <preset> [node tree]: bootstraps, configures and builds all of it.
build_preset() {
  configure_preset "$@"
  compile_preset "$1"
}
