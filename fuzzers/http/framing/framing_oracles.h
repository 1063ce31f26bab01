// The framing oracles: llhttp against the RFC 9112 framing model (framing_model.h).
#pragma once

#include <string_view>

#include "framing_check.h"

namespace nodefuzz::http {

// http.framing.<kind>: strict llhttp accepts what the model rejects, or frames a message
// differently. `setup.tolerances` is ignored: strict mode gets the documented deviations.
void CheckStrictFraming(std::string_view stream, FramingSetup setup);

// For a stream strict mode rejects, each lenient flag on its own. Where llhttp with the flag
// departs from what the flag documents: http.lenient.<flag>.<kind> (abort). Where it frames the
// stream as documented but differently from the strict model: a smuggling candidate, surfaced
// without aborting (lenient_candidates.h).
void CheckLenientFraming(std::string_view stream, llhttp_type_t type);

// Whether parsing again with lenient `flag` can give anything but the strict parse `strict`, which
// stopped on an error in llhttp_execute. False only where this llhttp's code shows the flag is
// never tested before that error (every test of it sits right before an error of another kind):
// then the lenient parse is the strict one, to the same error at the same offset. True for any
// llhttp version whose code has not been read so.
bool LenientFlagCanReopen(uint16_t flag, const Trace& strict);

// Whether CheckLenientFraming carries each lenient parse on from strict mode's last pause
// (ResumeForFraming) instead of parsing the stream again: only where this llhttp's code shows that
// no flag is tested before that pause.
bool LenientParseResumesFromStrictPause();

}  // namespace nodefuzz::http
