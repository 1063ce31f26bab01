// url_parse: ada's WHATWG URL parser as `new URL(input[, base])` uses it.
//
// Input layout (InputReader; missing bytes read as zero):
//   u8  flags       bit 0: also parse against a base; bit 1: the input is also a file path, as
//                   url.pathToFileURL(path) hands it to ada (node_url.cc: '%' escaped as "%25",
//                   then ada::href_from_file)
//   u16 base length only when bit 0 is set; the base is the next that many bytes
//   ... input       the rest
// Input and base are made valid UTF-8 first (usv_string.h), as Node hands them to ada.
// The input is parsed alone and, when a base is given, against it, each time with both
// representations; the url.* oracles of url_checks.h apply to every result, and:
//   url.opaque-base  an input without a scheme resolves against a base with an opaque path
//                    ("mailto:x") only when it starts with '#' (WHATWG URL, no scheme state).
// A file path's href is parsed like any input (the url.* oracles), and it must be what it parses
// to (url.reparse-stable): Node makes the URL object of pathToFileURL from it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ada.h"
#include "exact_copy.h"
#include "fuzz_entry.h"
#include "input_reader.h"
#include "known_ada_bugs.h"
#include "oracle.h"
#include "url_checks.h"
#include "usv_string.h"

using nodefuzz::ExactCopy;
namespace url = nodefuzz::url;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::InputReader reader(data, size);
  const uint8_t flags = reader.TakeByte();
  const bool with_base = flags & 1;
  std::optional<ExactCopy> base;
  if (with_base) base.emplace(url::AsUsvString(reader.Take(reader.TakeU16())));
  const ExactCopy input(url::AsUsvString(reader.Rest()));

  if (flags & 2) {
    std::string escaped;
    for (const char c : input.view()) {
      escaped += c;
      if (c == '%') escaped += "25";
    }
    const std::string href = ada::href_from_file(escaped);
    const auto reference = ada::parse<ada::url>(href);
    const auto aggregator = ada::parse<ada::url_aggregator>(href);
    if (!url::CheckResults(reference, aggregator, {url::Step::kParse, href})) return 0;
    NODEFUZZ_ORACLE(
        aggregator && aggregator->get_href() == href, "url.reparse-stable",
        "href_from_file(\"" + nodefuzz::Printable(escaped) + "\") is \"" +
            nodefuzz::Printable(href) + "\", which " +
            (aggregator ? "parses as \"" + nodefuzz::Printable(aggregator->get_href()) + "\""
                        : std::string("does not parse")));
  }

  bool input_alone_parses = false;
  {
    const auto reference = ada::parse<ada::url>(input.view());
    const auto aggregator = ada::parse<ada::url_aggregator>(input.view());
    if (!url::CheckResults(reference, aggregator, {url::Step::kParse, input.view()})) return 0;
    url::CheckCanParse(input.view(), nullptr, aggregator.has_value());
    input_alone_parses = aggregator.has_value();
  }
  if (!base) return 0;

  const auto base_reference = ada::parse<ada::url>(base->view());
  const auto base_aggregator = ada::parse<ada::url_aggregator>(base->view());
  if (!url::CheckResults(base_reference, base_aggregator, {url::Step::kParseBase, base->view()}))
    return 0;
  if (!base_aggregator) return 0;  // new URL(input, base) throws before parsing the input

  const auto reference = ada::parse<ada::url>(input.view(), &*base_reference);
  const auto aggregator = ada::parse<ada::url_aggregator>(input.view(), &*base_aggregator);
  // Without a base, an input fails exactly when it has no scheme (or is invalid with one, and
  // then a base does not help it either). Checked first: such a URL should not exist at all.
  if (aggregator && base_aggregator->has_opaque_path && !input_alone_parses &&
      !url::StartsWithFragment(input.view())) {
    if (url::IsKnownOpaqueBaseBug(input.view())) return 0;
    NODEFUZZ_ORACLE(
        false, "url.opaque-base",
        "new URL(\"" + nodefuzz::Printable(input.view()) + "\", \"" +
            nodefuzz::Printable(base->view()) + "\") succeeds as \"" +
            nodefuzz::Printable(aggregator->get_href()) +
            "\"; the base has an opaque path and the input no scheme and no leading '#'");
  }
  if (!url::CheckResults(reference, aggregator, {url::Step::kParseAgainstBase, input.view()}))
    return 0;
  const std::string_view base_view = base->view();
  url::CheckCanParse(input.view(), &base_view, aggregator.has_value());
  return 0;
}
