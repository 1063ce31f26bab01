// A second harness over the same buggy "parser" (buggy_parser.cc): one parser bug reached through
// two targets must be one bug, and a hang in either harness (no parser frame) one per target.
//
//   r  the parser's ReadPastEnd, reached through this harness's own frames
//   TT a hang in this harness
#include <cstddef>
#include <cstdint>

#include "buggy_parser.h"

namespace {

volatile unsigned g_second_harness_spins;

}  // namespace

BUGGY_FRAME void ReadThroughSecondHarness() { g_byte_sink = ReadPastEnd(); }

BUGGY_FRAME void WaitInSecondHarness() {
  for (;;) g_second_harness_spins = g_second_harness_spins + 1;
}

extern "C" BUGGY_FRAME int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  switch (data[0]) {
    case 'r':
      ReadThroughSecondHarness();
      break;
    case 'T':
      if (size > 1 && data[1] == 'T') WaitInSecondHarness();
      break;
    default:
      break;
  }
  return 0;
}
