# Instrumentation and engine per NODEFUZZ_ENGINE, and add_fuzzer(): one call per target.
#
# The parsers and our harnesses get the same instrumentation (nodefuzz_instrumentation), which is
# what makes the fuzzing coverage-guided; only the link step differs between engines.

add_library(nodefuzz_instrumentation INTERFACE)
add_library(nodefuzz_engine INTERFACE)
add_library(nodefuzz_warnings INTERFACE)

target_compile_options(nodefuzz_instrumentation INTERFACE -g -fno-omit-frame-pointer)
target_compile_options(nodefuzz_warnings INTERFACE -Wall -Wextra -Werror)

# Every UBSan finding must stop the input, as ASan's do, or it is lost in libFuzzer's output.
set(_nodefuzz_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all)

if(NODEFUZZ_ENGINE STREQUAL "libfuzzer")
  target_compile_options(nodefuzz_instrumentation INTERFACE -fsanitize=fuzzer-no-link ${_nodefuzz_sanitizers})
  target_link_options(nodefuzz_instrumentation INTERFACE ${_nodefuzz_sanitizers})
  target_link_options(nodefuzz_engine INTERFACE -fsanitize=fuzzer)
elseif(NODEFUZZ_ENGINE STREQUAL "afl")
  # afl-clang-fast instruments for coverage itself; -fsanitize=fuzzer makes it link AFL++'s
  # libFuzzer-compatible driver (libAFLDriver), so the same LLVMFuzzerTestOneInput runs.
  if(NOT CMAKE_CXX_COMPILER MATCHES "afl-clang")
    message(FATAL_ERROR "NODEFUZZ_ENGINE=afl needs CMAKE_CXX_COMPILER=afl-clang-fast++ (use the afl preset; install afl++ with scripts/bootstrap)")
  endif()
  target_compile_options(nodefuzz_instrumentation INTERFACE -fsanitize=address)
  target_link_options(nodefuzz_instrumentation INTERFACE -fsanitize=address)
  target_link_options(nodefuzz_engine INTERFACE -fsanitize=fuzzer)
elseif(NODEFUZZ_ENGINE STREQUAL "replay" OR NODEFUZZ_ENGINE STREQUAL "coverage")
  if(NODEFUZZ_ENGINE STREQUAL "replay")
    target_compile_options(nodefuzz_instrumentation INTERFACE ${_nodefuzz_sanitizers})
    target_link_options(nodefuzz_instrumentation INTERFACE ${_nodefuzz_sanitizers})
  else()
    target_compile_options(nodefuzz_instrumentation INTERFACE -fprofile-instr-generate -fcoverage-mapping)
    target_link_options(nodefuzz_instrumentation INTERFACE -fprofile-instr-generate -fcoverage-mapping)
  endif()
  add_library(nodefuzz_replay_main STATIC ${PROJECT_SOURCE_DIR}/fuzzers/common/replay_main.cc)
  target_link_libraries(nodefuzz_replay_main PRIVATE nodefuzz_instrumentation nodefuzz_warnings)
  target_link_libraries(nodefuzz_engine INTERFACE nodefuzz_replay_main)
else()
  message(FATAL_ERROR "NODEFUZZ_ENGINE=${NODEFUZZ_ENGINE} is not an engine — use libfuzzer, afl, replay or coverage (or a preset: cmake --preset fuzz)")
endif()
target_link_libraries(nodefuzz_engine INTERFACE nodefuzz_instrumentation)

# add_fuzzer(<name> SOURCES <files...> [LIBRARIES <libs...>])
# Builds bin/<name> for the current engine. Its seeds live in corpora/<name>/ and its
# dictionary in dictionaries/<name>.dict; in the replay build ctest replays both the corpus
# and tests/regressions/<name>/ through it, so a fixed bug stays fixed.
function(add_fuzzer name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT IS_DIRECTORY ${PROJECT_SOURCE_DIR}/corpora/${name})
    message(FATAL_ERROR "fuzz target ${name} has no seed corpus: add corpora/${name}/ with at least one input")
  endif()
  add_executable(${name} ${F_SOURCES})
  target_link_libraries(${name} PRIVATE nodefuzz_engine nodefuzz_warnings ${F_LIBRARIES})
  set_property(GLOBAL APPEND PROPERTY NODEFUZZ_TARGETS ${name})
  if(NODEFUZZ_TESTING)
    add_test(NAME replay.${name}.corpus COMMAND ${name} ${PROJECT_SOURCE_DIR}/corpora/${name})
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/regressions/${name})
      add_test(NAME replay.${name}.regressions
               COMMAND ${name} ${PROJECT_SOURCE_DIR}/tests/regressions/${name})
    endif()
  endif()
endfunction()

# add_bench_baseline(<name> FOR <targets...> SOURCES <files...> [LIBRARIES <libs...>] [DEFINITIONS <defs...>])
# A crash-only baseline that scripts/bench runs side by side with each of <targets> on its seeds.
# Built like a target (same engine and instrumentation), but it has no corpus or ctest replay.
function(add_bench_baseline name)
  cmake_parse_arguments(B "" "" "FOR;SOURCES;LIBRARIES;DEFINITIONS" ${ARGN})
  if(NOT B_FOR)
    message(FATAL_ERROR "add_bench_baseline(${name}) needs FOR <fuzz targets...> — the targets it is the baseline of")
  endif()
  add_executable(${name} ${B_SOURCES})
  target_compile_definitions(${name} PRIVATE ${B_DEFINITIONS})
  target_link_libraries(${name} PRIVATE nodefuzz_engine nodefuzz_warnings ${B_LIBRARIES})
  foreach(target IN LISTS B_FOR)
    set_property(GLOBAL APPEND PROPERTY NODEFUZZ_BENCH_PAIRS "${target}:${name}")
  endforeach()
endfunction()
