# Node 22 and later: Buffer's base64 and hex decoders live in deps/nbytes (a header and
# nbytes.cpp, built as a parser library); node_nbytes.cc calls them as src/string_bytes.cc does,
# simdutf's forgiving decoder first. string_bytes.cc is read to check that it still does.
# Included by NodeEncodingSources.cmake, which sets _src and _gen.
set(_nbytes "${NODE_SOURCE_DIR}/deps/nbytes")
if(NOT EXISTS "${_nbytes}/src/nbytes.cpp" OR NOT EXISTS "${_src}/string_bytes.cc")
  message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR} has deps/nbytes/include/nbytes.h but no deps/nbytes/src/nbytes.cpp or src/string_bytes.cc — the tree is incomplete (configure with -DNODEFUZZ_ENCODING=OFF to build without the encoding targets)")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_src}/string_bytes.cc")
file(READ "${_src}/string_bytes.cc" _string_bytes)
foreach(call "simdutf::base64_to_binary_safe(" "nbytes::Base64Decode(" "nbytes::HexDecode(")
  string(FIND "${_string_bytes}" "${call}" _at)
  if(_at EQUAL -1)
    message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR}: src/string_bytes.cc no longer calls ${call} — this tree decodes Buffer strings differently; fuzzers/encoding/node_nbytes.cc needs updating for it")
  endif()
endforeach()
file(STRINGS "${_nbytes}/include/nbytes.h" _v REGEX "#define NBYTES_VERSION \"")
string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" NBYTES_VERSION "${_v}")
add_library(nodefuzz_nbytes STATIC "${_nbytes}/src/nbytes.cpp")
target_include_directories(nodefuzz_nbytes SYSTEM PUBLIC "${_nbytes}/include")
target_compile_options(nodefuzz_nbytes PRIVATE -w)
target_link_libraries(nodefuzz_nbytes PUBLIC nodefuzz_instrumentation)
add_library(nodefuzz_node_encoding STATIC ${CMAKE_CURRENT_SOURCE_DIR}/node_nbytes.cc)
target_include_directories(nodefuzz_node_encoding PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
# Node 24 writes one-byte strings as UTF-8 through simdutf; Node 22 leaves that to V8.
string(FIND "${_string_bytes}" "simdutf::convert_latin1_to_utf8_safe(" _utf8_one_byte)
target_compile_definitions(nodefuzz_node_encoding PRIVATE
  NODEFUZZ_NODE_UTF8_ONE_BYTE_SIMDUTF=$<IF:$<EQUAL:${_utf8_one_byte},-1>,0,1>)
target_link_libraries(nodefuzz_node_encoding PUBLIC nodefuzz_simdutf nodefuzz_nbytes nodefuzz_instrumentation
                      PRIVATE nodefuzz_warnings)
set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES
             "node-encoding\t${_nbytes}/include/nbytes.h" "node-encoding\t${_nbytes}/src/nbytes.cpp")
message(STATUS "nodefuzz: Node base64 and hex decoders from nbytes ${NBYTES_VERSION} (${_nbytes}), after simdutf's forgiving decoder (as string_bytes.cc does)")
