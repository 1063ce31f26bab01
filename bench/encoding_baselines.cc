// Crash-only baselines for the encoding targets: the same input layout, the code under test
// called once the plainest way, no model, no oracle. The code under test includes every simdutf
// implementation this CPU runs (the targets' job is to make them agree), so the baseline calls
// each one's main conversion once, as a crash-only fuzzer of all of them would.
// BASELINE_FOR picks the target: 1 enc_base64, 2 enc_hex, 3 enc_utf8, 4 enc_latin1_ucs2.
#include <simdutf.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "enc_util.h"
#include "input_reader.h"
#include "node_codecs.h"
#include "simdutf_kernels.h"

#ifndef BASELINE_FOR
#error "define BASELINE_FOR (1 enc_base64, 2 enc_hex, 3 enc_utf8, 4 enc_latin1_ucs2)"
#endif

using namespace nodefuzz::enc;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::InputReader in(data, size);
  [[maybe_unused]] const uint8_t flags = in.TakeByte();
#if BASELINE_FOR == 1 || BASELINE_FOR == 2 || BASELINE_FOR == 4
  in.TakeU16();
#endif
  const std::string_view payload = in.Rest();
  const HeapArray<char> one(payload.data(), payload.size());
  const std::u16string units = ReadUnits(payload);
  const HeapArray<uint16_t> two(reinterpret_cast<const uint16_t*>(units.data()), units.size());
#if BASELINE_FOR == 1
  HeapArray<char> dst(payload.size());
  const bool url = flags & 1;
  (void)((flags & 2) ? node_tree::WriteBase64(dst.get(), dst.size, two.get(), two.size, url)
                     : node_tree::WriteBase64(dst.get(), dst.size, one.get(), one.size, url));
  HeapArray<char> enc(node_tree::Base64EncodedSize(one.size, url));
  (void)node_tree::Base64Encode(one.get(), one.size, enc.get(), enc.size, url);
  HeapArray<char> out(simdutf::maximal_binary_length_from_base64(one.get(), one.size));
  for (const auto* impl : Kernels()) (void)impl->base64_to_binary(one.get(), one.size, out.get());
#elif BASELINE_FOR == 2
  HeapArray<char> dst(payload.size() / 2);
  (void)((flags & 1) ? node_tree::HexDecode(dst.get(), dst.size, two.get(), two.size)
                     : node_tree::HexDecode(dst.get(), dst.size, one.get(), one.size));
#elif BASELINE_FOR == 3
  const char16_t* u = reinterpret_cast<const char16_t*>(two.get());
  for (const auto* impl : Kernels()) {
    if ((flags & 3) == 1) {
      HeapArray<char> out(3 * two.size);
      if (impl->validate_utf16le(u, two.size))
        (void)impl->convert_utf16le_to_utf8(u, two.size, out.get());
    } else if ((flags & 3) == 2) {
      HeapArray<char> out(2 * one.size);
      (void)impl->convert_latin1_to_utf8(one.get(), one.size, out.get());
    } else {
      HeapArray<char16_t> out(one.size);
      if (impl->validate_utf8(one.get(), one.size))
        (void)impl->convert_utf8_to_utf16le(one.get(), one.size, out.get());
    }
  }
#elif BASELINE_FOR == 4
  // The conversions enc_latin1_ucs2 exercises, each once per implementation.
  for (const auto* impl : Kernels()) {
    if (flags & 1) {  // a string: latin1 and ucs2 writes
      const char16_t* u = reinterpret_cast<const char16_t*>(two.get());
      HeapArray<char> narrow(two.size);
      if (two.size) (void)impl->convert_utf16le_to_latin1(u, two.size, narrow.get());
      (void)impl->validate_utf16le(u, two.size);
    } else {  // a Buffer: latin1 and ucs2 reads, and back
      HeapArray<char16_t> wide(one.size);
      const size_t n16 = impl->convert_latin1_to_utf16le(one.get(), one.size, wide.get());
      HeapArray<char> back(one.size);
      if (n16) (void)impl->convert_utf16le_to_latin1(wide.get(), n16, back.get());
      (void)impl->convert_valid_utf16le_to_latin1(wide.get(), n16, back.get());
      const HeapArray<char16_t> units(reinterpret_cast<const char16_t*>(two.get()), one.size / 2);
      HeapArray<char> u8(3 * units.size);
      (void)impl->convert_utf16le_to_utf8(units.get(), units.size, u8.get());
      HeapArray<char> l8(impl->utf8_length_from_latin1(one.get(), one.size));
      const size_t nl8 = impl->convert_latin1_to_utf8(one.get(), one.size, l8.get());
      (void)impl->convert_utf8_to_latin1(l8.get(), nl8, back.get());
    }
  }
#endif
  return 0;
}
