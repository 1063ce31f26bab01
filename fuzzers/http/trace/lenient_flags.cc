#include "lenient_flags.h"

#include <llhttp.h>

#include "known_findings.h"

namespace nodefuzz::http {

namespace {

constexpr LenientFlag kLenientFlags[] = {
    // llhttp documents "no token checks on header values"; Node documents the flag as accepting
    // invalid headers, and the header CVE shapes that strict mode closed stay open under it
    // (CVE-2022-32213, CVE-2022-32214, CVE-2022-32215).
    {LENIENT_HEADERS, "headers",
     "no token checks on header values; the header CVE shapes strict mode closed"},
    {LENIENT_CHUNKED_LENGTH, "chunked_length",
     "Transfer-Encoding with Content-Length: Transfer-Encoding wins"},
    {LENIENT_KEEP_ALIVE, "keep_alive",
     "messages after Connection: close or an HTTP/1.0 message are parsed"},
    {LENIENT_TRANSFER_ENCODING, "transfer_encoding",
     "a coding after chunked is accepted; a request not ending in chunked is read to the end"},
    {LENIENT_VERSION, "version", "any digits as HTTP-version"},
#if LLHTTP_VERSION_MAJOR >= 9
    {LENIENT_DATA_AFTER_CLOSE, "data_after_close",
     "data after a closing message is ignored, not an error"},
    {LENIENT_OPTIONAL_LF_AFTER_CR, "optional_lf_after_cr", "a CR alone ends a line"},
    {LENIENT_OPTIONAL_CRLF_AFTER_CHUNK, "optional_crlf_after_chunk",
     "chunk data need not be followed by CRLF"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, "optional_cr_before_lf", "an LF alone ends a line"},
    {LENIENT_SPACES_AFTER_CHUNK_SIZE, "spaces_after_chunk_size",
     "spaces and tabs after the chunk size"},
#endif
#if LLHTTP_VERSION_MAJOR > 9 || (LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR >= 4)
    // Node 24.21's kLenientHeaderValueRelaxed.
    {LENIENT_HEADER_VALUE_RELAXED, "header_value_relaxed",
     "control octets but NUL, CR and LF in field values"},
#endif
};

}  // namespace

std::span<const LenientFlag> LenientFlags() { return kLenientFlags; }

uint16_t SupportedLenientFlags() {
  uint16_t all = 0;
  for (const LenientFlag& f : kLenientFlags) all |= f.flag;
  return all;
}

std::string LenientFlagNames(uint16_t flags) {
  std::string out;
  for (const LenientFlag& f : kLenientFlags) {
    if (flags & f.flag) out += (out.empty() ? "" : "+") + std::string(f.name);
  }
  return out;
}

bool HangsOnKnownBug(uint16_t flags, std::string_view stream) {
#if LLHTTP_VERSION_MAJOR > 9 || (LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR >= 4)
  static const bool known = KnownFinding("llhttp.relaxed-nul-loop") != 0;
  return known && (flags & LENIENT_HEADER_VALUE_RELAXED) && !(flags & LENIENT_HEADERS) &&
         stream.find('\0') != std::string_view::npos;
#else
  (void)flags;
  (void)stream;
  return false;
#endif
}

uint16_t WithoutKnownHang(uint16_t flags, std::string_view stream) {
#if LLHTTP_VERSION_MAJOR > 9 || (LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR >= 4)
  if (HangsOnKnownBug(flags, stream)) return flags & ~LENIENT_HEADER_VALUE_RELAXED;
#else
  (void)stream;
#endif
  return flags;
}

}  // namespace nodefuzz::http
