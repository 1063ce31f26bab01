// url_setters: parse, then assign URL properties in an input-chosen order, as a script does
// with `url.host = ...`; both representations get the same calls.
//
// Input layout (InputReader; missing bytes read as zero):
//   u16 href length (bits 0-14) and whether a base follows (bit 15), then the href to parse
//   only when bit 15 is set: u16 base length, then the base: the href is parsed against it, as
//   `new URL(href, base)` does (relative references, and the base's parts they copy)
//   then steps, each: u8 setter (mod 10: href, protocol, username, password, host, hostname, port,
//   pathname, search, hash — url::Step in url_checks.h), u8 value length, value bytes
// The href and every value are made valid UTF-8 first (usv_string.h), as Node hands them to ada.
// After every step: both setters returned the same, and the url.* oracles of url_checks.h.
// After set_port, also url.port-setter: url_aggregator's port is what the standard's port setter
// gives (ExpectedPort below); the two representations can agree on a wrong port.
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
#include "port_setter_model.h"
#include "url_checks.h"
#include "usv_string.h"

using nodefuzz::ExactCopy;
namespace url = nodefuzz::url;

namespace {

constexpr int kMaxSteps = 8;  // one per component is enough to reach any state; keeps an input fast

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::InputReader reader(data, size);
  const uint16_t href_field = reader.TakeU16();
  const ExactCopy href(url::AsUsvString(reader.Take(href_field & url::kSetterHrefLength)));
  std::optional<ada::url> base_reference;
  std::optional<ada::url_aggregator> base_aggregator;
  if (href_field & url::kSetterBaseFollows) {
    const ExactCopy base(url::AsUsvString(reader.Take(reader.TakeU16())));
    auto parsed_reference = ada::parse<ada::url>(base.view());
    auto parsed_aggregator = ada::parse<ada::url_aggregator>(base.view());
    if (!url::CheckResults(parsed_reference, parsed_aggregator,
                           {url::Step::kParseBase, base.view()}) ||
        !parsed_aggregator)
      return 0;  // new URL(href, base) throws before it reads the href
    base_reference = std::move(*parsed_reference);
    base_aggregator = std::move(*parsed_aggregator);
  }
  auto reference = ada::parse<ada::url>(href.view(), base_reference ? &*base_reference : nullptr);
  auto aggregator =
      ada::parse<ada::url_aggregator>(href.view(), base_aggregator ? &*base_aggregator : nullptr);
  const url::Step parsed = base_aggregator ? url::Step::kParseAgainstBase : url::Step::kParse;
  if (!url::CheckResults(reference, aggregator, {parsed, href.view()}) || !aggregator) return 0;

  for (int step = 0; step < kMaxSteps && !reader.Rest().empty(); ++step) {
    const int setter = reader.TakeByte() % url::kSetterCount;
    const url::Step applied = url::SetterStep(setter);
    const ExactCopy value(url::AsUsvString(reader.Take(reader.TakeByte())));
    if (applied == url::Step::kSetHost && url::IsKnownHostSetterBug(*aggregator, value.view()))
      return 0;
    const std::string before(aggregator->get_href());
    // ada.stale-invalid-url: a rejected setter leaves is_valid false, and set_port then does
    // nothing.
    const bool was_invalid = !reference->is_valid || !aggregator->is_valid;
    const std::string expected_port =
        applied == url::Step::kSetPort
            ? url::ExpectedPort(aggregator->get_protocol(), aggregator->get_hostname(),
                                aggregator->get_port(), value.view())
            : std::string();
    const bool reference_accepted = url::ApplySetter(*reference, setter, value.view());
    const bool aggregator_accepted = url::ApplySetter(*aggregator, setter, value.view());
    if (reference_accepted != aggregator_accepted && was_invalid && url::IsKnownStaleInvalidUrl()) {
      return 0;
    }
    NODEFUZZ_ORACLE(reference_accepted == aggregator_accepted, "url.representations-agree",
                    std::string(url::StepName(applied)) + "(\"" +
                        nodefuzz::Printable(value.view()) + "\") on \"" +
                        nodefuzz::Printable(before) + "\" returns " +
                        (reference_accepted ? "true" : "false") + " for ada::url but " +
                        (aggregator_accepted ? "true" : "false") + " for ada::url_aggregator");
    // ada.stale-invalid-url also drops the port of a host value ("h:8080") in the invalid
    // representation.
    if (was_invalid && aggregator->validate() && reference->get_port() != aggregator->get_port() &&
        url::IsKnownStaleInvalidUrl()) {
      return 0;
    }
    if (!url::CheckUrl(*reference, *aggregator, {applied, value.view(), before})) return 0;
    if (applied == url::Step::kSetPort && aggregator->get_port() != expected_port) {
      if (url::IsKnownPortSetterBug(value.view(), aggregator->get_port())) return 0;
      if (was_invalid && url::IsKnownStaleInvalidUrl()) return 0;
      NODEFUZZ_ORACLE(false, "url.port-setter",
                      "set_port(\"" + nodefuzz::Printable(value.view()) + "\") on \"" +
                          nodefuzz::Printable(before) + "\" gives the port \"" +
                          std::string(aggregator->get_port()) + "\", the standard says \"" +
                          expected_port + "\"");
    }
  }
  return 0;
}
