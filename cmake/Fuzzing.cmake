# Instrumentation and engine per NODEFUZZ_ENGINE, and add_fuzzer(): one call per target.
# "external" is oss-fuzz/build.sh's: flags and engine come from OSS-Fuzz's environment.
#
# The parsers and our harnesses get the same instrumentation (nodefuzz_instrumentation), which is
# what makes the fuzzing coverage-guided; only the link step differs between engines.

add_library(nodefuzz_instrumentation INTERFACE)
add_library(nodefuzz_engine INTERFACE)
add_library(nodefuzz_warnings INTERFACE)

if(NOT NODEFUZZ_ENGINE STREQUAL "external")
  target_compile_options(nodefuzz_instrumentation INTERFACE -g -fno-omit-frame-pointer)
  target_compile_options(nodefuzz_warnings INTERFACE -Wall -Wextra -Werror)
else()
  # A newer clang than ours (OSS-Fuzz follows LLVM head) may warn where clang-19 does not: that
  # must not break their build, so warnings stay warnings there.
  target_compile_options(nodefuzz_warnings INTERFACE -Wall -Wextra)
endif()
set(NODEFUZZ_ENGINE_LABEL "${NODEFUZZ_ENGINE}")

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
elseif(NODEFUZZ_ENGINE STREQUAL "external")
  # OSS-Fuzz, ClusterFuzzLite and scripts/oss-fuzz-local (oss-fuzz/build.sh): compiler, sanitizer
  # and coverage flags all come from CFLAGS/CXXFLAGS (CMAKE_<LANG>_FLAGS), one sanitizer per
  # build. Adding our own -fsanitize flags here would mix sanitizers, which their build check
  # rejects. Only the engine is ours to link: LIB_FUZZING_ENGINE is "-fsanitize=fuzzer" for
  # libFuzzer or the path of an engine archive (the AFL++ driver).
  set(NODEFUZZ_LIB_FUZZING_ENGINE "$ENV{LIB_FUZZING_ENGINE}" CACHE STRING
      "How targets link the engine in NODEFUZZ_ENGINE=external: OSS-Fuzz's LIB_FUZZING_ENGINE")
  if(NOT NODEFUZZ_LIB_FUZZING_ENGINE)
    message(FATAL_ERROR "NODEFUZZ_ENGINE=external needs LIB_FUZZING_ENGINE (-fsanitize=fuzzer, or the path of an engine archive) in the environment or -DNODEFUZZ_LIB_FUZZING_ENGINE=... — oss-fuzz/build.sh sets it; for a local build use a preset instead")
  endif()
  separate_arguments(_nodefuzz_engine_args UNIX_COMMAND "${NODEFUZZ_LIB_FUZZING_ENGINE}")
  # After the objects, as an archive must come for the linker to pull main() from it.
  target_link_libraries(nodefuzz_engine INTERFACE ${_nodefuzz_engine_args})
  # The presets build RelWithDebInfo (NDEBUG); so does this, so a ClusterFuzz testcase behaves
  # the same in the replay build that scripts/reproduce uses.
  target_compile_definitions(nodefuzz_instrumentation INTERFACE NDEBUG)
  if(DEFINED ENV{FUZZING_ENGINE} AND DEFINED ENV{SANITIZER})
    set(NODEFUZZ_ENGINE_LABEL "external-$ENV{FUZZING_ENGINE}-$ENV{SANITIZER}")
  endif()
else()
  message(FATAL_ERROR "NODEFUZZ_ENGINE=${NODEFUZZ_ENGINE} is not an engine — use libfuzzer, afl, replay, coverage or external (or a preset: cmake --preset fuzz)")
endif()
target_link_libraries(nodefuzz_engine INTERFACE nodefuzz_instrumentation)

# nodefuzz_not_under_test(<source>...): code that drives or checks a parser but is none itself
# (trace recording, comparisons, skip tables, kernel dispatch, protobuf plumbing) keeps the
# sanitizers but, under libFuzzer, not the coverage instrumentation. Its edges repeat what the
# parser's edges already tell (which callbacks ran, which oracle compared equal), and counting them
# cost more per input than the parser itself: features libFuzzer tracks for every run, and corpus
# entries that differ only there. The parsers and the models (the semantics an oracle holds the
# parser to) stay instrumented. Other engines instrument everything as before.
set(NODEFUZZ_NOT_UNDER_TEST_OPTIONS "")
if(NODEFUZZ_ENGINE STREQUAL "libfuzzer" OR
   (NODEFUZZ_ENGINE STREQUAL "external" AND "$ENV{FUZZING_ENGINE}" STREQUAL "libfuzzer"))
  set(NODEFUZZ_NOT_UNDER_TEST_OPTIONS -fno-sanitize=fuzzer-no-link)
endif()
function(nodefuzz_not_under_test)
  set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS ${NODEFUZZ_NOT_UNDER_TEST_OPTIONS})
endfunction()

# nodefuzz_model(<source>...): a model's edges steer the fuzzer (its states are the semantics the
# oracles hold a parser to), but its compare tracing does not: it walks every octet through
# class and bound checks, and the hook libFuzzer calls for each of those was 40% of
# http_framing_lenient's time on a grown corpus. The parsers keep theirs, which hold the same
# tokens (and the dictionaries hold them too).
set(NODEFUZZ_MODEL_OPTIONS "")
if(NODEFUZZ_NOT_UNDER_TEST_OPTIONS)
  set(NODEFUZZ_MODEL_OPTIONS -fno-sanitize-coverage=trace-cmp)
endif()
function(nodefuzz_model)
  set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS ${NODEFUZZ_MODEL_OPTIONS})
endfunction()

# Every target carries one line naming what it was built from, which nodefuzz-triage reads out of
# the binary for its reports (triage/running/target_binary.h): no side file to lose when a binary is copied.
# NodeSources.cmake, included after this file, sets the versions; the file is generated at the end
# of configuration.
set(NODEFUZZ_BUILD_INFO_SOURCE ${CMAKE_BINARY_DIR}/generated/build_info.cc)
function(nodefuzz_write_build_info)
  set(info "engine=${NODEFUZZ_ENGINE_LABEL};node=${NODE_VERSION};llhttp=${LLHTTP_VERSION};ada=${ADA_VERSION};simdutf=${SIMDUTF_VERSION}")
  file(GENERATE OUTPUT ${NODEFUZZ_BUILD_INFO_SOURCE} CONTENT
       "// Generated by cmake/Fuzzing.cmake: what this target was built from.\n__attribute__((used)) extern \"C\" const char nodefuzz_build_info[] = \"NODEFUZZ-BUILD-INFO{${info}}\";\n")
endfunction()

# add_fuzzer(<name> SOURCES <files...> [LIBRARIES <libs...>])
# Builds bin/<name> for the current engine. Its seeds live in corpora/<name>/ and its
# dictionary in dictionaries/<name>.dict (targets that read the same input language share one:
# their files are links to http.dict or url.dict); in the replay build ctest replays both the
# corpus and tests/regressions/<name>/ through it, so a fixed bug stays fixed.
function(add_fuzzer name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT IS_DIRECTORY ${PROJECT_SOURCE_DIR}/corpora/${name})
    message(FATAL_ERROR "fuzz target ${name} has no seed corpus: add corpora/${name}/ with at least one input")
  endif()
  if(NOT EXISTS ${PROJECT_SOURCE_DIR}/dictionaries/${name}.dict)
    message(FATAL_ERROR "fuzz target ${name} has no dictionary: add dictionaries/${name}.dict (a link to a shared one if it reads the same input language)")
  endif()
  # scripts/fuzz, corpus-refresh and oss-fuzz/build.sh read "target<TAB>dictionary" from
  # fuzz-dictionaries.txt (written at the end of configuration, CMakeLists.txt).
  set_property(GLOBAL APPEND PROPERTY NODEFUZZ_DICTIONARIES
               "${name}\t${PROJECT_SOURCE_DIR}/dictionaries/${name}.dict")
  add_executable(${name} ${F_SOURCES} ${NODEFUZZ_BUILD_INFO_SOURCE})
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
