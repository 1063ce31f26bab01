// node_codecs.h for trees that keep Buffer's decoders in deps/nbytes (Node 22 and later): what
// their StringBytes::Write() and Encode() do (src/string_bytes.cc), without V8.
//   BASE64, BASE64URL  simdutf::base64_to_binary_safe() first; when it reports an error (not
//                      forgiving-base64, or the destination is too short), nbytes::Base64Decode()
//   HEX                nbytes::HexDecode()
//   toString()         simdutf::binary_to_base64()
//   UTF8 of a one-byte string  simdutf::convert_latin1_to_utf8_safe() (Node 24 on)
// NodeEncodingSources.cmake checks that the tree's string_bytes.cc still calls these.
#include <nbytes.h>

#include <cstdlib>

#include "base64_simdutf_first.h"
#include "node_codecs.h"
#include "simdutf.h"

namespace nodefuzz::enc::node_tree {

size_t Base64Decode(char* dst, size_t dstlen, const char* src, size_t srclen) {
  return nbytes::Base64Decode(dst, dstlen, src, srclen);
}
size_t Base64Decode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen) {
  return nbytes::Base64Decode(dst, dstlen, src, srclen);
}

const bool kWriteTriesSimdutfFirst = true;

size_t WriteBase64(char* dst, size_t dstlen, const char* src, size_t srclen, bool url) {
  return DecodeSimdutfFirst<char>(dst, dstlen, src, srclen, url,
                                  [](auto... a) { return nbytes::Base64Decode(a...); });
}
size_t WriteBase64(char* dst, size_t dstlen, const uint16_t* src, size_t srclen, bool url) {
  return DecodeSimdutfFirst<char16_t>(dst, dstlen, src, srclen, url,
                                      [](auto... a) { return nbytes::Base64Decode(a...); });
}

size_t Base64DecodedSize(const char* src, size_t srclen) {
  return nbytes::Base64DecodedSize(src, srclen);
}
size_t Base64DecodedSize(const uint16_t* src, size_t srclen) {
  return nbytes::Base64DecodedSize(src, srclen);
}
size_t Base64DecodedSizeFast(size_t srclen) { return nbytes::Base64DecodedSizeFast(srclen); }

const char* const kBase64EncoderName = "simdutf::binary_to_base64";
size_t Base64EncodedSize(size_t slen, bool url) {
  return simdutf::base64_length_from_binary(slen,
                                            url ? simdutf::base64_url : simdutf::base64_default);
}
size_t Base64Encode(const char* src, size_t slen, char* dst, size_t /*dlen*/, bool url) {
  return simdutf::binary_to_base64(src, slen, dst,
                                   url ? simdutf::base64_url : simdutf::base64_default);
}

#if NODEFUZZ_NODE_UTF8_ONE_BYTE_SIMDUTF
const bool kUtf8WritesOneByteThroughSimdutf = true;
size_t WriteUtf8OneByte(char* dst, size_t dstlen, const char* src, size_t srclen) {
  return simdutf::convert_latin1_to_utf8_safe(src, srclen, dst, dstlen);
}
#else
const bool kUtf8WritesOneByteThroughSimdutf = false;  // V8's String::WriteUtf8, not run here
size_t WriteUtf8OneByte(char*, size_t, const char*, size_t) { std::abort(); }
#endif

size_t HexDecode(char* dst, size_t dstlen, const char* src, size_t srclen) {
  return nbytes::HexDecode(dst, dstlen, src, srclen);
}
size_t HexDecode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen) {
  return nbytes::HexDecode(dst, dstlen, src, srclen);
}

}  // namespace nodefuzz::enc::node_tree
