// http_framing_explain: prints how the framing model and llhttp frame one stream, message by
// message, to read an http.framing / http.lenient report.
//   usage: http_framing_explain [--response] [--head-mask N] [--lenient FLAG]... <stream file>
//          http_framing_explain --proto <http_framing_proto input>
//          http_framing_explain --proto-text <http_framing_proto input>
//          http_framing_explain --scenario http_framing|http_framing_lenient|http_framing_proto
//          <input>
//   FLAG: a lenient flag name (headers, chunked_length, keep_alive, ...) as in
//   llhttp_set_lenient_*.
//   --proto: the file is a Stream (binary wire format, as fuzzing writes it, or text format); it is
//   shown as text format, and its converted bytes, kind and HEAD mask are used.
//   --proto-text: only print the input as text format (a readable seed or reproducer of it).
//   --scenario: the input as nodefuzz-triage confirm sends it to a real Node (http_scenario.h), one
//   line of JSON; for http_framing_lenient with the lenient flags that change how llhttp reads it.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "framing_check.h"
#include "http_proto_convert.h"
#include "http_proto_input.h"
#include "http_scenario.h"
#include "llhttp_deviations.h"
#include "oracle.h"

namespace {

using namespace nodefuzz::http;

const char* StopName(ModelStop stop) {
  switch (stop) {
    case ModelStop::kEndOfStream:
      return "end of stream";
    case ModelStop::kRejected:
      return "rejected";
    case ModelStop::kClosed:
      return "connection closed";
    case ModelStop::kProtocolSwitch:
      return "protocol switch";
  }
  return "?";
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "http_framing_explain: %s\nusage: http_framing_explain [--response] [--head-mask N] "
               "[--lenient FLAG]... <stream file>\n"
               "       http_framing_explain --proto <http_framing_proto input>\n"
               "       http_framing_explain --proto-text <http_framing_proto input>\n"
               "       http_framing_explain --scenario <framing target> <input>\n",
               why);
  return 2;
}

}  // namespace

// The --scenario mode: one input of a framing target, decoded as that target does.
int PrintTargetScenario(const std::string& target, const char* path) {
  if (target != "http_framing" && target != "http_framing_lenient" &&
      target != "http_framing_proto") {
    return Usage(
        ("--scenario takes http_framing, http_framing_lenient or http_framing_proto, not '" +
         target + "'")
            .c_str());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Usage((std::string("cannot read ") + path).c_str());
  std::string stream((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ScenarioRequest request;
  request.target = target;
  if (target == "http_framing_proto") {
    proto::Stream message;
    if (!ReadStream(reinterpret_cast<const uint8_t*>(stream.data()), stream.size(), message)) {
      return Usage((std::string(path) +
                    " is not a nodefuzz.http.proto.Stream, in text or binary wire format")
                       .c_str());
    }
    const ConvertedStream converted = ConvertStream(message);
    stream = converted.bytes;
    request.type = converted.responses ? HTTP_RESPONSE : HTTP_REQUEST;
    request.head_response_mask = converted.head_response_mask;
  }
  request.stream = stream;
  if (target == "http_framing_lenient")
    request.lenient_flags = FlagsThatReopen(stream, HTTP_REQUEST);
  return PrintScenario(HttpScenario(request));
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--scenario") {
    if (argc != 4) return Usage("--scenario takes a target name and an input file");
    return PrintTargetScenario(argv[2], argv[3]);
  }
  FramingSetup setup;
  setup.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  const char* path = nullptr;
  bool proto = false, text_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--proto") {
      proto = true;
    } else if (arg == "--proto-text") {
      proto = text_only = true;
    } else if (arg == "--response") {
      setup.type = HTTP_RESPONSE;
    } else if (arg == "--head-mask" && i + 1 < argc) {
      setup.head_response_mask = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 0));
    } else if (arg == "--lenient" && i + 1 < argc) {
      const std::string name = argv[++i];
      bool found = false;
      for (const LenientFlag& f : LenientFlags()) {
        if (name == f.name) {
          setup.lenient_flags |= f.flag;
          setup.tolerances |= LenientTolerances(f.flag);
          found = true;
        }
      }
      if (!found) return Usage(("unknown lenient flag '" + name + "' for this llhttp").c_str());
    } else if (path == nullptr && arg[0] != '-') {
      path = argv[i];
    } else {
      return Usage(("unexpected argument '" + arg + "'").c_str());
    }
  }
  if (path == nullptr) return Usage("no stream file given");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Usage((std::string("cannot read ") + path).c_str());
  std::string stream((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (proto) {
    proto::Stream message;
    StreamFormat format;
    if (!ReadStream(reinterpret_cast<const uint8_t*>(stream.data()), stream.size(), message,
                    &format)) {
      return Usage((std::string(path) +
                    " is not a nodefuzz.http.proto.Stream, in text or binary wire format")
                       .c_str());
    }
    if (text_only) {
      std::printf("%s", StreamAsText(message).c_str());
      return 0;
    }
    std::printf(
        "input (%s):\n%s",
        format == StreamFormat::kText ? "text format" : "binary wire format, shown as text format",
        StreamAsText(message).c_str());
    const ConvertedStream converted = ConvertStream(message);
    stream = converted.bytes;
    setup.type = converted.responses ? HTTP_RESPONSE : HTTP_REQUEST;
    setup.head_response_mask = converted.head_response_mask;
    std::printf("%s, HEAD mask 0x%x\n", converted.responses ? "responses" : "requests",
                converted.head_response_mask);
  }

  std::printf("stream (%zu bytes): \"%s\"\n", stream.size(),
              nodefuzz::Printable(stream, 400).c_str());
  const ModelResult model = ModelForFraming(stream, setup);
  std::printf("model:\n");
  for (const ModelMessage& m : model.messages) {
    std::printf("  message at %zu: headers %s", m.begin,
                m.headers_done ? "accepted" : "unfinished");
    if (m.headers_done)
      std::printf(" (end %zu), body %s %llu", m.headers_end, BodyKindName(m.body),
                  static_cast<unsigned long long>(m.length));
    if (m.complete)
      std::printf(", ends at %zu%s%s", m.end, m.closes ? ", closes" : "",
                  m.switches_protocol ? ", switches protocol" : "");
    std::printf("\n");
  }
  std::printf("  stop: %s", StopName(model.stop));
  if (!model.rule.empty())
    std::printf(" (%s at %zu%s)", model.rule.c_str(), model.offset,
                model.rejected_in_body ? ", in the body" : "");
  std::printf("\nllhttp %d.%d (lenient flags %#x):\n", LLHTTP_VERSION_MAJOR, LLHTTP_VERSION_MINOR,
              setup.lenient_flags);
  const Trace trace = ParseForFraming(stream, setup);
  for (const MessageFrame& f : trace.frames) {
    std::printf("  message: headers %s", f.headers_done ? "accepted" : "unfinished");
    if (f.headers_done) {
      std::printf(" (flags %#x, content_length %llu, skip %d, upgrade %d)", f.flags,
                  static_cast<unsigned long long>(f.content_length), f.skip, f.upgrade);
    }
    std::printf(", body bytes %llu", static_cast<unsigned long long>(f.body_bytes));
    if (f.complete) std::printf(", ends at %zu", f.end);
    std::printf("\n");
  }
  std::printf("  final: %s at %zu%s%s\n",
              llhttp_errno_name(static_cast<llhttp_errno_t>(trace.error)), trace.error_offset,
              trace.error_in_execute ? " (in execute) " : "", trace.error_reason);
  const auto d = CompareFraming(model, trace);
  std::printf("verdict: %s\n", d ? (d->kind + ": " + d->detail).c_str() : "same framing");
  return 0;
}
