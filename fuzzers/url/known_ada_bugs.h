// Known ada bugs (docs/FINDINGS.md), recognised by their exact shape so a fuzzing run does not stop
// on them again and again. Each shape has a name ("ada.opaque-base-fragment") under which
// fuzzers/known_findings.json registers it with the ada versions that have it; a function answers
// false on other versions and with NODEFUZZ_KNOWN_FINDINGS=report
// (fuzzers/common/known_findings.h), so tests/findings still sees them.
#pragma once

#include <string>
#include <string_view>

#include "ada.h"
#include "search_params_model.h"
#include "url_checks.h"

namespace nodefuzz::url {

// The two representations disagree, or url_aggregator's offsets broke, exactly as one of the
// shapes ada.base-empty-query-dropped, ada.reference-relative-dot-segments,
// ada.host-setter-empty-authority, ada.pathname-setter-dash-dot,
// ada.pathname-setter-newline-dash-dot, ada.host-setter-port-keeps-dash-dot or
// ada.protocol-setter-port-zero does after `context`.
bool IsKnownRepresentationBug(const ada::url& reference, const ada::url_aggregator& aggregator,
                              const Context& context);

// ada.host-setter-port-without-host: the host setter on a non-special URL given a value that starts
// with ':' empties the host instead of failing. Decided before the call, from the URL and the
// value.
bool IsKnownHostSetterBug(const ada::url_aggregator& url, std::string_view value);

// ada.dot-segment-after-dot-prefix: a dot segment after a segment that starts with '.'
// ("/x/.b/../d") is kept.
bool IsKnownDotSegmentBug(std::string_view pathname);

// ada.stale-invalid-url: both representations keep is_valid false after a rejected host setter, so
// a later set_port does nothing. The caller checks the shape (a URL invalid before the step that
// went wrong).
bool IsKnownStaleInvalidUrl();

// ada.port-setter-non-digit: the port setter clears the port for a value that does not start with a
// digit (after tab and newline are removed), where the standard leaves the port unchanged.
bool IsKnownPortSetterBug(std::string_view value, std::string_view port_after);

// ada.opaque-base-fragment: an input that contains '#' anywhere resolves against a base with an
// opaque path.
bool IsKnownOpaqueBaseBug(std::string_view input);

// ada.search-params-backslash: toString() leaves '\' unencoded. Returns `serialized` with every '\'
// as %5C, so the comparison with the spec goes on for the rest of the string; unchanged in report
// mode.
std::string WithKnownSerializeBugCorrected(std::string_view serialized);

// ada.search-params-sort-utf8: sort() ordered `before` by UTF-8 bytes of the names, giving `after`.
bool IsKnownSortBug(const SearchEntries& before, const SearchEntries& after);

// ada.idna-xn-xn-label: ToASCII rejects an A-label whose Punycode part itself starts with "xn--"
// ("xn--xn--3ed-c3aa", which ToASCII("x\u00ff\u00ffn--3ed") produces). `ascii` is a host or a
// domain in ASCII form.
bool HasKnownXnXnLabelBug(std::string_view ascii);

// ada.punycode-leading-delimiter: ToASCII accepted a Punycode label with a leading delimiter
// ("xn---...").
bool HasKnownPunycodeBug(std::string_view ascii_domain);

}  // namespace nodefuzz::url
