// HTTP/1.x request streams that strict llhttp rejects, parsed again with each lenient flag (Node's
// --insecure-http-parser): http.lenient.<flag>.<kind> fires where the flag does more than it
// documents; documented re-openings are surfaced as candidates without aborting
// (lenient_candidates.h). Input: the raw byte stream, as for http_framing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "framing_oracles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::CheckLenientFraming(std::string_view(reinterpret_cast<const char*>(data), size),
                                      HTTP_REQUEST);
  return 0;
}
