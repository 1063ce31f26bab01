// The custom mutator hooks of the proto-driven targets: with libprotobuf-mutator when CMake found
// it, else with our ProtoMutator (fuzzers/common). Mutated inputs are written in the binary wire
// format.
#include "http_proto_mutation.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR
#include "src/libfuzzer/libfuzzer_macro.h"
#else
#include "proto_mutator.h"
#endif

namespace {

using nodefuzz::http::proto::Stream;

// The wire format of `stream` into out[0, max_size): its size, or false when it does not fit.
bool WriteStream(const Stream& stream, uint8_t* out, size_t max_size, size_t& written) {
  const size_t n = stream.ByteSizeLong();
  if (n > max_size) return false;
  stream.SerializeWithCachedSizesToArray(out);
  written = n;
  return true;
}

#if !NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR
// Worth inserting into any string of an HTTP message.
std::vector<std::string> HttpTokens() {
  return {"chunked",
          "identity",
          "gzip",
          ",",
          " ",
          "\t",
          "\r",
          "\n",
          "\r\n",
          "\r\n\r\n",
          "0",
          "00",
          "1",
          "5",
          "ff",
          "-1",
          "+1",
          "close",
          "keep-alive",
          "upgrade",
          "websocket",
          ";",
          "=",
          "\"",
          "\\",
          std::string(1, '\0'),
          "\x7f",
          "\xff",
          "Content-Length",
          "Transfer-Encoding",
          "Connection",
          "HTTP/1.1",
          "HTTP/1.0",
          "GET / ",
          "x"};
}
#endif

}  // namespace

#if NODEFUZZ_WITH_LIBPROTOBUF_MUTATOR

namespace {
// libprotobuf-mutator reads one format: a text-format seed is handed to it as wire format.
size_t AsWireFormat(uint8_t* data, size_t size, size_t max_size) {
  Stream stream;
  nodefuzz::http::StreamFormat format;
  if (!nodefuzz::http::ReadStream(data, size, stream, &format) ||
      format == nodefuzz::http::StreamFormat::kBinary) {
    return size;
  }
  size_t written = 0;
  return WriteStream(stream, data, max_size, written) ? written : size;
}
}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  Stream input;
  size = AsWireFormat(data, size, max_size);
  return protobuf_mutator::libfuzzer::CustomProtoMutator(true, data, size, max_size, seed, &input);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int seed) {
  Stream input1, input2;
  std::vector<uint8_t> wire1(data1, data1 + size1), wire2(data2, data2 + size2);
  wire1.resize(AsWireFormat(wire1.data(), size1, size1));
  wire2.resize(AsWireFormat(wire2.data(), size2, size2));
  return protobuf_mutator::libfuzzer::CustomProtoCrossOver(true, wire1.data(), wire1.size(),
                                                           wire2.data(), wire2.size(), out,
                                                           max_out_size, seed, &input1, &input2);
}

#else

namespace {
// One mutator for the process, reseeded per call: the same mutations as a new one per call.
nodefuzz::ProtoMutator& Mutator(uint32_t seed) {
  static nodefuzz::ProtoMutator mutator(0, HttpTokens());
  mutator.Reseed(seed);
  return mutator;
}
}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  nodefuzz::ProtoMutator& mutator = Mutator(seed);
  size_t written = 0;
  // A mutation that makes the input too long is tried again, from the original (read again from
  // `data`, which only changes on success).
  for (int attempt = 0; attempt < 8; ++attempt) {
    nodefuzz::http::ArenaStream mutated;
    if (!nodefuzz::http::ReadStream(data, size, mutated.get())) mutated.get().Clear();
    const int steps = 1 + static_cast<int>(seed >> 8 & 3);
    for (int i = 0; i < steps; ++i) mutator.Mutate(mutated.get());
    if (WriteStream(mutated.get(), data, max_size, written)) return written;
  }
  nodefuzz::http::ArenaStream original;
  if (!nodefuzz::http::ReadStream(data, size, original.get())) original.get().Clear();
  return WriteStream(original.get(), data, max_size, written) ? written : size;
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int seed) {
  nodefuzz::http::ArenaStream into, from;
  if (!nodefuzz::http::ReadStream(data1, size1, into.get()) ||
      !nodefuzz::http::ReadStream(data2, size2, from.get())) {
    return 0;
  }
  Mutator(seed).CrossOver(from.get(), into.get());
  size_t written = 0;
  return WriteStream(into.get(), out, max_out_size, written) ? written : 0;
}

#endif
