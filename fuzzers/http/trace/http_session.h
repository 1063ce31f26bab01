// Drives llhttp over one byte stream the way Node's node_http_parser.cc does, and records what it
// reports as a compact, comparable trace. Checks the per-callback oracles (span bounds, body
// length) as it goes; the oracles that compare two parses live in trace/trace_oracles.cc.
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nodefuzz::http {

enum class EventKind : uint8_t {
  // Spans: their bytes are kept, and consecutive spans of one kind are joined, because an
  // execute() boundary inside a field delivers it in pieces.
  kUrl,
  kStatus,
  kMethod,
  kVersion,
  kHeaderField,
  kHeaderValue,
  kChunkExtensionName,  // llhttp < 8: on_chunk_parameters, the whole extension text
  kChunkExtensionValue,
  kBody,
  // Notifications.
  kMessageBegin,
  kHeadersComplete,
  kMessageComplete,
  kChunkHeader,
  kChunkComplete,
  kUrlComplete,
  kStatusComplete,
  kMethodComplete,
  kVersionComplete,
  kHeaderFieldComplete,
  kHeaderValueComplete,
  kChunkExtensionNameComplete,
  kChunkExtensionValueComplete,
  kReset,
  // HPE_PAUSED_UPGRADE: the rest of the stream belongs to another protocol, as in Node.
  kUpgrade,
};

const char* EventName(EventKind kind);
constexpr bool IsSpan(EventKind kind) { return kind <= EventKind::kBody; }

struct Event {
  EventKind kind;
  uint32_t bytes_begin = 0;  // spans: where their bytes are in Trace::bytes
  uint32_t bytes_size = 0;
  uint64_t state = 0;   // headers complete: method, status, version, upgrade, keep-alive, flags;
                        // message complete: keep-alive
  uint64_t length = 0;  // headers complete: content_length; chunk header: chunk size;
                        // upgrade: offset in the stream where the other protocol starts
};

// What llhttp decided about one message, for the framing oracles (framing_check.h).
struct MessageFrame {
  bool headers_done = false;
  bool complete = false;
  uint8_t skip = 0;      // what on_headers_complete returned: 1 no body, 2 protocol switch
  bool upgrade = false;  // parser->upgrade at headers complete
  uint16_t flags = 0;    // parser->flags at headers complete (F_CHUNKED, F_CONTENT_LENGTH, ...)
  uint64_t content_length = 0;  // parser->content_length at headers complete
  bool http09 = false;          // an HTTP/0.9 message (parser->http_major 0, http_minor 9)
  uint64_t body_bytes = 0;
  size_t end = 0;  // complete and ParseOptions::record_ends: offset just after it

  bool operator==(const MessageFrame&) const = default;
};

struct Trace {
  std::vector<Event> events;
  std::vector<MessageFrame> frames;  // one per message begun
  std::string bytes;
  int error = HPE_OK;       // the parse's final llhttp_errno (HPE_OK when it ended cleanly)
  size_t error_offset = 0;  // offset of the error in the whole stream
  const char* error_reason = "";
  bool hit_node_limit = false;    // stopped by Node's header or chunk-extension size limit
  bool error_in_execute = false;  // the error came from llhttp_execute, not llhttp_finish

  bool Clean() const { return error == HPE_OK; }
  // Back to an empty trace, keeping the vectors' storage for the next parse.
  void Reset();
  std::string_view SpanBytes(const Event& e) const {
    return std::string_view(bytes).substr(e.bytes_begin, e.bytes_size);
  }
};

// Node's limits (node_http_parser.cc): --max-http-header-size defaults to 16 KiB, counted over
// url, status, header names and values; chunk extensions are capped at 16 KiB per chunk.
inline constexpr uint64_t kNodeMaxHeaderSize = 16 * 1024;
inline constexpr uint64_t kNodeMaxChunkExtensionsSize = 16 * 1024;

// What a parse counts besides llhttp's own state: Node's size limits and the body-length checks.
struct SessionProgress {
  struct BodyCheck {
    bool skipped = false, chunked = false, has_length = false, may_have_no_body = false;
    uint64_t declared = 0, delivered = 0;
    uint64_t chunk_declared = 0, chunk_delivered = 0, chunks_total = 0;
  };
  unsigned message_index = 0;  // messages whose header section is complete
  uint64_t header_nread = 0;
  uint64_t chunk_extensions_nread = 0;
  BodyCheck body;
};

// A framing parse where it last paused, with all it had reached there, so that ResumeParse can
// carry the same parse on from that point, with other lenient flags.
struct ResumePoint {
  bool paused = false;      // false: the parse never paused; a resumed parse starts from the start
  size_t offset = 0;        // the stream goes on here
  llhttp_t parser{};        // paused at `offset`
  size_t frames = 0;        // messages begun by then
  MessageFrame last_frame;  // frames[frames - 1] as it was then
  SessionProgress progress;
};

struct ParseOptions {
  llhttp_type_t type = HTTP_REQUEST;
  uint16_t lenient_flags = 0;
  // Return HPE_PAUSED from on_message_complete and resume, as Node does when JS pauses the parser.
  bool pause_after_message = false;
  // Responses: bit i set means message i (i < 32) answers a HEAD request, so on_headers_complete
  // returns 1 (no body), as Node's client does.
  uint32_t head_response_mask = 0;
  // Requests: the server has an 'upgrade' listener, so Node returns 2 for upgrade requests.
  bool upgrade_listener = false;
  // Fire http.span-bounds and http.body-length as callbacks arrive (http_explain turns it off
  // to print the whole trace of an input that makes them fire).
  bool check_callback_oracles = true;
  // Record where each message ends (MessageFrame::end) by pausing after it, as Node may.
  bool record_ends = false;
  // Keep the events (and span bytes) in the trace; the framing oracles need only the frames and
  // the error, and an event list grown per callback was a sixth of their allocations.
  bool record_events = true;
  // Stream offsets where one execute() call ends and the next begins (sorted, inside the stream).
  std::span<const size_t> split_points;
  // Also pause after each start-line element, header line and chunk (Node may pause at any
  // callback), and keep the last pause here, for ResumeParse. Only with record_events off and
  // no split points: what a resumed parse hands on is its frames.
  ResumePoint* keep_last_pause = nullptr;
};

Trace Parse(std::string_view stream, const ParseOptions& options);
// The same into `trace`, which is reset first: a caller parsing once per input reuses its storage.
void Parse(std::string_view stream, const ParseOptions& options, Trace& trace);

// Into `trace`, the parse that `options` gives, carried on from `from`: where the parse with
// trace `recorded` and ParseOptions::keep_last_pause last paused. `options` may differ from the
// recording's only in lenient_flags, and the result is that of Parse() only when llhttp tests
// none of them before that pause (framing_oracles.cc knows when).
void ResumeParse(std::string_view stream, const ParseOptions& options, const ResumePoint& from,
                 const Trace& recorded, Trace& trace);

// When execute() stops on an error inside a span, the part of that span delivered at earlier
// execute() boundaries has been reported and the rest never will be: a split parse reports
// a prefix that a one-call parse does not. Drops that unfinished span so the two compare.
void DropUnfinishedSpan(Trace& trace);

// Empty when the traces are the same; otherwise a one-line description of the first difference.
std::string FirstDifference(const Trace& expected, const Trace& actual);

}  // namespace nodefuzz::http
