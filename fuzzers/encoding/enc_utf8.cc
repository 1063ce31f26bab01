// simdutf's validation and conversion between UTF-8, UTF-16LE and latin1 — what Node uses for
// buffer.isUtf8(), isAscii(), TextDecoder's fatal check, the 'ascii'/'latin1' fast paths and its
// builtin-source conversions — run on every implementation this CPU supports, against the WHATWG
// decoding model of encoding_models.h.
//
// Input layout:
//   byte 0  what the payload is: (byte & 3) == 1 UTF-16LE units (an odd last byte dropped),
//           == 2 latin1 bytes, else UTF-8 bytes
//   rest    payload
//
// Oracles:
//   enc.utf8-model     valid exactly when the model says valid, and where it says the first
//                      ill-formed sequence starts; conversions of valid input give the model's
//                      text; invalid input converts to nothing (0) and its valid prefix converts
//                      to the model's text up to its first U+FFFD; lengths and counts match
//   enc.simdutf-impls  every kernel gives fallback's results (the transcript of every call's
//                      result), checked after every kernel's model checks (simdutf_kernels.h)
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "enc_targets.h"
#include "enc_util.h"
#include "encoding_models.h"
#include "input_reader.h"
#include "simdutf_kernels.h"

namespace {

using namespace nodefuzz::enc;  // NOLINT
using simdutf::error_code;
using simdutf::implementation;

// One kernel's run over the input: its results go into the transcript CompareKernels compares.
struct Checker {
  KernelTranscript& transcript;
  const std::function<std::string()>& what;  // the input, readable
  const implementation* impl = transcript.kernel();

  void Note(const char* call, size_t value) { transcript.Note(call, value); }
};

// The got/want descriptions are built only when the oracle fires (they are costly).
#define EXPECT_MODEL(c, ok, call, got, want)                                                      \
  NODEFUZZ_ORACLE(ok, "enc.utf8-model",                                                           \
                  std::string((c).impl->name()) + " " + (call) + " gives " + (got) + ", model " + \
                      (want) + " for " + (c).what())

std::string U16Bytes(std::u16string_view u) { return Units(u); }

void CheckUtf8(Checker& c, const HeapArray<char>& src, const Decoded& d) {
  const implementation* impl = c.impl;
  const char* p = src.get();
  const size_t n = src.size;

  const bool valid = SIMDUTF_CALL(impl, validate_utf8, p, n);
  c.Note("validate_utf8", valid);
  EXPECT_MODEL(c, valid == d.valid, "validate_utf8", valid ? "valid" : "invalid",
               d.valid ? "valid" : "invalid");
  const simdutf::result r = SIMDUTF_CALL(impl, validate_utf8_with_errors, p, n);
  c.Note("validate_utf8_with_errors.error", static_cast<size_t>(r.error));
  c.Note("validate_utf8_with_errors.count", r.count);
  EXPECT_MODEL(
      c, (r.error == error_code::SUCCESS) == d.valid && r.count == d.first_error,
      "validate_utf8_with_errors",
      "error " + std::to_string(static_cast<int>(r.error)) + " at " + std::to_string(r.count),
      d.valid ? "valid" : "first error at " + std::to_string(d.first_error));
  const bool ascii = SIMDUTF_CALL(impl, validate_ascii, p, n);
  c.Note("validate_ascii", ascii);
  EXPECT_MODEL(c, ascii == d.ascii, "validate_ascii", ascii ? "ascii" : "not ascii",
               d.ascii ? "ascii" : "not ascii");
  const simdutf::result ra = SIMDUTF_CALL(impl, validate_ascii_with_errors, p, n);
  size_t first_non_ascii = 0;
  while (first_non_ascii < n && static_cast<unsigned char>(p[first_non_ascii]) < 0x80)
    ++first_non_ascii;
  c.Note("validate_ascii_with_errors.count", ra.count);
  EXPECT_MODEL(
      c, (ra.error == error_code::SUCCESS) == d.ascii && ra.count == first_non_ascii,
      "validate_ascii_with_errors",
      "error " + std::to_string(static_cast<int>(ra.error)) + " at " + std::to_string(ra.count),
      "first non-ASCII byte at " + std::to_string(first_non_ascii));

  // UTF-8 → UTF-16LE, into exactly the room the documentation asks for.
  HeapArray<char16_t> u16(d.valid ? d.utf16.size() : n);
  const size_t units = SIMDUTF_CALL(impl, convert_utf8_to_utf16le, p, n, u16.get());
  c.Note("convert_utf8_to_utf16le", units);
  const std::u16string_view got(u16.get(), units);
  EXPECT_MODEL(c, d.valid ? got == d.utf16 : units == 0, "convert_utf8_to_utf16le", U16Bytes(got),
               d.valid ? U16Bytes(d.utf16) : "0 (invalid)");
  const simdutf::result rc =
      SIMDUTF_CALL(impl, convert_utf8_to_utf16le_with_errors, p, n, u16.get());
  c.Note("convert_utf8_to_utf16le_with_errors.error", static_cast<size_t>(rc.error));
  EXPECT_MODEL(
      c,
      (rc.error == error_code::SUCCESS) == d.valid &&
          rc.count == (d.valid ? d.utf16.size() : d.first_error),
      "convert_utf8_to_utf16le_with_errors",
      "error " + std::to_string(static_cast<int>(rc.error)) + " count " + std::to_string(rc.count),
      d.valid ? std::to_string(d.utf16.size()) + " units"
              : "error at " + std::to_string(d.first_error));
  if (d.valid) {
    const size_t len16 = SIMDUTF_CALL(impl, utf16_length_from_utf8, p, n);
    const size_t cps = SIMDUTF_CALL(impl, count_utf8, p, n);
    const size_t len1 = SIMDUTF_CALL(impl, latin1_length_from_utf8, p, n);
    c.Note("utf16_length_from_utf8", len16);
    c.Note("count_utf8", cps);
    EXPECT_MODEL(c, len16 == d.utf16.size() && cps == d.code_points && len1 == d.code_points,
                 "utf16_length/count_utf8/latin1_length",
                 std::to_string(len16) + "/" + std::to_string(cps) + "/" + std::to_string(len1),
                 std::to_string(d.utf16.size()) + "/" + std::to_string(d.code_points) + "/" +
                     std::to_string(d.code_points));
    HeapArray<char16_t> v16(d.utf16.size());
    const size_t vunits = SIMDUTF_CALL(impl, convert_valid_utf8_to_utf16le, p, n, v16.get());
    EXPECT_MODEL(c, std::u16string_view(v16.get(), vunits) == d.utf16,
                 "convert_valid_utf8_to_utf16le", U16Bytes(std::u16string_view(v16.get(), vunits)),
                 U16Bytes(d.utf16));
  } else {
    // The well-formed prefix before the first error converts to the model's text before its
    // first replacement.
    const size_t k = d.first_error;
    const bool prefix_valid = SIMDUTF_CALL(impl, validate_utf8, p, k);
    HeapArray<char16_t> pre(k);
    const size_t pre_units = SIMDUTF_CALL(impl, convert_utf8_to_utf16le, p, k, pre.get());
    const std::u16string_view want(d.utf16.data(), d.utf16_before_error);
    EXPECT_MODEL(c, prefix_valid && std::u16string_view(pre.get(), pre_units) == want,
                 "convert_utf8_to_utf16le(valid prefix)",
                 U16Bytes(std::u16string_view(pre.get(), pre_units)), U16Bytes(want));
  }
  // UTF-8 → latin1: only valid input whose every code point is below 0x100.
  HeapArray<char> l1(d.valid && d.latin1 ? d.code_points : n);
  const size_t l1n = SIMDUTF_CALL(impl, convert_utf8_to_latin1, p, n, l1.get());
  c.Note("convert_utf8_to_latin1", l1n);
  std::string want_l1;
  if (d.valid && d.latin1) {
    for (char16_t u : d.utf16) want_l1.push_back(static_cast<char>(u));
  }
  EXPECT_MODEL(c, std::string_view(l1.get(), l1n) == want_l1, "convert_utf8_to_latin1",
               Bytes(std::string(l1.get(), l1n)),
               d.valid && d.latin1 ? Bytes(want_l1) : "0 (not latin1)");
  // The variant buf.write(s, 'latin1') of a UTF-8 string takes (string_bytes.cc): success with
  // the same bytes, or an error at a position inside the input.
  HeapArray<char> l1e(n);
  const simdutf::result r1 =
      SIMDUTF_CALL(impl, convert_utf8_to_latin1_with_errors, p, n, l1e.get());
  c.Note("convert_utf8_to_latin1_with_errors.error", static_cast<size_t>(r1.error));
  const bool l1_ok = r1.error == simdutf::error_code::SUCCESS;
  if (l1_ok) {
    c.transcript.Note("convert_utf8_to_latin1_with_errors", std::string_view(l1e.get(), r1.count));
  }
  EXPECT_MODEL(c,
               l1_ok == (d.valid && d.latin1) &&
                   (l1_ok ? std::string_view(l1e.get(), r1.count) == want_l1 : r1.count <= n),
               "convert_utf8_to_latin1_with_errors",
               l1_ok ? Bytes(std::string(l1e.get(), r1.count))
                     : "error " + std::to_string(static_cast<int>(r1.error)) + " at " +
                           std::to_string(r1.count),
               d.valid && d.latin1 ? Bytes(want_l1) : "an error (not latin1)");
}

void CheckUtf16(Checker& c, std::u16string_view in, const HeapArray<char16_t>& src,
                const Decoded& d) {
  const implementation* impl = c.impl;
  const char16_t* p = src.get();
  const size_t n = src.size;

  const bool valid = SIMDUTF_CALL(impl, validate_utf16le, p, n);
  c.Note("validate_utf16le", valid);
  EXPECT_MODEL(c, valid == d.valid, "validate_utf16le", valid ? "valid" : "invalid",
               d.valid ? "valid" : "invalid");
  const simdutf::result r = SIMDUTF_CALL(impl, validate_utf16le_with_errors, p, n);
  c.Note("validate_utf16le_with_errors.count", r.count);
  EXPECT_MODEL(
      c, (r.error == error_code::SUCCESS) == d.valid && r.count == d.first_error,
      "validate_utf16le_with_errors",
      "error " + std::to_string(static_cast<int>(r.error)) + " at " + std::to_string(r.count),
      d.valid ? "valid" : "first error at " + std::to_string(d.first_error));

  HeapArray<char> u8(d.valid ? d.utf8.size() : 3 * n);
  const size_t bytes = SIMDUTF_CALL(impl, convert_utf16le_to_utf8, p, n, u8.get());
  c.Note("convert_utf16le_to_utf8", bytes);
  EXPECT_MODEL(c, d.valid ? std::string_view(u8.get(), bytes) == d.utf8 : bytes == 0,
               "convert_utf16le_to_utf8", Bytes(std::string(u8.get(), bytes)),
               d.valid ? Bytes(d.utf8) : "0 (invalid)");
  if (d.valid) {
    const size_t len8 = SIMDUTF_CALL(impl, utf8_length_from_utf16le, p, n);
    const size_t cps = SIMDUTF_CALL(impl, count_utf16le, p, n);
    c.Note("utf8_length_from_utf16le", len8);
    EXPECT_MODEL(c, len8 == d.utf8.size() && cps == d.code_points,
                 "utf8_length_from_utf16le/count_utf16le",
                 std::to_string(len8) + "/" + std::to_string(cps),
                 std::to_string(d.utf8.size()) + "/" + std::to_string(d.code_points));
  }
  // UTF-16LE → latin1: only when every unit is below 0x100.
  bool all_latin1 = true;
  for (char16_t u : in) all_latin1 = all_latin1 && u < 0x100;
  HeapArray<char> l1(n);
  const size_t l1n = Utf16ToLatin1TakesEmpty() || n
                         ? SIMDUTF_CALL(impl, convert_utf16le_to_latin1, p, n, l1.get())
                         : 0;
  c.Note("convert_utf16le_to_latin1", l1n);
  const std::string want = all_latin1 ? Latin1Write(in, n) : std::string();
  EXPECT_MODEL(c, std::string_view(l1.get(), l1n) == want, "convert_utf16le_to_latin1",
               Bytes(std::string(l1.get(), l1n)),
               all_latin1 ? Bytes(want) : "0 (a unit above 0xFF)");
}

void CheckLatin1(Checker& c, std::string_view in, const HeapArray<char>& src, const Decoded& d) {
  const implementation* impl = c.impl;
  const size_t len8 = SIMDUTF_CALL(impl, utf8_length_from_latin1, src.get(), src.size);
  c.Note("utf8_length_from_latin1", len8);
  EXPECT_MODEL(c, len8 == d.utf8.size(), "utf8_length_from_latin1", std::to_string(len8),
               std::to_string(d.utf8.size()));
  HeapArray<char> u8(d.utf8.size());
  const size_t n8 = SIMDUTF_CALL(impl, convert_latin1_to_utf8, src.get(), src.size, u8.get());
  c.Note("convert_latin1_to_utf8", n8);
  EXPECT_MODEL(c, std::string_view(u8.get(), n8) == d.utf8, "convert_latin1_to_utf8",
               Bytes(std::string(u8.get(), n8)), Bytes(d.utf8));
  // And back: the UTF-8 of a latin1 string converts to the same latin1 bytes.
  HeapArray<char> back(in.size());
  const size_t nb = SIMDUTF_CALL(impl, convert_utf8_to_latin1, u8.get(), n8, back.get());
  EXPECT_MODEL(c, std::string_view(back.get(), nb) == in,
               "convert_utf8_to_latin1(convert_latin1_to_utf8)", Bytes(std::string(back.get(), nb)),
               Bytes(in));
}

}  // namespace

int nodefuzz::enc::RunUtf8Input(const uint8_t* data, size_t size) {
  nodefuzz::InputReader in(data, size);
  const int kind = in.TakeByte() & 3;
  const std::string_view payload = in.Rest();
  std::u16string units;
  if (kind == 1) units = ReadUnits(payload);
  // Built only when an oracle fires.
  auto what = [&] {
    return kind == 1 ? "utf16le " + Units(units)
                     : (kind == 2 ? "latin1 " : "utf8 ") + Bytes(payload);
  };

  // The model runs once; every implementation is checked against it.
  const HeapArray<char> bytes(payload.data(), payload.size());
  const HeapArray<char16_t> wide(units.data(), units.size());
  const Decoded d = kind == 1   ? DecodeUtf16(units)
                    : kind == 2 ? DecodeUtf16(Latin1Read(payload))
                                : DecodeUtf8(payload);
  const std::function<std::string()> describe = what;
  CompareKernels(
      "enc.simdutf-impls",
      [&](KernelTranscript& t) {
        Checker c{t, describe};
        if (kind == 1) {
          CheckUtf16(c, units, wide, d);
        } else if (kind == 2) {
          CheckLatin1(c, payload, bytes, d);
        } else {
          CheckUtf8(c, bytes, d);
        }
      },
      what);
  return 0;
}

NODEFUZZ_ENCODING_ENTRY(RunUtf8Input)
