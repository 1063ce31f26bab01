// Known bugs of the parsers in use (docs/FINDINGS.md, registered in fuzzers/known_findings.json)
// are not re-reported while fuzzing, so they do not drown new ones: a target that meets one
// recognises it by a key — an oracle id, a shape name ("ada.opaque-base-fragment") or a simdutf
// kernel function ("simdutf.icelake.validate_utf16le") — and stops checking that input.
// NODEFUZZ_KNOWN_FINDINGS=report turns that off; the tests/findings reproducers run that way.
#pragma once

#include <string_view>
#include <vector>

namespace nodefuzz {

bool ReportKnownFindings();

// The number of the known finding `key` belongs to, when the parser versions of this build have
// it (cmake/KnownFindings.cmake decides, at configure time); 0 otherwise.
int KnownFindingInThisBuild(std::string_view key);

// Every key of this build's known findings that starts with `prefix` ("simdutf.icelake.").
std::vector<std::string_view> KnownFindingKeysInThisBuild(std::string_view prefix);

// The same, but 0 with NODEFUZZ_KNOWN_FINDINGS=report: what a target asks before it skips an input.
int KnownFinding(std::string_view key);

}  // namespace nodefuzz
