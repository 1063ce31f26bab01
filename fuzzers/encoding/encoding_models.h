// Reference models of Buffer encodings, written from documentation (Node's buffer docs and
// source comments, the WHATWG Infra and Encoding standards, Unicode's "U+FFFD substitution of
// maximal subparts") — never from the code under test. Strings are sequences of UTF-16 code
// units, as JavaScript strings are; a one-byte (latin1) string is the same with every unit
// below 0x100. tests/encoding/encoding_models_test.cc checks them against documented examples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nodefuzz::enc {

// One-byte string → units (zero-extended), as V8 widens a latin1 string.
std::u16string Widen(std::string_view latin1);

// ---- base64 / base64url ------------------------------------------------------------------
// Buffer.from(s, 'base64' | 'base64url') in Node's own decoder: both alphabets are accepted
// whatever the encoding ('+' and '-' are 62, '/' and '_' are 63); each unit is read by its low
// byte; a unit that is not an alphabet character is skipped; decoding stops at the first '='
// (low byte 0x3D); the bits of a trailing group of 2 or 3 characters give 1 or 2 bytes, a lone
// trailing character gives none.
std::string NodeBase64Decode(std::u16string_view s);

// WHATWG forgiving-base64 decode (Infra standard; what atob() specifies): ASCII whitespace
// (TAB LF FF CR SPACE) removed; if the length is a multiple of 4, one or two trailing '=' are
// removed; then a remainder of 1 mod 4, or any non-alphabet unit, is failure (nullopt). The
// bits left over in a trailing group are discarded. url=true uses '-' and '_' instead of '+' and
// '/' (the base64url adaptation Node applies).
std::optional<std::string> ForgivingBase64Decode(std::u16string_view s, bool url);

// RFC 4648 encoding: 'base64' pads with '=' to a multiple of 4; 'base64url' (Node) does not pad.
std::string Base64Encode(std::string_view bytes, bool url);

// ---- hex --------------------------------------------------------------------------------
// Buffer.from(s, 'hex'): pairs of hex digits (either case; each unit read by its low byte)
// decode to one byte each, up to the first pair holding a non-digit; an odd trailing digit is
// dropped.
std::string NodeHexDecode(std::u16string_view s);

// ---- UTF-8 / UTF-16 ------------------------------------------------------------------------
struct Decoded {
  bool valid = true;              // well-formed throughout
  size_t first_error = 0;         // valid ? input length : index (bytes or units) where the
                                  // first ill-formed sequence starts
  std::u16string utf16;           // WHATWG decoding: each maximal ill-formed subpart → U+FFFD
  size_t utf16_before_error = 0;  // units of utf16 decoded before the first error (the input
                                  // may hold a U+FFFD of its own, so searching for one is wrong)
  std::string utf8;               // the same text as UTF-8
  size_t code_points = 0;         // in the decoded text
  bool ascii = true;              // every input unit < 0x80
  bool latin1 = true;             // every decoded code point < 0x100
};
// WHATWG UTF-8 decode (Encoding standard §"UTF-8 decoder", replacement mode).
Decoded DecodeUtf8(std::string_view bytes);
// UTF-16 → text: a lead surrogate followed by a trail surrogate is one code point; every other
// surrogate is ill-formed and becomes U+FFFD (WHATWG "convert to scalar value string").
Decoded DecodeUtf16(std::u16string_view units);

// ---- latin1 and ucs2 (Node's buffer docs) --------------------------------------------------
// buf.write(s, offset, length, 'latin1'): each unit's low byte, as many as fit in length.
std::string Latin1Write(std::u16string_view s, size_t length);
// buf.toString('latin1'): every byte is the code unit of the same value.
std::u16string Latin1Read(std::string_view bytes);
// buf.write(s, offset, length, 'ucs2'): whole units only, little-endian, floor(length / 2) of
// them at most; the byte count written is even.
std::string Ucs2Write(std::u16string_view s, size_t length);
// buf.toString('ucs2'): little-endian units; an odd trailing byte is ignored.
std::u16string Ucs2Read(std::string_view bytes);

// buf.write(s, offset, length, 'utf8') of a one-byte string (every unit below 0x100): the UTF-8
// of as many whole characters as fit in length bytes ("partially encoded characters will not be
// written", Node's buffer docs).
std::string Utf8WriteOneByte(std::u16string_view s, size_t length);

}  // namespace nodefuzz::enc
