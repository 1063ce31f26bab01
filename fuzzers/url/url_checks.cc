#include "url_checks.h"

#include <string>

#include "known_ada_bugs.h"
#include "node_url_getters.h"
#include "oracle.h"

namespace nodefuzz::url {
namespace {

// The components `new URL()` exposes, in one order, compared getter by getter without copying
// url_aggregator's (ada::url's getters return strings anyway). `visit(name, want, got)` returns
// false to stop.
template <typename Visit>
bool ForEachComponent(const ada::url& reference, const ada::url_aggregator& aggregator,
                      Visit visit) {
  return visit("href", reference.get_href(), aggregator.get_href()) &&
         visit("origin", reference.get_origin(), aggregator.get_origin()) &&
         visit("protocol", reference.get_protocol(), aggregator.get_protocol()) &&
         visit("username", reference.get_username(), aggregator.get_username()) &&
         visit("password", reference.get_password(), aggregator.get_password()) &&
         visit("host", reference.get_host(), aggregator.get_host()) &&
         visit("hostname", reference.get_hostname(), aggregator.get_hostname()) &&
         visit("port", reference.get_port(), aggregator.get_port()) &&
         visit("pathname", reference.get_pathname(), aggregator.get_pathname()) &&
         visit("search", reference.get_search(), aggregator.get_search()) &&
         visit("hash", reference.get_hash(), aggregator.get_hash());
}

std::string Describe(const Context& context) {
  std::string text =
      "after " + std::string(StepName(context.step)) + "(\"" + Printable(context.input) + "\")";
  if (!context.on.empty()) text += " on \"" + Printable(context.on) + "\"";
  return text;
}

// ada added a precomputed href size in later versions; check it where it exists.
template <typename Url>
void CheckHrefSize(const Url& u, const Context& context) {
  if constexpr (requires { u.get_href_size(); }) {
    const size_t real = u.get_href().size();
    NODEFUZZ_ORACLE(u.get_href_size() == real, "url.href-size",
                    Describe(context) + ": get_href_size() is " +
                        std::to_string(u.get_href_size()) + " but the href \"" +
                        Printable(u.get_href()) + "\" has " + std::to_string(real) + " bytes");
  }
}

}  // namespace

const char* StepName(Step step) {
  static constexpr const char* kNames[] = {
      "parse",        "parse of the base", "parse against the base", "set_href",
      "set_protocol", "set_username",      "set_password",           "set_host",
      "set_hostname", "set_port",          "set_pathname",           "set_search",
      "set_hash"};
  return kNames[static_cast<int>(step)];
}

bool CheckUrl(const ada::url& reference, const ada::url_aggregator& aggregator,
              const Context& context) {
  // First: the getters below trust the offsets, and read out of range when they are wrong.
  const bool valid = aggregator.validate();
  if (!valid && IsKnownRepresentationBug(reference, aggregator, context)) return false;
  NODEFUZZ_ORACLE(valid, "url.validate",
                  Describe(context) + ": url_aggregator::validate() fails for href \"" +
                      Printable(aggregator.get_href()) + "\", components " +
                      aggregator.get_components().to_string());

  const bool agree = ForEachComponent(
      reference, aggregator,
      [](const char*, std::string_view want, std::string_view got) { return want == got; });
  if (!agree) {
    if (IsKnownRepresentationBug(reference, aggregator, context)) return false;
    ForEachComponent(
        reference, aggregator, [&](const char* name, std::string_view want, std::string_view got) {
          // Long values are cut in the report, so name where they part and show both from there.
          size_t at = 0;
          while (at < want.size() && at < got.size() && want[at] == got[at]) ++at;
          const size_t from = at > 40 ? at - 40 : 0;
          NODEFUZZ_ORACLE(want == got, "url.representations-agree",
                          Describe(context) + ": " + name + " differs from byte " +
                              std::to_string(at) + ": \"" + (from ? "..." : "") +
                              Printable(want.substr(from), 100) + "\" in ada::url but \"" +
                              (from ? "..." : "") + Printable(got.substr(from), 100) +
                              "\" in ada::url_aggregator");
          return true;
        });
  }

  // Only once both representations agree, so url_aggregator's getters give the standard's values.
  // (Temporaries some ada versions' getters return live to the end of the full expression.)
  const NodeUrlGetters node = NodeGetters(aggregator);
  const auto node_getter = [&](const char* name, std::string_view want, std::string_view got) {
    NODEFUZZ_ORACLE(want == got, "url.node-getters",
                    Describe(context) + ": Node's URL getter " + name + " gives \"" +
                        Printable(got, 100) + "\" from the href \"" +
                        Printable(aggregator.get_href(), 100) + "\" and components " +
                        aggregator.get_components().to_string() + ", the standard gives \"" +
                        Printable(want, 100) + "\"");
  };
  node_getter("protocol", aggregator.get_protocol(), node.protocol);
  node_getter("username", aggregator.get_username(), node.username);
  node_getter("password", aggregator.get_password(), node.password);
  node_getter("host", aggregator.get_host(), node.host);
  node_getter("hostname", aggregator.get_hostname(), node.hostname);
  node_getter("port", aggregator.get_port(), node.port);
  node_getter("pathname", aggregator.get_pathname(), node.pathname);
  node_getter("search", aggregator.get_search(), node.search);
  node_getter("hash", aggregator.get_hash(), node.hash);

  if (!aggregator.has_opaque_path) {
    const std::string_view pathname = aggregator.get_pathname();
    if (HasDotSegment(pathname)) {
      if (IsKnownDotSegmentBug(pathname)) return false;
      NODEFUZZ_ORACLE(
          false, "url.no-dot-segments",
          Describe(context) + ": the path \"" + Printable(pathname) + "\" keeps a dot segment");
    }
  }

  // WHATWG serialization is meant to be a fixed point of parsing: href → parse → same href.
  // A setter that left the href as it was (a rejected value, most of them) needs no second
  // parse: the href it started from was checked after the step before, and parsing reads the
  // href alone.
  const std::string_view href = aggregator.get_href();
  if (context.on.empty() || href != context.on) {
    const auto reparsed = ada::parse<ada::url_aggregator>(href);
    if (!reparsed && HasKnownXnXnLabelBug(aggregator.get_hostname())) return false;
    NODEFUZZ_ORACLE(reparsed.has_value(), "url.reparse-stable",
                    Describe(context) + ": the href \"" + Printable(href) + "\" does not parse");
    NODEFUZZ_ORACLE(reparsed->get_href() == href, "url.reparse-stable",
                    Describe(context) + ": the href \"" + Printable(href) + "\" parses as \"" +
                        Printable(reparsed->get_href()) + "\"");
  }

  CheckHrefSize(reference, context);
  CheckHrefSize(aggregator, context);
  return true;
}

bool CheckResults(const ada::result<ada::url>& reference,
                  const ada::result<ada::url_aggregator>& aggregator, const Context& context) {
  NODEFUZZ_ORACLE(reference.has_value() == aggregator.has_value(), "url.representations-agree",
                  Describe(context) + ": ada::url " + (reference ? "succeeds" : "fails") +
                      " but ada::url_aggregator " + (aggregator ? "succeeds" : "fails"));
  return !(reference && aggregator) || CheckUrl(*reference, *aggregator, context);
}

bool IsDotSegment(std::string_view segment) {
  // Runs on every path segment after every step: compare in place, no lower-cased copy.
  const auto is_dot = [&](size_t& at) {
    if (at < segment.size() && segment[at] == '.') return ++at, true;
    if (at + 3 <= segment.size() && segment[at] == '%' && segment[at + 1] == '2' &&
        (segment[at + 2] == 'e' || segment[at + 2] == 'E')) {
      return at += 3, true;
    }
    return false;
  };
  size_t at = 0;
  if (!is_dot(at)) return false;
  if (at == segment.size()) return true;      // "." or "%2e"
  return is_dot(at) && at == segment.size();  // ".." and its spellings
}

bool HasDotSegment(std::string_view pathname) {
  for (size_t start = 0; start <= pathname.size();) {
    const size_t slash = std::min(pathname.find('/', start), pathname.size());
    if (IsDotSegment(pathname.substr(start, slash - start))) return true;
    start = slash + 1;
  }
  return false;
}

bool StartsWithFragment(std::string_view input) {
  for (const char c : input) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;  // C0 control, space, tab or newline
    return c == '#';
  }
  return false;
}

void CheckCanParse(std::string_view input, const std::string_view* base, bool parsed) {
  const bool can = ada::can_parse(input, base);
  NODEFUZZ_ORACLE(can == parsed, "url.can-parse",
                  "can_parse(\"" + Printable(input) + "\"" +
                      (base ? ", \"" + Printable(*base) + "\"" : std::string()) + ") is " +
                      (can ? "true" : "false") + " but parse " + (parsed ? "succeeds" : "fails"));
}

}  // namespace nodefuzz::url
