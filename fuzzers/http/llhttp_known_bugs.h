// Framing bugs of released llhttp versions, by the oracle id they report as; each one is written
// up in docs/FINDINGS.md and has a reproducer in tests/findings/. While fuzzing they are not
// reported again (NODEFUZZ_KNOWN_FINDINGS=report turns that off): one id is one bug.
#pragma once

#include <string_view>

namespace nodefuzz::http {

// True when `oracle_id` is a known bug of the llhttp this is built with.
bool IsKnownLlhttpBug(std::string_view oracle_id);

}  // namespace nodefuzz::http
