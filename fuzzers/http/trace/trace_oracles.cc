// The oracles http_request and http_response check on every input.
#include "trace_oracles.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "http_input.h"
#include "lenient_flags.h"
#include "oracle.h"

namespace nodefuzz::http {

namespace {

// Documented lenient_keep_alive behaviour: after a message that does not keep the connection
// alive, strict mode discards the rest of the stream and the flag parses it as further messages.
// Then the strict trace must be exactly the start of the lenient one.
bool KeepAliveLeniencyExplains(uint16_t lenient_flags, const Trace& strict, const Trace& lenient) {
  if (!(lenient_flags & LENIENT_KEEP_ALIVE) || strict.events.empty() ||
      strict.events.back().kind != EventKind::kMessageComplete ||
      lenient.events.size() <= strict.events.size()) {
    return false;
  }
  const bool kept_alive = strict.events.back().state & 1;  // message_complete's keep-alive
  if (kept_alive) return false;
  Trace prefix = lenient;
  prefix.events.resize(strict.events.size());
  prefix.error = strict.error;
  prefix.error_offset = strict.error_offset;
  return FirstDifference(strict, prefix).empty();
}

}  // namespace

void CheckHttpOracles(const uint8_t* data, size_t size, llhttp_type_t type) {
  HttpInput input;
  DecodeHttpInput(data, size, type, input);
  const ParseOptions& chosen = input.options;

  // The reference parse: strict mode, the whole stream in one execute() call, no pauses.
  Trace strict = Parse(input.stream, OneCall(chosen, 0));

  // http.strict-subset: lenient flags only widen what is accepted; what strict mode accepts
  // must come out the same.
  // The lenient parse is needed to check a clean strict parse, or as the one-call reference
  // of a split parse; skipping it otherwise keeps the target fast on the many rejected inputs.
  const bool split_or_paused = !chosen.split_points.empty() || chosen.pause_after_message;
  Trace lenient;
  if (chosen.lenient_flags != 0 && (strict.Clean() || split_or_paused)) {
    lenient = Parse(input.stream, OneCall(chosen, chosen.lenient_flags));
    if (strict.Clean()) {
      const std::string diff = KeepAliveLeniencyExplains(chosen.lenient_flags, strict, lenient)
                                   ? std::string()
                                   : FirstDifference(strict, lenient);
      NODEFUZZ_ORACLE(diff.empty(), "http.strict-subset",
                      "strict mode parsed the stream cleanly, lenient flags " +
                          LenientFlagNames(chosen.lenient_flags) + " changed it: " + diff);
    }
  }

  // http.split-invariance: where execute() calls start and end, and pausing between messages,
  // must not change what llhttp reports. Node's own size limits count bytes as they are
  // delivered, so they legitimately depend on the split: a parse they stopped is not compared.
  if (split_or_paused) {
    Trace one_call = chosen.lenient_flags != 0 ? std::move(lenient) : std::move(strict);
    Trace split = Parse(input.stream, chosen);
    if (!one_call.hit_node_limit && !split.hit_node_limit) {
      DropUnfinishedSpan(one_call);
      DropUnfinishedSpan(split);
      const std::string diff = FirstDifference(one_call, split);
      NODEFUZZ_ORACLE(diff.empty(), "http.split-invariance",
                      "feeding the stream in " + std::to_string(chosen.split_points.size() + 1) +
                          " execute() calls" + (chosen.pause_after_message ? " with pauses" : "") +
                          " changed the trace: " + diff);
    }
  }
}

}  // namespace nodefuzz::http
