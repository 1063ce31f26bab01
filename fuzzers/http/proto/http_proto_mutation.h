// The custom mutator hooks of the proto-driven targets (http_framing_proto and its bench
// baseline): LLVMFuzzerCustomMutator and LLVMFuzzerCustomCrossOver read an input as
// http_proto_input.h does and write the mutated Stream in the binary wire format. An object
// library: libFuzzer's weak references would not pull those hooks out of a static archive, so
// every binary that links nodefuzz_http_proto_mutation mutates messages, not bytes.
#pragma once

#include "http_proto_input.h"
