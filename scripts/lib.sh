# Shared by scripts/*: bootstrap, then configure and build one CMake preset.
# NODE_SOURCE_DIR, LLHTTP_SOURCE_DIR, ADA_SOURCE_DIR and SIMDUTF_SOURCE_DIR in the environment
# are passed to CMake, so every script can run against another Node tree.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# configure_preset <preset>: bootstraps and configures (quietly unless it fails).
configure_preset() {
  local preset="$1" log
  "$root/scripts/bootstrap"
  # Always pass every source variable, so the build follows the environment of this call and
  # never an earlier call's choice kept in the CMake cache.
  local defs=("-DNODE_SOURCE_DIR=${NODE_SOURCE_DIR:-$root/.cache/node-v18.20.4}")
  for var in LLHTTP_SOURCE_DIR ADA_SOURCE_DIR SIMDUTF_SOURCE_DIR; do
    defs+=("-D$var=${!var:-}")
  done
  log="$root/build/$preset-configure.log"
  mkdir -p "$root/build"
  if ! (cd "$root" && cmake --preset "$preset" "${defs[@]}") >"$log" 2>&1; then
    # CMake's own framing is noise here: show our one-line reason, keep the rest in the log.
    awk '/^CMake Error/{grab=1; next} grab && (/^$/ || /^Call Stack/){exit} grab{sub(/^ +/, ""); printf "%s ", $0} END{print ""}' "$log" >&2
    die "configuring the $preset preset failed — full output in $log"
  fi
}

# compile_preset <preset> [cmake target...]: builds a configured preset, all of it by default.
# Naming the targets spares building what a script does not run (triage, bench baselines).
compile_preset() {
  local preset="$1"; shift
  local only=(); (($#)) && only=(--target "$@")
  echo "$(basename "$0"): building the $preset preset${1:+ ($*)} ($(grep -o 'llhttp [0-9.]* from .*' "$root/build/$preset-configure.log" | head -1))"
  cmake --build "$root/build/$preset" -j "$(nproc)" "${only[@]}" >"$root/build/$preset-build.log" 2>&1 \
    || { tail -20 "$root/build/$preset-build.log" >&2; die "building the $preset preset failed — full output in build/$preset-build.log"; }
}

# build_preset <preset>: bootstraps, configures and builds all of it.
build_preset() {
  configure_preset "$1"
  compile_preset "$1"
}

# The -max_len every target is fuzzed with (scripts/fuzz, scripts/corpus-refresh): bytes past it
# are never seen by the fuzzer, so corpus files are cut there too.
NODEFUZZ_MAX_LEN=4096
