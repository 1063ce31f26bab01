#!/bin/bash -eu
# OSS-Fuzz's (and ClusterFuzzLite's, and scripts/oss-fuzz-local's) build of every nodefuzz target.
#
# In: the environment OSS-Fuzz's base-builder sets — CC, CXX, CFLAGS, CXXFLAGS (sanitizer and
# coverage flags included, -stdlib=libc++ in CXXFLAGS), LIB_FUZZING_ENGINE, SANITIZER,
# FUZZING_ENGINE, SRC, WORK, OUT — and three checkouts under $SRC: nodefuzz/, node/ (a nodejs/node
# tree: the parsers — the Dockerfile clones the default branch, whose deps/ hold llhttp 9, ada
# single-file, simdutf and nbytes; any release from Node 18 on builds too) and protobuf/ (3.21.x,
# for http_framing_proto).
# Out: for every fuzz target (the NODEFUZZ_TARGETS CMake lists, never the bench baselines or the
# explain tools), $OUT/<target>, <target>_seed_corpus.zip, <target>.dict and <target>.options.
#
# NODEFUZZ_PROTOBUF_CACHE (default $WORK/protobuf) is where the built protobuf is kept between
# builds; scripts/oss-fuzz-local points it at .cache/ so a second local run does not rebuild it.
set -euo pipefail

die() { echo "oss-fuzz/build.sh: $*" >&2; exit 1; }

for var in CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE SANITIZER FUZZING_ENGINE SRC WORK OUT; do
  [ -n "${!var+set}" ] || die "$var is not set — run this inside OSS-Fuzz's base-builder (infra/helper.py build_fuzzers) or through scripts/oss-fuzz-local"
done
nodefuzz_src="$SRC/nodefuzz"
node_src="$SRC/node"
protobuf_src="$SRC/protobuf"
for dir in "$nodefuzz_src" "$node_src" "$protobuf_src"; do
  [ -d "$dir" ] || die "$dir does not exist — the Dockerfile clones nodefuzz, nodejs/node and protobuf into \$SRC"
done
[ -f "$protobuf_src/CMakeLists.txt" ] || die "$protobuf_src has no CMakeLists.txt — expected protobuf 3.21.x (tag v21.12), whose CMake build is at its root"
if [ "$SANITIZER" = memory ]; then
  # MSan needs every linked library instrumented; protobuf is built without sanitizer flags below.
  die "SANITIZER=memory is not supported: protobuf is built uninstrumented, which MSan would report as false positives (see project.yaml)"
fi
# max_len_for: the -max_len rule shared with scripts/fuzz and scripts/corpus-refresh.
source "$nodefuzz_src/scripts/max-len.sh"
jobs="$(nproc)"
generator=(-G Ninja)
command -v ninja >/dev/null || generator=(-G "Unix Makefiles")

# --- protobuf: built once per compiler and C++ library, kept in the cache -------------------------
# Not instrumented: it is a library the targets use to read their input, not code under test, and
# its coverage would only steer the fuzzer into protobuf's own parser. It must use the targets' C++
# standard library (libc++ on OSS-Fuzz): a distribution's libprotobuf is built against libstdc++ and
# does not link with -stdlib=libc++.
stdlib_flags=()
for flag in $CXXFLAGS; do
  case "$flag" in -stdlib=*) stdlib_flags=("$flag") ;; esac
done
# AFL_NOOPT makes afl-clang-fast a plain compiler (no AFL++ instrumentation); other compilers ignore it.
compiler_id="$(AFL_NOOPT=1 $CXX --version 2>/dev/null | head -1)"
protobuf_version="$(sed -n 's/^#define GOOGLE_PROTOBUF_VERSION \([0-9]*\).*/\1/p' \
                    "$protobuf_src/src/google/protobuf/stubs/common.h" 2>/dev/null || true)"
[ -n "$protobuf_version" ] || die "$protobuf_src/src/google/protobuf/stubs/common.h has no GOOGLE_PROTOBUF_VERSION — is $protobuf_src a protobuf checkout?"
protobuf_key="$(printf '%s\n' "$protobuf_version" "$compiler_id" "${stdlib_flags[*]:-}" | sha256sum | cut -c1-16)"
protobuf_prefix="${NODEFUZZ_PROTOBUF_CACHE:-$WORK/protobuf}/$protobuf_version-$protobuf_key"
if [ -f "$protobuf_prefix/.complete" ]; then
  echo "oss-fuzz/build.sh: protobuf $protobuf_version already built at $protobuf_prefix ($compiler_id ${stdlib_flags[*]:-})"
else
  echo "oss-fuzz/build.sh: building protobuf $protobuf_version ($compiler_id ${stdlib_flags[*]:-}, uninstrumented)"
  protobuf_build="$WORK/protobuf-build-$protobuf_key"
  rm -rf "$protobuf_build"
  # Only what the targets need: libprotobuf and protoc (protoc must match the library's version,
  # so it is built here too rather than taken from the image).
  env -u CFLAGS -u CXXFLAGS -u LDFLAGS AFL_NOOPT=1 \
    cmake -S "$protobuf_src" -B "$protobuf_build" "${generator[@]}" \
      -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2" -DCMAKE_CXX_FLAGS_RELEASE="-O2" \
      -DCMAKE_CXX_FLAGS="${stdlib_flags[*]:-}" -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_SHARED_LIBS=OFF -Dprotobuf_WITH_ZLIB=OFF
  env -u CFLAGS -u CXXFLAGS -u LDFLAGS AFL_NOOPT=1 \
    cmake --build "$protobuf_build" -j "$jobs" --target libprotobuf --target protoc
  # Installed by hand: protobuf's own install step wants every library built, lite included.
  staging="$protobuf_prefix.tmp.$$"
  rm -rf "$staging"
  mkdir -p "$staging/include" "$staging/lib" "$staging/bin"
  (cd "$protobuf_src/src" && find google -name '*.h' -o -name '*.inc' | tar -cf - -T -) | tar -xf - -C "$staging/include"
  cp "$protobuf_build/libprotobuf.a" "$staging/lib/"
  cp "$protobuf_build/protoc" "$staging/bin/"
  touch "$staging/.complete"
  # Another build may have finished the same one meanwhile: keep whichever landed first.
  mkdir -p "$(dirname "$protobuf_prefix")"
  mv -T "$staging" "$protobuf_prefix" 2>/dev/null || rm -rf "$staging"
  rm -rf "$protobuf_build"
fi

# --- nodefuzz ----------------------------------------------------------------------------------
# NODEFUZZ_ENGINE=external: CMake adds no sanitizer or coverage flag of its own; everything comes
# from CFLAGS/CXXFLAGS, the engine from LIB_FUZZING_ENGINE (cmake/Fuzzing.cmake). One build
# directory per configuration, so a rebuild in the same $WORK never mixes sanitizers.
build="$WORK/nodefuzz-$FUZZING_ENGINE-$SANITIZER"
cmake -S "$nodefuzz_src" -B "$build" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_BUILD_TYPE= \
  -DNODEFUZZ_ENGINE=external -DNODEFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DNODEFUZZ_BUILD_TESTS=OFF -DNODE_SOURCE_DIR="$node_src" \
  -DProtobuf_INCLUDE_DIR="$protobuf_prefix/include" \
  -DProtobuf_LIBRARY="$protobuf_prefix/lib/libprotobuf.a" \
  -DProtobuf_PROTOC_EXECUTABLE="$protobuf_prefix/bin/protoc"
mapfile -t targets < <(grep -v '^$' "$build/fuzz-targets.txt")
((${#targets[@]})) || die "$build/fuzz-targets.txt lists no fuzz target — configuring nodefuzz went wrong"
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

# --- $OUT: each target with its seeds, dictionary and options ----------------------------------
for target in "${targets[@]}"; do
  cp "$build/bin/$target" "$OUT/$target"

  seeds="$nodefuzz_src/corpora/$target"
  zip_file="$OUT/${target}_seed_corpus.zip"
  rm -f "$zip_file"
  # Flat, relative names (-X: no extra file attributes), as ClusterFuzz unpacks them.
  (cd "$seeds" && find . -type f -printf '%P\n' | LC_ALL=C sort | zip -q -X -@ "$zip_file")

  # libFuzzer cuts every input at max_len, seeds included: the rule scripts/fuzz uses too.
  max_len="$(max_len_for "$seeds")"

  options="$OUT/$target.options"
  echo "[libfuzzer]" >"$options"
  # The dictionary add_fuzzer names (targets reading one input language share one).
  dict="$(awk -F'\t' -v t="$target" '$1 == t {print $2}' "$build/fuzz-dictionaries.txt")"
  if [ -n "$dict" ]; then
    cp "$dict" "$OUT/$target.dict"
    echo "dict = $target.dict" >>"$options"
  fi
  echo "max_len = $max_len" >>"$options"
done
echo "oss-fuzz/build.sh: ${#targets[@]} targets in $OUT (${FUZZING_ENGINE}, ${SANITIZER}): ${targets[*]}"
