// http_explain: prints how an http_request / http_response input is read — its options and the
// traces the oracles compare — so a maintainer can see why an oracle fired.
//   usage: http_explain request|response <input file>
//          http_explain --scenario http_request|http_response <input file>
//   --scenario: the input as nodefuzz-triage confirm sends it to a real Node (http_scenario.h),
//   one line of JSON.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "http_input.h"
#include "http_scenario.h"
#include "oracle.h"

namespace {

using nodefuzz::http::Event;
using nodefuzz::http::Trace;

void Print(const char* title, const Trace& t) {
  std::printf("%s:\n", title);
  for (const Event& e : t.events) {
    std::printf("  %s", nodefuzz::http::EventName(e.kind));
    if (nodefuzz::http::IsSpan(e.kind))
      std::printf(" \"%s\"", nodefuzz::Printable(t.SpanBytes(e), 200).c_str());
    if (e.kind == nodefuzz::http::EventKind::kHeadersComplete) {
      const unsigned long long s = e.state;
      std::printf(
          " method=%llu status=%llu version=%llu.%llu upgrade=%llu keep_alive=%llu flags=%#llx "
          "content_length=%llu",
          s & 0xff, s >> 8 & 0xffff, s >> 24 & 0xff, s >> 32 & 0xff, s >> 40 & 1, s >> 41 & 1,
          s >> 42, static_cast<unsigned long long>(e.length));
    } else if (e.length) {
      std::printf(" %llu", static_cast<unsigned long long>(e.length));
    }
    std::printf("\n");
  }
  std::printf("  => %s at %zu%s%s\n", llhttp_errno_name(static_cast<llhttp_errno_t>(t.error)),
              t.error_offset, *t.error_reason ? ": " : "", t.error_reason);
}

}  // namespace

int main(int argc, char** argv) {
  const bool scenario = argc == 4 && std::string(argv[1]) == "--scenario";
  const std::string kind = argc > 1 ? argv[argc - 2] : "";
  const bool known_kind = scenario ? kind == "http_request" || kind == "http_response"
                                   : kind == "request" || kind == "response";
  if ((argc != 3 && !scenario) || !known_kind) {
    std::fprintf(stderr,
                 "usage: %s request|response <input file>\n"
                 "       %s --scenario http_request|http_response <input file>\n",
                 argv[0], argv[0]);
    return 2;
  }
  const char* path = argv[argc - 1];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "http_explain: cannot read %s — check the path\n", path);
    return 2;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  nodefuzz::http::HttpInput input;
  input.options.check_callback_oracles = false;
  const llhttp_type_t type = kind.ends_with("request") ? HTTP_REQUEST : HTTP_RESPONSE;
  nodefuzz::http::DecodeHttpInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                  type, input);
  if (scenario) {
    nodefuzz::http::ScenarioRequest request;
    request.target = kind;
    request.stream = input.stream;
    request.type = type;
    request.head_response_mask = input.options.head_response_mask;
    request.upgrade_listener = input.options.upgrade_listener;
    request.lenient_flags = input.options.lenient_flags;
    return nodefuzz::http::PrintScenario(nodefuzz::http::HttpScenario(request));
  }
  const auto& o = input.options;
  std::printf("lenient flags %#x, pause after message %d, upgrade listener %d, HEAD mask %#x\n",
              o.lenient_flags, o.pause_after_message, o.upgrade_listener, o.head_response_mask);
  std::printf("split points:");
  for (size_t s : input.splits) std::printf(" %zu", s);
  std::printf("\nstream (%zu bytes): \"%s\"\n", input.stream.size(),
              nodefuzz::Printable(input.stream, 4096).c_str());
  Print("strict, one execute() call",
        nodefuzz::http::Parse(input.stream, nodefuzz::http::OneCall(o, 0)));
  if (o.lenient_flags) {
    Print("lenient, one execute() call",
          nodefuzz::http::Parse(input.stream, nodefuzz::http::OneCall(o, o.lenient_flags)));
  }
  if (!input.splits.empty() || o.pause_after_message)
    Print("as chosen (split/paused)", nodefuzz::http::Parse(input.stream, o));
  return 0;
}
