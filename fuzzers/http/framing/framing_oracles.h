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

}  // namespace nodefuzz::http
