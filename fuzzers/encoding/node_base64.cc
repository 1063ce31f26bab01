// Node's base64 code from the tree in use (src/base64-inl.h), compiled without V8: util.h only
// needs V8's headers, and the two symbols base64-inl.h takes from V8-dependent files are defined
// here — the decode table (from the documented alphabets, not copied) and node::Assert (CHECK).
#include <array>
#include <cstdio>
#include <cstdlib>

#include "base64-inl.h"
#include "base64_simdutf_first.h"
#include "node_codecs.h"
#include "simdutf.h"

namespace {

// Node's decode table maps both alphabets: A-Z a-z 0-9 are 0..61, '+' and '-' are 62, '/' and
// '_' are 63 (base64 and base64url decode alike). Every other byte is negative: the decoder
// skips it. (Node marks whitespace -2 and the rest -1; the decoder only tests the sign.)
constexpr std::array<int8_t, 256> MakeUnbase64Table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int i = 0; i < 64; ++i) {
    t[static_cast<uint8_t>(kStandard[i])] = static_cast<int8_t>(i);
    t[static_cast<uint8_t>(kUrl[i])] = static_cast<int8_t>(i);
  }
  return t;
}
constexpr std::array<int8_t, 256> kUnbase64 = MakeUnbase64Table();

}  // namespace

namespace node {

#define NODEFUZZ_E(i) kUnbase64[i]
#define NODEFUZZ_R8(b)                                                                       \
  NODEFUZZ_E(b), NODEFUZZ_E(b + 1), NODEFUZZ_E(b + 2), NODEFUZZ_E(b + 3), NODEFUZZ_E(b + 4), \
      NODEFUZZ_E(b + 5), NODEFUZZ_E(b + 6), NODEFUZZ_E(b + 7)
#define NODEFUZZ_R64(b)                                                         \
  NODEFUZZ_R8(b), NODEFUZZ_R8(b + 8), NODEFUZZ_R8(b + 16), NODEFUZZ_R8(b + 24), \
      NODEFUZZ_R8(b + 32), NODEFUZZ_R8(b + 40), NODEFUZZ_R8(b + 48), NODEFUZZ_R8(b + 56)
extern const int8_t unbase64_table[256];
const int8_t unbase64_table[256] = {NODEFUZZ_R64(0), NODEFUZZ_R64(64), NODEFUZZ_R64(128),
                                    NODEFUZZ_R64(192)};
#undef NODEFUZZ_R64
#undef NODEFUZZ_R8
#undef NODEFUZZ_E

// CHECK() failures in the code under test end the input as Node would: abort.
void Assert(const AssertionInfo& info) {
  std::fprintf(stderr, "%s: Assertion `%s' failed in %s\n", info.file_line, info.message,
               info.function);
  std::abort();
}

}  // namespace node

namespace nodefuzz::enc::node_tree {

size_t Base64Decode(char* dst, size_t dstlen, const char* src, size_t srclen) {
  return node::base64_decode(dst, dstlen, src, srclen);
}
size_t Base64Decode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen) {
  return node::base64_decode(dst, dstlen, src, srclen);
}

#if NODEFUZZ_NODE_BASE64_SIMDUTF_FIRST
const bool kWriteTriesSimdutfFirst = true;
size_t WriteBase64(char* dst, size_t dstlen, const char* src, size_t srclen, bool url) {
  return DecodeSimdutfFirst<char>(dst, dstlen, src, srclen, url,
                                  [](auto... a) { return node::base64_decode(a...); });
}
size_t WriteBase64(char* dst, size_t dstlen, const uint16_t* src, size_t srclen, bool url) {
  return DecodeSimdutfFirst<char16_t>(dst, dstlen, src, srclen, url,
                                      [](auto... a) { return node::base64_decode(a...); });
}
#else
const bool kWriteTriesSimdutfFirst = false;
size_t WriteBase64(char* dst, size_t dstlen, const char* src, size_t srclen, bool /*url*/) {
  return node::base64_decode(dst, dstlen, src, srclen);
}
size_t WriteBase64(char* dst, size_t dstlen, const uint16_t* src, size_t srclen, bool /*url*/) {
  return node::base64_decode(dst, dstlen, src, srclen);
}
#endif

size_t Base64DecodedSize(const char* src, size_t srclen) {
  return node::base64_decoded_size(src, srclen);
}
size_t Base64DecodedSize(const uint16_t* src, size_t srclen) {
  return node::base64_decoded_size(src, srclen);
}
size_t Base64DecodedSizeFast(size_t srclen) { return node::base64_decoded_size_fast(srclen); }

#if NODEFUZZ_NODE_BASE64_INL_ENCODE
const char* const kBase64EncoderName = "node::base64_encode";
size_t Base64EncodedSize(size_t slen, bool url) {
  return node::base64_encoded_size(slen, url ? node::Base64Mode::URL : node::Base64Mode::NORMAL);
}
size_t Base64Encode(const char* src, size_t slen, char* dst, size_t dlen, bool url) {
  return node::base64_encode(src, slen, dst, dlen,
                             url ? node::Base64Mode::URL : node::Base64Mode::NORMAL);
}
#else
const char* const kBase64EncoderName = "simdutf::binary_to_base64";
size_t Base64EncodedSize(size_t slen, bool url) {
  return simdutf::base64_length_from_binary(slen,
                                            url ? simdutf::base64_url : simdutf::base64_default);
}
size_t Base64Encode(const char* src, size_t slen, char* dst, size_t /*dlen*/, bool url) {
  return simdutf::binary_to_base64(src, slen, dst,
                                   url ? simdutf::base64_url : simdutf::base64_default);
}
#endif

// Before Node 24, StringBytes::Write() leaves UTF-8 to V8 (String::WriteUtf8), which the targets
// do not run.
const bool kUtf8WritesOneByteThroughSimdutf = false;
size_t WriteUtf8OneByte(char*, size_t, const char*, size_t) { std::abort(); }

}  // namespace nodefuzz::enc::node_tree
