// The encoding targets' input handlers by name, so that enc_buffer can hand an input to any of
// them. Each enc_<name>.cc defines its handler and ends with NODEFUZZ_ENCODING_ENTRY(handler):
// libFuzzer's entry point when the file builds its own target, nothing when it is built into
// enc_buffer (which defines NODEFUZZ_ENC_BUFFER and has the one entry point).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nodefuzz::enc {

int RunUtf8Input(const uint8_t* data, size_t size);        // enc_utf8.cc
int RunLatin1Ucs2Input(const uint8_t* data, size_t size);  // enc_latin1_ucs2.cc
int RunBase64Input(const uint8_t* data, size_t size);      // enc_base64.cc
int RunHexInput(const uint8_t* data, size_t size);         // enc_hex.cc

// enc_buffer's byte 0, modulo the size of this list, picks the target the rest of its input is
// for (enc_buffer.cc, and enc_explain and the seeds read it the same way).
inline constexpr std::array<std::string_view, 4> kEncBufferTargets = {"enc_utf8", "enc_latin1_ucs2",
                                                                      "enc_base64", "enc_hex"};

}  // namespace nodefuzz::enc

#ifdef NODEFUZZ_ENC_BUFFER
#define NODEFUZZ_ENCODING_ENTRY(handler)
#else
#define NODEFUZZ_ENCODING_ENTRY(handler)                                    \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    return nodefuzz::enc::handler(data, size);                              \
  }
#endif
