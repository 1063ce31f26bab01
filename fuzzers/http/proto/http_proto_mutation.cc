// The text-format Stream reader and the custom mutator hooks of the proto-driven targets: with
// libprotobuf-mutator when CMake found it, else with our ProtoMutator (fuzzers/common).
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "http_proto_mutation.h"

#if NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR
#include "src/libfuzzer/libfuzzer_macro.h"
#else
#include "proto_mutator.h"
#endif

namespace {

using nodefuzz::http::proto::Stream;

// Quiet: an input that is not a text proto is just rejected.
class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
  void AddWarning(int, int, const std::string&) override {}
};

#if !NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR
// Worth inserting into any string of an HTTP message.
std::vector<std::string> HttpTokens() {
  return {"chunked", "identity", "gzip", ",", " ", "\t", "\r", "\n", "\r\n", "\r\n\r\n", "0", "00", "1", "5", "ff",
          "-1", "+1", "close", "keep-alive", "upgrade", "websocket", ";", "=", "\"", "\\", std::string(1, '\0'),
          "\x7f", "\xff", "Content-Length", "Transfer-Encoding", "Connection", "HTTP/1.1", "HTTP/1.0", "GET / ", "x"};
}

size_t WriteStream(const Stream& stream, uint8_t* out, size_t max_size) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(stream, &text);
  if (text.size() > max_size) return 0;
  std::memcpy(out, text.data(), text.size());
  return text.size();
}
#endif

}  // namespace

bool nodefuzz::http::ParseTextStream(const uint8_t* data, size_t size, Stream& stream) {
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  return parser.ParseFromString(std::string(reinterpret_cast<const char*>(data), size), &stream);
}

#if NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  Stream input;
  return protobuf_mutator::libfuzzer::CustomProtoMutator(false, data, size, max_size, seed, &input);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1, const uint8_t* data2, size_t size2,
                                            uint8_t* out, size_t max_out_size, unsigned int seed) {
  Stream input1, input2;
  return protobuf_mutator::libfuzzer::CustomProtoCrossOver(false, data1, size1, data2, size2, out, max_out_size,
                                                            seed, &input1, &input2);
}

#else

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  Stream original;
  if (!nodefuzz::http::ParseTextStream(data, size, original)) original.Clear();
  nodefuzz::ProtoMutator mutator(seed, HttpTokens());
  // A mutation that makes the text too long is tried again, from the original.
  for (int attempt = 0; attempt < 8; ++attempt) {
    Stream mutated = original;
    const int steps = 1 + static_cast<int>(seed >> 8 & 3);
    for (int i = 0; i < steps; ++i) mutator.Mutate(mutated);
    if (const size_t n = WriteStream(mutated, data, max_size)) return n;
  }
  const size_t n = WriteStream(original, data, max_size);
  return n ? n : size;
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1, const uint8_t* data2, size_t size2,
                                            uint8_t* out, size_t max_out_size, unsigned int seed) {
  Stream into, from;
  if (!nodefuzz::http::ParseTextStream(data1, size1, into) || !nodefuzz::http::ParseTextStream(data2, size2, from)) return 0;
  nodefuzz::ProtoMutator mutator(seed, HttpTokens());
  mutator.CrossOver(from, into);
  return WriteStream(into, out, max_out_size);
}

#endif
