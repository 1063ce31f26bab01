// Crash-only baselines for the URL targets, with no oracle:
//   bench_ada_parse  the input parsed once, as url_aggregator, the way Node parses `new URL(input)`
//   bench_ada_idna   (ADA_BASELINE_IDNA) the input as a domain through ToASCII once, what
//                    url_idna's parser is; parsing it as a URL would mostly stop at "no scheme"
//                    before any IDNA code runs, which is no baseline for that target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ada.h"
#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
#ifdef ADA_BASELINE_IDNA
  return ada::idna::to_ascii(input).empty() ? 0 : 0;
#else
  const auto parsed = ada::parse<ada::url_aggregator>(input);
  return parsed ? 0 : 0;
#endif
}
