#include "framing_oracles.h"

#include <string>

#include "known_findings.h"
#include "lenient_candidates.h"
#include "llhttp_deviations.h"
#include "oracle.h"

namespace nodefuzz::http {

namespace {

// llhttp < 9 takes a CR followed by any octet as a line end and swallows the octet
// (llhttp.bare-cr-in-stream: CVE-2025-23167 and the chunk-size "\rX" one). Under a lenient flag that lets a CR alone end a
// line, that bug shows as a one-octet boundary shift; it is the known bug, not the flag's.
bool HoldsKnownBareCrShape(std::string_view stream) {
  static const bool known = KnownFindingInThisBuild("llhttp.bare-cr-in-stream") != 0;
  if (!known) return false;
  for (size_t i = 0; i + 1 < stream.size(); ++i) {
    if (stream[i] == '\r' && stream[i + 1] != '\n') return true;
  }
  return false;
}

#if LLHTTP_VERSION_MAJOR >= 9
// A request-line (a line ending in an HTTP-version, "... HTTP/1.1") ends in LF LF, which
// lenient_optional_cr_before_lf reads as one line end instead of a line end and an empty line.
bool RequestLineEndsInLfLf(std::string_view stream) {
  for (size_t lf = stream.find("\n\n"); lf != std::string_view::npos; lf = stream.find("\n\n", lf + 1)) {
    const size_t line_start = stream.rfind('\n', lf == 0 ? 0 : lf - 1);
    const std::string_view line =
        stream.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                      lf - (line_start == std::string_view::npos ? 0 : line_start + 1));
    const size_t version = line.rfind(" HTTP/");
    if (version != std::string_view::npos && version + 9 == line.size() && !line.starts_with("HTTP/")) return true;
  }
  return false;
}
#endif

std::optional<FramingDivergence> StrictDivergence(std::string_view stream, FramingSetup setup) {
  setup.lenient_flags = 0;
  setup.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  return CompareFraming(ModelForFraming(stream, setup), ParseForFraming(stream, setup));
}

}  // namespace

void CheckStrictFraming(std::string_view stream, FramingSetup setup) {
  const std::optional<FramingDivergence> d = StrictDivergence(stream, setup);
  if (!d) return;
  const std::string id = "http.framing." + d->kind;
  if (KnownFinding(id)) return;  // a known framing bug of this llhttp (fuzzers/known_findings.json)
  ReportOracleViolation(id.c_str(), d->detail);
}

void CheckLenientFraming(std::string_view stream, llhttp_type_t type) {
  FramingSetup strict;
  strict.type = type;
  strict.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  const Trace strict_trace = ParseForFraming(stream, strict);
  if (!strict_trace.error_in_execute) return;  // nothing for a lenient flag to re-open
  const ModelResult strict_model = ModelForFraming(stream, strict);
  // A strict-mode finding is http_framing's to report; every flag would inherit it.
  if (CompareFraming(strict_model, strict_trace)) return;

  for (const LenientFlag& flag : LenientFlags()) {
    if (HangsOnKnownBug(flag.flag, stream)) continue;  // a known llhttp bug, not the flag's
    FramingSetup lenient = strict;
    lenient.lenient_flags = flag.flag;
    lenient.tolerances = strict.tolerances | LenientTolerances(flag.flag);
    const Trace trace = ParseForFraming(stream, lenient);
    if (trace.error_in_execute && trace.frames.size() <= strict_trace.frames.size() &&
        trace.error_offset == strict_trace.error_offset) {
      continue;  // the flag changed nothing here
    }
    if (const std::optional<FramingDivergence> d = CompareFraming(ModelForFraming(stream, lenient), trace)) {
      // A known strict-mode bug that the flag merely let the parse reach is that bug, not the
      // flag's, in any mode.
      if (KnownFindingInThisBuild("http.framing." + d->kind) || HoldsKnownBareCrShape(stream)) continue;
      // One misreading, one id, whatever divergence it causes later in the stream.
#if LLHTTP_VERSION_MAJOR >= 9
      const bool lf_lf = flag.flag == LENIENT_OPTIONAL_CR_BEFORE_LF && RequestLineEndsInLfLf(stream);
#else
      const bool lf_lf = false;  // llhttp 6 has no such flag
#endif
      const std::string id =
          "http.lenient." + std::string(flag.name) + "." + (lf_lf ? std::string("request-line-lf-lf") : d->kind);
      if (KnownFinding(id)) continue;
      ReportOracleViolation(id.c_str(), "lenient_" + std::string(flag.name) + " (" + flag.documented +
                                            ") does more than it documents: " + d->detail);
    }
    if (const std::optional<FramingDivergence> d = CompareFraming(strict_model, trace)) {
      SurfaceLenientCandidate(flag.name, d->kind, d->detail, stream);
    }
  }
}

}  // namespace nodefuzz::http
