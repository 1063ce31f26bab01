// Every Buffer encoding in one target: the first byte picks which encoding target the rest of the
// input is for, and that target's checks run on it unchanged (enc_targets.h). One corpus then
// feeds all of them: a mutation that flips byte 0 turns a UTF-8 input into a base64 or hex one.
// It is the target to run when there is one core for Node's encodings, as simdutf's roundtrip
// fuzzer covers UTF-8, UTF-16, latin1 and base64 in one; the per-encoding targets give each its
// own core on OSS-Fuzz.
//
// Input layout:
//   byte 0  target: byte % 4 == 0 enc_utf8, 1 enc_latin1_ucs2, 2 enc_base64, 3 enc_hex
//   rest    an input of that target, in its own layout (docs/TARGETS.md)
//
// Oracles: those of the target chosen.
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "enc_targets.h"

namespace {

using Handler = int (*)(const uint8_t*, size_t);
// In kEncBufferTargets' order.
constexpr Handler kHandlers[] = {nodefuzz::enc::RunUtf8Input, nodefuzz::enc::RunLatin1Ucs2Input,
                                 nodefuzz::enc::RunBase64Input, nodefuzz::enc::RunHexInput};
static_assert(std::size(kHandlers) == nodefuzz::enc::kEncBufferTargets.size());

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  return kHandlers[data[0] % std::size(kHandlers)](data + 1, size - 1);
}
