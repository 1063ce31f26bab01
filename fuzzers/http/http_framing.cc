// HTTP/1.x request streams through strict llhttp and the RFC 9112 framing model; the oracle
// http.framing.<kind> fires where llhttp accepts what the model rejects or frames a message
// differently (framing_check.h). The input is the raw byte stream and nothing else, so a
// captured request is a valid input and a minimized reproducer reads as HTTP.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "framing_oracles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::FramingSetup setup;
  setup.type = HTTP_REQUEST;
  nodefuzz::http::CheckStrictFraming(std::string_view(reinterpret_cast<const char*>(data), size),
                                     setup);
  return 0;
}
