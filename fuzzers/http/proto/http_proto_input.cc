#include "http_proto_input.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace nodefuzz::http {

namespace {

// Quiet: an input that is not a text proto is just rejected.
class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
  void AddWarning(int, int, const std::string&) override {}
};

bool LooksLikeText(const uint8_t* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    const uint8_t c = data[i];
    if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

bool ParseText(const uint8_t* data, size_t size, proto::Stream& stream) {
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  return parser.ParseFromString(std::string(reinterpret_cast<const char*>(data), size), &stream);
}

}  // namespace

bool ReadStream(const uint8_t* data, size_t size, proto::Stream& stream, StreamFormat* format) {
  if (LooksLikeText(data, size) && ParseText(data, size, stream)) {
    if (format) *format = StreamFormat::kText;
    return true;
  }
  stream.Clear();
  if (!stream.ParseFromArray(data, static_cast<int>(size))) return false;
  if (format) *format = StreamFormat::kBinary;
  return true;
}

namespace {
google::protobuf::ArenaOptions InputArenaOptions() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 16 << 10;  // most inputs fit (-max_len is 4 KiB)
  options.max_block_size = 256 << 10;
  return options;
}
}  // namespace

ArenaStream::ArenaStream()
    : arena_(InputArenaOptions()),
      stream_(google::protobuf::Arena::CreateMessage<proto::Stream>(&arena_)) {}

std::string StreamAsText(const proto::Stream& stream) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(stream, &text);
  return text;
}

}  // namespace nodefuzz::http
