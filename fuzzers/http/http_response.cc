// HTTP/1.x responses through llhttp as Node's client parses them, with the oracles of
// trace/trace_oracles.cc. Input layout: http_input.h.
#include <cstddef>
#include <cstdint>

#include "trace_oracles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::CheckHttpOracles(data, size, HTTP_RESPONSE);
  return 0;
}
