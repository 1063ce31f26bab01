// Crash-only baseline for the HTTP benchmark: the cheapest useful llhttp harness. It decodes
// the same input layout as the HTTP targets (with BASELINE_RAW_STREAM, the framing targets' raw
// stream), parses the stream once with no callbacks and ignores the result — what a fuzzer
// without oracles would do.
#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http_input.h"

#ifndef BASELINE_PARSER_TYPE
#error "define BASELINE_PARSER_TYPE (HTTP_REQUEST or HTTP_RESPONSE)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const llhttp_settings_t settings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    return s;
  }();
#if BASELINE_RAW_STREAM  // the framing targets' layout: the input is the stream itself
  const std::string_view stream(reinterpret_cast<const char*>(data), size);
#else
  nodefuzz::http::HttpInput input;
  nodefuzz::http::DecodeHttpInput(data, size, BASELINE_PARSER_TYPE, input);
  const std::string_view stream = input.stream;
#endif
  llhttp_t parser;
  llhttp_init(&parser, BASELINE_PARSER_TYPE, &settings);
  // An empty stream has a null data(); llhttp would do pointer arithmetic on it.
  if (stream.empty() || llhttp_execute(&parser, stream.data(), stream.size()) == HPE_OK) {
    llhttp_finish(&parser);
  }
  return 0;
}
