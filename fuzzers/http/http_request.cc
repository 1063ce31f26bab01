// HTTP/1.x requests through llhttp as Node's server parses them, with the oracles of
// trace/trace_oracles.cc. Input layout: http_input.h.
#include <cstddef>
#include <cstdint>

#include "trace_oracles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::CheckHttpOracles(data, size, HTTP_REQUEST);
  return 0;
}
