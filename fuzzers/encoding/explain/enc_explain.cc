// enc_explain: an encoding target's input as the calls a script makes on a real Node, and what
// the models of encoding_models.h say each gives, for nodefuzz-triage confirm (confirm/buffer.mjs
// runs the calls).
//   usage: enc_explain --scenario enc_base64|enc_hex|enc_utf8|enc_latin1_ucs2|enc_buffer <input
//   file>
// An enc_buffer input is explained as the input of the target its first byte picks
// (enc_targets.h), and the scenario names that target.
// One line of JSON: {"kind": "buffer", "target", "steps": [...], "checks": [...]} and, for
// enc_base64, "simdutf_kernel" (the kernel the target ran Node's calls on), with the steps
// and checks of url_explain's format. Strings are arrays of UTF-16 code units ("string"), bytes
// arrays of numbers ("bytes"). A step is one call:
//   {"op": "buffer-from", "string", "encoding"}          Buffer.from(s, enc) -> {"bytes"}
//   {"op": "buffer-write", "string", "length", "encoding"} Buffer.alloc(length).write(s, 0,
//                                                        length, enc) -> {"written", "bytes"}
//   {"op": "buffer-to-string", "bytes", "encoding"}      buf.toString(enc) -> {"string"}
//   {"op": "atob", "string"}                             atob(s) -> {"ok", "bytes"}
//   {"op": "is-utf8" | "is-ascii", "bytes"}              buffer.isUtf8 / isAscii -> {"value"}
//   {"op": "text-decode", "bytes", "fatal"}              new TextDecoder('utf-8', {fatal})
//                                                        .decode(buf) -> {"ok", "string"}
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "enc_targets.h"
#include "enc_util.h"
#include "encoding_models.h"
#include "input_reader.h"
#include "simdutf_kernels.h"

namespace {

using nlohmann::json;
using namespace nodefuzz::enc;  // NOLINT

json UnitsJson(std::u16string_view units) {
  json out = json::array();
  for (const char16_t u : units) out.push_back(static_cast<unsigned>(u));
  return out;
}

json BytesJson(std::string_view bytes) {
  json out = json::array();
  for (const char b : bytes) out.push_back(static_cast<unsigned char>(b));
  return out;
}

class Scenario {
 public:
  explicit Scenario(std::string target) : target_(std::move(target)) {}
  size_t Step(json step) {
    steps_.push_back(std::move(step));
    return steps_.size() - 1;
  }
  void Expect(size_t step, json expect, const char* oracle, const char* basis) {
    checks_.push_back(
        {{"step", step}, {"expect", std::move(expect)}, {"oracle", oracle}, {"basis", basis}});
  }
  // SIMDUTF_FORCE_IMPLEMENTATION for the Node that runs the steps.
  void RunOnKernel(const simdutf::implementation* kernel) { kernel_ = kernel->name(); }
  json Json() const {
    json out = {{"kind", "buffer"}, {"target", target_}, {"steps", steps_}, {"checks", checks_}};
    if (!kernel_.empty()) out["simdutf_kernel"] = kernel_;
    return out;
  }

 private:
  std::string target_, kernel_;
  json steps_ = json::array(), checks_ = json::array();
};

// enc_base64's layout (enc_base64.cc): flags (bit 0 base64url, bit 1 the payload is UTF-16LE
// units, bit 2 a short destination, bits 3-4 the simdutf kernel Node's calls run on), a u16
// destination length, the payload.
json EncBase64(nodefuzz::InputReader& in) {
  Scenario s("enc_base64");
  const uint8_t flags = in.TakeByte();
  s.RunOnKernel(NodeKernel((flags >> 3) & 3));
  const uint16_t dst_choice = in.TakeU16();
  const bool url = flags & 1, two_byte = flags & 2, short_dst = flags & 4;
  const std::string_view payload = in.Rest();
  const std::u16string units = two_byte ? ReadUnits(payload) : Widen(payload);
  const char* encoding = url ? "base64url" : "base64";
  const std::string model = NodeBase64Decode(units);
  constexpr const char* kNodeModel =
      "Node's base64 decoder as its buffer docs describe it (encoding_models.h)";
  s.Expect(s.Step({{"op", "buffer-from"}, {"string", UnitsJson(units)}, {"encoding", encoding}}),
           {{"bytes", BytesJson(model)}}, "enc.base64-model", kNodeModel);
  if (short_dst) {
    const size_t length = dst_choice % (model.size() + 4);
    const std::string fits = model.substr(0, length);
    s.Expect(s.Step({{"op", "buffer-write"},
                     {"string", UnitsJson(units)},
                     {"length", length},
                     {"encoding", encoding}}),
             {{"written", fits.size()}, {"bytes", BytesJson(fits)}}, "enc.base64-model",
             kNodeModel);
  }
  if (!url) {
    // atob() is forgiving-base64 (WHATWG Infra), the decoder simdutf's base64_to_binary implements.
    const std::optional<std::string> forgiving = ForgivingBase64Decode(units, false);
    json expect = {{"ok", forgiving.has_value()}};
    if (forgiving) expect["bytes"] = BytesJson(*forgiving);
    s.Expect(s.Step({{"op", "atob"}, {"string", UnitsJson(units)}}), expect, "enc.base64-simdutf",
             "WHATWG forgiving-base64 decode, which atob() specifies");
  }
  s.Expect(
      s.Step({{"op", "buffer-to-string"}, {"bytes", BytesJson(payload)}, {"encoding", encoding}}),
      {{"string", UnitsJson(Widen(Base64Encode(payload, url)))}}, "enc.base64-roundtrip",
      "RFC 4648 (base64url unpadded, as Node writes it)");
  return s.Json();
}

// enc_hex's layout (enc_hex.cc): flags (bit 0 UTF-16LE units, bit 1 a short destination), a u16
// destination length, the payload.
json EncHex(nodefuzz::InputReader& in) {
  Scenario s("enc_hex");
  const uint8_t flags = in.TakeByte();
  const uint16_t dst_choice = in.TakeU16();
  const std::string_view payload = in.Rest();
  const std::u16string units = flags & 1 ? ReadUnits(payload) : Widen(payload);
  const std::string model = NodeHexDecode(units);
  constexpr const char* kModel =
      "Node's hex decoder as its buffer docs describe it (encoding_models.h)";
  s.Expect(s.Step({{"op", "buffer-from"}, {"string", UnitsJson(units)}, {"encoding", "hex"}}),
           {{"bytes", BytesJson(model)}}, "enc.hex-model", kModel);
  if (flags & 2) {
    const size_t length = dst_choice % (units.size() / 2 + 2);
    const std::string fits = model.substr(0, length);
    s.Expect(s.Step({{"op", "buffer-write"},
                     {"string", UnitsJson(units)},
                     {"length", length},
                     {"encoding", "hex"}}),
             {{"written", fits.size()}, {"bytes", BytesJson(fits)}}, "enc.hex-model", kModel);
  }
  return s.Json();
}

// enc_utf8's layout (enc_utf8.cc): one byte choosing what the payload is ((b & 3) == 1 UTF-16LE
// units, == 2 latin1 bytes, else UTF-8 bytes), the payload. Node reaches simdutf's validation and
// conversions through isUtf8, isAscii, TextDecoder and writing a string as UTF-8.
json EncUtf8(nodefuzz::InputReader& in) {
  Scenario s("enc_utf8");
  const int kind = in.TakeByte() & 3;
  const std::string_view payload = in.Rest();
  constexpr const char* kModel =
      "the WHATWG Encoding standard's UTF-8 decoder and encoder (encoding_models.h)";
  if (kind == 1 || kind == 2) {
    // A string (two-byte, or one-byte latin1) written as UTF-8: lone surrogates become U+FFFD.
    const std::u16string units = kind == 1 ? ReadUnits(payload) : Latin1Read(payload);
    const Decoded d = DecodeUtf16(units);
    s.Expect(s.Step({{"op", "buffer-from"}, {"string", UnitsJson(units)}, {"encoding", "utf8"}}),
             {{"bytes", BytesJson(d.utf8)}}, "enc.utf8-model", kModel);
    return s.Json();
  }
  const Decoded d = DecodeUtf8(payload);
  s.Expect(s.Step({{"op", "is-utf8"}, {"bytes", BytesJson(payload)}}), {{"value", d.valid}},
           "enc.utf8-model", kModel);
  s.Expect(s.Step({{"op", "is-ascii"}, {"bytes", BytesJson(payload)}}), {{"value", d.ascii}},
           "enc.utf8-model", kModel);
  s.Expect(s.Step({{"op", "text-decode"}, {"bytes", BytesJson(payload)}, {"fatal", false}}),
           {{"ok", true}, {"string", UnitsJson(d.utf16)}}, "enc.utf8-model", kModel);
  s.Expect(s.Step({{"op", "text-decode"}, {"bytes", BytesJson(payload)}, {"fatal", true}}),
           {{"ok", d.valid}}, "enc.utf8-model", kModel);
  return s.Json();
}

// enc_latin1_ucs2's layout (enc_latin1_ucs2.cc): one byte (bit 0: the payload is a string of
// UTF-16LE units, else a Buffer's bytes), a u16 length for buf.write(), the payload.
json EncLatin1Ucs2(nodefuzz::InputReader& in) {
  Scenario s("enc_latin1_ucs2");
  const bool string_payload = in.TakeByte() & 1;
  const uint16_t length_choice = in.TakeU16();
  const std::string_view payload = in.Rest();
  const size_t length = length_choice % (2 * payload.size() + 2);
  constexpr const char* kModel = "Node's buffer docs on 'latin1' and 'ucs2' (encoding_models.h)";
  if (string_payload) {
    const std::u16string units = ReadUnits(payload);
    const std::string latin1 = Latin1Write(units, length), ucs2 = Ucs2Write(units, length);
    s.Expect(s.Step({{"op", "buffer-write"},
                     {"string", UnitsJson(units)},
                     {"length", length},
                     {"encoding", "latin1"}}),
             {{"written", latin1.size()}, {"bytes", BytesJson(latin1)}}, "enc.latin1-model",
             kModel);
    s.Expect(s.Step({{"op", "buffer-write"},
                     {"string", UnitsJson(units)},
                     {"length", length},
                     {"encoding", "ucs2"}}),
             {{"written", ucs2.size()}, {"bytes", BytesJson(ucs2)}}, "enc.ucs2-model", kModel);
  } else {
    s.Expect(
        s.Step({{"op", "buffer-to-string"}, {"bytes", BytesJson(payload)}, {"encoding", "latin1"}}),
        {{"string", UnitsJson(Latin1Read(payload))}}, "enc.latin1-model", kModel);
    s.Expect(
        s.Step({{"op", "buffer-to-string"}, {"bytes", BytesJson(payload)}, {"encoding", "ucs2"}}),
        {{"string", UnitsJson(Ucs2Read(payload))}}, "enc.ucs2-model", kModel);
  }
  return s.Json();
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "enc_explain: %s\nusage: enc_explain --scenario "
               "enc_base64|enc_hex|enc_utf8|enc_latin1_ucs2|enc_buffer "
               "<input file>\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::string(argv[1]) != "--scenario")
    return Usage("expected --scenario <target> <input file>");
  const std::string target = argv[2];
  std::ifstream file(argv[3], std::ios::binary);
  if (!file) return Usage((std::string("cannot read ") + argv[3] + " — check the path").c_str());
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::string_view input = bytes;
  std::string_view name = target;
  if (target == "enc_buffer") {
    if (input.empty())
      return Usage("an enc_buffer input has at least its first byte, which picks the target");
    name = kEncBufferTargets[static_cast<unsigned char>(input[0]) % kEncBufferTargets.size()];
    input.remove_prefix(1);
  }
  nodefuzz::InputReader in(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  json scenario;
  if (name == "enc_base64") {
    scenario = EncBase64(in);
  } else if (name == "enc_hex") {
    scenario = EncHex(in);
  } else if (name == "enc_utf8") {
    scenario = EncUtf8(in);
  } else if (name == "enc_latin1_ucs2") {
    scenario = EncLatin1Ucs2(in);
  } else {
    return Usage(("no encoding target '" + target + "'").c_str());
  }
  std::printf("%s\n", scenario.dump().c_str());
  return 0;
}
