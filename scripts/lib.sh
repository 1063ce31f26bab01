# Shared by scripts/*: bootstrap, then configure and build one CMake preset.
# NODE_SOURCE_DIR, LLHTTP_SOURCE_DIR, ADA_SOURCE_DIR and SIMDUTF_SOURCE_DIR in the environment
# are passed to CMake, so every script can run against another Node tree.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# build_preset <preset>: bootstraps, configures (quietly unless it fails) and builds.
build_preset() {
  local preset="$1" log
  "$root/scripts/bootstrap"
  local defs=()
  for var in NODE_SOURCE_DIR LLHTTP_SOURCE_DIR ADA_SOURCE_DIR SIMDUTF_SOURCE_DIR; do
    [ -n "${!var:-}" ] && defs+=("-D$var=${!var}")
  done
  log="$root/build/$preset-configure.log"
  mkdir -p "$root/build"
  if ! (cd "$root" && cmake --preset "$preset" "${defs[@]}") >"$log" 2>&1; then
    # CMake's own framing is noise here: show our one-line reason, keep the rest in the log.
    grep -E '^  [A-Z_]+(=| is )|needs|not an engine' "$log" | sed 's/^  //' | head -3 >&2 || true
    die "configuring the $preset preset failed — full output in $log"
  fi
  echo "$(basename "$0"): building the $preset preset ($(grep -o 'llhttp [0-9.]* from .*' "$log" | head -1))"
  cmake --build "$root/build/$preset" -j "$(nproc)" >"$root/build/$preset-build.log" 2>&1 \
    || { tail -20 "$root/build/$preset-build.log" >&2; die "building the $preset preset failed — full output in build/$preset-build.log"; }
}
