# Finds the parser sources in a Node tree (or per-library overrides) and builds them as
# instrumented static libraries with their own warnings off. Nothing of Node is vendored.

# The default tree (scripts/bootstrap): Debian's Node 24.21.0 with llhttp 9.4.3 (from Debian's
# libllhttp-source), ada 3.4.4 and simdutf 8.2.0. scripts/test also runs the tree-dependent tests against .cache/node-v18.20.4,
# the findings' regression tree.
set(NODEFUZZ_DEFAULT_NODE_TREE "${PROJECT_SOURCE_DIR}/.cache/node-v24.21.0")
set(NODE_SOURCE_DIR "${NODEFUZZ_DEFAULT_NODE_TREE}" CACHE PATH
    "Node.js source tree: a nodejs/node checkout or the scripts/bootstrap cache")
set(LLHTTP_SOURCE_DIR "" CACHE PATH "llhttp release tree (include/, src/); default NODE_SOURCE_DIR/deps/llhttp")
set(ADA_SOURCE_DIR "" CACHE PATH "ada tree, repository (include/, src/ada.cpp) or single-file (ada.h, ada.cpp) layout")
set(SIMDUTF_SOURCE_DIR "" CACHE PATH "simdutf single-file tree (simdutf.h, simdutf.cpp); default NODE_SOURCE_DIR/deps/simdutf or deps/v8/third_party/simdutf")

# The parsers' include directories are SYSTEM (their warnings stay out of our -Werror code), and
# clang leaves code in system headers out of coverage unless told: ada's and Node's inline code
# lives there, so the coverage preset (scripts/coverage) maps it.
if(NODEFUZZ_ENGINE STREQUAL "coverage")
  target_compile_options(nodefuzz_instrumentation INTERFACE "SHELL:-mllvm -system-headers-coverage")
endif()

if(NOT IS_DIRECTORY "${NODE_SOURCE_DIR}")
  if(NODE_SOURCE_DIR STREQUAL NODEFUZZ_DEFAULT_NODE_TREE)
    message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR} does not exist — run scripts/bootstrap to fetch the default Node tree, or pass -DNODE_SOURCE_DIR=<nodejs/node checkout>")
  endif()
  message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR} does not exist — pass the path of a Node.js source tree (a nodejs/node checkout)")
endif()

# llhttp: the generated C release layout Node ships in deps/llhttp.
# Derived defaults stay normal variables, so a new NODE_SOURCE_DIR moves them along with it.
set(LLHTTP_DIR "${LLHTTP_SOURCE_DIR}")
if(NOT LLHTTP_DIR)
  set(LLHTTP_DIR "${NODE_SOURCE_DIR}/deps/llhttp")
endif()
foreach(f include/llhttp.h src/llhttp.c src/api.c src/http.c)
  if(NOT EXISTS "${LLHTTP_DIR}/${f}")
    message(FATAL_ERROR "LLHTTP_SOURCE_DIR=${LLHTTP_DIR} has no ${f} — expected llhttp's C release layout (include/llhttp.h, src/{llhttp,api,http}.c) as in a Node tree's deps/llhttp")
  endif()
endforeach()
file(STRINGS "${LLHTTP_DIR}/include/llhttp.h" _v REGEX "#define LLHTTP_VERSION_(MAJOR|MINOR|PATCH) ")
string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*PATCH ([0-9]+).*" "\\1.\\2.\\3" LLHTTP_VERSION "${_v}")
# The harnesses set every callback llhttp has (fuzzers/http/http_session.cc): before 8.0 that
# includes on_chunk_parameters, which 6.0.x lacks (6.1 has it: Node 18.20's chunk-extension
# limit); 8.0 has the on_chunk_extension_* callbacks and on_reset instead. Older trees stop
# here, not in a compile error.
set(_llhttp_supported "llhttp 6.1 or later 6.x (Node 18.20), 8.x and 9.x (Node 20 to main)")
if(NOT LLHTTP_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "${LLHTTP_DIR}/include/llhttp.h has no LLHTTP_VERSION_MAJOR/MINOR/PATCH defines — expected a generated llhttp release; nodefuzz supports ${_llhttp_supported}")
endif()
if(LLHTTP_VERSION VERSION_LESS 8)
  set(_llhttp_needs on_chunk_parameters)
else()
  set(_llhttp_needs on_chunk_extension_name on_reset)
endif()
file(READ "${LLHTTP_DIR}/include/llhttp.h" _llhttp_header)
foreach(_callback IN LISTS _llhttp_needs)
  if(LLHTTP_VERSION VERSION_LESS 6.1 OR NOT _llhttp_header MATCHES "llhttp_(data_)?cb[ \t]+${_callback};")
    message(FATAL_ERROR "llhttp ${LLHTTP_VERSION} in ${LLHTTP_DIR} is older than nodefuzz supports (its llhttp_settings_t has no ${_callback}) — supported: ${_llhttp_supported}; point NODE_SOURCE_DIR or LLHTTP_SOURCE_DIR at a newer tree")
  endif()
endforeach()
message(STATUS "nodefuzz: llhttp ${LLHTTP_VERSION} from ${LLHTTP_DIR}")
# scripts/coverage reports each parser over its own files only (build/<preset>/parser-sources.txt).
set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES "llhttp\t${LLHTTP_DIR}")

add_library(nodefuzz_llhttp STATIC
  ${LLHTTP_DIR}/src/llhttp.c ${LLHTTP_DIR}/src/api.c ${LLHTTP_DIR}/src/http.c)
target_include_directories(nodefuzz_llhttp SYSTEM PUBLIC ${LLHTTP_DIR}/include)
target_compile_options(nodefuzz_llhttp PRIVATE -w)
target_link_libraries(nodefuzz_llhttp PUBLIC nodefuzz_instrumentation)

# ada: Node checkouts ship it single-file in deps/ada; Debian's source package ships ada's own
# repository as the orig-ada component, unpacked at ada/ (bootstrap does the same).
function(_nodefuzz_ada_layout dir out)
  if(EXISTS "${dir}/ada.h" AND EXISTS "${dir}/ada.cpp")
    set(${out} single PARENT_SCOPE)
  elseif(EXISTS "${dir}/include/ada.h" AND EXISTS "${dir}/src/ada.cpp")
    set(${out} repository PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()
set(ADA_DIR "${ADA_SOURCE_DIR}")
if(NOT ADA_DIR)
  foreach(candidate "${NODE_SOURCE_DIR}/deps/ada" "${NODE_SOURCE_DIR}/ada")
    _nodefuzz_ada_layout("${candidate}" _layout)
    if(_layout)
      set(ADA_DIR "${candidate}")
      break()
    endif()
  endforeach()
  if(NOT ADA_DIR)
    message(FATAL_ERROR "ADA_SOURCE_DIR is unset and NODE_SOURCE_DIR=${NODE_SOURCE_DIR} has ada neither in deps/ada (ada.h, ada.cpp) nor in ada/ (include/ada.h, src/ada.cpp) — pass -DADA_SOURCE_DIR=<ada checkout>")
  endif()
endif()
_nodefuzz_ada_layout("${ADA_DIR}" ADA_LAYOUT)
if(NOT ADA_LAYOUT)
  message(FATAL_ERROR "ADA_SOURCE_DIR=${ADA_DIR} is not an ada tree — expected ada.h and ada.cpp (single-file, a Node tree's deps/ada) or include/ada.h and src/ada.cpp (ada's repository)")
endif()
# nodefuzz_ada_without_compare_tracing: the same ada for url_idna, with its edges but not
# libFuzzer's compare tracing where that is on (NODEFUZZ_MODEL_OPTIONS, cmake/Fuzzing.cmake).
# ada's IDNA code compares UTF-32 code points against its Unicode tables, never the input's
# UTF-8 bytes, so libFuzzer cannot write a traced operand into the input where it would match;
# the hooks were two thirds of url_idna's time. Measured side by side for 3 minutes from the
# seeds: 1.33 million execs to 0.66 million, and as many edges (732 against 731).
set(_nodefuzz_ada_libraries nodefuzz_ada)
if(NODEFUZZ_MODEL_OPTIONS)
  list(APPEND _nodefuzz_ada_libraries nodefuzz_ada_without_compare_tracing)
endif()
foreach(lib ${_nodefuzz_ada_libraries})
  if(ADA_LAYOUT STREQUAL "single")
    add_library(${lib} STATIC EXCLUDE_FROM_ALL ${ADA_DIR}/ada.cpp)
    target_include_directories(${lib} SYSTEM PUBLIC ${ADA_DIR})
  else()
    add_library(${lib} STATIC EXCLUDE_FROM_ALL ${ADA_DIR}/src/ada.cpp)
    target_include_directories(${lib} SYSTEM PUBLIC ${ADA_DIR}/include)
    target_include_directories(${lib} PRIVATE ${ADA_DIR}/src)
  endif()
  target_compile_options(${lib} PRIVATE -w)
  target_link_libraries(${lib} PUBLIC nodefuzz_instrumentation)
endforeach()
if(NODEFUZZ_MODEL_OPTIONS)
  target_compile_options(nodefuzz_ada_without_compare_tracing PRIVATE ${NODEFUZZ_MODEL_OPTIONS})
else()
  add_library(nodefuzz_ada_without_compare_tracing INTERFACE)
  target_link_libraries(nodefuzz_ada_without_compare_tracing INTERFACE nodefuzz_ada)
endif()
# ADA_VERSION "x.y.z": in include/ada/ada_version.h (repository) or inside ada.h (single file).
foreach(header "${ADA_DIR}/include/ada/ada_version.h" "${ADA_DIR}/ada.h")
  if(EXISTS "${header}")
    file(STRINGS "${header}" _v REGEX "#define ADA_VERSION \"[0-9.]+\"")
    if(_v)
      string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" ADA_VERSION "${_v}")
      break()
    endif()
  endif()
endforeach()
if(NOT ADA_VERSION)
  message(FATAL_ERROR "ADA_SOURCE_DIR=${ADA_DIR} has no ADA_VERSION define — expected ada 2.x or later")
endif()
message(STATUS "nodefuzz: ada ${ADA_VERSION} (${ADA_LAYOUT} layout) from ${ADA_DIR}")
set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES "ada\t${ADA_DIR}")

# simdutf: a single-file amalgamation, in deps/simdutf up to Node 22 and, from Node 24 (which
# builds V8's copy, tools/v8_gypfiles/v8.gyp), in deps/v8/third_party/simdutf — node main too.
set(SIMDUTF_DIR "${SIMDUTF_SOURCE_DIR}")
if(NOT SIMDUTF_DIR)
  foreach(candidate "${NODE_SOURCE_DIR}/deps/simdutf" "${NODE_SOURCE_DIR}/deps/v8/third_party/simdutf")
    if(EXISTS "${candidate}/simdutf.h" AND EXISTS "${candidate}/simdutf.cpp")
      set(SIMDUTF_DIR "${candidate}")
      break()
    endif()
  endforeach()
  if(NOT SIMDUTF_DIR)
    message(FATAL_ERROR "SIMDUTF_SOURCE_DIR is unset and NODE_SOURCE_DIR=${NODE_SOURCE_DIR} has simdutf neither in deps/simdutf nor in deps/v8/third_party/simdutf (simdutf.h, simdutf.cpp) — pass -DSIMDUTF_SOURCE_DIR=<simdutf single-file release>")
  endif()
endif()
if(NOT EXISTS "${SIMDUTF_DIR}/simdutf.h" OR NOT EXISTS "${SIMDUTF_DIR}/simdutf.cpp")
  message(FATAL_ERROR "SIMDUTF_SOURCE_DIR=${SIMDUTF_DIR} has no simdutf.h and simdutf.cpp — expected simdutf's single-file release, as in a Node tree's deps/simdutf or deps/v8/third_party/simdutf")
endif()
add_library(nodefuzz_simdutf STATIC EXCLUDE_FROM_ALL ${SIMDUTF_DIR}/simdutf.cpp)
target_include_directories(nodefuzz_simdutf SYSTEM PUBLIC ${SIMDUTF_DIR})
target_compile_options(nodefuzz_simdutf PRIVATE -w)
target_link_libraries(nodefuzz_simdutf PUBLIC nodefuzz_instrumentation)
message(STATUS "nodefuzz: simdutf from ${SIMDUTF_DIR}")
set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES "simdutf\t${SIMDUTF_DIR}")

# Versions for triage reports (embedded in every target, see Fuzzing.cmake): "unknown" where a
# tree does not say.
set(SIMDUTF_VERSION unknown)
file(STRINGS "${SIMDUTF_DIR}/simdutf.h" _v REGEX "#define SIMDUTF_VERSION \"[0-9.]+\"")
if(_v)
  string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" SIMDUTF_VERSION "${_v}")
endif()
set(NODE_VERSION unknown)
if(EXISTS "${NODE_SOURCE_DIR}/src/node_version.h")
  file(STRINGS "${NODE_SOURCE_DIR}/src/node_version.h" _v REGEX "#define NODE_(MAJOR|MINOR|PATCH)_VERSION [0-9]+")
  string(REGEX REPLACE ".*MAJOR_VERSION ([0-9]+).*MINOR_VERSION ([0-9]+).*PATCH_VERSION ([0-9]+).*" "\\1.\\2.\\3" NODE_VERSION "${_v}")
endif()
message(STATUS "nodefuzz: Node ${NODE_VERSION}, simdutf ${SIMDUTF_VERSION}")
