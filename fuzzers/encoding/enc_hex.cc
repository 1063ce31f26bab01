// Node's hex decoding (Buffer.from(s, 'hex'), buf.write(s, offset, length, 'hex')): hex_decode()
// from the tree's string_bytes.cc, copied verbatim at configure time (NodeEncodingSources.cmake),
// against the model of encoding_models.h.
//
// Input layout:
//   byte 0    flags: bit 0 two-byte string (the payload is UTF-16LE units, an odd last byte
//             dropped; else a one-byte latin1 string); bit 1 short destination (else room for
//             every pair)
//   bytes 1-2 destination length for bit 1, little-endian, taken modulo (pairs + 2)
//   rest      payload: the string to decode
//
// Oracles:
//   enc.hex-model   bytes written == the model: pairs decode up to the first pair holding a
//                   non-digit, an odd trailing digit is dropped, as many as the destination holds
//   enc.hex-bounds  bytes written <= destination length
#include <cstddef>
#include <cstdint>
#include <string>

#include "enc_targets.h"
#include "enc_util.h"
#include "encoding_models.h"
#include "input_reader.h"
#include "node_codecs.h"

int nodefuzz::enc::RunHexInput(const uint8_t* data, size_t size) {
  using namespace nodefuzz::enc;  // NOLINT
  nodefuzz::InputReader in(data, size);
  const uint8_t flags = in.TakeByte();
  const uint16_t dst_choice = in.TakeU16();
  const bool two_byte = flags & 1, short_dst = flags & 2;
  const std::string_view payload = in.Rest();

  HeapArray<char> one(0);
  HeapArray<uint16_t> two(0);
  std::u16string units;
  if (two_byte) {
    units = ReadUnits(payload);
    two = HeapArray<uint16_t>(reinterpret_cast<const uint16_t*>(units.data()), units.size());
  } else {
    one = HeapArray<char>(payload.data(), payload.size());
    units = Widen(payload);
  }
  const std::string model = NodeHexDecode(units);
  const size_t pairs = units.size() / 2;
  const size_t dstlen = short_dst ? dst_choice % (pairs + 2) : pairs;
  HeapArray<char> dst(dstlen);
  const size_t n = two_byte ? node_tree::HexDecode(dst.get(), dstlen, two.get(), two.size)
                            : node_tree::HexDecode(dst.get(), dstlen, one.get(), one.size);
  auto what = [&] {
    return two_byte ? Units(units) : Bytes(payload);
  };  // only when an oracle fires
  NODEFUZZ_ORACLE(
      n <= dstlen, "enc.hex-bounds",
      "wrote " + std::to_string(n) + " bytes into " + std::to_string(dstlen) + " for " + what());
  const std::string_view expected = std::string_view(model).substr(0, dstlen);
  NODEFUZZ_ORACLE(std::string_view(dst.get(), n) == expected, "enc.hex-model",
                  "decoded " + Bytes(std::string(dst.get(), n)) + " with room for " +
                      std::to_string(dstlen) + ", model " + Bytes(expected) + " for " + what());
  return 0;
}

NODEFUZZ_ENCODING_ENTRY(RunHexInput)
