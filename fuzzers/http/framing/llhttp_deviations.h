// llhttp strict mode's deliberate deviations from RFC 9112, each with the reason it is benign,
// as HTTP Garden keeps a list of known quirks. The framing model is run with these tolerances
// turned on, so they are never reported. A deviation that can change where a message ends is
// never listed here: that is a finding (docs/FINDINGS.md).
//
// And what each lenient flag documents, as tolerances: the lenient target checks llhttp with one
// flag set against the model with that flag's tolerances.
#pragma once

#include <cstdint>
#include <span>

#include "framing_model.h"
#include "lenient_flags.h"

namespace nodefuzz::http {

struct Deviation {
  uint32_t tolerance;  // a Tolerance
  int first_major;     // llhttp majors that behave so, inclusive
  int last_major;
  const char* behaviour;
  const char* why_benign;
};

std::span<const Deviation> LlhttpStrictDeviations();

// The tolerances the model needs to agree with strict llhttp of this major version.
uint32_t StrictTolerances(int llhttp_major);

// What a lenient flag (trace/lenient_flags.h) is documented to allow, as model tolerances.
uint32_t LenientTolerances(uint16_t flag);

}  // namespace nodefuzz::http
