// Smuggling candidates by design: a stream strict llhttp rejects that a lenient flag (Node's
// --insecure-http-parser) accepts and frames as the flag documents, but not as RFC 9112 does.
// They are expected, so they do not abort the run; each (flag, rule) is surfaced once:
//
//   ==NODEFUZZ-LENIENT== <flag> reopens http.framing.<kind>: <detail>
//
// on stderr, once per process, and the input is saved as $NODEFUZZ_CANDIDATES_DIR/<flag>.<kind>
// (the first one only) when that variable is set. scripts/fuzz sets it and lists them.
#pragma once

#include <string_view>

namespace nodefuzz::http {

void SurfaceLenientCandidate(std::string_view flag, std::string_view kind, std::string_view detail,
                             std::string_view input);

}  // namespace nodefuzz::http
