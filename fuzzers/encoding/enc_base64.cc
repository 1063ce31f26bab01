// Node's base64 / base64url decoding (Buffer.from(s, enc), buf.write(s, offset, length, enc)) and
// encoding (buf.toString(enc)), plus simdutf's forgiving-base64 decoder, as the Node tree in use
// ships them (node_codecs.h), against the models of encoding_models.h.
//
// Input layout:
//   byte 0    flags: bit 0 base64url (else base64); bit 1 two-byte string (the payload is UTF-16LE
//             units, an odd last byte dropped; else a one-byte latin1 string); bit 2 short
//             destination (else the destination is the whole decoded size); bits 3-4 the simdutf
//             kernel Node's calls run on: 0 the one simdutf picks for this CPU, then the others
//             of Kernels() after it, fallback last (modulo how many this CPU runs)
//   bytes 1-2 destination length for bit 2, little-endian, taken modulo (decoded length + 4)
//   rest      payload: the string to decode; its raw bytes are also what is encoded
//
// Oracles:
//   enc.base64-model      bytes written == the model's decoding (a prefix when the destination is
//                         short: as many bytes as fit)
//   enc.base64-bounds     bytes written <= destination length; base64_decoded_size() and the fast
//                         estimate >= what decoding the whole input writes; simdutf's
//                         maximal_binary_length_from_base64() >= what it writes
//   enc.base64-roundtrip  the encoder gives the canonical (RFC 4648) string; a canonical string
//                         decodes to its bytes and re-encodes to itself
//   enc.base64-simdutf    simdutf's base64_to_binary() succeeds exactly on valid forgiving-base64
//                         (base64) and then gives the bytes Node's decoder gives
//   enc.simdutf-impls     every simdutf kernel this CPU runs gives fallback's result (after every
//                         kernel's model checks, simdutf_kernels.h)
#include <cstddef>
#include <cstdint>
#include <string>

#include "enc_targets.h"
#include "enc_util.h"
#include "encoding_models.h"
#include "input_reader.h"
#include "node_codecs.h"
#include "simdutf_kernels.h"

namespace {

using namespace nodefuzz::enc;  // NOLINT

// The string as Node's decoders see it: one-byte chars or two-byte units, in an exact-size heap
// block.
struct JsString {
  bool two_byte = false;
  HeapArray<char> one{0};
  HeapArray<uint16_t> two{0};
  std::u16string units;  // the same string for the models
  size_t length() const { return units.size(); }
};

JsString MakeString(std::string_view payload, bool two_byte) {
  JsString s;
  s.two_byte = two_byte;
  if (two_byte) {
    s.units = ReadUnits(payload);
    s.two = HeapArray<uint16_t>(reinterpret_cast<const uint16_t*>(s.units.data()), s.units.size());
  } else {
    s.one = HeapArray<char>(payload.data(), payload.size());
    s.units = Widen(payload);
  }
  return s;
}

size_t NodeWrite(char* dst, size_t dstlen, const JsString& s, bool url) {
  return s.two_byte ? node_tree::WriteBase64(dst, dstlen, s.two.get(), s.two.size, url)
                    : node_tree::WriteBase64(dst, dstlen, s.one.get(), s.one.size, url);
}

std::string Describe(const JsString& s, bool url) {
  return std::string(url ? "base64url " : "base64 ") +
         (s.two_byte ? Units(s.units) : Bytes(std::string(s.one.get(), s.one.size)));
}

struct SimdutfRun {
  simdutf::error_code error;
  size_t count;
  std::string bytes;
};

SimdutfRun RunSimdutf(const simdutf::implementation* impl, const JsString& s, bool url) {
  const simdutf::base64_options opts = url ? simdutf::base64_url : simdutf::base64_default;
  size_t max_len =
      s.two_byte ? SIMDUTF_CALL(impl, maximal_binary_length_from_base64,
                                reinterpret_cast<const char16_t*>(s.two.get()), s.two.size)
                 : SIMDUTF_CALL(impl, maximal_binary_length_from_base64, s.one.get(), s.one.size);
  HeapArray<char> out(max_len);
  const simdutf::result r =
      s.two_byte
          ? SIMDUTF_CALL(impl, base64_to_binary, reinterpret_cast<const char16_t*>(s.two.get()),
                         s.two.size, out.get(), opts)
          : SIMDUTF_CALL(impl, base64_to_binary, s.one.get(), s.one.size, out.get(), opts);
  SimdutfRun run{r.error, r.count, {}};
  if (r.error == simdutf::error_code::SUCCESS) {
    NODEFUZZ_ORACLE(r.count <= max_len, "enc.base64-bounds",
                    std::string(impl->name()) + " wrote " + std::to_string(r.count) +
                        " bytes, more than maximal_binary_length_from_base64()=" +
                        std::to_string(max_len) + " for " + Describe(s, url));
    run.bytes.assign(out.get(), r.count);
  }
  return run;
}

// simdutf.base64-unit-7f-or-above (docs/FINDINGS.md): simdutf 5.x's base64_to_binary() accepts
// characters outside forgiving-base64 — UTF-16 units above 0xFF, whose low byte every kernel
// reads, and DEL (0x7F) in the SSE/AVX2 kernels — and then decodes differently from Node. Fixed in
// simdutf 6 (upstream PR #476, issues #503/#511). Recognised by its shape, not by which check
// meets it first.
bool KnownSimdutfBase64Bug(const JsString& s) {
  static const bool known =
      nodefuzz::KnownFindingInThisBuild("simdutf.base64-unit-7f-or-above") != 0;
  if (!known) return false;
  for (char16_t u : s.units) {
    if (u >= 0x7F) return true;
  }
  return false;
}

// Every kernel's base64_to_binary() against forgiving-base64 and Node's decoder, then against
// fallback's. An input of finding 20's shape is not checked while fuzzing; with
// NODEFUZZ_KNOWN_FINDINGS=report whatever check meets it reports it as enc.base64-simdutf.
void CheckSimdutf(const JsString& s, bool url, const std::string& node_bytes,
                  std::string_view payload, const std::string& canonical) {
  const std::optional<std::string> forgiving = ForgivingBase64Decode(s.units, url);
  const bool known_bug = KnownSimdutfBase64Bug(s);
  const bool check = !known_bug || nodefuzz::ReportKnownFindings();
  const char* compare_oracle = !check      ? nullptr
                               : known_bug ? "enc.base64-simdutf"
                                           : "enc.simdutf-impls";
  // One exact-size copy of the payload for every kernel's encoder, which only reads it.
  const HeapArray<char> raw(payload.data(), payload.size());
  CompareKernels(
      compare_oracle,
      [&](KernelTranscript& t) {
        const SimdutfRun run = RunSimdutf(t.kernel(), s, url);
        const bool ok = run.error == simdutf::error_code::SUCCESS;
        // The error position (count on failure) is not compared: kernels disagree on it in
        // simdutf 5.x (docs/FINDINGS.md, "shapes that are not bugs"), and Node reads only the
        // error code.
        t.Note("base64_to_binary.error", static_cast<size_t>(run.error));
        if (ok) t.Note("base64_to_binary.bytes", run.bytes);
        // buf.toString('base64' / 'base64url') runs this kernel's encoder on a CPU that has it
        // (node_buffer.cc, string_bytes.cc): the payload's bytes encode as RFC 4648 says.
        const simdutf::base64_options opts = url ? simdutf::base64_url : simdutf::base64_default;
        const size_t room = SIMDUTF_CALL(t.kernel(), base64_length_from_binary, raw.size, opts);
        HeapArray<char> encoded(room);
        const size_t n =
            SIMDUTF_CALL(t.kernel(), binary_to_base64, raw.get(), raw.size, encoded.get(), opts);
        t.Note("binary_to_base64", std::string_view(encoded.get(), n));
        NODEFUZZ_ORACLE(n <= room && std::string_view(encoded.get(), n) == canonical,
                        "enc.base64-roundtrip",
                        std::string(t.name()) + " binary_to_base64 encodes " + Bytes(payload) +
                            " as " + Bytes(std::string(encoded.get(), n)) + " (room for " +
                            std::to_string(room) + "), RFC 4648 " +
                            (url ? "base64url (unpadded)" : "base64") + " is " + Bytes(canonical));
        if (!check) return;
        NODEFUZZ_ORACLE(!ok || run.bytes == node_bytes, "enc.base64-simdutf",
                        std::string(t.name()) + " decodes " + Bytes(run.bytes) +
                            " but Node's decoder " + Bytes(node_bytes) + " for " +
                            Describe(s, url));
        if (!url) {
          NODEFUZZ_ORACLE(
              ok == forgiving.has_value(), "enc.base64-simdutf",
              std::string(t.name()) +
                  (ok ? " accepts"
                      : " rejects (error " + std::to_string(static_cast<int>(run.error)) + ")") +
                  " what forgiving-base64 " + (forgiving ? "accepts" : "rejects") + ": " +
                  Describe(s, url));
        }
      },
      [&] { return Describe(s, url); });
}

}  // namespace

int nodefuzz::enc::RunBase64Input(const uint8_t* data, size_t size) {
  nodefuzz::InputReader in(data, size);
  const uint8_t flags = in.TakeByte();
  const uint16_t dst_choice = in.TakeU16();
  const bool url = flags & 1, two_byte = flags & 2, short_dst = flags & 4;
  const std::string_view payload = in.Rest();
  const JsString s = MakeString(payload, two_byte);
  const std::string model = NodeBase64Decode(s.units);

  // Node's writes decode through simdutf's base64_to_binary_safe() on its CPU's kernel: so every
  // kernel's safe decoder runs on short destinations and (the canonical string below) on long
  // valid input, the code Node runs on other CPUs.
  const simdutf::implementation* node_kernel = NodeKernel((flags >> 3) & 3);
  const ActiveKernel active(node_kernel);
  auto what_node_ran = [&] {  // only when an oracle fires
    return Describe(s, url) + " on simdutf's " + node_kernel->name() + " kernel";
  };

  // The whole input, with room for all of it (each unit gives at most 6 bits).
  HeapArray<char> full(s.length());
  const size_t written = NodeWrite(full.get(), full.size, s, url);
  NODEFUZZ_ORACLE(written <= full.size, "enc.base64-bounds",
                  "wrote " + std::to_string(written) + " bytes into " + std::to_string(full.size) +
                      " for " + what_node_ran());
  const std::string node_bytes(full.get(), written);
  NODEFUZZ_ORACLE(
      node_bytes == model, "enc.base64-model",
      "decoded " + Bytes(node_bytes) + ", model " + Bytes(model) + " for " + what_node_ran());
  const size_t estimate = s.two_byte ? node_tree::Base64DecodedSize(s.two.get(), s.two.size)
                                     : node_tree::Base64DecodedSize(s.one.get(), s.one.size);
  const size_t fast_estimate = node_tree::Base64DecodedSizeFast(s.length());
  NODEFUZZ_ORACLE(estimate >= written && fast_estimate >= written, "enc.base64-bounds",
                  "base64_decoded_size()=" + std::to_string(estimate) +
                      ", base64_decoded_size_fast()=" + std::to_string(fast_estimate) +
                      " but decoding writes " + std::to_string(written) + " bytes for " +
                      what_node_ran());

  // buf.write(s, offset, length): a destination of an input-chosen length.
  if (short_dst) {
    const size_t dstlen = dst_choice % (model.size() + 4);
    HeapArray<char> dst(dstlen);
    const size_t n = NodeWrite(dst.get(), dst.size, s, url);
    NODEFUZZ_ORACLE(n <= dstlen, "enc.base64-bounds",
                    "wrote " + std::to_string(n) + " bytes into a destination of " +
                        std::to_string(dstlen) + " for " + what_node_ran());
    const std::string expected = model.substr(0, dstlen);
    NODEFUZZ_ORACLE(std::string_view(dst.get(), n) == expected, "enc.base64-model",
                    "with room for " + std::to_string(dstlen) + " bytes decoded " +
                        Bytes(std::string(dst.get(), n)) + ", model " + Bytes(expected) + " for " +
                        what_node_ran());
  }

  // Encoding: the payload's raw bytes must encode canonically, and the canonical string must
  // come back. A canonical payload re-encodes to itself.
  auto encode = [&](std::string_view bytes) {
    HeapArray<char> out(node_tree::Base64EncodedSize(bytes.size(), url));
    HeapArray<char> src(bytes.data(), bytes.size());
    const size_t n = node_tree::Base64Encode(src.get(), src.size, out.get(), out.size, url);
    NODEFUZZ_ORACLE(n <= out.size, "enc.base64-bounds",
                    std::string(node_tree::kBase64EncoderName) + " (" + node_kernel->name() +
                        " kernel) wrote " + std::to_string(n) + " bytes into " +
                        std::to_string(out.size));
    return std::string(out.get(), n);
  };
  const std::string canonical = Base64Encode(payload, url);
  const std::string encoded = encode(payload);
  NODEFUZZ_ORACLE(encoded == canonical, "enc.base64-roundtrip",
                  std::string(node_tree::kBase64EncoderName) + " encodes " + Bytes(payload) +
                      " as " + Bytes(encoded) + ", RFC 4648 " +
                      (url ? "base64url (unpadded)" : "base64") + " is " + Bytes(canonical) + " (" +
                      node_kernel->name() + " kernel)");
  {
    const JsString c = MakeString(canonical, false);
    HeapArray<char> back(payload.size());
    const size_t n = NodeWrite(back.get(), back.size, c, url);
    NODEFUZZ_ORACLE(std::string_view(back.get(), n) == payload, "enc.base64-roundtrip",
                    "canonical " + Bytes(canonical) + " decodes to " +
                        Bytes(std::string(back.get(), n)) + ", not " + Bytes(payload) + " on " +
                        node_kernel->name());
  }
  if (!two_byte && Base64Encode(model, url) == payload) {
    const std::string again = encode(node_bytes);
    NODEFUZZ_ORACLE(again == payload, "enc.base64-roundtrip",
                    "canonical " + Bytes(payload) + " decodes and re-encodes as " + Bytes(again) +
                        " on " + node_kernel->name());
  }

  CheckSimdutf(s, url, node_bytes, payload, canonical);
  return 0;
}

NODEFUZZ_ENCODING_ENTRY(RunBase64Input)
