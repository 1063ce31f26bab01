// How an http_framing_proto input is read. While fuzzing, inputs are nodefuzz.http.proto.Stream
// messages in protobuf's binary wire format (what the mutator writes, http_proto_mutation.h):
// reading text format cost more than the framing oracle itself. Text format is read too — the
// committed seeds, the findings' reproducers and anything written by hand stay readable — and
// http_framing_explain --proto-text writes any input as text.
#pragma once

#include <google/protobuf/arena.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "http.pb.h"

namespace nodefuzz::http {

enum class StreamFormat { kText, kBinary };

// An input is text format when all of it is printable ASCII, tabs and line ends and it parses as
// a text-format Stream; any other input is read as the binary wire format. False for an input
// that is neither (kept out of the corpus). The rule depends on the bytes alone, so an input means
// the same to the fuzzer, the replay driver and the explain tool; and the mutator's output is
// never read as text (a non-empty Stream's wire format starts with the tag byte 0x08 or 0x12).
bool ReadStream(const uint8_t* data, size_t size, proto::Stream& stream,
                StreamFormat* format = nullptr);

// A Stream whose memory comes from one arena: reading and dropping an input costs a few
// allocations instead of one per field and sub-message (under ASan every allocation is filled,
// recorded and quarantined, which made them a large part of each exec).
class ArenaStream {
 public:
  ArenaStream();
  proto::Stream& get() { return *stream_; }

 private:
  google::protobuf::Arena arena_;
  proto::Stream* stream_;
};

// The text format of a Stream, as the seeds are written.
std::string StreamAsText(const proto::Stream& stream);

}  // namespace nodefuzz::http
