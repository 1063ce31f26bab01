// Known, unfixed ada bugs (docs/FINDINGS.md, numbers below), recognised by their exact shape so a
// fuzzing run does not stop on them again and again (fuzzers/common/known_findings.h). Every
// function answers false when NODEFUZZ_KNOWN_FINDINGS=report, so tests/findings still sees them.
#pragma once

#include <string>
#include <string_view>

#include "ada.h"
#include "search_params_model.h"
#include "url_checks.h"

namespace nodefuzz::url {

// The two representations disagree, or url_aggregator's offsets broke, exactly as one of
// findings 8, 9, 13 or 15 does after `context`.
bool IsKnownRepresentationBug(const ada::url& reference, const ada::url_aggregator& aggregator,
                              const Context& context);

// Finding 14: the host setter on a non-special URL given a value that starts with ':' empties the
// host instead of failing. Decided before the call, from the URL and the value.
bool IsKnownHostSetterBug(const ada::url_aggregator& url, std::string_view value);

// Finding 19: a dot segment after a segment that starts with '.' ("/x/.b/../d") is kept.
bool IsKnownDotSegmentBug(std::string_view pathname);

// Finding 16: both representations keep is_valid false after a rejected host setter, so a later
// set_port does nothing. The caller checks the shape (a URL invalid before the step that went wrong).
bool IsKnownStaleInvalidUrl();

// Finding 17: the port setter clears the port for a value that does not start with a digit
// (after tab and newline are removed), where the standard leaves the port unchanged.
bool IsKnownPortSetterBug(std::string_view value, std::string_view port_after);

// Finding 18: an input that contains '#' anywhere resolves against a base with an opaque path.
bool IsKnownOpaqueBaseBug(std::string_view input);

// Finding 10: toString() leaves '\' unencoded. Returns `serialized` with every '\' as %5C, so the
// comparison with the spec goes on for the rest of the string; unchanged in report mode.
std::string WithKnownSerializeBugCorrected(std::string_view serialized);

// Finding 11: sort() ordered `before` by UTF-8 bytes of the names, giving `after`.
bool IsKnownSortBug(const SearchEntries& before, const SearchEntries& after);

// Finding 12: ToASCII accepted a Punycode label with a leading delimiter ("xn---...").
bool HasKnownPunycodeBug(std::string_view ascii_domain);

}  // namespace nodefuzz::url
