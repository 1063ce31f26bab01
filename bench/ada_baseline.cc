// Crash-only baseline for the URL targets: the input parsed once, as url_aggregator, the way Node
// parses `new URL(input)`, with no oracle.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ada.h"
#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parsed = ada::parse<ada::url_aggregator>(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return parsed ? 0 : 0;
}
