// The libFuzzer entry points every target defines and every engine calls (libFuzzer, AFL++'s
// driver, our replay driver).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
}

namespace nodefuzz {
// How a driver hands one input to the target linked with it.
inline int RunOneInput(const uint8_t* data, size_t size) {
  return LLVMFuzzerTestOneInput(data, size);
}
}  // namespace nodefuzz
