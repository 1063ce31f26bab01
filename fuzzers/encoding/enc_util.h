// Helpers the encoding targets share: exact-size heap copies (so ASan sees a read one past the
// end) and readable details for oracle reports. The kernels are in simdutf_kernels.h.
#pragma once

#include <simdutf.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exact_copy.h"
#include "known_findings.h"
#include "oracle.h"

static_assert(
    std::endian::native == std::endian::little,
    "the encoding targets read UTF-16LE/ucs2 buffers as native units (little-endian hosts)");

namespace nodefuzz::enc {

// simdutf 5.x's fallback convert_utf16le_to_latin1() passes a null pointer to memcpy for an
// empty input (undefined behaviour UBSan stops on; simdutf.fallback-utf16-to-latin1-empty in
// fuzzers/known_findings.json). While fuzzing the targets skip that one call where the simdutf in
// use has it, so it does not drown every other finding; tests/encoding keeps it reproduced.
inline bool Utf16ToLatin1TakesEmpty() {
  static const bool takes = !KnownFinding("simdutf.fallback-utf16-to-latin1-empty");
  return takes;
}

using nodefuzz::HeapArray;  // exact-size copies (fuzzers/common/exact_copy.h)

// The payload as UTF-16LE units (an odd last byte dropped). The payload may be empty with a null
// data(), which memcpy must not see.
inline std::u16string ReadUnits(std::string_view payload) {
  std::u16string units(payload.size() / 2, u'\0');
  if (!units.empty()) std::memcpy(units.data(), payload.data(), units.size() * 2);
  return units;
}

inline std::string Bytes(std::string_view s) { return "\"" + Printable(s, 96) + "\""; }
inline std::string Units(std::u16string_view s) {
  std::string out = "u[";
  for (size_t i = 0; i < s.size() && i < 48; ++i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s%04x", i ? " " : "", static_cast<unsigned>(s[i]));
    out += buf;
  }
  if (s.size() > 48) out += " ...(+" + std::to_string(s.size() - 48) + ")";
  return out + "]";
}

inline std::string_view AsBytes(const char* p, size_t n) { return {p, n}; }

}  // namespace nodefuzz::enc
