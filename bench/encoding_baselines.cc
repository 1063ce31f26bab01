// Crash-only baselines for the encoding targets: the same input layout, the code under test
// called once the plainest way, no model, no oracle. The code under test includes every simdutf
// implementation this CPU runs (the targets' job is to make them agree), so the baseline calls
// each one's main conversion once, as a crash-only fuzzer of all of them would.
// BASELINE_FOR picks the target: 1 enc_base64, 2 enc_hex, 3 enc_utf8, 4 enc_latin1_ucs2, 5
// enc_buffer (byte 0 picks one of the four, as in enc_buffer.cc).
#include <simdutf.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "enc_targets.h"
#include "enc_util.h"
#include "input_reader.h"
#include "node_codecs.h"
#include "simdutf_kernels.h"

#ifndef BASELINE_FOR
#error "define BASELINE_FOR (1 enc_base64, 2 enc_hex, 3 enc_utf8, 4 enc_latin1_ucs2, 5 enc_buffer)"
#endif

using namespace nodefuzz::enc;  // NOLINT

namespace {

// Every build has all four (enc_buffer calls each); the others call one.

// An input of one target, the layout's header bytes read the target's way.
struct Input {
  uint8_t flags;
  HeapArray<char> one;      // the payload's bytes
  std::u16string units;     // the payload as UTF-16LE units
  HeapArray<uint16_t> two;  // the same units in an exact-size block
};

Input Read(const uint8_t* data, size_t size, bool has_u16_field) {
  nodefuzz::InputReader in(data, size);
  const uint8_t flags = in.TakeByte();
  if (has_u16_field) in.TakeU16();
  const std::string_view payload = in.Rest();
  std::u16string units = ReadUnits(payload);
  HeapArray<uint16_t> two(reinterpret_cast<const uint16_t*>(units.data()), units.size());
  return {flags, HeapArray<char>(payload.data(), payload.size()), std::move(units), std::move(two)};
}

[[maybe_unused]] int Base64Baseline(const uint8_t* data, size_t size) {
  const Input in = Read(data, size, true);
  const HeapArray<char>& one = in.one;
  const HeapArray<uint16_t>& two = in.two;
  HeapArray<char> dst(one.size);
  const bool url = in.flags & 1;
  (void)((in.flags & 2) ? node_tree::WriteBase64(dst.get(), dst.size, two.get(), two.size, url)
                        : node_tree::WriteBase64(dst.get(), dst.size, one.get(), one.size, url));
  HeapArray<char> enc(node_tree::Base64EncodedSize(one.size, url));
  (void)node_tree::Base64Encode(one.get(), one.size, enc.get(), enc.size, url);
  HeapArray<char> out(simdutf::maximal_binary_length_from_base64(one.get(), one.size));
  for (const auto* impl : Kernels()) (void)impl->base64_to_binary(one.get(), one.size, out.get());
  return 0;
}

[[maybe_unused]] int HexBaseline(const uint8_t* data, size_t size) {
  const Input in = Read(data, size, true);
  HeapArray<char> dst(in.one.size / 2);
  (void)((in.flags & 1) ? node_tree::HexDecode(dst.get(), dst.size, in.two.get(), in.two.size)
                        : node_tree::HexDecode(dst.get(), dst.size, in.one.get(), in.one.size));
  return 0;
}

[[maybe_unused]] int Utf8Baseline(const uint8_t* data, size_t size) {
  const Input in = Read(data, size, false);
  const HeapArray<char>& one = in.one;
  const HeapArray<uint16_t>& two = in.two;
  const char16_t* u = reinterpret_cast<const char16_t*>(two.get());
  for (const auto* impl : Kernels()) {
    if ((in.flags & 3) == 1) {
      HeapArray<char> out(3 * two.size);
      if (impl->validate_utf16le(u, two.size))
        (void)impl->convert_utf16le_to_utf8(u, two.size, out.get());
    } else if ((in.flags & 3) == 2) {
      HeapArray<char> out(2 * one.size);
      (void)impl->convert_latin1_to_utf8(one.get(), one.size, out.get());
    } else {
      HeapArray<char16_t> out(one.size);
      if (impl->validate_utf8(one.get(), one.size))
        (void)impl->convert_utf8_to_utf16le(one.get(), one.size, out.get());
    }
  }
  return 0;
}

// The conversions enc_latin1_ucs2 exercises, each once per implementation.
[[maybe_unused]] int Latin1Ucs2Baseline(const uint8_t* data, size_t size) {
  const Input in = Read(data, size, true);
  const HeapArray<char>& one = in.one;
  const HeapArray<uint16_t>& two = in.two;
  for (const auto* impl : Kernels()) {
    if (in.flags & 1) {  // a string: latin1 and ucs2 writes
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
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#if BASELINE_FOR == 1
  return Base64Baseline(data, size);
#elif BASELINE_FOR == 2
  return HexBaseline(data, size);
#elif BASELINE_FOR == 3
  return Utf8Baseline(data, size);
#elif BASELINE_FOR == 4
  return Latin1Ucs2Baseline(data, size);
#elif BASELINE_FOR == 5
  // In kEncBufferTargets' order.
  using Baseline = int (*)(const uint8_t*, size_t);
  constexpr Baseline kBaselines[] = {Utf8Baseline, Latin1Ucs2Baseline, Base64Baseline, HexBaseline};
  static_assert(std::size(kBaselines) == kEncBufferTargets.size());
  if (size == 0) return 0;
  return kBaselines[data[0] % std::size(kBaselines)](data + 1, size - 1);
#endif
}
