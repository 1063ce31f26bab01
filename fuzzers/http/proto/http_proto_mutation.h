// How a text-format nodefuzz.http.proto.Stream input is read and mutated. The .cc also defines
// LLVMFuzzerCustomMutator and LLVMFuzzerCustomCrossOver, so every binary that links
// nodefuzz_http_proto_mutation (an object library: libFuzzer's weak references would not pull
// those hooks out of a static archive) mutates messages, not bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "http.pb.h"

namespace nodefuzz::http {

// False for bytes that are not a text-format Stream; such inputs are kept out of the corpus.
bool ParseTextStream(const uint8_t* data, size_t size, proto::Stream& stream);

}  // namespace nodefuzz::http
