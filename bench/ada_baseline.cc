// Crash-only baselines for the URL targets, with no oracle:
//   bench_ada_parse  the input parsed once, as url_aggregator, the way Node parses `new URL(input)`
//   bench_ada_idna   (ADA_BASELINE_IDNA) the input as a domain through the two entry points
//                    url_idna fuzzes, once each: ToASCII, and url.domainToASCII() as node_url.cc
//                    runs it (the hostname setter of an ada::url parsed from "ws://x"); parsing
//                    it as a URL would mostly stop at "no scheme" before any IDNA code runs,
//                    which is no baseline for that target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ada.h"
#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
#ifdef ADA_BASELINE_IDNA
  const bool ascii = !ada::idna::to_ascii(input).empty();
  auto node_url = ada::parse<ada::url>("ws://x");
  return ascii && node_url && node_url->set_hostname(input) ? 0 : 0;
#else
  const auto parsed = ada::parse<ada::url_aggregator>(input);
  return parsed ? 0 : 0;
#endif
}
