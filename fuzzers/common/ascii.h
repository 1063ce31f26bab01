// ASCII helpers shared by the targets (HTTP field names and tokens are ASCII, case-insensitive;
// hex digits).
#pragma once

#include <string_view>

namespace nodefuzz {

// `a` equals `lower` (given in lower case) ignoring ASCII case.
inline bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// The value of an ASCII hex digit (either case), or -1: RFC 9112's chunk-size, WHATWG's
// percent-decoding and Node's hex decoder all read hex digits alike.
inline int HexDigitValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace nodefuzz
