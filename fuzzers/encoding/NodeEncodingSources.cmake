# Finds Node's Buffer-encoding decoders in NODE_SOURCE_DIR and builds them, instrumented, into
# nodefuzz_node_encoding — without V8. What the tree has decides what is fuzzed:
#   deps/nbytes (Node 22 and later)  NbytesSources.cmake
#   src/base64-inl.h (Node 20, 18)   NodeSrcEncodingSources.cmake
# Either way node_codecs.h is the interface the targets call.

set(_src "${NODE_SOURCE_DIR}/src")

# simdutf's version, for tests/findings (known bugs fixed in a later simdutf).
file(STRINGS "${SIMDUTF_DIR}/simdutf.h" _v REGEX "#define SIMDUTF_VERSION \"")
string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" _simdutf_version "${_v}")
set(SIMDUTF_VERSION "${_simdutf_version}" CACHE INTERNAL "simdutf version of the tree in use")
set(_gen "${CMAKE_CURRENT_BINARY_DIR}/generated")
file(MAKE_DIRECTORY "${_gen}")

if(EXISTS "${NODE_SOURCE_DIR}/deps/nbytes/include/nbytes.h")
  include(${CMAKE_CURRENT_LIST_DIR}/NbytesSources.cmake)
else()
  include(${CMAKE_CURRENT_LIST_DIR}/NodeSrcEncodingSources.cmake)
endif()

# A known sanitizer finding that simdutf makes in every kernel's function of a kind cannot be
# avoided by calling fallback instead (simdutf_kernels.h handles one kernel's bugs): its check is
# turned off for the versions that have it ("compile_options" in fuzzers/known_findings.json), so a
# run fuzzes past it instead of stopping every few inputs; the replay build's
# enc_utf8_simdutf_checked (CMakeLists.txt) keeps every check on for tests/findings.
nodefuzz_known_findings_compile_options(NODEFUZZ_SIMDUTF_SILENCED simdutf)
if(NODEFUZZ_SIMDUTF_SILENCED)
  # As a source property: it must come after the -fsanitize=undefined the target inherits.
  set_source_files_properties("${SIMDUTF_DIR}/simdutf.cpp" DIRECTORY ${PROJECT_SOURCE_DIR}
                              PROPERTIES COMPILE_OPTIONS "${NODEFUZZ_SIMDUTF_SILENCED}")
  message(STATUS "nodefuzz: simdutf compiled with ${NODEFUZZ_SIMDUTF_SILENCED} for its known findings")
endif()
