// The Buffer-encoding code of the Node tree in use, callable without V8 (nodefuzz_node_encoding,
// built by NodeEncodingSources.cmake). Strings come as Node hands them to its decoders: one-byte
// (latin1) as char, two-byte as uint16_t units.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nodefuzz::enc::node_tree {

// node::base64_decode(): the legacy decoder (both alphabets, garbage skipped, stops at '=').
size_t Base64Decode(char* dst, size_t dstlen, const char* src, size_t srclen);
size_t Base64Decode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen);

// What StringBytes::Write(..., BASE64 | BASE64URL) does with a string: in trees whose Write()
// tries simdutf's forgiving-base64 decoder first (Node 20), that, and the legacy decoder when it
// fails; otherwise the legacy decoder alone. The decision is read from the tree's string_bytes.cc.
size_t WriteBase64(char* dst, size_t dstlen, const char* src, size_t srclen, bool url);
size_t WriteBase64(char* dst, size_t dstlen, const uint16_t* src, size_t srclen, bool url);
extern const bool kWriteTriesSimdutfFirst;

// node::base64_decoded_size() (what Buffer.byteLength asks natively) and the fast estimate
// StringBytes::StorageSize() uses.
size_t Base64DecodedSize(const char* src, size_t srclen);
size_t Base64DecodedSize(const uint16_t* src, size_t srclen);
size_t Base64DecodedSizeFast(size_t srclen);

// buf.toString('base64' | 'base64url'): node::base64_encode() in trees that have it (Node 18,
// through libbase64 for 'base64'), simdutf::binary_to_base64() otherwise (Node 20).
// Returns the encoded string's length; dst must hold Base64EncodedSize(slen, url) bytes.
size_t Base64EncodedSize(size_t slen, bool url);
size_t Base64Encode(const char* src, size_t slen, char* dst, size_t dlen, bool url);
extern const char* const kBase64EncoderName;

// buf.write(s, 'utf8') of a one-byte string, in trees whose StringBytes::Write() hands it to
// simdutf::convert_latin1_to_utf8_safe() (Node 24; older trees leave it to V8, which the
// targets do not run): kUtf8WritesOneByteThroughSimdutf says which.
extern const bool kUtf8WritesOneByteThroughSimdutf;
size_t WriteUtf8OneByte(char* dst, size_t dstlen, const char* src, size_t srclen);

// hex_decode() from the tree's string_bytes.cc, unmodified.
size_t HexDecode(char* dst, size_t dstlen, const char* src, size_t srclen);
size_t HexDecode(char* dst, size_t dstlen, const uint16_t* src, size_t srclen);

}  // namespace nodefuzz::enc::node_tree
