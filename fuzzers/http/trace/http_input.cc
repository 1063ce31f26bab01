#include "http_input.h"

#include <algorithm>

#include "input_reader.h"
#include "lenient_flags.h"

namespace nodefuzz::http {

void DecodeHttpInput(const uint8_t* data, size_t size, llhttp_type_t type, HttpInput& input) {
  InputReader reader(data, size);
  ParseOptions& o = input.options;
  o.type = type;
  o.lenient_flags = reader.TakeU16() & SupportedLenientFlags();
  const uint8_t behaviour = reader.TakeByte();
  o.pause_after_message = behaviour & 1;
  o.upgrade_listener = behaviour & 2;
  o.head_response_mask = behaviour >> 4;
  const unsigned split_count = reader.TakeByte() % 16;
  uint16_t raw_splits[16];
  for (unsigned i = 0; i < split_count; ++i) raw_splits[i] = reader.TakeU16();
  input.stream = reader.Rest();
  // A flag set that would hang llhttp on this stream (a known bug) is parsed without the flag
  // that hangs: every parse of the input then agrees on its flags.
  o.lenient_flags = WithoutKnownHang(o.lenient_flags, input.stream);

  input.splits.clear();
  for (unsigned i = 0; i < split_count; ++i) {
    const size_t at = raw_splits[i] % (input.stream.size() + 1);
    if (at > 0 && at < input.stream.size()) input.splits.push_back(at);
  }
  std::sort(input.splits.begin(), input.splits.end());
  input.splits.erase(std::unique(input.splits.begin(), input.splits.end()), input.splits.end());
  o.split_points = input.splits;
}

}  // namespace nodefuzz::http
