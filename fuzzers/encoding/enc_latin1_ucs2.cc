// 'latin1' and 'ucs2' (utf16le) Buffer encodings: write and read lengths, odd byte counts and
// round trips, as Node's buffer docs define them (the models of encoding_models.h), against
// simdutf's latin1 <-> UTF-16LE <-> UTF-8 kernels on every implementation this CPU supports —
// the native code Node runs for these encodings outside V8 (btoa, i18n, isAscii, ...). In
// Node 18 buf.write() itself is V8's String::WriteOneByte/Write; its rules are the models here.
//
// Input layout:
//   byte 0    bit 0: the payload is a JS string of UTF-16LE units (an odd last byte dropped);
//             else it is a Buffer's bytes
//   bytes 1-2 the length argument of buf.write(), little-endian, modulo (2 * payload size + 2)
//   rest      payload
//
// Oracles:
//   enc.latin1-model   latin1: a string with every unit below 0x100 converts to its low bytes
//                      (and any other string to nothing); bytes read back as the same units;
//                      every round trip (latin1 → UTF-16LE → latin1, latin1 → UTF-8 → latin1)
//                      is the identity; lengths (utf16/utf8 from latin1) match
//   enc.ucs2-model     ucs2: what buf.write(s, 0, length, 'ucs2') writes reads back as the first
//                      floor(length / 2) units; an odd byte count reads as floor(n / 2) units;
//                      those units convert to UTF-8 as the model says when well-formed
//   enc.utf8-write-model  (trees that write one-byte strings as UTF-8 through simdutf, Node 24 on)
//                      buf.write(s, 0, length, 'utf8') of a string with every unit below 0x100
//                      writes the UTF-8 of as many whole characters as fit
//   enc.simdutf-impls  every kernel gives fallback's results, checked after every kernel's
//                      model checks (simdutf_kernels.h)
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "enc_targets.h"
#include "enc_util.h"
#include "encoding_models.h"
#include "input_reader.h"
#include "node_codecs.h"
#include "simdutf_kernels.h"

namespace {

using namespace nodefuzz::enc;  // NOLINT
using simdutf::implementation;

// One kernel's run over the input: its results go into the transcript CompareKernels compares.
struct Run {
  KernelTranscript& transcript;
  const std::function<std::string()>& what;  // the input, readable
  const implementation* impl = transcript.kernel();

  void Note(const char* call, std::string_view result) { transcript.Note(call, result); }
};

// What the models say of a Buffer's bytes, computed once per input.
struct BufferModel {
  explicit BufferModel(std::string_view bytes)
      : want16(Latin1Read(bytes)),
        units(Ucs2Read(bytes)),
        d(DecodeUtf16(units)),
        l(DecodeUtf16(want16)),
        ucs2_roundtrip(units.size() == bytes.size() / 2 &&
                       Ucs2Write(units, bytes.size()) == bytes.substr(0, bytes.size() / 2 * 2)) {}
  std::u16string want16;  // latin1 read
  std::u16string units;   // ucs2 read
  Decoded d;              // the ucs2 units as text
  Decoded l;              // the latin1 text
  bool ucs2_roundtrip;
};

// A Buffer's bytes read as latin1 and as ucs2, and converted back.
void CheckBuffer(Run& r, std::string_view bytes, const HeapArray<char>& src, const BufferModel& m) {
  const implementation* impl = r.impl;
  const size_t n = src.size;

  // latin1 read: each byte is one unit; and back.
  const std::u16string& want16 = m.want16;
  HeapArray<char16_t> u16(n);
  const size_t n16 = SIMDUTF_CALL(impl, convert_latin1_to_utf16le, src.get(), n, u16.get());
  const std::u16string_view got16(u16.get(), n16);
  r.Note("convert_latin1_to_utf16le",
         std::string_view(reinterpret_cast<const char*>(u16.get()), n16 * 2));
  NODEFUZZ_ORACLE(got16 == want16 && SIMDUTF_CALL(impl, utf16_length_from_latin1, n) == n,
                  "enc.latin1-model",
                  std::string(impl->name()) + " convert_latin1_to_utf16le gives " + Units(got16) +
                      ", model " + Units(want16) + " for " + r.what());
  HeapArray<char> back(n);
  const size_t nb = Utf16ToLatin1TakesEmpty() || n16
                        ? SIMDUTF_CALL(impl, convert_utf16le_to_latin1, u16.get(), n16, back.get())
                        : 0;
  const size_t nvb =
      SIMDUTF_CALL(impl, convert_valid_utf16le_to_latin1, u16.get(), n16, back.get());
  r.Note("convert_utf16le_to_latin1", std::string_view(back.get(), nb));
  NODEFUZZ_ORACLE(std::string_view(back.get(), nb) == bytes && nvb == n &&
                      SIMDUTF_CALL(impl, latin1_length_from_utf16, n16) == n,
                  "enc.latin1-model",
                  std::string(impl->name()) + " latin1 → utf16le → latin1 gives " +
                      Bytes(std::string(back.get(), nb)) + " for " + r.what());

  // ucs2 read: little-endian units, an odd trailing byte ignored; written back, the same bytes.
  const std::u16string& units = m.units;
  NODEFUZZ_ORACLE(
      m.ucs2_roundtrip, "enc.ucs2-model",
      "ucs2 read/write of " + std::to_string(n) + " bytes does not round-trip: " + r.what());
  // buf.toString('ucs2') then to UTF-8 (as Buffer.from(str) would): the model's text when
  // well-formed; simdutf refuses lone surrogates (V8 writes U+FFFD for them instead).
  const Decoded& d = m.d;
  const HeapArray<char16_t> usrc(units.data(), units.size());
  HeapArray<char> u8(d.valid ? d.utf8.size() : 3 * units.size());
  const size_t n8 = SIMDUTF_CALL(impl, convert_utf16le_to_utf8, usrc.get(), usrc.size, u8.get());
  r.Note("convert_utf16le_to_utf8", std::string_view(u8.get(), n8));
  NODEFUZZ_ORACLE(d.valid ? std::string_view(u8.get(), n8) == d.utf8 : n8 == 0, "enc.ucs2-model",
                  std::string(impl->name()) + " convert_utf16le_to_utf8 of the ucs2 units gives " +
                      Bytes(std::string(u8.get(), n8)) + ", model " +
                      (d.valid ? Bytes(d.utf8) : "0 (lone surrogate)") + " for " + r.what());

  // latin1 → UTF-8 → latin1.
  const Decoded& l = m.l;
  HeapArray<char> l8(SIMDUTF_CALL(impl, utf8_length_from_latin1, src.get(), n));
  NODEFUZZ_ORACLE(l8.size == l.utf8.size(), "enc.latin1-model",
                  std::string(impl->name()) + " utf8_length_from_latin1 " +
                      std::to_string(l8.size) + ", model " + std::to_string(l.utf8.size()) +
                      " for " + r.what());
  const size_t nl8 = SIMDUTF_CALL(impl, convert_latin1_to_utf8, src.get(), n, l8.get());
  HeapArray<char> l1(n);
  const size_t nl1 = SIMDUTF_CALL(impl, convert_utf8_to_latin1, l8.get(), nl8, l1.get());
  r.Note("convert_latin1_to_utf8", std::string_view(l8.get(), nl8));
  NODEFUZZ_ORACLE(
      std::string_view(l8.get(), nl8) == l.utf8 && std::string_view(l1.get(), nl1) == bytes,
      "enc.latin1-model",
      std::string(impl->name()) + " latin1 → utf8 " + Bytes(std::string(l8.get(), nl8)) +
          " → latin1 " + Bytes(std::string(l1.get(), nl1)) + " for " + r.what());
}

// A JS string written with buf.write(s, 0, length, 'latin1' | 'ucs2').
void CheckString(Run& r, std::u16string_view s, size_t length) {
  const implementation* impl = r.impl;
  // latin1: low bytes, as many as fit. simdutf's converter agrees where every unit is < 0x100
  // and refuses (0) otherwise.
  const size_t fit = s.size() < length ? s.size() : length;
  const std::string written = Latin1Write(s, length);
  NODEFUZZ_ORACLE(written.size() == fit, "enc.latin1-model",
                  "latin1 write length " + std::to_string(written.size()) + " for " + r.what());
  const HeapArray<char16_t> src(s.data(), fit);
  HeapArray<char> out(fit);
  const size_t n = Utf16ToLatin1TakesEmpty() || fit
                       ? SIMDUTF_CALL(impl, convert_utf16le_to_latin1, src.get(), fit, out.get())
                       : 0;
  bool all_latin1 = true;
  for (size_t i = 0; i < fit; ++i) all_latin1 = all_latin1 && s[i] < 0x100;
  r.Note("convert_utf16le_to_latin1", std::string_view(out.get(), n));
  NODEFUZZ_ORACLE(all_latin1 ? std::string_view(out.get(), n) == written : n == 0,
                  "enc.latin1-model",
                  std::string(impl->name()) + " convert_utf16le_to_latin1 of the first " +
                      std::to_string(fit) + " units gives " + Bytes(std::string(out.get(), n)) +
                      ", model " + (all_latin1 ? Bytes(written) : "0") + " for " + r.what());

  // ucs2: whole units only; what was written reads back as the first floor(length / 2) units.
  const std::string ucs2 = Ucs2Write(s, length);
  const size_t units = s.size() < length / 2 ? s.size() : length / 2;
  NODEFUZZ_ORACLE(
      ucs2.size() == 2 * units && Ucs2Read(ucs2) == s.substr(0, units), "enc.ucs2-model",
      "ucs2 write of " + std::to_string(s.size()) + " units into " + std::to_string(length) +
          " bytes wrote " + std::to_string(ucs2.size()) + " for " + r.what());
  // Those bytes, handed to simdutf as UTF-16LE, validate as the model says.
  const HeapArray<char16_t> w(reinterpret_cast<const char16_t*>(s.data()), units);
  const bool valid = SIMDUTF_CALL(impl, validate_utf16le, w.get(), w.size);
  r.Note("validate_utf16le", valid ? "1" : "0");
  NODEFUZZ_ORACLE(valid == DecodeUtf16(s.substr(0, units)).valid, "enc.ucs2-model",
                  std::string(impl->name()) + " validate_utf16le says " +
                      (valid ? "valid" : "invalid") + " for the written units of " + r.what());
}

// buf.write(s, 0, length, 'utf8') of a one-byte string, as the tree's StringBytes::Write() does it.
void CheckUtf8WriteOneByte(std::u16string_view s, size_t length,
                           const std::function<std::string()>& what) {
  for (const char16_t u : s) {
    if (u >= 0x100) return;  // a two-byte string: V8 writes it
  }
  std::string latin1;
  for (const char16_t u : s) latin1 += static_cast<char>(u);
  const HeapArray<char> src(latin1.data(), latin1.size());
  HeapArray<char> dst(length);
  const size_t n =
      nodefuzz::enc::node_tree::WriteUtf8OneByte(dst.get(), dst.size, src.get(), src.size);
  const std::string want = Utf8WriteOneByte(s, length);
  NODEFUZZ_ORACLE(n <= length && std::string_view(dst.get(), n) == want, "enc.utf8-write-model",
                  "convert_latin1_to_utf8_safe wrote " +
                      Bytes(std::string(dst.get(), n <= length ? n : 0)) + " (" +
                      std::to_string(n) + " bytes) into " + std::to_string(length) + ", model " +
                      Bytes(want) + " for " + what());
}

}  // namespace

int nodefuzz::enc::RunLatin1Ucs2Input(const uint8_t* data, size_t size) {
  nodefuzz::InputReader in(data, size);
  const bool is_string = in.TakeByte() & 1;
  const uint16_t length_choice = in.TakeU16();
  const std::string_view payload = in.Rest();
  std::u16string s;
  if (is_string) s = ReadUnits(payload);
  const size_t length = length_choice % (2 * payload.size() + 2);
  // Built only when an oracle fires.
  auto describe = [&] {
    return is_string ? "string " + Units(s) + " length " + std::to_string(length)
                     : "buffer " + Bytes(payload);
  };

  const HeapArray<char> bytes(payload.data(), payload.size());
  const std::optional<BufferModel> model =
      is_string ? std::nullopt : std::optional<BufferModel>(BufferModel(payload));
  const std::function<std::string()> what = describe;
  CompareKernels(
      "enc.simdutf-impls",
      [&](KernelTranscript& t) {
        Run r{t, what};
        if (is_string) {
          CheckString(r, s, length);
        } else {
          CheckBuffer(r, payload, bytes, *model);
        }
      },
      describe);
  if (is_string && nodefuzz::enc::node_tree::kUtf8WritesOneByteThroughSimdutf)
    CheckUtf8WriteOneByte(s, length, what);
  return 0;
}

NODEFUZZ_ENCODING_ENTRY(RunLatin1Ucs2Input)
