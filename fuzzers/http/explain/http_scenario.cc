#include "http_scenario.h"

#include <cstdio>

#include "framing_check.h"
#include "lenient_flags.h"
#include "llhttp_deviations.h"

namespace nodefuzz::http {

namespace {

using nlohmann::json;

// How Node turns its options into llhttp's lenient flags (lib/_http_common.js,
// calculateLenientFlags): insecureHTTPParser: true, like httpValidation: 'insecure', sets every
// flag; httpValidation: 'relaxed' sets header_value_relaxed alone (llhttp 9.4 and later).
struct NodeOption {
  json options;
  uint16_t flags;
};

std::vector<NodeOption> NodeOptions() {
  std::vector<NodeOption> out = {{{{"insecureHTTPParser", true}}, SupportedLenientFlags()}};
#if LLHTTP_VERSION_MAJOR > 9 || (LLHTTP_VERSION_MAJOR == 9 && LLHTTP_VERSION_MINOR >= 4)
  out.push_back({{{"httpValidation", "relaxed"}}, LENIENT_HEADER_VALUE_RELAXED});
#endif
  return out;
}

json FlagNames(uint16_t flags) {
  json names = json::array();
  for (const LenientFlag& f : LenientFlags()) {
    if (flags & f.flag) names.push_back(f.name);
  }
  return names;
}

uint32_t TolerancesOf(uint16_t flags) {
  uint32_t tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  for (const LenientFlag& f : LenientFlags()) {
    if (flags & f.flag) tolerances |= LenientTolerances(f.flag);
  }
  return tolerances;
}

const char* StopName(ModelStop stop) {
  switch (stop) {
    case ModelStop::kEndOfStream:
      return "end-of-stream";
    case ModelStop::kRejected:
      return "rejected";
    case ModelStop::kClosed:
      return "closed";
    case ModelStop::kProtocolSwitch:
      return "protocol-switch";
  }
  return "?";
}

// The start-line of the message at `begin`: up to its first LF, without the CR before it.
std::string_view StartLine(std::string_view stream, size_t begin) {
  if (begin >= stream.size()) return {};
  std::string_view rest = stream.substr(begin);
  rest = rest.substr(0, std::min(rest.find('\n'), rest.size()));
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  return rest.substr(0, 200);
}

json ModelJson(std::string_view stream, const ModelResult& model) {
  json messages = json::array();
  for (const ModelMessage& m : model.messages) {
    json message = {{"begin", m.begin},
                    {"start_line", Latin1(StartLine(stream, m.begin))},
                    {"headers_done", m.headers_done},
                    {"complete", m.complete}};
    if (m.headers_done) {
      message["body"] = BodyKindName(m.body);
      message["length"] = m.body == BodyKind::kNone ? 0 : m.length;
    }
    if (m.complete) {
      message["end"] = m.end;
      message["closes"] = m.closes;
      message["switches_protocol"] = m.switches_protocol;
    }
    messages.push_back(std::move(message));
  }
  json out = {{"messages", std::move(messages)}, {"stop", StopName(model.stop)}};
  if (!model.rule.empty()) {
    out["rule"] = model.rule;
    out["offset"] = model.offset;
  }
  return out;
}

json LlhttpJson(std::string_view stream, const FramingSetup& setup) {
  json out = {{"lenient_flags", FlagNames(setup.lenient_flags)}};
  if (HangsOnKnownBug(setup.lenient_flags, stream)) {
    // Not parsed: it would not return (a known bug of this llhttp, registered as such).
    out["hangs"] = true;
    return out;
  }
  const Trace trace = ParseForFraming(stream, setup);
  json messages = json::array();
  for (const MessageFrame& f : trace.frames) {
    json message = {
        {"headers_done", f.headers_done}, {"complete", f.complete}, {"body_bytes", f.body_bytes}};
    if (f.complete) message["end"] = f.end;
    messages.push_back(std::move(message));
  }
  out["messages"] = std::move(messages);
  out["error"] = llhttp_errno_name(static_cast<llhttp_errno_t>(trace.error));
  out["error_offset"] = trace.error_offset;
  out["error_reason"] = trace.error_reason;
  return out;
}

// The status code of a response's start-line, 0 when it has none.
int StatusCode(std::string_view start_line) {
  const size_t space = start_line.find(' ');
  if (space == std::string_view::npos || space + 4 > start_line.size()) return 0;
  int code = 0;
  for (size_t i = space + 1; i < space + 4; ++i) {
    if (start_line[i] < '0' || start_line[i] > '9') return 0;
    code = code * 10 + (start_line[i] - '0');
  }
  return code;
}

// The client side: Node's client sends a request, then the next once the response has ended,
// as an application on a kept-alive socket does; the peer answers each with the bytes the model
// frames as that request's responses (interim 1xx ones and the final one), and the last request
// with the rest of the stream. A client that frames a response differently then shows it: it
// waits for bytes that are not coming, or reads the next answer into this one.
json ClientExchanges(std::string_view stream, const ModelResult& model, uint32_t head_mask) {
  const std::vector<ModelMessage>& messages = model.messages;
  const auto answers_head = [&](size_t i) { return i < 32 && (head_mask >> i & 1); };
  const auto interim = [&](size_t i) {
    const int status = StatusCode(StartLine(stream, messages[i].begin));
    return status >= 100 && status < 200 && status != 101;
  };
  // The response that answers the request starting at message i: past the interim ones.
  const auto final_response = [&](size_t i) {
    while (i < messages.size() && messages[i].complete && interim(i)) ++i;
    return i;
  };
  json exchanges = json::array();
  size_t from = 0;
  size_t next = 0;  // the first message not answered yet
  while (true) {
    const size_t last = final_response(next);
    // The rest of the stream goes with this request: the model frames no further message, or
    // this one closes the connection or switches protocols (what follows is still sent on it).
    if (last >= messages.size() || !messages[last].complete || messages[last].closes ||
        messages[last].switches_protocol || messages[last].end >= stream.size()) {
      exchanges.push_back(
          {{"method", last < messages.size() && answers_head(last) ? "HEAD" : "GET"},
           {"answer", Latin1(stream.substr(from))}});
      return exchanges;
    }
    exchanges.push_back({{"method", answers_head(last) ? "HEAD" : "GET"},
                         {"answer", Latin1(stream.substr(from, messages[last].end - from))}});
    from = messages[last].end;
    next = last + 1;
  }
}

}  // namespace

std::string Latin1(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xc0 | b >> 6);
      out += static_cast<char>(0x80 | (b & 0x3f));
    }
  }
  return out;
}

uint16_t FlagsThatReopen(std::string_view stream, llhttp_type_t type) {
  FramingSetup strict;
  strict.type = type;
  const Trace strict_trace = ParseForFraming(stream, strict);
  if (!strict_trace.error_in_execute) return 0;
  uint16_t flags = 0;
  for (const LenientFlag& flag : LenientFlags()) {
    if (HangsOnKnownBug(flag.flag, stream)) {
      flags |= flag.flag;
      continue;
    }
    FramingSetup lenient = strict;
    lenient.lenient_flags = flag.flag;
    const Trace trace = ParseForFraming(stream, lenient);
    const bool unchanged = trace.error_in_execute &&
                           trace.frames.size() <= strict_trace.frames.size() &&
                           trace.error_offset == strict_trace.error_offset;
    if (!unchanged) flags |= flag.flag;
  }
  return flags;
}

json HttpScenario(const ScenarioRequest& r) {
  const bool client = r.type == HTTP_RESPONSE;
  FramingSetup setup;
  setup.type = r.type;
  setup.head_response_mask = r.head_response_mask;
  setup.tolerances = TolerancesOf(0);
  const ModelResult model = ModelForFraming(r.stream, setup);
  json scenario = {
      {"kind", "http"},
      {"target", r.target},
      {"side", client ? "client" : "server"},
      {"stream", Latin1(r.stream)},
      {"lenient_flags", FlagNames(r.lenient_flags)},
      {"llhttp_version", std::to_string(LLHTTP_VERSION_MAJOR) + "." +
                             std::to_string(LLHTTP_VERSION_MINOR) + "." +
                             std::to_string(LLHTTP_VERSION_PATCH)},
      {"model", ModelJson(r.stream, model)},
      {"llhttp", LlhttpJson(r.stream, setup)},
  };
  if (client) {
    scenario["exchanges"] = ClientExchanges(r.stream, model, r.head_response_mask);
  } else {
    scenario["upgrade_listener"] = r.upgrade_listener;
  }
  // Each Node option that sets a flag the input asks for: the model with what the flags it sets
  // document, and this llhttp with those flags.
  json options = json::array();
  for (const NodeOption& o : NodeOptions()) {
    if (!(o.flags & r.lenient_flags)) continue;
    FramingSetup lenient = setup;
    lenient.lenient_flags = o.flags;
    lenient.tolerances = TolerancesOf(o.flags);
    const ModelResult documented = ModelForFraming(r.stream, lenient);
    json entry = {{"options", o.options},
                  {"sets", FlagNames(o.flags)},
                  {"documented_model", ModelJson(r.stream, documented)},
                  {"llhttp", LlhttpJson(r.stream, lenient)}};
    if (client) entry["exchanges"] = ClientExchanges(r.stream, documented, r.head_response_mask);
    options.push_back(std::move(entry));
  }
  scenario["node_options"] = std::move(options);
  return scenario;
}

int PrintScenario(const json& scenario) {
  try {
    std::printf("%s\n", scenario.dump().c_str());
  } catch (const json::exception& e) {
    std::fprintf(stderr, "cannot write the scenario as JSON: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace nodefuzz::http
