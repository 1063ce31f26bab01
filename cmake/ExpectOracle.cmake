# ctest helper: runs a replay binary on one input and checks whether an oracle fires.
#   cmake -DBINARY=... -DINPUT=... -DORACLE=<id> -DEXPECT=fires|clean|unverified|skipped
#         [-DVERSION=..] [-DSANITIZER_REPORT=<regex>]
#         [-DKERNEL=<kernel>[,<kernel>...] -DKERNELS_BINARY=<simdutf_kernels>] -P ExpectOracle.cmake
# KERNEL: the bug is in those simdutf kernels; on a CPU that runs none of them the test says so and
# is marked skipped (its output matches the test's SKIP_REGULAR_EXPRESSION).
# skipped: a known bug's reproducer, run as while fuzzing; the target must recognise it and not report.
# unverified: the parser is newer than any version checked for this bug; the test reports what it
# saw and is marked skipped (its output matches the test's SKIP_REGULAR_EXPRESSION).
cmake_minimum_required(VERSION 3.22)  # IN_LIST, and the rest of today's if() in script mode
if(KERNEL)
  execute_process(COMMAND ${KERNELS_BINARY} OUTPUT_VARIABLE kernels OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE krc)
  if(NOT krc EQUAL 0)
    message(FATAL_ERROR "${KERNELS_BINARY} failed (${krc}): cannot tell which simdutf kernels this CPU runs")
  endif()
  separate_arguments(kernel_list UNIX_COMMAND "${kernels}")
  string(REPLACE "," ";" wanted "${KERNEL}")
  set(runs_one OFF)
  foreach(k IN LISTS wanted)
    if(k IN_LIST kernel_list)
      set(runs_one ON)
    endif()
  endforeach()
  if(NOT runs_one)
    message(STATUS "skipped on this CPU: ${INPUT} is a bug of simdutf's ${KERNEL} kernel(s), and this CPU runs only: ${kernels}")
    return()
  endif()
endif()
execute_process(COMMAND ${BINARY} ${INPUT} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(SANITIZER_REPORT)  # a bug that is a sanitizer's report: match its text instead
  string(REGEX MATCH "${SANITIZER_REPORT}" found "${err}")
  set(at -1)
  if(found)
    set(at 0)
  endif()
else()
  string(FIND "${err}" "==NODEFUZZ-ORACLE== ${ORACLE}:" at)
endif()
if(EXPECT STREQUAL "unverified")
  if(at EQUAL -1)
    message(STATUS "unverified on this parser version: ${ORACLE} does not fire on ${INPUT} with ${VERSION}, maybe fixed there — check, then set FIXED_IN in tests/findings/CMakeLists.txt")
  else()
    message(STATUS "unverified on this parser version: ${ORACLE} still fires on ${INPUT} with ${VERSION} — raise SEEN_UP_TO in tests/findings/CMakeLists.txt")
  endif()
elseif(EXPECT STREQUAL "fires")
  if(at EQUAL -1)
    message(FATAL_ERROR "expected ${ORACLE} to fire on ${INPUT} (a known bug of this parser version) but it did not — if the parser was fixed, update its FIXED_IN in tests/findings/CMakeLists.txt and docs/FINDINGS.md:\n${err}")
  endif()
  message(STATUS "${ORACLE} fires on ${INPUT}, as expected for this parser version")
elseif(EXPECT STREQUAL "skipped")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${INPUT} is a known bug the target should skip while fuzzing (NODEFUZZ_KNOWN_FINDINGS unset), but it reported — fix the shape check that recognises it:\n${err}")
  endif()
  message(STATUS "${INPUT} is recognised as a known bug and not reported while fuzzing")
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expected ${INPUT} to run clean on this parser version (the bug is fixed here), but it failed:\n${err}")
  endif()
  message(STATUS "${INPUT} runs clean, as expected: the bug is fixed in this parser version")
endif()
