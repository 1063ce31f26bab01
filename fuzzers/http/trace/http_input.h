// The layout of an http_request / http_response fuzz input: a few option bytes, then the raw
// stream. Short inputs mean defaults, so a seed is 4 zero bytes followed by a readable message.
//
//   u16  lenient flags (masked to those this llhttp has)
//   u8   behaviour: bit 0 pause after every message; bit 1 server has an upgrade listener;
//        bits 4-7 responses 0-3 answer HEAD requests
//   u8   number of split points (mod 16), followed by that many u16 stream offsets
//   ...  the HTTP byte stream
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "http_session.h"

namespace nodefuzz::http {

struct HttpInput {
  ParseOptions options;  // split_points point into `splits`
  std::vector<size_t> splits;
  std::string_view stream;
};

// Decodes data into input. input.options.split_points refers to input.splits, so keep input alive.
void DecodeHttpInput(const uint8_t* data, size_t size, llhttp_type_t type, HttpInput& input);

// The chosen options fed as one execute() call with no pauses: the reference a split parse is
// compared with, and (lenient_flags = 0) the strict parse.
inline ParseOptions OneCall(const ParseOptions& chosen, uint16_t lenient_flags) {
  ParseOptions o = chosen;
  o.split_points = {};
  o.pause_after_message = false;
  o.lenient_flags = lenient_flags;
  return o;
}

}  // namespace nodefuzz::http
