// Structure-aware http_framing: the input is a text-format nodefuzz.http.proto.Stream
// (http.proto), written to bytes by http_proto_convert and checked by the same framing oracle,
// for request or response streams. The message, not the bytes, is mutated
// (http_proto_mutation.cc).
#include <cstddef>
#include <cstdint>

#include "framing_oracles.h"
#include "http_proto_convert.h"
#include "http_proto_mutation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::proto::Stream stream;
  if (!nodefuzz::http::ParseTextStream(data, size, stream)) return -1;  // not a Stream: keep it out of the corpus
  const nodefuzz::http::ConvertedStream converted = nodefuzz::http::ConvertStream(stream);
  nodefuzz::http::FramingSetup setup;
  setup.type = converted.responses ? HTTP_RESPONSE : HTTP_REQUEST;
  setup.head_response_mask = converted.head_response_mask;
  nodefuzz::http::CheckStrictFraming(converted.bytes, setup);
  return 0;
}
