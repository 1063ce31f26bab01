// Writes a nodefuzz.http.proto.Stream (http.proto) as the bytes an HTTP peer would send.
#pragma once

#include <cstdint>
#include <string>

#include "http.pb.h"

namespace nodefuzz::http {

struct ConvertedStream {
  std::string bytes;
  bool responses = false;
  uint32_t head_response_mask = 0;  // bit i: response i answers HEAD (i < 32)
};

ConvertedStream ConvertStream(const proto::Stream& stream);

}  // namespace nodefuzz::http
