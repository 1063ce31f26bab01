// llhttp's lenient flags (what Node's --insecure-http-parser sets, flag by flag): the one table
// of them, for the llhttp version in use.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace nodefuzz::http {

struct LenientFlag {
  uint16_t flag;           // LENIENT_* bit
  const char* name;        // as in llhttp_set_lenient_<name>
  const char* documented;  // llhttp's own description, in short
};

// The lenient flags of this llhttp version.
std::span<const LenientFlag> LenientFlags();

// Every lenient flag this llhttp version understands, or'ed.
uint16_t SupportedLenientFlags();

// "headers+keep_alive": the names of the flags set in `flags`.
std::string LenientFlagNames(uint16_t flags);

// Whether llhttp would never return from parsing `stream` with `flags`, a known bug of this
// llhttp (llhttp.relaxed-nul-loop in fuzzers/known_findings.json: header_value_relaxed without
// headers, and a NUL in a field value). The targets leave such flags out while fuzzing;
// NODEFUZZ_KNOWN_FINDINGS=report parses as asked, and hangs.
bool HangsOnKnownBug(uint16_t flags, std::string_view stream);

// `flags` without the flag that makes HangsOnKnownBug true (all of them when it is false).
uint16_t WithoutKnownHang(uint16_t flags, std::string_view stream);

}  // namespace nodefuzz::http
