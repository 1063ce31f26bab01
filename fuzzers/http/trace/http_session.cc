#include "http_session.h"

#include <cstdio>
#include <cstdlib>

#include "ascii.h"
#include "known_findings.h"
#include "lenient_flags.h"
#include "oracle.h"

namespace nodefuzz::http {

const char* EventName(EventKind kind) {
  switch (kind) {
    case EventKind::kUrl:
      return "url";
    case EventKind::kStatus:
      return "status";
    case EventKind::kMethod:
      return "method";
    case EventKind::kVersion:
      return "version";
    case EventKind::kHeaderField:
      return "header_field";
    case EventKind::kHeaderValue:
      return "header_value";
    case EventKind::kChunkExtensionName:
      return "chunk_extension_name";
    case EventKind::kChunkExtensionValue:
      return "chunk_extension_value";
    case EventKind::kBody:
      return "body";
    case EventKind::kMessageBegin:
      return "message_begin";
    case EventKind::kHeadersComplete:
      return "headers_complete";
    case EventKind::kMessageComplete:
      return "message_complete";
    case EventKind::kChunkHeader:
      return "chunk_header";
    case EventKind::kChunkComplete:
      return "chunk_complete";
    case EventKind::kUrlComplete:
      return "url_complete";
    case EventKind::kStatusComplete:
      return "status_complete";
    case EventKind::kMethodComplete:
      return "method_complete";
    case EventKind::kVersionComplete:
      return "version_complete";
    case EventKind::kHeaderFieldComplete:
      return "header_field_complete";
    case EventKind::kHeaderValueComplete:
      return "header_value_complete";
    case EventKind::kChunkExtensionNameComplete:
      return "chunk_extension_name_complete";
    case EventKind::kChunkExtensionValueComplete:
      return "chunk_extension_value_complete";
    case EventKind::kReset:
      return "reset";
    case EventKind::kUpgrade:
      return "upgrade";
  }
  return "?";
}

namespace {

// One parse of one stream. llhttp calls back through parser.data.
class Session {
 public:
  Session(std::string_view stream, const ParseOptions& options, Trace& trace)
      : stream_(stream), options_(options), trace_(trace) {
    llhttp_init(&parser_, options.type, &Settings());
    parser_.data = this;
    // Set the field rather than call the setters: llhttp 6 has no setter for every flag it
    // tests (LENIENT_VERSION), and the setters only set these bits.
    parser_.lenient_flags = options.lenient_flags & SupportedLenientFlags();
  }

  // Takes up the parse that kept `from`, whose trace is `recorded`, where it paused.
  void ResumeFrom(const ResumePoint& from, const Trace& recorded) {
    if (!from.paused) return;  // from the start
    const uint16_t lenient_flags = parser_.lenient_flags;
    parser_ = from.parser;
    parser_.data = this;
    parser_.lenient_flags = lenient_flags;
    llhttp_resume(&parser_);
    progress_ = from.progress;
    if (from.frames > 0) {
      trace_.frames.assign(recorded.frames.begin(), recorded.frames.begin() + (from.frames - 1));
      trace_.frames.push_back(from.last_frame);
    }
    resume_offset_ = from.offset;
    resumed_ = true;
  }

  void Run() {
    size_t begin = resume_offset_;
    for (size_t i = 0; i <= options_.split_points.size(); ++i) {
      const size_t end =
          i < options_.split_points.size() ? options_.split_points[i] : stream_.size();
      // A resumed parse executes even with no byte left: the steps after its pause are to run.
      if ((end > begin || (resumed_ && i == 0)) && !Execute(begin, end)) return;
      begin = end;
    }
    finishing_ = true;
    const llhttp_errno_t err = llhttp_finish(&parser_);
    if (err != HPE_OK) SetError(err, stream_.size());
  }

 private:
  static const llhttp_settings_t& Settings() {
    static const llhttp_settings_t settings = [] {
      llhttp_settings_t s;
      llhttp_settings_init(&s);
      s.on_message_begin = OnMessageBegin;
      s.on_url = OnSpan<EventKind::kUrl>;
      s.on_status = OnSpan<EventKind::kStatus>;
      s.on_header_field = OnSpan<EventKind::kHeaderField>;
      s.on_header_value = OnSpan<EventKind::kHeaderValue>;
      s.on_headers_complete = OnHeadersComplete;
      s.on_body = OnBody;
      s.on_message_complete = OnMessageComplete;
      s.on_chunk_header = OnChunkHeader;
      s.on_chunk_complete = OnChunkComplete;
      s.on_url_complete = OnNotify<EventKind::kUrlComplete>;
      s.on_status_complete = OnNotify<EventKind::kStatusComplete>;
      s.on_header_field_complete = OnNotify<EventKind::kHeaderFieldComplete>;
      s.on_header_value_complete = OnNotify<EventKind::kHeaderValueComplete>;
#if LLHTTP_VERSION_MAJOR >= 8
      s.on_method = OnSpan<EventKind::kMethod>;
      s.on_version = OnSpan<EventKind::kVersion>;
      s.on_chunk_extension_name = OnSpan<EventKind::kChunkExtensionName>;
      s.on_chunk_extension_value = OnSpan<EventKind::kChunkExtensionValue>;
      s.on_method_complete = OnNotify<EventKind::kMethodComplete>;
      s.on_version_complete = OnNotify<EventKind::kVersionComplete>;
      s.on_chunk_extension_name_complete = OnNotify<EventKind::kChunkExtensionNameComplete>;
      s.on_chunk_extension_value_complete = OnNotify<EventKind::kChunkExtensionValueComplete>;
      s.on_reset = OnNotify<EventKind::kReset>;
#else
      s.on_chunk_parameters = OnSpan<EventKind::kChunkExtensionName>;
#endif
      return s;
    }();
    return settings;
  }

  static Session& Of(llhttp_t* parser) { return *static_cast<Session*>(parser->data); }

  // Feeds stream_[begin, end) as one execute() call, resuming after our own pauses.
  // Returns false when parsing has stopped (an error, or an upgrade hands the stream over).
  bool Execute(size_t begin, size_t end) {
    chunk_begin_ = stream_.data() + begin;
    chunk_end_ = stream_.data() + end;
    const char* p = chunk_begin_;
    while (true) {
      const llhttp_errno_t err = llhttp_execute(&parser_, p, chunk_end_ - p);
      if (err == HPE_OK) return true;
      const size_t offset = begin + (llhttp_get_error_pos(&parser_) - chunk_begin_);
      if (err == HPE_PAUSED) {
        // Node resumes a paused parser and hands it the unparsed rest of the buffer. Execute
        // even when no byte is left: the steps after the pausing callback have not run yet,
        // and llhttp_finish would see an unfinished message.
        p = llhttp_get_error_pos(&parser_);
        if (awaiting_end_) {
          trace_.frames.back().end = offset;
          awaiting_end_ = false;
        }
        if (options_.keep_last_pause) KeepPause(*options_.keep_last_pause, offset);
        llhttp_resume(&parser_);
        continue;
      }
      if (err == HPE_PAUSED_UPGRADE) {
        Append(EventKind::kUpgrade).length = offset;
        return false;
      }
      SetError(err, offset);
      trace_.error_in_execute = true;
      return false;
    }
  }

  void KeepPause(ResumePoint& point, size_t offset) const {
    point.paused = true;
    point.offset = offset;
    point.parser = parser_;
    point.frames = trace_.frames.size();
    if (!trace_.frames.empty()) point.last_frame = trace_.frames.back();
    point.progress = progress_;
  }

  // HPE_PAUSED where ParseOptions::keep_last_pause asks for pauses (never in llhttp_finish, which
  // would stop at it).
  int PauseToKeep() const { return options_.keep_last_pause && !finishing_ ? HPE_PAUSED : 0; }

  void SetError(llhttp_errno_t err, size_t offset) {
    trace_.error = err;
    trace_.error_offset = offset;
    trace_.error_reason = llhttp_get_error_reason(&parser_);
  }

  Event& Append(EventKind kind) {
    if (!options_.record_events) {
      unrecorded_ = Event{.kind = kind};  // its fields are set, then dropped
      return unrecorded_;
    }
    return trace_.events.emplace_back(Event{.kind = kind});
  }

  void RecordSpan(EventKind kind, const char* at, size_t length) {
    NODEFUZZ_ORACLE(
        !options_.check_callback_oracles || at >= chunk_begin_ && at <= chunk_end_ &&
                                                length <= static_cast<size_t>(chunk_end_ - at),
        "http.span-bounds",
        std::string(EventName(kind)) + " span of " + std::to_string(length) + " bytes at " +
            std::to_string(at - chunk_begin_) + " lies outside the execute() buffer of " +
            std::to_string(chunk_end_ - chunk_begin_) + " bytes");
    if (length == 0 || !options_.record_events)
      return;  // an execute() boundary can flush an empty span
    if (trace_.events.empty() || trace_.events.back().kind != kind) {
      Event& e = Append(kind);
      e.bytes_begin = static_cast<uint32_t>(trace_.bytes.size());
    }
    trace_.events.back().bytes_size += static_cast<uint32_t>(length);
    trace_.bytes.append(at, length);
  }

  // node_http_parser.cc's TrackHeader: the running total of header bytes delivered so far.
  int TrackHeader(size_t length) {
    progress_.header_nread += length;
    if (progress_.header_nread >= kNodeMaxHeaderSize) {
      trace_.hit_node_limit = true;
      llhttp_set_error_reason(&parser_, "HPE_HEADER_OVERFLOW:Header overflow");
      return HPE_USER;
    }
    return 0;
  }

  template <EventKind kKind>
  static int OnSpan(llhttp_t* parser, const char* at, size_t length) {
    Session& s = Of(parser);
    s.RecordSpan(kKind, at, length);
    if constexpr (kKind == EventKind::kUrl || kKind == EventKind::kStatus ||
                  kKind == EventKind::kHeaderField || kKind == EventKind::kHeaderValue) {
      return s.TrackHeader(length);
    }
    if constexpr (kKind == EventKind::kChunkExtensionName ||
                  kKind == EventKind::kChunkExtensionValue) {
      s.progress_.chunk_extensions_nread += length;
      if (s.progress_.chunk_extensions_nread > kNodeMaxChunkExtensionsSize) {
        s.trace_.hit_node_limit = true;
        llhttp_set_error_reason(parser, "HPE_CHUNK_EXTENSIONS_OVERFLOW:Chunk extensions overflow");
        return HPE_USER;
      }
    }
    return 0;
  }

  template <EventKind kKind>
  static int OnNotify(llhttp_t* parser) {
    Session& s = Of(parser);
    s.Append(kKind);
    // After each start-line element and header line, where no span is open: a pause inside one
    // would lose the bytes before it (llhttp restarts an open span where execute() resumes).
    if constexpr (kKind == EventKind::kUrlComplete || kKind == EventKind::kStatusComplete ||
                  kKind == EventKind::kMethodComplete || kKind == EventKind::kVersionComplete ||
                  kKind == EventKind::kHeaderFieldComplete ||
                  kKind == EventKind::kHeaderValueComplete) {
      return s.PauseToKeep();
    }
    return 0;
  }

  static int OnMessageBegin(llhttp_t* parser) {
    Session& s = Of(parser);
    s.Append(EventKind::kMessageBegin);
    s.trace_.frames.emplace_back();
    s.progress_.chunk_extensions_nread = 0;
    return 0;
  }

  static int OnHeadersComplete(llhttp_t* parser) {
    Session& s = Of(parser);
    s.progress_.header_nread = 0;
    Event& e = s.Append(EventKind::kHeadersComplete);
    e.state = uint64_t{parser->method} | uint64_t{parser->status_code} << 8 |
              uint64_t{parser->http_major} << 24 | uint64_t{parser->http_minor} << 32 |
              uint64_t{parser->upgrade} << 40 |
              uint64_t(llhttp_should_keep_alive(parser) != 0) << 41 | uint64_t{parser->flags} << 42;
    e.length = parser->content_length;

    // What Node answers (_http_client.js, _http_server.js): its client treats an upgrade response
    // as a protocol switch (2) and skips the body of 1xx, 304 and responses to HEAD (1); its
    // server treats CONNECT, and upgrades it has a listener for, as a protocol switch (2).
    int skip = 0;
    if (parser->type == HTTP_RESPONSE) {
      const bool head = s.progress_.message_index < 32 &&
                        (s.options_.head_response_mask >> s.progress_.message_index & 1);
      if (parser->upgrade) {
        skip = 2;
      } else if (parser->status_code / 100 == 1 || parser->status_code == 304 || head) {
        skip = 1;
      }
    } else if (parser->upgrade && (parser->method == HTTP_CONNECT || s.options_.upgrade_listener)) {
      skip = 2;
    }
    ++s.progress_.message_index;
    MessageFrame& frame = s.trace_.frames.back();
    frame.headers_done = true;
    frame.skip = static_cast<uint8_t>(skip);
    frame.upgrade = parser->upgrade;
    frame.flags = parser->flags;
    frame.content_length = parser->content_length;
    frame.http09 = parser->http_major == 0 && parser->http_minor == 9;

    SessionProgress::BodyCheck& b = s.progress_.body;
    b = SessionProgress::BodyCheck{};
    b.skipped = skip != 0;
    b.chunked = parser->flags & F_CHUNKED;
    // Transfer-Encoding overrides Content-Length (RFC 9112 6.3): lenient flags and responses
    // read a non-chunked coding until EOF, whatever Content-Length says.
    b.has_length = (parser->flags & F_CONTENT_LENGTH) && !(parser->flags & F_TRANSFER_ENCODING);
    b.declared = parser->content_length;
    b.may_have_no_body = parser->upgrade || (parser->flags & F_SKIPBODY) ||
                         (parser->type == HTTP_RESPONSE &&
                          (parser->status_code / 100 == 1 || parser->status_code == 204 ||
                           parser->status_code == 304));
    if (b.has_length && s.options_.check_callback_oracles)
      s.CheckDeclaredLength(parser->content_length);
    return skip;
  }

  // The length llhttp frames the body by must be the one the Content-Length header states. (A
  // value left over from an earlier message would be prepended to it: llhttp#202.) Checked when
  // the message has exactly one Content-Length field holding plain digits.
  void CheckDeclaredLength(uint64_t framed) {
    size_t i = trace_.events.size();
    while (i > 0 && trace_.events[i - 1].kind != EventKind::kMessageBegin) --i;
    std::string_view value;
    int fields = 0;
    for (; i + 2 < trace_.events.size(); ++i) {
      const Event& e = trace_.events[i];
      if (e.kind != EventKind::kHeaderField ||
          !EqualsIgnoreAsciiCase(trace_.SpanBytes(e), "content-length"))
        continue;
      ++fields;
      // field, field_complete, then the value span (absent when the value is empty).
      const Event& v = trace_.events[i + 2];
      value = v.kind == EventKind::kHeaderValue ? trace_.SpanBytes(v) : std::string_view();
    }
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (fields != 1 || value.empty() || value.size() > 19) return;
    uint64_t stated = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return;
      stated = stated * 10 + static_cast<uint64_t>(c - '0');
    }
    // llhttp before 9 keeps an earlier message's Content-Length and appends this one's digits to
    // it (llhttp.content-length-carryover): the framed length ends in the stated digits. The
    // framing targets report that shape as http.framing.content-length-carryover; here it is
    // skipped the same way. Only a mismatch is looked at: the agreeing case, every message, costs
    // nothing more.
    if (stated != framed && KnownFinding("llhttp.content-length-carryover")) {
      const std::string framed_digits = std::to_string(framed);
      if (framed_digits.size() > value.size() && framed_digits.ends_with(value)) return;
    }
    NODEFUZZ_ORACLE(stated == framed, "http.body-length",
                    "Content-Length header states " + std::to_string(stated) +
                        " but llhttp frames the body as " + std::to_string(framed) + " bytes");
  }

  static int OnBody(llhttp_t* parser, const char* at, size_t length) {
    Session& s = Of(parser);
    s.RecordSpan(EventKind::kBody, at, length);
    s.progress_.body.delivered += length;
    s.trace_.frames.back().body_bytes += length;
    s.progress_.body.chunk_delivered += length;
    return 0;
  }

  static int OnChunkHeader(llhttp_t* parser) {
    Session& s = Of(parser);
    s.progress_.header_nread = 0;
    s.progress_.chunk_extensions_nread = 0;
    s.Append(EventKind::kChunkHeader).length = parser->content_length;
    s.progress_.body.chunk_declared = parser->content_length;
    s.progress_.body.chunk_delivered = 0;
    s.progress_.body.chunks_total += parser->content_length;
    return s.PauseToKeep();
  }

  static int OnChunkComplete(llhttp_t* parser) {
    Session& s = Of(parser);
    s.progress_.header_nread = 0;
    s.Append(EventKind::kChunkComplete);
    NODEFUZZ_ORACLE(!s.options_.check_callback_oracles ||
                        s.progress_.body.chunk_delivered == s.progress_.body.chunk_declared,
                    "http.body-length",
                    "a chunk of declared size " + std::to_string(s.progress_.body.chunk_declared) +
                        " delivered " + std::to_string(s.progress_.body.chunk_delivered) +
                        " body bytes");
    return s.PauseToKeep();
  }

  static int OnMessageComplete(llhttp_t* parser) {
    Session& s = Of(parser);
    // Whether the connection stays open is only settled here: trailer fields can still change it.
    s.Append(EventKind::kMessageComplete).state = llhttp_should_keep_alive(parser) != 0;
    const SessionProgress::BodyCheck& b = s.progress_.body;
    if (b.skipped) {
      NODEFUZZ_ORACLE(!s.options_.check_callback_oracles || b.delivered == 0, "http.body-length",
                      "on_headers_complete asked to skip the body, yet " +
                          std::to_string(b.delivered) + " body bytes were delivered");
    } else if (b.chunked) {
      NODEFUZZ_ORACLE(!s.options_.check_callback_oracles || b.delivered == b.chunks_total,
                      "http.body-length",
                      "chunked message: chunk sizes sum to " + std::to_string(b.chunks_total) +
                          " but " + std::to_string(b.delivered) + " body bytes were delivered");
    } else if (b.has_length) {
      NODEFUZZ_ORACLE(!s.options_.check_callback_oracles || b.delivered == b.declared ||
                          (b.delivered == 0 && b.may_have_no_body),
                      "http.body-length",
                      "Content-Length " + std::to_string(b.declared) + " but " +
                          std::to_string(b.delivered) + " body bytes were delivered");
    }
    s.progress_.body = SessionProgress::BodyCheck{};
    MessageFrame& frame = s.trace_.frames.back();
    frame.complete = true;
    if (s.finishing_) {
      frame.end = s.stream_.size();
      return 0;
    }
    s.awaiting_end_ = s.options_.record_ends;
    if (s.options_.pause_after_message || s.options_.record_ends) return HPE_PAUSED;
    return 0;
  }

  std::string_view stream_;
  const ParseOptions& options_;
  Trace& trace_;
  llhttp_t parser_;
  const char* chunk_begin_ = nullptr;
  const char* chunk_end_ = nullptr;
  bool finishing_ = false;
  bool awaiting_end_ = false;  // paused after a message: the pause position is where it ended
  SessionProgress progress_;
  size_t resume_offset_ = 0;  // where Run() starts: 0, or a ResumePoint's offset
  bool resumed_ = false;
  Event unrecorded_{};  // Append's event when ParseOptions::record_events is off
};

// A resumed parse hands on only the frames, from one execute() call: events and split points
// would need the whole of the parse before the pause. A caller asking for them is a bug here.
void RequireFramingOnly(const ParseOptions& options, const char* what) {
  if (options.record_events || !options.split_points.empty()) {
    std::fprintf(stderr, "nodefuzz: %s needs record_events off and no split points\n", what);
    std::abort();
  }
}

std::string DescribeEvent(const Trace& t, size_t i) {
  if (i >= t.events.size()) return "<end of trace>";
  const Event& e = t.events[i];
  std::string out = EventName(e.kind);
  if (IsSpan(e.kind)) out += " \"" + Printable(t.SpanBytes(e), 60) + "\"";
  if (e.kind == EventKind::kHeadersComplete) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " state=%#llx content_length=%llu",
                  static_cast<unsigned long long>(e.state),
                  static_cast<unsigned long long>(e.length));
    out += buf;
  } else if (e.kind == EventKind::kChunkHeader) {
    out += " size=" + std::to_string(e.length);
  } else if (e.kind == EventKind::kUpgrade) {
    out += " at " + std::to_string(e.length);
  }
  return out;
}

}  // namespace

void Trace::Reset() {
  std::vector<Event> kept_events = std::move(events);
  std::vector<MessageFrame> kept_frames = std::move(frames);
  std::string kept_bytes = std::move(bytes);
  *this = Trace{};  // every other field, whatever fields are added later
  events = std::move(kept_events);
  events.clear();
  frames = std::move(kept_frames);
  frames.clear();
  bytes = std::move(kept_bytes);
  bytes.clear();
}

void Parse(std::string_view stream, const ParseOptions& options, Trace& trace) {
  trace.Reset();
  if (options.keep_last_pause) {
    RequireFramingOnly(options, "ParseOptions::keep_last_pause");
    *options.keep_last_pause = ResumePoint{};
  }
  if (options.record_events) {
    trace.events.reserve(32);
    trace.bytes.reserve(stream.size());  // spans never hold more than the stream: one allocation
  }
  Session session(stream, options, trace);
  session.Run();
}

void ResumeParse(std::string_view stream, const ParseOptions& options, const ResumePoint& from,
                 const Trace& recorded, Trace& trace) {
  RequireFramingOnly(options, "ResumeParse");
  trace.Reset();
  Session session(stream, options, trace);
  session.ResumeFrom(from, recorded);
  session.Run();
}

Trace Parse(std::string_view stream, const ParseOptions& options) {
  Trace trace;
  Parse(stream, options, trace);
  return trace;
}

void DropUnfinishedSpan(Trace& trace) {
  if (!trace.error_in_execute || trace.events.empty() || !IsSpan(trace.events.back().kind)) return;
  trace.bytes.resize(trace.events.back().bytes_begin);
  trace.events.pop_back();
}

std::string FirstDifference(const Trace& expected, const Trace& actual) {
  const size_t n = std::max(expected.events.size(), actual.events.size());
  for (size_t i = 0; i < n; ++i) {
    const bool same = i < expected.events.size() && i < actual.events.size() &&
                      expected.events[i].kind == actual.events[i].kind &&
                      expected.events[i].state == actual.events[i].state &&
                      expected.events[i].length == actual.events[i].length &&
                      expected.SpanBytes(expected.events[i]) == actual.SpanBytes(actual.events[i]);
    if (!same) {
      return "event " + std::to_string(i) + ": " + DescribeEvent(expected, i) + " vs " +
             DescribeEvent(actual, i);
    }
  }
  if (expected.error != actual.error || expected.error_offset != actual.error_offset) {
    return std::string("final error ") +
           llhttp_errno_name(static_cast<llhttp_errno_t>(expected.error)) + " at " +
           std::to_string(expected.error_offset) + " vs " +
           llhttp_errno_name(static_cast<llhttp_errno_t>(actual.error)) + " at " +
           std::to_string(actual.error_offset);
  }
  return {};
}

}  // namespace nodefuzz::http
