#include "framing_check.h"

namespace nodefuzz::http {

namespace {

ParseOptions FramingParseOptions(const FramingSetup& setup) {
  ParseOptions options;
  options.type = setup.type;
  options.lenient_flags = setup.lenient_flags;
  options.head_response_mask = setup.head_response_mask;
  options.record_ends = true;
  options.check_callback_oracles =
      false;                      // the framing oracle is this target's; http_request has those
  options.record_events = false;  // only the frames are compared
  return options;
}

}  // namespace

void ParseForFraming(std::string_view stream, const FramingSetup& setup, Trace& trace,
                     ResumePoint* keep_last_pause) {
  ParseOptions options = FramingParseOptions(setup);
  options.keep_last_pause = keep_last_pause;
  Parse(stream, options, trace);
}

void ResumeForFraming(std::string_view stream, const FramingSetup& setup, const ResumePoint& from,
                      const Trace& recorded, Trace& trace) {
  ResumeParse(stream, FramingParseOptions(setup), from, recorded, trace);
}

Trace ParseForFraming(std::string_view stream, const FramingSetup& setup) {
  Trace trace;
  ParseForFraming(stream, setup, trace);
  return trace;
}

void ModelForFraming(std::string_view stream, const FramingSetup& setup, ModelResult& model) {
  ModelOptions options;
  options.response = setup.type == HTTP_RESPONSE;
  options.head_response_mask = setup.head_response_mask;
  options.tolerances = setup.tolerances;
  FrameStream(stream, options, model);
}

ModelResult ModelForFraming(std::string_view stream, const FramingSetup& setup) {
  ModelResult model;
  ModelForFraming(stream, setup, model);
  return model;
}

namespace {

std::string Where(size_t index) { return "message " + std::to_string(index + 1); }

FramingDivergence Diverge(std::string kind, std::string detail) {
  return FramingDivergence{std::move(kind), std::move(detail)};
}

// How llhttp left a message it did not complete: stopped by an error, or still waiting for bytes.
bool LlhttpRejected(const Trace& t, size_t index) {
  return index + 1 == t.frames.size() && t.error_in_execute;
}

}  // namespace

std::optional<FramingDivergence> CompareFraming(const ModelResult& model, const Trace& llhttp) {
  for (size_t i = 0; i < llhttp.frames.size(); ++i) {
    const MessageFrame& l = llhttp.frames[i];
    // llhttp's HTTP/0.9 request (a deviation) has no body; when llhttp parses nothing after it,
    // whatever it reads in it differently reaches no further message: nothing to smuggle.
    if (l.http09 && i + 1 == llhttp.frames.size()) return std::nullopt;
    const bool model_has = i < model.messages.size();
    const ModelMessage* m = model_has ? &model.messages[i] : nullptr;
    const bool model_stopped_here =
        model.stop != ModelStop::kEndOfStream && i + 1 >= model.messages.size();

    // The model ended the HTTP stream before this message: llhttp parsed a message that is not
    // there.
    if (!model_has) {
      if (!l.headers_done) return std::nullopt;
      switch (model.stop) {
        case ModelStop::kRejected:
        case ModelStop::kClosed:
          return Diverge(model.rule,
                         Where(i) +
                             ": llhttp accepted its header section; the model stops at offset " +
                             std::to_string(model.offset) + " (" + model.rule + ")");
        case ModelStop::kProtocolSwitch:
          return Diverge(
              model.rule.empty() ? "data-after-protocol-switch"
                                 : "data-after-protocol-switch." + model.rule,
              Where(i) + ": llhttp parsed it, but the message before it switched protocols");
        case ModelStop::kEndOfStream:
          return Diverge(
              "boundary",
              Where(i) + ": llhttp found a message after the model framed the whole stream");
      }
    }

    // The header section.
    if (!m->headers_done) {
      if (l.headers_done && model_stopped_here && model.stop == ModelStop::kRejected) {
        return Diverge(model.rule, Where(i) +
                                       ": llhttp accepted the header section, which breaks rule " +
                                       model.rule + " at offset " + std::to_string(model.offset));
      }
      return std::nullopt;  // the model waits for more bytes, or llhttp rejected too
    }
    if (!l.headers_done) return std::nullopt;  // llhttp is stricter, or still in the header section

    // The declared body length.
    const bool llhttp_uses_length = l.skip == 0 && (l.flags & F_CONTENT_LENGTH) &&
                                    !(l.flags & (F_CHUNKED | F_TRANSFER_ENCODING));
    // "Content-Length: 0" gives the model no body (kNone, length 0); it is carried over all the
    // same.
    const bool declared_length =
        m->body == BodyKind::kLength ||
        (m->body == BodyKind::kNone && m->complete && !m->bodiless_status && !m->switches_protocol);
    if (declared_length && llhttp_uses_length && l.content_length != m->length) {
      // llhttp 6 leaves an earlier number in content_length (a skipped body's, a trailer's) and
      // appends this message's digits to it: findings 1 and 2, one id for the one mechanism.
      const std::string declared = std::to_string(m->length),
                        framed = std::to_string(l.content_length);
      if (framed.size() > declared.size() && framed.ends_with(declared)) {
        return Diverge("content-length-carryover",
                       Where(i) + ": Content-Length frames " + declared +
                           " body bytes, llhttp frames " + framed +
                           " (an earlier number with these digits appended)");
      }
      return Diverge("body-length", Where(i) + ": Content-Length frames " +
                                        std::to_string(m->length) + " body bytes, llhttp frames " +
                                        std::to_string(l.content_length));
    }

    // RFC 9110 5.5: HTAB around a value or list element is whitespace, as SP is; llhttp disagrees.
    if (m->body == BodyKind::kChunked && m->tab_in_codings && !(l.flags & F_CHUNKED)) {
      return Diverge(
          "chunked-with-tab-whitespace",
          Where(i) +
              ": the final coding is chunked once whitespace (HTAB) is trimmed; llhttp does "
              "not read it as chunked");
    }
    // RFC 9110 5.6.1: empty list elements are ignored, so "chunked," is chunked; llhttp disagrees.
    if (m->body == BodyKind::kChunked && m->empty_coding_elements && !(l.flags & F_CHUNKED)) {
      return Diverge(
          "chunked-with-empty-list-element",
          Where(i) +
              ": the final coding is chunked once empty list elements are ignored; llhttp "
              "does not read it as chunked");
    }

    // llhttp stops reading codings at a control octet (only lenient flags admit one), so it misses
    // a chunked after it: finding 18.
    if (m->body == BodyKind::kChunked && m->chunked_after_control_octet && !(l.flags & F_CHUNKED)) {
      return Diverge("chunked-after-control-octet",
                     Where(i) +
                         ": the final coding is chunked, after a control octet; llhttp does not "
                         "read it as chunked");
    }

    // RFC 9112 6.3 item 1: a 1xx, 204 or 304 response ends with its header section.
    if (m->bodiless_status && (l.body_bytes > 0 || !l.complete || l.end != m->end) &&
        !LlhttpRejected(llhttp, i)) {
      return Diverge("bodiless-status-body",
                     Where(i) + ": a " + (l.complete ? "" : "still unfinished ") +
                         "response whose status allows no body; llhttp read " +
                         std::to_string(l.body_bytes) + " body bytes");
    }

    // The end of the message.
    if (l.complete) {
      if (!m->complete) {
        if (model_stopped_here && model.stop == ModelStop::kRejected) {
          return Diverge(model.rule, Where(i) + ": llhttp accepted its body, which breaks rule " +
                                         model.rule + " at offset " + std::to_string(model.offset));
        }
        return Diverge("boundary", Where(i) + ": llhttp ends it at offset " +
                                       std::to_string(l.end) + ", the model needs more bytes (" +
                                       BodyKindName(m->body) + " body)");
      }
      if (l.end != m->end) {
        return Diverge("boundary", Where(i) + ": llhttp ends it at offset " +
                                       std::to_string(l.end) + ", the model at " +
                                       std::to_string(m->end) + " (" + BodyKindName(m->body) +
                                       " body)");
      }
      const uint64_t model_body = m->body == BodyKind::kNone ? 0 : m->length;
      if (l.body_bytes != model_body) {
        return Diverge("body-length",
                       Where(i) + ": llhttp delivered " + std::to_string(l.body_bytes) +
                           " body bytes, the model frames " + std::to_string(model_body) + " (" +
                           BodyKindName(m->body) + ")");
      }
    } else if (m->complete && !LlhttpRejected(llhttp, i)) {
      return Diverge("boundary", Where(i) + ": the model ends it at offset " +
                                     std::to_string(m->end) +
                                     ", llhttp reads on to the end of the stream");
    }
  }
  return std::nullopt;
}

}  // namespace nodefuzz::http
