// Known, unfixed bugs of the parser in use (docs/FINDINGS.md, tests/findings/) are not re-reported
// while fuzzing, so they do not drown new ones: a target stops checking an input of exactly that
// shape. NODEFUZZ_KNOWN_FINDINGS=report turns that off; the tests/findings reproducers run that way.
#pragma once

#include <cstdlib>
#include <string_view>

namespace nodefuzz {

inline bool ReportKnownFindings() {
  static const bool report = [] {
    const char* v = std::getenv("NODEFUZZ_KNOWN_FINDINGS");
    return v != nullptr && std::string_view(v) == "report";
  }();
  return report;
}

}  // namespace nodefuzz
