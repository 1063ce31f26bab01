#include "llhttp_deviations.h"

#include <llhttp.h>

#include <iterator>

namespace nodefuzz::http {

namespace {

// Each entry was seen on the llhttp versions named, by a framing report that turned out not to
// change where any message ends.
constexpr Deviation kStrictDeviations[] = {
    {kSkipBareLfBeforeRequest, 6, 99,
     "any run of CR and LF octets before a request-line is skipped (RFC 9112 2.2 asks for CRLF)",
     "the skipped octets precede the message and belong to none: no message starts or ends elsewhere"},
    {kHttp09RequestLine, 6, 99,
     "\"GET /\" with no HTTP-version, or with \"HTTP/0.9\", is parsed as an HTTP/0.9 request, header "
     "fields and all, with no body; without a version its line may end in a bare LF and its target may be "
     "empty (\"CONNECT \\r\\n\")",
     "it has no body and, being below HTTP/1.0 with no keep-alive, the connection closes after it, "
     "so nothing after it is read as a request"},
    {kStatusLineWithoutReason, 6, 99,
     "a status-line may end right after the status code, without the SP before the reason-phrase",
     "the client ignores the reason-phrase (RFC 9112 4); the status code and the framing are the same"},
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
     "the target is handed to the application as bytes; the request-line still ends at CRLF, so the "
     "framing is unchanged"},
    {kAnyOctetsInChunkExtensions, 6, 8,
     "after a chunk size and \";\", any octets but CR and LF: no token or quoted-string syntax "
     "(llhttp 9 checks it)",
     "the chunk-size line still ends at CRLF and the size is read before the \";\", so the chunk's "
     "length and end are what the RFC gives"},
    {kHttp09StatusLine, 6, 99,
     "\"HTTP/0.9\" as the version of a status-line (HTTP/0.9 had no status-line)",
     "the response is framed like HTTP/1.0, by its Content-Length or Transfer-Encoding or until close, "
     "and the connection closes after it unless keep-alive is asked for"},
    {kUncheckedTransferCodings, 6, 99,
     "transfer codings are not checked for token syntax (\"g@zip, chunked\", \"\\x8b\")",
     "RFC 9112 6.3 frames by the final coding alone: a malformed coding before chunked changes nothing, "
     "and a malformed final coding is not chunked, which llhttp frames as the RFC does (a request is "
     "rejected, a response is read until close)"},
    {kUpgradeBeforeTransferEncodingCheck, 6, 99,
     "a CONNECT request, or one with Upgrade and \"Connection: upgrade\", with no Content-Length and a "
     "Transfer-Encoding that "
     "does not end in chunked is handed over as a protocol upgrade instead of being rejected",
     "both readings end the HTTP stream after that header section (a 400 closes the connection, an "
     "upgrade hands the rest to another protocol), so no further message is parsed either way"},
    {kSkipCrLfBeforeResponse, 6, 99,
     "any run of CR and LF octets before a status-line is skipped",
     "the skipped octets precede the response and belong to none: no response starts or ends elsewhere"},
    {kAnyOctetsInReasonPhrase, 6, 99,
     "control octets other than CR and LF in the reason-phrase",
     "a client ignores the reason-phrase (RFC 9112 4) and the status-line still ends at its CRLF"},
    {kChunkedTwiceInResponse, 6, 99,
     "a response that names chunked twice (e.g. \"Transfer-Encoding: chunked\" on two lines) is decoded once",
     "RFC 9112 6.3 frames a response by its final coding, chunked here, so the message ends where one "
     "chunked decoding ends it; only the content (decoded once, not twice) differs"},
    {kProxyConnectionAsConnection, 6, 99,
     "\"Proxy-Connection\" is read as \"Connection\" (an old browser header http_parser also honoured)",
     "its close option closes earlier than the RFC, which hides nothing; its keep-alive keeps an HTTP/1.0 "
     "connection that the RFC would close, and a sender that means to close sends nothing more on it"},
    {kInterim101WithoutUpgrade, 6, 99,
     "Node's client reads a 101 without Upgrade and Connection: upgrade as an interim 1xx and waits for "
     "the final response",
     "RFC 9110 15.2.2 requires a 101 to name the protocol; without it there is nothing to switch to, and "
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

namespace {

constexpr LenientFlag kLenientFlags[] = {
    // llhttp documents "no token checks on header values"; Node documents the flag as accepting
    // invalid headers, and the header CVE shapes that strict mode closed stay open under it
    // (CVE-2022-32213, CVE-2022-32214, CVE-2022-32215): bare CR or LF ending a line, whitespace
    // before the colon, folded lines.
    {LENIENT_HEADERS, "headers",
     kLenientFieldValueChars | kLenientCrEndsLine | kLenientBareLfEndsLine | kLenientSpaceBeforeColon | kLenientObsFold,
     "no token checks on header values; the header CVE shapes strict mode closed"},
    {LENIENT_CHUNKED_LENGTH, "chunked_length", kLenientContentLengthWithChunked,
     "Transfer-Encoding with Content-Length: Transfer-Encoding wins"},
    {LENIENT_KEEP_ALIVE, "keep_alive", kLenientKeepAlive,
     "messages after Connection: close or an HTTP/1.0 message are parsed"},
    {LENIENT_TRANSFER_ENCODING, "transfer_encoding", kLenientTransferEncoding,
     "a coding after chunked is accepted; a request not ending in chunked is read to the end"},
    {LENIENT_VERSION, "version", kLenientVersion, "any digits as HTTP-version"},
#if LLHTTP_VERSION_MAJOR >= 9
    {LENIENT_DATA_AFTER_CLOSE, "data_after_close", 0, "data after a closing message is ignored, not an error"},
    {LENIENT_OPTIONAL_LF_AFTER_CR, "optional_lf_after_cr", kLenientCrEndsLine, "a CR alone ends a line"},
    {LENIENT_OPTIONAL_CRLF_AFTER_CHUNK, "optional_crlf_after_chunk", kLenientNoCrlfAfterChunk,
     "chunk data need not be followed by CRLF"},
    {LENIENT_OPTIONAL_CR_BEFORE_LF, "optional_cr_before_lf", kLenientBareLfEndsLine, "an LF alone ends a line"},
    {LENIENT_SPACES_AFTER_CHUNK_SIZE, "spaces_after_chunk_size", kLenientSpacesAfterChunkSize,
     "spaces and tabs after the chunk size"},
#endif
};

}  // namespace

std::span<const LenientFlag> LenientFlags() { return kLenientFlags; }

}  // namespace nodefuzz::http
