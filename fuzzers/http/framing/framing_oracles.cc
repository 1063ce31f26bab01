#include "framing_oracles.h"

#include <cstring>
#include <string>

#include "ascii.h"
#include "known_findings.h"
#include "lenient_candidates.h"
#include "llhttp_deviations.h"
#include "oracle.h"

namespace nodefuzz::http {

namespace {

// llhttp < 9 takes a CR followed by any octet as a line end and swallows the octet
// (llhttp.bare-cr-in-stream: CVE-2025-23167 and the chunk-size "\rX" one). Under a lenient flag
// that lets a CR alone end a line, that bug shows as a one-octet boundary shift; it is the known
// bug, not the flag's.
bool HoldsKnownBareCrShape(std::string_view stream) {
  static const bool known = KnownFindingInThisBuild("llhttp.bare-cr-in-stream") != 0;
  if (!known) return false;
  for (size_t i = 0; i + 1 < stream.size(); ++i) {
    if (stream[i] == '\r' && stream[i + 1] != '\n') return true;
  }
  return false;
}

#if LLHTTP_VERSION_MAJOR >= 9
// A request-line (a line ending in an HTTP-version, "... HTTP/1.1") or a chunk-size line (hex
// digits, maybe a chunk extension) ends in LF LF, which lenient_optional_cr_before_lf reads as one
// line end instead of a line end and an empty line: llhttp takes the first LF as the CR of a CRLF.
bool LineEndsInLfLfReadAsOne(std::string_view stream) {
  for (size_t lf = stream.find("\n\n"); lf != std::string_view::npos;
       lf = stream.find("\n\n", lf + 1)) {
    const size_t line_start = stream.rfind('\n', lf == 0 ? 0 : lf - 1);
    const std::string_view line =
        stream.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                      lf - (line_start == std::string_view::npos ? 0 : line_start + 1));
    const size_t version = line.rfind(" HTTP/");
    if (version != std::string_view::npos && version + 9 == line.size() &&
        !line.starts_with("HTTP/"))
      return true;
    size_t digits = 0;
    while (digits < line.size() && HexDigitValue(static_cast<unsigned char>(line[digits])) >= 0)
      ++digits;
    if (digits > 0 && (digits == line.size() || line[digits] == ';') &&
        line.find_first_of(":\r") == std::string_view::npos)
      return true;
  }
  return false;
}
#endif

#if LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR == 4 && LLHTTP_VERSION_PATCH == 3
// llhttp 9.4.3's generated llhttp.c, read node by node: every test of a lenient flag (each
// test_lenient_flags node; http.c reads only chunked_length and transfer_encoding, in
// after_headers_complete) is a fork where strict mode stops with one error, right away or after
// nodes that only load fields or end a span (whose callback may stop it with HPE_USER instead:
// Node's header size limit). keep_alive's one test is after a message that does not keep the
// connection open, where strict mode enters the closed state, whose only error is
// data_after_close's. So a flag can only change a parse that strict mode stopped with one of its
// errors; any other stop is reached by the lenient parse the same way, at the same offset.
struct Reopening {
  uint16_t flags;
  int error;
  const char* reason;
};
constexpr Reopening kReopenings[] = {
    {LENIENT_HEADERS, HPE_UNEXPECTED_SPACE, "Unexpected space after start line"},
    {LENIENT_HEADERS | LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_INVALID_HEADER_TOKEN,
     "Invalid header field char"},
    {LENIENT_HEADERS | LENIENT_OPTIONAL_CR_BEFORE_LF | LENIENT_HEADER_VALUE_RELAXED,
     HPE_INVALID_HEADER_TOKEN, "Invalid header value char"},
    {LENIENT_HEADERS, HPE_INVALID_HEADER_TOKEN, "Unexpected whitespace after header value"},
    {LENIENT_HEADERS | LENIENT_OPTIONAL_LF_AFTER_CR, HPE_STRICT, "Expected LF after CR"},
    {LENIENT_CHUNKED_LENGTH, HPE_INVALID_CONTENT_LENGTH,
     "Content-Length can't be present with Transfer-Encoding"},
    {LENIENT_CHUNKED_LENGTH, HPE_INVALID_TRANSFER_ENCODING,
     "Transfer-Encoding can't be present with Content-Length"},
    {LENIENT_CHUNKED_LENGTH | LENIENT_TRANSFER_ENCODING, HPE_INVALID_TRANSFER_ENCODING,
     "Request has invalid `Transfer-Encoding`"},
    {LENIENT_TRANSFER_ENCODING, HPE_INVALID_TRANSFER_ENCODING,
     "Invalid `Transfer-Encoding` header value"},
    {LENIENT_KEEP_ALIVE | LENIENT_DATA_AFTER_CLOSE, HPE_CLOSED_CONNECTION,
     "Data after `Connection: close`"},
    {LENIENT_VERSION, HPE_INVALID_VERSION, "Invalid HTTP version"},
    {LENIENT_OPTIONAL_LF_AFTER_CR, HPE_STRICT, "Expected LF after chunk size"},
    {LENIENT_OPTIONAL_LF_AFTER_CR, HPE_STRICT, "Expected LF after headers"},
    {LENIENT_OPTIONAL_LF_AFTER_CR, HPE_STRICT, "Expected CRLF after version"},
    {LENIENT_OPTIONAL_CRLF_AFTER_CHUNK, HPE_STRICT, "Expected LF after chunk data"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED, "Missing expected CR after chunk size"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED, "Missing expected CR after chunk data"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED,
     "Missing expected CR after chunk extension name"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED,
     "Missing expected CR after chunk extension value"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED, "Missing expected CR after header value"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_CR_EXPECTED, "Missing expected CR after response line"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_INVALID_VERSION, "Expected CRLF after version"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, HPE_INVALID_STATUS, "Invalid response status"},
    {LENIENT_SPACES_AFTER_CHUNK_SIZE, HPE_INVALID_CHUNK_SIZE, "Invalid character in chunk size"},
};
// So a lenient parse goes strict mode's way up to the first test of its flag, which comes after
// strict mode's last pause (no pausing callback lies between a test and its error): it can be
// carried on from that pause instead of parsed again from the start.
constexpr bool kLenientParseResumesFromStrictPause = true;
#else
constexpr bool kLenientParseResumesFromStrictPause = false;  // not read off this llhttp
#endif

std::optional<FramingDivergence> StrictDivergence(std::string_view stream, FramingSetup setup) {
  setup.lenient_flags = 0;
  setup.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  thread_local Trace trace;  // reused from input to input (framing_check.h)
  thread_local ModelResult model;
  ParseForFraming(stream, setup, trace);
  ModelForFraming(stream, setup, model);
  return CompareFraming(model, trace);
}

}  // namespace

void CheckStrictFraming(std::string_view stream, FramingSetup setup) {
  const std::optional<FramingDivergence> d = StrictDivergence(stream, setup);
  if (!d) return;
  const std::string id = "http.framing." + d->kind;
  if (KnownFinding(id)) return;  // a known framing bug of this llhttp (fuzzers/known_findings.json)
  ReportOracleViolation(id.c_str(), d->detail);
}

bool LenientFlagCanReopen(uint16_t flag, const Trace& strict) {
#if LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR == 4 && LLHTTP_VERSION_PATCH == 3
  if (strict.error == HPE_USER)
    return true;  // a callback stopped it, maybe at a span a flag extends
  for (const Reopening& r : kReopenings) {
    if ((r.flags & flag) && r.error == strict.error &&
        std::strcmp(r.reason, strict.error_reason) == 0)
      return true;
  }
  return false;
#else
  (void)flag;
  (void)strict;
  return true;
#endif
}

bool LenientParseResumesFromStrictPause() { return kLenientParseResumesFromStrictPause; }

void CheckLenientFraming(std::string_view stream, llhttp_type_t type) {
  FramingSetup strict;
  strict.type = type;
  strict.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  // Reused from input to input (framing_check.h).
  thread_local Trace strict_trace, trace;
  thread_local ModelResult strict_model, lenient_model;
  thread_local ResumePoint strict_pause;
  ParseForFraming(stream, strict, strict_trace,
                  kLenientParseResumesFromStrictPause ? &strict_pause : nullptr);
  if (!strict_trace.error_in_execute) return;  // nothing for a lenient flag to re-open
  // The strict model is only needed once a flag changed the parse: until then nothing was
  // reported or surfaced, so stopping at a strict-mode finding then is stopping before the loop.
  bool have_strict_model = false;

  for (const LenientFlag& flag : LenientFlags()) {
    if (HangsOnKnownBug(flag.flag, stream)) continue;  // a known llhttp bug, not the flag's
    if (!LenientFlagCanReopen(flag.flag, strict_trace))
      continue;  // the parse would be the strict one
    FramingSetup lenient = strict;
    lenient.lenient_flags = flag.flag;
    lenient.tolerances = strict.tolerances | LenientTolerances(flag.flag);
    if (kLenientParseResumesFromStrictPause) {
      ResumeForFraming(stream, lenient, strict_pause, strict_trace, trace);
    } else {
      ParseForFraming(stream, lenient, trace);
    }
    if (trace.error_in_execute && trace.frames.size() <= strict_trace.frames.size() &&
        trace.error_offset == strict_trace.error_offset) {
      continue;  // the flag changed nothing here
    }
    if (!have_strict_model) {
      ModelForFraming(stream, strict, strict_model);
      have_strict_model = true;
      // A strict-mode finding is http_framing's to report; every flag would inherit it.
      if (CompareFraming(strict_model, strict_trace)) return;
    }
    // The model reads only the tolerances: a flag that documents none (data_after_close) is
    // checked against the strict model.
    const bool own_model = lenient.tolerances != strict.tolerances;
    if (own_model) ModelForFraming(stream, lenient, lenient_model);
    const ModelResult& model = own_model ? lenient_model : strict_model;
    if (const std::optional<FramingDivergence> d = CompareFraming(model, trace)) {
      // A known strict-mode bug that the flag merely let the parse reach is that bug, not the
      // flag's, in any mode.
      if (KnownFindingInThisBuild("http.framing." + d->kind) || HoldsKnownBareCrShape(stream))
        continue;
      // One misreading, one id, whatever divergence it causes later in the stream.
#if LLHTTP_VERSION_MAJOR >= 9
      const bool lf_lf =
          flag.flag == LENIENT_OPTIONAL_CR_BEFORE_LF && LineEndsInLfLfReadAsOne(stream);
#else
      const bool lf_lf = false;  // llhttp 6 has no such flag
#endif
      const std::string id = "http.lenient." + std::string(flag.name) + "." +
                             (lf_lf ? std::string("lf-lf-as-one-line-end") : d->kind);
      if (KnownFinding(id)) continue;
      ReportOracleViolation(id.c_str(), "lenient_" + std::string(flag.name) + " (" +
                                            flag.documented +
                                            ") does more than it documents: " + d->detail);
    }
    if (const std::optional<FramingDivergence> d = CompareFraming(strict_model, trace)) {
      SurfaceLenientCandidate(flag.name, d->kind, d->detail, stream);
    }
  }
}

}  // namespace nodefuzz::http
