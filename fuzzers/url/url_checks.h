// The oracles every URL target applies to a parsed URL, and after every setter.
//
// ada keeps two representations of a URL: ada::url (one std::string per component, the
// reference) and ada::url_aggregator (one buffer plus offsets, what Node uses). They are written
// separately, so each is the other's oracle. The ids:
//   url.representations-agree  same success, same href and every component
//   url.validate               url_aggregator::validate() holds (its offsets are consistent)
//   url.reparse-stable         parsing the href again succeeds and gives the same href
//   url.href-size              the precomputed href size equals the real one (ada versions with it)
//   url.can-parse              ada::can_parse succeeds exactly when parsing does
//   url.no-dot-segments        url_aggregator's list path holds no "." or ".." segment (the path
//                              parser removes every one, in any spelling: ".", "%2e", ".%2E", ...)
//   url.node-getters           the values Node's URL getters give (lib/internal/url.js slices
//                              the href with url_aggregator's components) are the getters' values
#pragma once

#include <cstdint>
#include <string_view>

#include "ada.h"

namespace nodefuzz::url {

// The step that produced the URL: a parse, or one of the setters (in url_setters' input order).
enum class Step {
  kParse,
  kParseBase,
  kParseAgainstBase,
  kSetHref,
  kSetProtocol,
  kSetUsername,
  kSetPassword,
  kSetHost,
  kSetHostname,
  kSetPort,
  kSetPathname,
  kSetSearch,
  kSetHash,
};
inline constexpr int kSetterCount = 10;
// url_setters' first u16: the href's length, and whether a base follows the href.
inline constexpr uint16_t kSetterHrefLength = 0x7fff;
inline constexpr uint16_t kSetterBaseFollows = 0x8000;
inline Step SetterStep(int setter) {
  return static_cast<Step>(static_cast<int>(Step::kSetHref) + setter);
}

// Setter number `setter` (url_setters' input layout: href, protocol, ..., hash) with `value`;
// ada returns whether the assignment was accepted, except for search and hash, which always are.
template <typename Url>
bool ApplySetter(Url& u, int setter, std::string_view value) {
  switch (setter) {
    case 0:
      return u.set_href(value);
    case 1:
      return u.set_protocol(value);
    case 2:
      return u.set_username(value);
    case 3:
      return u.set_password(value);
    case 4:
      return u.set_host(value);
    case 5:
      return u.set_hostname(value);
    case 6:
      return u.set_port(value);
    case 7:
      return u.set_pathname(value);
    case 8:
      u.set_search(value);
      return true;
    default:
      u.set_hash(value);
      return true;
  }
}
// "parse", "parse of the base", "set_host", ...: for reports only; decisions use the Step.
const char* StepName(Step step);

// What the check is about: the input and the step that produced the URL.
struct Context {
  Step step;
  std::string_view input;  // the input or the setter's value
  std::string_view on{};   // for a setter: the href it was applied to, already checked
};

// Both return false, instead of reporting, when the URL has the shape of a known ada bug
// (known_ada_bugs.h): the two representations then differ, so the caller stops checking this input.

// Both representations succeeded or both failed; when both succeeded, all the checks above.
[[nodiscard]] bool CheckResults(const ada::result<ada::url>& reference,
                                const ada::result<ada::url_aggregator>& aggregator,
                                const Context& context);

// All the checks on two successfully built representations of the same URL.
[[nodiscard]] bool CheckUrl(const ada::url& reference, const ada::url_aggregator& aggregator,
                            const Context& context);

// Whether a path segment is "." or "..", in any of its spellings ("%2e", ".%2E", ...).
bool IsDotSegment(std::string_view segment);

// Whether a pathname has such a segment.
bool HasDotSegment(std::string_view pathname);

// Whether the parser's first code point is '#': after leading and trailing C0 controls and spaces
// are stripped and every ASCII tab and newline removed.
bool StartsWithFragment(std::string_view input);

// url.can-parse for one parse: `parsed` is whether ada::parse succeeded with the same arguments.
void CheckCanParse(std::string_view input, const std::string_view* base, bool parsed);

}  // namespace nodefuzz::url
