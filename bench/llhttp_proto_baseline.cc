// Crash-only baseline of http_framing_proto: the same input formats and the same mutator
// (nodefuzz_http_proto_mutation), the stream converted to bytes and parsed once by llhttp with no
// callbacks and no model — what the target costs without its oracle.
#include <llhttp.h>

#include <cstddef>
#include <cstdint>

#include "http_proto_convert.h"
#include "http_proto_mutation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const llhttp_settings_t settings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    return s;
  }();
  nodefuzz::http::ArenaStream stream;
  if (!nodefuzz::http::ReadStream(data, size, stream.get())) return -1;
  const nodefuzz::http::ConvertedStream converted = nodefuzz::http::ConvertStream(stream.get());
  llhttp_t parser;
  llhttp_init(&parser, converted.responses ? HTTP_RESPONSE : HTTP_REQUEST, &settings);
  if (converted.bytes.empty() ||
      llhttp_execute(&parser, converted.bytes.data(), converted.bytes.size()) == HPE_OK) {
    llhttp_finish(&parser);
  }
  return 0;
}
