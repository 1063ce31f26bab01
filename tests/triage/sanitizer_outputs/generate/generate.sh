#!/usr/bin/env bash
# Regenerates the stored sanitizer outputs in tests/triage/sanitizer_outputs/*.txt from real
# crashes: builds the buggy target (tests/triage/buggy, through its own CMakeLists.txt) and
# more_crashes.cc into a scratch directory, runs each bug once with the environment
# nodefuzz-triage sets, and stores stdout+stderr, untouched, as <name>.txt.
#
#   tests/triage/sanitizer_outputs/generate/generate.sh            # every file
#   tests/triage/sanitizer_outputs/generate/generate.sh ubsan- afl # only names containing one of these
#
# Needs clang++-19, llvm-symbolizer-19 and cmake; the *-afl.txt files also need afl-clang-fast++
# (without it they are left as they are). Builds on one core. Each run is checked for the kind it
# should produce; the script ends non-zero if one did not, and names it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
outputs=$(dirname "$here")
repo=$(cd "$here/../../../.." && pwd)
common="$repo/fuzzers/common"
cxx=${CXX:-clang++-19}
symbolizer=/usr/bin/llvm-symbolizer-19

# The same path every time, so that paths and build ids in the outputs only change when the code does.
work="${TMPDIR:-/tmp}/nodefuzz-triage-fixtures"
rm -rf "$work"
mkdir -p "$work/bin" "$work/inputs"
trap 'rm -rf "$work"' EXIT

filters=("$@")
selected() {
  [[ ${#filters[@]} -eq 0 ]] && return 0
  local f
  for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
  return 1
}

for tool in "$cxx" "$symbolizer" cmake; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool not found — install it (scripts/bootstrap)" >&2; exit 2; }
done

# --- builds ----------------------------------------------------------------------------------------
echo "== building into $work"

# The buggy target through its real CMakeLists.txt (libFuzzer build, and the AFL++ one if possible).
cat > "$work/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.22)
project(triage_fixtures LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
add_subdirectory("$repo/tests/triage/buggy" buggy)
file(GENERATE OUTPUT \${CMAKE_BINARY_DIR}/buggy-paths.txt
     CONTENT "\${TRIAGE_BUGGY_TARGET}\n\${TRIAGE_BUGGY_TARGET_AFL}\n\${TRIAGE_BUGGY_UBSAN_TARGET}\n\${TRIAGE_BUGGY_MSAN_TARGET}\n\${TRIAGE_BUGGY_LIBCXX_TARGET}\n")
EOF
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$work" -B "$work/cmake-build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$work/cmake-build" --parallel 1 >/dev/null
{
  read -r buggy
  read -r buggy_afl || buggy_afl=""
  read -r buggy_ubsan || buggy_ubsan=""
  read -r buggy_msan || buggy_msan=""
  read -r buggy_libcxx || buggy_libcxx=""
} < "$work/cmake-build/buggy-paths.txt"

common_flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all)
more="$here/more_crashes.cc"
# more_crashes with libFuzzer, ASan and UBSan (like the fuzz preset).
"$cxx" "${common_flags[@]}" -fsanitize=fuzzer,address,undefined "$more" -o "$work/bin/more_crashes"
# The same with -fsanitize=implicit-conversion, which is not part of -fsanitize=undefined.
"$cxx" "${common_flags[@]}" -fsanitize=fuzzer,address,undefined,implicit-conversion "$more" \
       -o "$work/bin/more_crashes_implicit_conversion"
# Without an engine: the project's replay driver, ASan and UBSan only (like the replay preset).
"$cxx" "${common_flags[@]}" -fsanitize=address,undefined "-I$common" "$more" "$common/replay_main.cc" \
       -o "$work/bin/more_crashes_replay"
"$cxx" "${common_flags[@]}" -Wno-mismatched-new-delete -fsanitize=address,undefined "-I$common" \
       "$repo/tests/triage/buggy/buggy_target.cc" \
       "$repo/tests/triage/buggy/buggy_parser.cc" "$common/oracle.cc" "$common/replay_main.cc" \
       -o "$work/bin/triage_buggy_target_replay"
# libc++'s own frames only have names when libc++ and libc++abi are linked in statically (Debian
# ships no debug information for the shared ones); this dynamic build shows them unsymbolized.
if [[ -n $buggy_libcxx ]]; then
  "$cxx" "${common_flags[@]}" -Wno-mismatched-new-delete -stdlib=libc++ -fsanitize=address,undefined \
         "-I$common" \
         "$repo/tests/triage/buggy/buggy_target.cc" "$repo/tests/triage/buggy/buggy_parser.cc" \
         "$common/oracle.cc" "$common/replay_main.cc" -o "$work/bin/triage_buggy_target_libcxx_shared"
fi

# --- runs --------------------------------------------------------------------------------------------
asan_options="symbolize=1:external_symbolizer_path=$symbolizer:handle_abort=1:detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_return=1"
ubsan_options="symbolize=1:external_symbolizer_path=$symbolizer:print_stacktrace=1:halt_on_error=1"
msan_options="symbolize=1:external_symbolizer_path=$symbolizer:handle_abort=1:halt_on_error=1"
libfuzzer_args=(-timeout=2 -rss_limit_mb=512)

failures=()
# run <name> <ERE the output must match> [--stdin <file>] [--tries N] <command...>
# Runs in $work (relative input paths, artifacts land there) with a clean environment. With
# --tries, again until the output matches (a stack overflow ends wherever the randomized start of
# the stack puts it), at most N times.
run() {
  local name=$1 expect=$2 stdin=/dev/null tries=1 rc=0 attempt
  shift 2
  if [[ $1 == --stdin ]]; then stdin=$2; shift 2; fi
  if [[ $1 == --tries ]]; then tries=$2; shift 2; fi
  selected "$name" || return 0
  local out="$outputs/$name.txt"
  for ((attempt = 1; attempt <= tries; attempt++)); do
    rc=0
    (cd "$work" && exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" ASAN_OPTIONS="$asan_options" \
        UBSAN_OPTIONS="$ubsan_options" MSAN_OPTIONS="$msan_options" "$@" < "$stdin") > "$out" 2>&1 || rc=$?
    grep -Eq -- "$expect" "$out" && break
  done
  local size
  size=$(wc -c < "$out")
  if grep -Eq -- "$expect" "$out"; then
    printf '  %-42s exit %-3s %6s bytes\n' "$name.txt" "$rc" "$size"
  else
    printf '  %-42s exit %-3s %6s bytes  MISSING: %s\n' "$name.txt" "$rc" "$size" "$expect"
    failures+=("$name")
  fi
  if (( size > 100 * 1024 )); then
    echo "  $name.txt is larger than 100 KB" >&2
    failures+=("$name (size)")
  fi
}

# input <name> <bytes (printf format)>
input() { printf "$2" > "$work/inputs/$1"; }

for s in r w u n b l L M t m o a x e q U h DD d5 s1 s2 p1 p2 z; do input "buggy-$s" "$s"; done
for k in heap-buffer-overflow abort double-free bad-free alloc-dealloc-mismatch stack-buffer-overflow \
         global-buffer-overflow stack-use-after-return stack-use-after-scope stack-overflow \
         memcpy-param-overlap negative-size-param allocation-size-too-big calloc-overflow wild-write \
         malloc-limit indirect-leak indirect-leak-cycle shift-exponent divide-by-zero \
         index-out-of-bounds invalid-bool misaligned-load null-member-access null-load \
         pointer-overflow unreachable implicit-conversion; do
  input "$k" "$k"
done

echo "== buggy target, libFuzzer build ($buggy)"
B=("$buggy" "${libfuzzer_args[@]}")
run asan-heap-buffer-overflow-read  'SUMMARY: AddressSanitizer: heap-buffer-overflow .* in ReadPastEnd' "${B[@]}" inputs/buggy-r
run asan-heap-buffer-overflow-write 'WRITE of size 1.*' "${B[@]}" inputs/buggy-w
run asan-heap-use-after-free        'SUMMARY: AddressSanitizer: heap-use-after-free' "${B[@]}" inputs/buggy-u
run asan-null-deref                 'SEGV on unknown address 0x000000000000' "${B[@]}" inputs/buggy-n
run ubsan-signed-integer-overflow   'runtime error: signed integer overflow' "${B[@]}" inputs/buggy-b
run lsan-direct-leak                'Direct leak of 48 byte' "${B[@]}" inputs/buggy-l
run libfuzzer-timeout               'ERROR: libFuzzer: timeout' "${B[@]}" inputs/buggy-t
run libfuzzer-oom-rss               'ERROR: libFuzzer: out-of-memory \(used' "${B[@]}" inputs/buggy-m
run oracle-libfuzzer                '==NODEFUZZ-ORACLE== test.oracle: detail text' "${B[@]}" inputs/buggy-o
run assert                          'Assertion .* failed' "${B[@]}" inputs/buggy-a
run asan-abrt                       'in GiveUp' "${B[@]}" inputs/buggy-x
run shared-top-frame-1              '#1 .* in FillHeader' "${B[@]}" inputs/buggy-s1
run shared-top-frame-2              '#1 .* in FillTrailer' "${B[@]}" inputs/buggy-s2
run two-paths-1                     '#3 .* in EntryFromRequest' "${B[@]}" inputs/buggy-p1
run two-paths-2                     '#3 .* in EntryFromResponse' "${B[@]}" inputs/buggy-p2
run no-crash-libfuzzer              'Executed inputs/buggy-z' "${B[@]}" inputs/buggy-z
# With ASan leaving SIGABRT alone, libFuzzer's own handler reports it as a deadly signal.
saved_asan_options=$asan_options
asan_options=${asan_options/handle_abort=1/handle_abort=0}
run libfuzzer-deadly-signal         'ERROR: libFuzzer: deadly signal' "${B[@]}" inputs/buggy-x
asan_options=$saved_asan_options

run asan-new-array-leak            'Direct leak of 40 byte' "${B[@]}" inputs/buggy-L
run asan-new-delete-mismatch       'alloc-dealloc-mismatch \(operator new \[\] vs operator delete\)' \
    "${B[@]}" inputs/buggy-M
run libfuzzer-exit                 'ERROR: libFuzzer: fuzz target exited' "${B[@]}" inputs/buggy-q
run asan-uncaught-exception        'terminate called after throwing' "${B[@]}" inputs/buggy-e
# The same recursion, its stack ending in the leaf it calls or in the cycle itself.
run asan-stack-overflow-in-leaf    '#0 0x[0-9a-f]+ in ScanItems' --tries 40 "${B[@]}" inputs/buggy-d5
run asan-stack-overflow-in-cycle   '#0 0x[0-9a-f]+ in Nest(List|Value)' --tries 40 "${B[@]}" inputs/buggy-d5
# A recursion that allocates: the stack runs out inside the allocator, several frames above the
# recursion (when the unwinder gets through the runtime's frames at all).
run asan-stack-overflow-in-allocator '#[4-7] 0x[0-9a-f]+ in NestAllocating' --tries 40 "${B[@]}" inputs/buggy-DD

echo "== buggy target, UBSan alone (libFuzzer)"
if [[ -n $buggy_ubsan ]]; then
  UB=("$buggy_ubsan" "${libfuzzer_args[@]}")
  run ubsan-stack-overflow         '#2 0x[0-9a-f]+ in Nest' --tries 5 "${UB[@]}" inputs/buggy-d5
  run ubsan-uncaught-exception     'ERROR: libFuzzer: deadly signal' "${UB[@]}" inputs/buggy-e
else
  echo "  no UBSan-only build: the ubsan-*-alone files are left as they are"
fi

echo "== buggy target, MemorySanitizer (libFuzzer)"
if [[ -n $buggy_msan ]]; then
  MS=("$buggy_msan" "${libfuzzer_args[@]}")
  run msan-use-of-uninitialized-value 'WARNING: MemorySanitizer: use-of-uninitialized-value' "${MS[@]}" inputs/buggy-U
  run msan-stack-overflow          '#2 0x[0-9a-f]+ in Nest' --tries 5 "${MS[@]}" inputs/buggy-d5
  # Debian's libstdc++ is not built with MSan: its terminate handler reads "uninitialized" bytes.
  run msan-uncaught-exception      'WARNING: MemorySanitizer: use-of-uninitialized-value' "${MS[@]}" inputs/buggy-e
  run msan-libfuzzer-exit          'ERROR: libFuzzer: fuzz target exited' "${MS[@]}" inputs/buggy-q
  run msan-assert                  'Assertion .* failed' "${MS[@]}" inputs/buggy-a
else
  echo "  no MSan build: the msan-*.txt files are left as they are"
fi

echo "== buggy target, libc++ with hardening (replay driver)"
if [[ -n $buggy_libcxx ]]; then
  run libcxx-uncaught-exception    'in abort_message' "$buggy_libcxx" inputs/buggy-e
  run libcxx-hardening-assertion   'assertion __n < size\(\) failed' "$buggy_libcxx" inputs/buggy-h
  run libcxx-shared-uncaught-exception '\(/[^ ]*libc\+\+abi\.so\.1\+0x' \
      "$work/bin/triage_buggy_target_libcxx_shared" inputs/buggy-e
else
  echo "  no libc++ build: the libcxx-*.txt files are left as they are"
fi

echo "== buggy target, AFL++ build"
if [[ -n $buggy_afl ]]; then
  run asan-heap-buffer-overflow-read-afl 'SUMMARY: AddressSanitizer: heap-buffer-overflow .* in ReadPastEnd' \
      "$buggy_afl" inputs/buggy-r
  # AFL++'s driver reads stdin only when given "-"; without arguments it prints its usage and exits 0.
  run oracle-afl 'NODEFUZZ-ORACLE== test.oracle.*' --stdin "$work/inputs/buggy-o" "$buggy_afl" -
  run lsan-direct-leak-afl 'Direct leak of 48 byte' "$buggy_afl" inputs/buggy-l
  run no-crash-afl-stdin-without-dash 'This binary is built for afl\+\+' --stdin "$work/inputs/buggy-r" "$buggy_afl"
else
  echo "  afl-clang-fast++ not found: the *-afl.txt files are left as they are"
fi

echo "== buggy target, replay build (no engine)"
run oracle-replay '==NODEFUZZ-ORACLE== test.oracle: detail text' "$work/bin/triage_buggy_target_replay" inputs/buggy-o

echo "== more_crashes, libFuzzer build"
M=("$work/bin/more_crashes" "${libfuzzer_args[@]}")
run asan-double-free               'SUMMARY: AddressSanitizer: double-free' "${M[@]}" inputs/double-free
run asan-bad-free                  'SUMMARY: AddressSanitizer: bad-free' "${M[@]}" inputs/bad-free
run asan-alloc-dealloc-mismatch    'SUMMARY: AddressSanitizer: alloc-dealloc-mismatch' "${M[@]}" inputs/alloc-dealloc-mismatch
run asan-stack-buffer-overflow     'SUMMARY: AddressSanitizer: stack-buffer-overflow' "${M[@]}" inputs/stack-buffer-overflow
run asan-global-buffer-overflow    'SUMMARY: AddressSanitizer: global-buffer-overflow' "${M[@]}" inputs/global-buffer-overflow
run asan-stack-use-after-return    'SUMMARY: AddressSanitizer: stack-use-after-return' "${M[@]}" inputs/stack-use-after-return
run asan-stack-use-after-scope     'SUMMARY: AddressSanitizer: stack-use-after-scope' "${M[@]}" inputs/stack-use-after-scope
run asan-stack-overflow            'SUMMARY: AddressSanitizer: stack-overflow' "${M[@]}" inputs/stack-overflow
run asan-memcpy-param-overlap      'SUMMARY: AddressSanitizer: memcpy-param-overlap' "${M[@]}" inputs/memcpy-param-overlap
run asan-negative-size-param       'SUMMARY: AddressSanitizer: negative-size-param' "${M[@]}" inputs/negative-size-param
run asan-allocation-size-too-big   'SUMMARY: AddressSanitizer: allocation-size-too-big' "${M[@]}" inputs/allocation-size-too-big
run asan-calloc-overflow           'SUMMARY: AddressSanitizer: calloc-overflow' "${M[@]}" inputs/calloc-overflow
run asan-segv-wild-write           'SEGV on unknown address 0x000012345678' "${M[@]}" inputs/wild-write
run libfuzzer-oom-malloc-limit     'ERROR: libFuzzer: out-of-memory \(malloc\(104857600\)\)' \
    "${M[@]}" -malloc_limit_mb=64 inputs/malloc-limit
run lsan-indirect-leak             'Indirect leak of' "${M[@]}" inputs/indirect-leak
run lsan-indirect-leak-cycle       'Indirect leak of' "${M[@]}" inputs/indirect-leak-cycle
run ubsan-shift-exponent           'runtime error: shift exponent 40' "${M[@]}" inputs/shift-exponent
run ubsan-divide-by-zero           'runtime error: division by zero' "${M[@]}" inputs/divide-by-zero
run ubsan-index-out-of-bounds      'runtime error: index 4 out of bounds' "${M[@]}" inputs/index-out-of-bounds
run ubsan-invalid-bool             'runtime error: load of value 7, which is not a valid value for type .bool.' \
    "${M[@]}" inputs/invalid-bool
run ubsan-misaligned-load          'runtime error: load of misaligned address' "${M[@]}" inputs/misaligned-load
run ubsan-null-member-access       'runtime error: member access within null pointer' "${M[@]}" inputs/null-member-access
run ubsan-null-load                'runtime error: load of null pointer' "${M[@]}" inputs/null-load
run ubsan-pointer-overflow         'runtime error: pointer index expression .* overflowed' "${M[@]}" inputs/pointer-overflow
run ubsan-unreachable              'runtime error: execution reached an unreachable program point' "${M[@]}" inputs/unreachable
run ubsan-implicit-conversion      'runtime error: implicit conversion from type' \
    "$work/bin/more_crashes_implicit_conversion" "${libfuzzer_args[@]}" inputs/implicit-conversion

echo "== more_crashes, replay build (no engine)"
run asan-heap-buffer-overflow-replay 'SUMMARY: AddressSanitizer: heap-buffer-overflow' \
    "$work/bin/more_crashes_replay" inputs/heap-buffer-overflow
run asan-abrt-replay                 'AddressSanitizer: ABRT' "$work/bin/more_crashes_replay" inputs/abort

echo "== musl's assert (musl-gcc, no sanitizer)"
if command -v musl-gcc >/dev/null; then
  musl-gcc -g "$here/musl_assert.c" -o "$work/bin/musl_assert"
  run musl-assert 'Assertion failed: .* \(.*: CheckSelector: [0-9]+\)' "$work/bin/musl_assert" a
else
  echo "  musl-gcc not found (apt-get install musl-tools): musl-assert.txt is left as it is"
fi

if (( ${#failures[@]} )); then
  echo "generate.sh: these did not produce the expected report: ${failures[*]}" >&2
  exit 1
fi
echo "== done: outputs in $outputs"
