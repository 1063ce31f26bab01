// hex_decode() is a static function of Node's string_bytes.cc, which cannot be compiled without
// V8. NodeEncodingSources.cmake copies its table, unhex() and hex_decode() verbatim from the
// tree into the build directory; this file compiles that copy and exports it.
#include <cstddef>
#include <cstdint>

#include "node_codecs.h"

namespace nodefuzz::enc::node_tree {
namespace from_string_bytes_cc {
#include "node_hex_decode.inc"
}  // namespace from_string_bytes_cc

size_t HexDecode(char* dst, size_t dstlen, const char* src, size_t srclen) {
  return from_string_bytes_cc::hex_decode(dst, dstlen, src, srclen);
}
size_t HexDecode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen) {
  return from_string_bytes_cc::hex_decode(dst, dstlen, src, srclen);
}

}  // namespace nodefuzz::enc::node_tree
