# ctest helper: runs a replay binary on one input and checks whether an oracle fires.
#   cmake -DBINARY=... -DINPUT=... -DORACLE=<id> -DEXPECT=fires|clean|unverified|skipped
#         [-DFINDING=<number>] [-DVERSION="<parser> <version>"] [-DSANITIZER_REPORT=<regex>]
#         [-DKERNEL=<kernel>[,<kernel>...] -DKERNELS_BINARY=<simdutf_kernels>] -P ExpectOracle.cmake
# HANGS=ON: the bug is that the run never ends; it "fires" when the run outlives 10 seconds.
# KERNEL: the bug is in those simdutf kernels; on a CPU that runs none of them the test says so and
# is marked skipped (its output matches the test's SKIP_REGULAR_EXPRESSION).
# skipped: a known bug's reproducer, run as while fuzzing; the target must recognise it and not report.
# unverified: the parser is newer than any version checked for this bug; the test reports what it
# saw and is marked skipped (its output matches the test's SKIP_REGULAR_EXPRESSION).
cmake_minimum_required(VERSION 3.22)  # IN_LIST, and the rest of today's if() in script mode
if(KERNEL)
  execute_process(COMMAND ${KERNELS_BINARY} OUTPUT_VARIABLE kernels OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_VARIABLE kerr RESULT_VARIABLE krc)
  if(NOT krc EQUAL 0 AND kerr MATCHES "SIMDUTF_FORCE_IMPLEMENTATION=")
    # A test standing in for a CPU with fewer kernels asked for one this CPU does not run.
    message(STATUS "skipped on this CPU: it cannot stand in for another — ${kerr}")
    return()
  elseif(NOT krc EQUAL 0)
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
if(HANGS)
  execute_process(COMMAND ${BINARY} ${INPUT} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET
                  TIMEOUT 10)
  set(at -1)
  if(rc MATCHES "timeout")
    set(at 0)
    set(err "the run did not end within 10 seconds")
  endif()
else()
  execute_process(COMMAND ${BINARY} ${INPUT} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
endif()
if(HANGS)
  # decided above
elseif(SANITIZER_REPORT)  # a bug that is a sanitizer's report: match its text instead
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
    message(STATUS "unverified on this parser version: ${ORACLE} does not fire on ${INPUT} with ${VERSION}, maybe fixed there — check, then add the version to finding ${FINDING}'s not_in (or set its fixed_in) in fuzzers/known_findings.json")
  else()
    message(STATUS "unverified on this parser version: ${ORACLE} still fires on ${INPUT} with ${VERSION} — add the version to finding ${FINDING}'s has in fuzzers/known_findings.json")
  endif()
elseif(EXPECT STREQUAL "fires")
  if(at EQUAL -1)
    message(FATAL_ERROR "expected ${ORACLE} to fire on ${INPUT} (finding ${FINDING}, a known bug of ${VERSION}) but it did not — if the parser was fixed, update the finding's versions in fuzzers/known_findings.json and docs/FINDINGS.md:\n${err}")
  endif()
  message(STATUS "${ORACLE} fires on ${INPUT}, as expected for this parser version")
elseif(EXPECT STREQUAL "skipped")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${INPUT} is a known bug (finding ${FINDING}) the target should skip while fuzzing (NODEFUZZ_KNOWN_FINDINGS unset), but it reported — fix the shape check that recognises it, or its known_as keys in fuzzers/known_findings.json:\n${err}")
  endif()
  message(STATUS "${INPUT} is recognised as a known bug and not reported while fuzzing")
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expected ${INPUT} to run clean with ${VERSION} (fuzzers/known_findings.json says finding ${FINDING} is fixed there), but it failed:\n${err}")
  endif()
  message(STATUS "${INPUT} runs clean, as expected: the bug is fixed in this parser version")
endif()
