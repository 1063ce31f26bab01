// Compares how llhttp frames a byte stream with the framing model (framing_model.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "framing_model.h"
#include "http_session.h"

namespace nodefuzz::http {

struct FramingDivergence {
  // The oracle id's last part: the model's rule llhttp let through ("bare-cr.header-end",
  // "data-after-close.http10", ...), or "boundary" (a message ends elsewhere), or "body-length".
  std::string kind;
  std::string detail;
};

// One framing comparison: llhttp with `lenient_flags` (0: strict) and the model with `tolerances`.
struct FramingSetup {
  llhttp_type_t type = HTTP_REQUEST;
  uint32_t head_response_mask = 0;  // responses answering HEAD, as in ModelOptions
  uint16_t lenient_flags = 0;
  uint32_t tolerances = 0;
};

// llhttp's parse of the stream, with message ends recorded and Node's answers to its callbacks.
Trace ParseForFraming(std::string_view stream, const FramingSetup& setup);
ModelResult ModelForFraming(std::string_view stream, const FramingSetup& setup);
// The same into an earlier result, whose storage they reuse: the targets call them several times
// per input, and under ASan each vector grown afresh was a costly allocation.
void ParseForFraming(std::string_view stream, const FramingSetup& setup, Trace& trace,
                     ResumePoint* keep_last_pause = nullptr);
// The parse `setup` gives, carried on from where the one that kept `from` (with trace `recorded`)
// last paused; `setup` differs from that parse's in lenient_flags only (ResumeParse).
void ResumeForFraming(std::string_view stream, const FramingSetup& setup, const ResumePoint& from,
                      const Trace& recorded, Trace& trace);
void ModelForFraming(std::string_view stream, const FramingSetup& setup, ModelResult& model);

// Empty when llhttp accepts nothing the model rejects and both frame every accepted message alike.
std::optional<FramingDivergence> CompareFraming(const ModelResult& model, const Trace& llhttp);

}  // namespace nodefuzz::http
