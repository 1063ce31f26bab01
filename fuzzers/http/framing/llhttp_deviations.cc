#include "llhttp_deviations.h"

#include <llhttp.h>

#include <cstdlib>
#include <iterator>

namespace nodefuzz::http {

namespace {

// Each entry was seen on the llhttp versions named, by a framing report that turned out not to
// change where any message ends.
constexpr Deviation kStrictDeviations[] = {
    {kSkipBareLfBeforeRequest, 6, 99,
     "any run of CR and LF octets before a request-line is skipped (RFC 9112 2.2 asks for CRLF)",
     "the skipped octets precede the message and belong to none: no message starts or ends "
     "elsewhere"},
    {kHttp09RequestLine, 6, 99,
     "\"GET /\" with no HTTP-version, or with \"HTTP/0.9\", is parsed as an HTTP/0.9 request, "
     "header "
     "fields and all, with no body; without a version its line may end in a bare LF and its target "
     "may be "
     "empty (\"CONNECT \\r\\n\")",
     "it has no body and, being below HTTP/1.0 with no keep-alive, the connection closes after it, "
     "so nothing after it is read as a request"},
    {kStatusLineWithoutReason, 6, 99,
     "a status-line may end right after the status code, without the SP before the reason-phrase",
     "the client ignores the reason-phrase (RFC 9112 4); the status code and the framing are the "
     "same"},
    {kExtraSpacesInRequestLine, 6, 99,
     "more than one SP between the request-line's method, target and version",
     "RFC 9112 3 lets a recipient parse the request-line on whitespace boundaries; the line still "
     "ends at its CRLF, so no message boundary moves"},
    {kHttp2Version, 6, 99,
     "\"HTTP/2.0\" as the version (llhttp knows it from the h2c preface \"PRI * HTTP/2.0\")",
     "the message is framed like HTTP/1.0 and the connection closes after it unless keep-alive is "
     "asked for; an HTTP/1.1 recipient would reject it, so no message can hide behind it"},
    {kHighOctetsInTarget, 6, 8,
     "octets >= 0x80, HTAB and FF in the request-target (llhttp 9 rejects them)",
     "the target is handed to the application as bytes; the request-line still ends at CRLF, so "
     "the "
     "framing is unchanged"},
    {kAnyOctetsInChunkExtensions, 6, 8,
     "after a chunk size and \";\", any octets but CR and LF: no token or quoted-string syntax "
     "(llhttp 9 checks it)",
     "the chunk-size line still ends at CRLF and the size is read before the \";\", so the chunk's "
     "length and end are what the RFC gives"},
    {kHttp09StatusLine, 6, 99,
     "\"HTTP/0.9\" as the version of a status-line (HTTP/0.9 had no status-line)",
     "the response is framed like HTTP/1.0, by its Content-Length or Transfer-Encoding or until "
     "close, "
     "and the connection closes after it unless keep-alive is asked for"},
    {kUncheckedTransferCodings, 6, 99,
     "transfer codings are not checked for token syntax (\"g@zip, chunked\", \"\\x8b\")",
     "RFC 9112 6.3 frames by the final coding alone: a malformed coding before chunked changes "
     "nothing, "
     "and a malformed final coding is not chunked, which llhttp frames as the RFC does (a request "
     "is "
     "rejected, a response is read until close)"},
    {kUpgradeBeforeTransferEncodingCheck, 6, 99,
     "a CONNECT request, or one with Upgrade and \"Connection: upgrade\", with no Content-Length "
     "and a "
     "Transfer-Encoding that "
     "does not end in chunked is handed over as a protocol upgrade instead of being rejected",
     "both readings end the HTTP stream after that header section (a 400 closes the connection, an "
     "upgrade hands the rest to another protocol), so no further message is parsed either way"},
    {kSkipCrLfBeforeResponse, 6, 99, "any run of CR and LF octets before a status-line is skipped",
     "the skipped octets precede the response and belong to none: no response starts or ends "
     "elsewhere"},
    {kAnyOctetsInReasonPhrase, 6, 99, "control octets other than CR and LF in the reason-phrase",
     "a client ignores the reason-phrase (RFC 9112 4) and the status-line still ends at its CRLF"},
    {kChunkedTwiceInResponse, 6, 99,
     "a response that names chunked twice (e.g. \"Transfer-Encoding: chunked\" on two lines) is "
     "decoded once",
     "RFC 9112 6.3 frames a response by its final coding, chunked here, so the message ends where "
     "one "
     "chunked decoding ends it; only the content (decoded once, not twice) differs"},
    {kProxyConnectionAsConnection, 6, 99,
     "\"Proxy-Connection\" is read as \"Connection\" (an old browser header http_parser also "
     "honoured)",
     "its close option closes earlier than the RFC, which hides nothing; its keep-alive keeps an "
     "HTTP/1.0 "
     "connection that the RFC would close, and a sender that means to close sends nothing more on "
     "it"},
    {kInterim101WithoutUpgrade, 6, 99,
     "Node's client reads a 101 without Upgrade and Connection: upgrade as an interim 1xx and "
     "waits for "
     "the final response",
     "RFC 9110 15.2.2 requires a 101 to name the protocol; without it there is nothing to switch "
     "to, and "
     "an interim response has no body either way"},
};

}  // namespace

std::span<const Deviation> LlhttpStrictDeviations() { return kStrictDeviations; }

uint32_t StrictTolerances(int llhttp_major) {
  uint32_t tolerances = 0;
  for (const Deviation& d : kStrictDeviations) {
    if (llhttp_major >= d.first_major && llhttp_major <= d.last_major) tolerances |= d.tolerance;
  }
  return tolerances;
}

uint32_t LenientTolerances(uint16_t flag) {
  switch (flag) {
    // Node documents lenient_headers as accepting invalid headers: the header CVE shapes strict
    // mode closed stay open under it (bare CR or LF ending a line, whitespace before the colon,
    // folded lines).
    case LENIENT_HEADERS:
      return kLenientFieldValueChars | kLenientCrEndsLine | kLenientBareLfEndsLine |
             kLenientSpaceBeforeColon | kLenientObsFold;
    case LENIENT_CHUNKED_LENGTH:
      return kLenientContentLengthWithChunked;
    case LENIENT_KEEP_ALIVE:
      return kLenientKeepAlive;
    case LENIENT_TRANSFER_ENCODING:
      return kLenientTransferEncoding;
    case LENIENT_VERSION:
      return kLenientVersion;
#if LLHTTP_VERSION_MAJOR >= 9
    case LENIENT_DATA_AFTER_CLOSE:
      return 0;
    case LENIENT_OPTIONAL_LF_AFTER_CR:
      return kLenientCrEndsLine;
    case LENIENT_OPTIONAL_CRLF_AFTER_CHUNK:
      return kLenientNoCrlfAfterChunk;
    case LENIENT_OPTIONAL_CR_BEFORE_LF:
      return kLenientBareLfEndsLine;
    case LENIENT_SPACES_AFTER_CHUNK_SIZE:
      return kLenientSpacesAfterChunkSize;
#endif
#if LLHTTP_VERSION_MAJOR > 9 || (LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR >= 4)
    case LENIENT_HEADER_VALUE_RELAXED:
      return kControlCharsInFieldValue;
#endif
    default:
      std::abort();  // a flag lenient_flags.cc lists must be mapped here
  }
}

}  // namespace nodefuzz::http
