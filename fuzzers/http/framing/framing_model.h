// A reference model of HTTP/1.1 message framing (RFC 9112, with RFC 9110 for field syntax),
// written from the RFCs and independent of llhttp: for a byte stream of requests, or of
// responses given which of them answer HEAD, it says which messages are accepted, where each
// one ends and how long its body is — or which rule the stream breaks, and where.
//
// Where the RFC lets a recipient choose (reject or repair, MAY accept), the model rejects,
// unless a Tolerance turns the permissive reading on. The tolerances a parser is allowed are
// listed, each with its reason, in llhttp_deviations.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nodefuzz::http {

// Readings the RFC permits, or deviations we judged benign, that the strict model refuses.
enum Tolerance : uint32_t {
  kToleranceNone = 0,
  // Bare LF (or any run of CR/LF) before a request-line is skipped, not only CRLF.
  kSkipBareLfBeforeRequest = 1u << 0,
  // "METHOD target CRLF" with no HTTP-version (or with "HTTP/0.9") is an HTTP/0.9 request: the
  // line may end in a bare LF, header fields may follow, no body, and it persists like HTTP/1.0.
  kHttp09RequestLine = 1u << 1,
  // A status-line may end right after the status code, without the SP before the reason.
  kStatusLineWithoutReason = 1u << 2,
  // Control characters other than NUL, CR and LF are kept in field values (RFC 9110 5.5 MAY).
  kControlCharsInFieldValue = 1u << 3,
  // Octets >= 0x80, and HTAB, are accepted in the request-target.
  kHighOctetsInTarget = 1u << 4,
  // The request-line's elements may be separated by more than one SP (RFC 9112 3 MAY).
  kExtraSpacesInRequestLine = 1u << 18,
  // After a chunk size and ";", any octets but CR and LF up to the line's end (no extension
  // syntax).
  kAnyOctetsInChunkExtensions = 1u << 19,
  // "HTTP/2.0" is accepted as a version (the h2c preface is "PRI * HTTP/2.0") and persists
  // like HTTP/1.0: only with "Connection: keep-alive".
  kHttp2Version = 1u << 5,
  // A 101 response without "Upgrade" and "Connection: upgrade" names no protocol to switch to
  // (RFC 9110 15.2.2 requires it): it is read as an interim 1xx response.
  kInterim101WithoutUpgrade = 1u << 6,
  // "HTTP/0.9" as the version of a status-line: framed like HTTP/1.0 (closes unless keep-alive).
  kHttp09StatusLine = 1u << 20,
  // Transfer codings are not checked for token syntax: only whether the last one is exactly
  // "chunked" matters.
  kUncheckedTransferCodings = 1u << 21,
  // A CONNECT request, or one with Upgrade and "Connection: upgrade", with no Content-Length and a
  // final coding that is not chunked switches protocols after its header section instead of being
  // rejected.
  kUpgradeBeforeTransferEncodingCheck = 1u << 22,
  // Any run of CR and LF before a status-line is skipped.
  kSkipCrLfBeforeResponse = 1u << 23,
  // Control octets (not CR or LF) in a reason-phrase.
  kAnyOctetsInReasonPhrase = 1u << 24,
  // A response whose codings name chunked more than once ("chunked" on two lines) is read as
  // one chunked body.
  kChunkedTwiceInResponse = 1u << 25,
  // "Proxy-Connection" is read as "Connection" (keep-alive, close and upgrade options).
  kProxyConnectionAsConnection = 1u << 26,
  // Lenient-flag readings (llhttp --insecure-http-parser): the lenient target applies these.
  kLenientFieldValueChars = 1u << 7,    // any octet but CR/LF in field values (lenient_headers)
  kLenientSpaceBeforeColon = 1u << 16,  // "Name : value" is the field Name (lenient_headers)
  kLenientObsFold = 1u << 17,           // a line starting with whitespace continues the previous
                                        // field's value (lenient_headers)
  kLenientContentLengthWithChunked = 1u << 8,  // CL and TE both: TE wins (lenient_chunked_length)
  kLenientKeepAlive = 1u << 9,          // parse on after a closing message (lenient_keep_alive)
  kLenientTransferEncoding = 1u << 10,  // request TE not ending in chunked: read to EOF
  kLenientVersion = 1u << 11,           // any digits as HTTP-version
  kLenientCrEndsLine = 1u << 12,        // a CR alone ends a line (optional_lf_after_cr)
  kLenientBareLfEndsLine = 1u << 13,    // an LF alone ends a line (optional_cr_before_lf)
  kLenientNoCrlfAfterChunk =
      1u << 14,  // chunk data need not end in CRLF (optional_crlf_after_chunk)
  kLenientSpacesAfterChunkSize =
      1u << 15,  // whitespace after the chunk size (spaces_after_chunk_size)
};

enum class BodyKind : uint8_t {
  kNone,        // no body: header section ends the message
  kLength,      // Content-Length
  kChunked,     // chunked transfer coding
  kUntilClose,  // response read until the connection closes
};
const char* BodyKindName(BodyKind kind);

enum class ModelStop : uint8_t {
  kEndOfStream,     // every byte was framed (the last message may be unfinished)
  kRejected,        // a rule was broken; `rule` names it
  kClosed,          // the connection closes after the last message; bytes follow it
  kProtocolSwitch,  // the stream after the last message belongs to another protocol
};

struct ModelMessage {
  size_t begin = 0;
  bool headers_done = false;  // the header section was accepted
  size_t headers_end = 0;     // offset just after the header section's final CRLF
  BodyKind body = BodyKind::kNone;
  uint64_t length = 0;  // kLength: Content-Length; kChunked: sum of chunk sizes so far
  bool complete = false;
  size_t end = 0;                  // complete: offset just after the message
  bool closes = false;             // the connection does not persist after it
  bool switches_protocol = false;  // CONNECT, Upgrade, 101: the stream after it is not HTTP
  bool bodiless_status = false;    // a 1xx, 204 or 304 response: no body, whatever its fields say
  bool empty_coding_elements = false;  // its Transfer-Encoding list has empty elements ("chunked,")
  bool tab_in_codings = false;         // its Transfer-Encoding value has an HTAB ("chunked\t")
  bool chunked_after_control_octet = false;  // a "chunked" follows a control octet in its codings

  bool operator==(const ModelMessage&) const = default;
};

struct ModelResult {
  std::vector<ModelMessage> messages;  // every message begun; the last may be unfinished
  ModelStop stop = ModelStop::kEndOfStream;
  std::string
      rule;  // kRejected and kClosed: kebab-case name of the rule, e.g. "bare-cr.header-end"
  size_t offset = 0;  // kRejected: where the rule broke; kClosed: where the ignored bytes start
  bool rejected_in_body = false;  // kRejected: after the header section was accepted

  // Back to an empty result, keeping the storage of `messages` and `rule` for the next run.
  void Reset();
};

struct ModelOptions {
  bool response = false;
  // Responses: bit i set means response i (i < 32) answers a HEAD request.
  uint32_t head_response_mask = 0;
  uint32_t tolerances = kToleranceNone;
};

ModelResult FrameStream(std::string_view stream, const ModelOptions& options);
// The same into `result`, which is reset first: a caller framing once per input reuses its storage.
void FrameStream(std::string_view stream, const ModelOptions& options, ModelResult& result);

}  // namespace nodefuzz::http
