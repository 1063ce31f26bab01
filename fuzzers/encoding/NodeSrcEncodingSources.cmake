# Node 20 and earlier, included by NodeEncodingSources.cmake (which sets _src and _gen):
#   src/base64-inl.h   Node's base64 decoder, header-only. Its lookup table lives in
#                      string_bytes.cc (which needs V8), so node_base64.cc builds the table from
#                      the documented alphabet. V8's headers are only read.
#   deps/base64        aklomp's libbase64, which Node 18's base64-inl.h encodes through.
#   string_bytes.cc    hex_decode() and its table are static there: they are copied, unmodified,
#                      into the build directory (never the repository) and compiled on their own.
#                      Whether Write() tries simdutf's forgiving-base64 decoder first (Node 20) is
#                      read from it too.
# For scripts/coverage: Node's own encoder files, not the util.h & co. they drag in.
set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES
             "node-encoding\t${_src}/base64-inl.h" "node-encoding\t${_src}/base64.h"
             "node-encoding\t${_gen}/node_hex_decode.inc")
if(NOT EXISTS "${_src}/base64-inl.h" OR NOT EXISTS "${_src}/string_bytes.cc")
  message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR} has no src/base64-inl.h and src/string_bytes.cc — expected a nodejs/node tree (configure with -DNODEFUZZ_ENCODING=OFF to build without the encoding targets)")
endif()
foreach(dir deps/v8/include deps/uv/include)
  if(NOT IS_DIRECTORY "${NODE_SOURCE_DIR}/${dir}")
    message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR} has no ${dir} — Node's base64-inl.h includes util.h, which needs V8's and libuv's headers (only read, never linked)")
  endif()
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${_src}/base64-inl.h" "${_src}/string_bytes.cc")

file(READ "${_src}/base64-inl.h" _base64_inl)
file(READ "${_src}/string_bytes.cc" _string_bytes)

# Node 18 encodes through libbase64 (base64-inl.h includes libbase64.h); Node 20 through simdutf.
string(FIND "${_base64_inl}" "libbase64.h" _uses_libbase64)
string(FIND "${_base64_inl}" "inline size_t base64_encode(" _has_inl_encode)
string(FIND "${_string_bytes}" "base64_to_binary_safe" _simdutf_first)

add_library(nodefuzz_node_encoding STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/node_base64.cc ${CMAKE_CURRENT_SOURCE_DIR}/node_hex.cc)
target_include_directories(nodefuzz_node_encoding PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_include_directories(nodefuzz_node_encoding SYSTEM PRIVATE
  "${_src}" "${NODE_SOURCE_DIR}/deps/v8/include" "${NODE_SOURCE_DIR}/deps/uv/include" "${_gen}")
target_compile_definitions(nodefuzz_node_encoding PRIVATE NODE_WANT_INTERNALS=1
  NODEFUZZ_NODE_BASE64_INL_ENCODE=$<IF:$<EQUAL:${_has_inl_encode},-1>,0,1>
  NODEFUZZ_NODE_BASE64_SIMDUTF_FIRST=$<IF:$<EQUAL:${_simdutf_first},-1>,0,1>)
target_link_libraries(nodefuzz_node_encoding PUBLIC nodefuzz_simdutf nodefuzz_instrumentation
                      PRIVATE nodefuzz_warnings)

if(NOT _uses_libbase64 EQUAL -1)
  set(_b64 "${NODE_SOURCE_DIR}/deps/base64/base64")
  if(NOT EXISTS "${_b64}/include/libbase64.h" OR NOT EXISTS "${_b64}/lib/lib.c")
    message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR}: src/base64-inl.h includes libbase64.h but deps/base64/base64 has no include/libbase64.h and lib/lib.c — the tree is incomplete")
  endif()
  # As Node's base64.gyp builds it: the plain codec always, the x86 SIMD codecs each with its own
  # -m flag and chosen at run time by codec_choose.c.
  set(_codecs generic)
  set(_have)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
    set(_flags_ssse3 -mssse3)
    set(_flags_sse41 -msse4.1)
    set(_flags_sse42 -msse4.2)
    set(_flags_avx -mavx)
    set(_flags_avx2 -mavx2)
    set(_flags_avx512 -mavx512vl -mavx512vbmi)
    foreach(c ssse3 sse41 sse42 avx avx2 avx512)
      if(EXISTS "${_b64}/lib/arch/${c}/codec.c")
        list(APPEND _codecs ${c})
        string(TOUPPER ${c} _C)
        list(APPEND _have HAVE_${_C}=1)
      endif()
    endforeach()
  endif()
  set(_srcs "${_b64}/lib/lib.c" "${_b64}/lib/codec_choose.c" "${_b64}/lib/tables/tables.c")
  # Every arch's codec.c defines its entry points (as stubs when its HAVE_ is unset).
  file(GLOB _all_arch RELATIVE "${_b64}/lib/arch" "${_b64}/lib/arch/*/codec.c")
  foreach(f ${_all_arch})
    list(APPEND _srcs "${_b64}/lib/arch/${f}")
  endforeach()
  add_library(nodefuzz_libbase64 STATIC ${_srcs})
  target_include_directories(nodefuzz_libbase64 SYSTEM PUBLIC "${_b64}/include")
  target_include_directories(nodefuzz_libbase64 PRIVATE "${_b64}/lib")
  target_compile_definitions(nodefuzz_libbase64 PUBLIC BASE64_STATIC_DEFINE)
  target_compile_definitions(nodefuzz_libbase64 PRIVATE ${_have})
  foreach(c ${_codecs})
    if(NOT c STREQUAL generic)
      set_source_files_properties("${_b64}/lib/arch/${c}/codec.c" DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                                  PROPERTIES COMPILE_OPTIONS "${_flags_${c}}")
    endif()
  endforeach()
  target_compile_options(nodefuzz_libbase64 PRIVATE -w)
  # codec_choose.c tests CPUID bit 31 as (1 << 31), a signed-shift overflow UBSan reports on the
  # first call of every run: harmless on the compilers Node supports, and not the code we fuzz.
  set_source_files_properties("${_b64}/lib/codec_choose.c" DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                              PROPERTIES COMPILE_OPTIONS "-fno-sanitize=shift-base")
  target_link_libraries(nodefuzz_libbase64 PUBLIC nodefuzz_instrumentation)
  target_link_libraries(nodefuzz_node_encoding PRIVATE nodefuzz_libbase64)
  set_property(GLOBAL APPEND PROPERTY NODEFUZZ_PARSER_SOURCES "node-encoding\t${_b64}/lib")
  message(STATUS "nodefuzz: Node base64 decoder from ${_src}/base64-inl.h, encoder through libbase64 (codecs: ${_codecs})")
elseif(NOT _simdutf_first EQUAL -1)
  message(STATUS "nodefuzz: Node base64 decoder from ${_src}/base64-inl.h, after simdutf's forgiving decoder (as string_bytes.cc does)")
else()
  message(STATUS "nodefuzz: Node base64 decoder from ${_src}/base64-inl.h")
endif()

# hex_decode() is static in string_bytes.cc: copy its table, unhex() and hex_decode() verbatim
# into the build directory. The markers are checked, so a tree that changed them stops here.
string(FIND "${_string_bytes}" "static const int8_t unhex_table[256]" _hex_begin)
string(FIND "${_string_bytes}" "static size_t hex_decode(" _hex_fn)
if(_hex_begin EQUAL -1 OR _hex_fn EQUAL -1 OR _hex_fn LESS _hex_begin)
  message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR}: src/string_bytes.cc has no 'static const int8_t unhex_table[256]' followed by 'static size_t hex_decode(' — this tree's hex decoder moved; fuzzers/encoding/NodeEncodingSources.cmake needs updating for it")
endif()
string(SUBSTRING "${_string_bytes}" ${_hex_fn} -1 _after_fn)
string(FIND "${_after_fn}" "\n}\n" _fn_len)
math(EXPR _hex_len "${_hex_fn} - ${_hex_begin} + ${_fn_len} + 3")
string(SUBSTRING "${_string_bytes}" ${_hex_begin} ${_hex_len} _hex_code)
if(_fn_len EQUAL -1 OR _hex_len GREATER 4000 OR NOT _hex_code MATCHES "static inline unsigned unhex\\(")
  message(FATAL_ERROR "NODE_SOURCE_DIR=${NODE_SOURCE_DIR}: could not cut hex_decode() out of src/string_bytes.cc (unexpected layout) — fuzzers/encoding/NodeEncodingSources.cmake needs updating for this tree")
endif()
file(CONFIGURE OUTPUT "${_gen}/node_hex_decode.inc"
     CONTENT "// Copied at configure time from ${_src}/string_bytes.cc; not part of nodefuzz.\n@_hex_code@\n"
     @ONLY)
message(STATUS "nodefuzz: Node hex decoder copied from ${_src}/string_bytes.cc")

