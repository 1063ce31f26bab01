#include "known_ada_bugs.h"

#include <algorithm>

#include "known_findings.h"

namespace nodefuzz::url {
namespace {

// A URL without an authority whose path starts with "//" serializes as "scheme:/.//path"; the
// "/." is not part of the path, so compare without it.
std::string_view WithoutDashDot(std::string_view rest) {
  return rest.starts_with("/.//") ? rest.substr(2) : rest;
}

// `with` is `without` plus an empty authority ("//") right after the scheme.
bool DiffersByEmptyAuthority(std::string_view with, std::string_view without) {
  return with.size() == without.size() + 2 && with.starts_with("//") && with.substr(2) == without;
}

}  // namespace

bool IsKnownRepresentationBug(const ada::url& reference, const ada::url_aggregator& aggregator,
                              const Context& context) {
  const std::string want = reference.get_href();
  const std::string got(aggregator.get_href());  // the raw buffer: safe even with broken offsets
  const Step step = context.step;

  if (step == Step::kParseAgainstBase) {
    // url_aggregator drops the base's empty query ("?" at the end or before the fragment).
    const size_t query = want.find('?');
    if (KnownFinding("ada.base-empty-query-dropped") && query != std::string::npos &&
        (query + 1 == want.size() || want[query + 1] == '#') &&
        want.substr(0, query) + want.substr(query + 1) == got) {
      return true;
    }
    // ada::url keeps dot segments of a relative path.
    if (KnownFinding("ada.reference-relative-dot-segments") && !reference.has_opaque_path &&
        HasDotSegment(reference.get_pathname()) && !HasDotSegment(aggregator.get_pathname())) {
      return true;
    }
  }

  // A dot segment after a segment that starts with '.' is kept; ada::url and url_aggregator
  // have it on different code paths (the pathname setter: ada::url only).
  if (!reference.has_opaque_path && IsKnownDotSegmentBug(reference.get_pathname()) &&
      !HasDotSegment(aggregator.get_pathname())) {
    return true;
  }

  if ((step == Step::kSetHost || step == Step::kSetHostname) &&
      KnownFinding("ada.host-setter-empty-authority")) {
    // On a non-special URL, url_aggregator adds an empty authority when the host parser fails,
    // and does not add it when the value is the empty host.
    const std::string protocol = std::string(reference.get_protocol());
    if (want.starts_with(protocol) && got.starts_with(protocol)) {
      const std::string_view rest_want = std::string_view(want).substr(protocol.size());
      const std::string_view rest_got = std::string_view(got).substr(protocol.size());
      if (DiffersByEmptyAuthority(rest_got, rest_want) ||
          DiffersByEmptyAuthority(rest_want, rest_got) ||
          DiffersByEmptyAuthority(WithoutDashDot(rest_want), WithoutDashDot(rest_got)) ||
          DiffersByEmptyAuthority(WithoutDashDot(rest_got), WithoutDashDot(rest_want))) {
        return true;
      }
    }
  }

  // The pathname setter on a URL without an authority, given a path that starts with an empty
  // segment, writes the "/." that keeps such a path from reading as an authority into
  // url_aggregator's buffer and breaks its offsets (the "/." may even stay when the path loses
  // that segment again, "//.%2e").
  if (step == Step::kSetPathname && KnownFinding("ada.pathname-setter-dash-dot") &&
      !aggregator.validate() && !reference.host.has_value() &&
      got.starts_with(std::string(reference.get_protocol()) + "/.")) {
    return true;
  }
  // The same setter given such a path after a tab or newline (removed before parsing) leaves the
  // "/." out, and the href then reads as having an empty host.
  if (step == Step::kSetPathname && KnownFinding("ada.pathname-setter-newline-dash-dot") &&
      !reference.host.has_value()) {
    const std::string protocol = std::string(reference.get_protocol());
    if (want.starts_with(protocol + "/.//") && got.starts_with(protocol) &&
        want.substr(protocol.size() + 2) == got.substr(protocol.size())) {
      return true;
    }
  }

  // The host setter given a host and a port on a URL whose path starts with "//" keeps the "/."
  // that only a URL without a host serializes: url_aggregator's href is ada::url's with "/."
  // before the path.
  if (step == Step::kSetHost && KnownFinding("ada.host-setter-port-keeps-dash-dot") &&
      reference.host.has_value() && reference.get_pathname().starts_with("//")) {
    for (size_t at = got.find("/.//"); at != std::string::npos; at = got.find("/.//", at + 1)) {
      if (got.substr(0, at) + got.substr(at + 2) == want) return true;
    }
  }

  // set_protocol to a non-special scheme drops an explicit port 0 from url_aggregator.
  if (step == Step::kSetProtocol && KnownFinding("ada.protocol-setter-port-zero") &&
      reference.get_port() == "0" && aggregator.get_port().empty()) {
    return true;
  }
  return false;
}

bool IsKnownHostSetterBug(const ada::url_aggregator& url, std::string_view value) {
  static const bool known = KnownFinding("ada.host-setter-port-without-host") != 0;
  if (!known || url.is_special() || url.has_opaque_path) return false;
  // The setter removes ASCII tab and newline before it looks at the value.
  const size_t first = value.find_first_not_of("\t\n\r");
  return first != std::string_view::npos && value[first] == ':';
}

bool IsKnownDotSegmentBug(std::string_view pathname) {
  if (!KnownFinding("ada.dot-segment-after-dot-prefix")) return false;
  // Only a path where a segment that starts with '.' comes before the dot segment.
  for (size_t start = 1; start < pathname.size();) {
    const size_t slash = std::min(pathname.find('/', start), pathname.size());
    const std::string_view segment = pathname.substr(start, slash - start);
    if (IsDotSegment(segment)) return false;
    if (segment.starts_with('.')) return HasDotSegment(pathname.substr(slash));
    start = slash + 1;
  }
  return false;
}

bool IsKnownStaleInvalidUrl() { return KnownFinding("ada.stale-invalid-url") != 0; }

bool IsKnownPortSetterBug(std::string_view value, std::string_view port_after) {
  if (!KnownFinding("ada.port-setter-non-digit") || !port_after.empty()) return false;
  const size_t first = value.find_first_not_of("\t\n\r");
  return first == std::string_view::npos || value[first] < '0' || value[first] > '9';
}

bool IsKnownOpaqueBaseBug(std::string_view input) {
  static const bool known = KnownFinding("ada.opaque-base-fragment") != 0;
  return known && input.find('#') != std::string_view::npos;
}

std::string WithKnownSerializeBugCorrected(std::string_view serialized) {
  static const bool known = KnownFinding("ada.search-params-backslash") != 0;
  std::string out;
  out.reserve(serialized.size());
  for (const char c : serialized) {
    if (c == '\\' && known) {
      out += "%5C";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsKnownSortBug(const SearchEntries& before, const SearchEntries& after) {
  if (!KnownFinding("ada.search-params-sort-utf8")) return false;
  SearchEntries by_bytes = before;
  std::stable_sort(by_bytes.begin(), by_bytes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return by_bytes == after;
}

bool HasKnownXnXnLabelBug(std::string_view ascii) {
  static const bool known = KnownFinding("ada.idna-xn-xn-label") != 0;
  if (!known) return false;
  for (size_t start = 0; start < ascii.size();) {
    const size_t dot = std::min(ascii.find('.', start), ascii.size());
    std::string_view label = ascii.substr(start, dot - start);
    if (label.size() >= 8) {
      std::string prefix(label.substr(0, 8));
      for (char& c : prefix) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (prefix == "xn--xn--") return true;
    }
    start = dot + 1;
  }
  return false;
}

bool HasKnownPunycodeBug(std::string_view ascii_domain) {
  if (!KnownFinding("ada.punycode-leading-delimiter")) return false;
  for (size_t start = 0; start <= ascii_domain.size();) {
    const size_t dot = std::min(ascii_domain.find('.', start), ascii_domain.size());
    if (ascii_domain.substr(start, dot - start).starts_with("xn---")) return true;
    start = dot + 1;
  }
  return false;
}

}  // namespace nodefuzz::url
