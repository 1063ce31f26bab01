// Structure-aware http_framing: the input is a nodefuzz.http.proto.Stream (http.proto) — binary
// wire format while fuzzing, text format for seeds and hand-written reproducers
// (http_proto_mutation.h) — written to bytes by http_proto_convert and checked by the same framing
// oracle, for request or response streams. The message, not the bytes, is mutated
// (http_proto_mutation.cc).
#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "framing_oracles.h"
#include "fuzz_entry.h"
#include "http_proto_convert.h"
#include "http_proto_mutation.h"

namespace {
// Set when the command line names input files and nothing else to run (a reproduction:
// scripts/reproduce, the triage runs whose output a report bundle keeps), never while fuzzing.
bool show_inputs_as_text = false;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  int files = 0;
  for (int i = 1; i < *argc; ++i) {
    const char* arg = (*argv)[i];
    if (arg[0] == '-') continue;  // an engine flag
    struct stat st;
    if (stat(arg, &st) != 0 || !S_ISREG(st.st_mode))
      return 0;  // a corpus directory: fuzzing or a replay
    ++files;
  }
  show_inputs_as_text = files > 0;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::http::ArenaStream input;
  const nodefuzz::http::proto::Stream& stream = input.get();
  nodefuzz::http::StreamFormat format;
  if (!nodefuzz::http::ReadStream(data, size, input.get(), &format))
    return -1;  // not a Stream: keep it out of the corpus
  if (show_inputs_as_text && format == nodefuzz::http::StreamFormat::kBinary) {
    std::fprintf(stderr, "http_framing_proto: the input (binary wire format) as text format:\n%s\n",
                 nodefuzz::http::StreamAsText(stream).c_str());
  }
  const nodefuzz::http::ConvertedStream converted = nodefuzz::http::ConvertStream(stream);
  nodefuzz::http::FramingSetup setup;
  setup.type = converted.responses ? HTTP_RESPONSE : HTTP_REQUEST;
  setup.head_response_mask = converted.head_response_mask;
  nodefuzz::http::CheckStrictFraming(converted.bytes, setup);
  return 0;
}
