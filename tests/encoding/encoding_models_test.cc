// Table-driven: the reference models of fuzzers/encoding/encoding_models.h against documented
// examples (Node's buffer docs and test suite facts, RFC 4648 §10 test vectors, WHATWG Infra's
// forgiving-base64, WHATWG Encoding / Unicode's "maximal subpart" U+FFFD examples), and the
// tree's own decoders against the same table where they exist without V8.
#include "encoding_models.h"

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "enc_util.h"
#include "node_codecs.h"
#include "simdutf_kernels.h"

namespace nodefuzz::enc {
namespace {

std::string Hex(std::string_view s) {
  std::string out;
  char b[4];
  for (unsigned char c : s) {
    std::snprintf(b, sizeof b, "%02x", c);
    out += b;
  }
  return out;
}

struct Base64Case {
  const char* input;
  const char* bytes_hex;  // Node's decoding (both alphabets, garbage skipped, stops at '=')
};

// Buffer.from(s, 'base64') results documented or asserted by Node (doc/api/buffer.md: "Whitespace
// characters such as spaces, tabs, and new lines contained within the base64-encoded string are
// ignored"; test/parallel/test-buffer-alloc.js; the issue's examples) and RFC 4648 §10.
const Base64Case kBase64[] = {
    {"QU!JD", "414243"},  // '!' is skipped
    {"QU=JD", "41"},      // decoding stops at the first '='
    {"", ""},
    {"Zg==", "66"},                // RFC 4648: "f"
    {"Zm8=", "666f"},              // "fo"
    {"Zm9v", "666f6f"},            // "foo"
    {"Zm9vYg==", "666f6f62"},      // "foob"
    {"Zm9vYmE=", "666f6f6261"},    // "fooba"
    {"Zm9vYmFy", "666f6f626172"},  // "foobar"
    {"Zm9vYmE", "666f6f6261"},     // unpadded works too
    {"Zm9vYg", "666f6f62"},
    {"Z", ""},  // a lone character gives nothing
    {"Zm9vY", "666f6f"},
    {"Zm 9v\r\nYm\tFy", "666f6f626172"},  // whitespace ignored
    {"a+b/", "6be6ff"},                   // standard alphabet
    {"a-b_", "6be6ff"},                   // url alphabet, decoded by 'base64' too
    {"a-b/", "6be6ff"},                   // mixed
    {"QR==", "41"},                       // leftover bits (0001) dropped
    {"=QUJD", ""},
};

TEST(Base64Model, DocumentedExamples) {
  for (const auto& c : kBase64) {
    EXPECT_EQ(Hex(NodeBase64Decode(Widen(c.input))), c.bytes_hex) << c.input;
  }
}

TEST(Base64Model, NodeDecoderAgreesOnTheTable) {
  for (const auto& c : kBase64) {
    for (bool url : {false, true}) {
      const size_t n = std::strlen(c.input);
      HeapArray<char> src(c.input, n);
      HeapArray<char> dst(n);
      const size_t written = node_tree::WriteBase64(dst.get(), dst.size, src.get(), n, url);
      EXPECT_EQ(Hex(std::string_view(dst.get(), written)), c.bytes_hex)
          << c.input << (url ? " (base64url)" : "");
    }
  }
}

TEST(Base64Model, TwoByteStringsReadTheLowByte) {
  // U+0151 has low byte 0x51 'Q'; U+013D has low byte '=' and stops decoding.
  const std::u16string s = u"\u0151UJD";
  EXPECT_EQ(Hex(NodeBase64Decode(s)), "414243");
  EXPECT_EQ(Hex(NodeBase64Decode(u"QQ\u013DQUJD")), "41");
  const std::vector<uint16_t> units(s.begin(), s.end());
  HeapArray<char> dst(4);
  EXPECT_EQ(Hex(std::string_view(
                dst.get(), node_tree::Base64Decode(dst.get(), 4, units.data(), units.size()))),
            "414243");
}

TEST(Base64Model, ShortDestinationGetsAPrefix) {
  const char* in = "Zm9vYmFy";
  for (size_t len = 0; len <= 7; ++len) {
    HeapArray<char> dst(len);
    const size_t n = node_tree::Base64Decode(dst.get(), len, in, 8);
    EXPECT_EQ(Hex(std::string_view(dst.get(), n)),
              std::string("666f6f626172").substr(0, 2 * std::min<size_t>(len, 6)))
        << len;
  }
}

TEST(Base64Model, ForgivingBase64) {
  // WHATWG Infra forgiving-base64 decode; examples from its algorithm and the atob() tests of
  // web-platform-tests (html/webappapis/atob/base64.any.js).
  struct {
    const char* in;
    std::optional<std::string> hex;
  } cases[] = {
      {"", ""},
      {"QQ==", "41"},
      {"QQ", "41"},
      {"QUI=", "4142"},
      {" Q Q = = ", "41"},
      {"QQ=", std::nullopt},
      {"Q", std::nullopt},
      {"QQ===", std::nullopt},
      {"A===", std::nullopt},
      {"QU!JD", std::nullopt},
      {"QU=JD", std::nullopt},
      {"QR==", "41"},
      {"ab\x0c"
       "cd",
       "69b71d"},
      {"ab\x0b"
       "cd",
       std::nullopt},  // VT is not ASCII whitespace
      {"-_", std::nullopt},
  };
  for (const auto& c : cases) {
    const auto got = ForgivingBase64Decode(Widen(c.in), false);
    ASSERT_EQ(got.has_value(), c.hex.has_value()) << c.in;
    if (got) EXPECT_EQ(Hex(*got), *c.hex) << c.in;
  }
  EXPECT_EQ(Hex(*ForgivingBase64Decode(Widen("-_"), true)), "fb");
  EXPECT_FALSE(ForgivingBase64Decode(u"\u0151UJD", false).has_value());  // not ASCII
}

TEST(Base64Model, Encode) {
  // RFC 4648 §10; base64url in Node is unpadded (doc/api/buffer.md).
  EXPECT_EQ(Base64Encode("", false), "");
  EXPECT_EQ(Base64Encode("f", false), "Zg==");
  EXPECT_EQ(Base64Encode("fo", false), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar", false), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("f", true), "Zg");
  EXPECT_EQ(Base64Encode("\xfb\xff", false), "+/8=");
  EXPECT_EQ(Base64Encode("\xfb\xff", true), "-_8");
  for (const char* s : {"", "f", "fo", "foo", "foob", "\xfb\xff\xbe"}) {
    for (bool url : {false, true}) {
      const std::string want = Base64Encode(s, url);
      HeapArray<char> out(node_tree::Base64EncodedSize(std::strlen(s), url));
      const size_t n = node_tree::Base64Encode(s, std::strlen(s), out.get(), out.size, url);
      EXPECT_EQ(std::string(out.get(), n), want) << s << " via " << node_tree::kBase64EncoderName;
    }
  }
}

TEST(HexModel, DocumentedExamples) {
  // doc/api/buffer.md: Buffer.from('1ag123', 'hex') is <Buffer 1a>, Buffer.from('1a7', 'hex') is
  // <Buffer 1a>, Buffer.from('1634', 'hex') is <Buffer 16 34>.
  struct {
    const char* in;
    const char* hex;
  } cases[] = {{"1ag123", "1a"}, {"1a7", "1a"}, {"1634", "1634"},
               {"", ""},         {"g1", ""},    {"DeadBEEF", "deadbeef"},
               {"a", ""},        {"0 12", ""},  {"12 34", "12"}};
  for (const auto& c : cases) {
    EXPECT_EQ(Hex(NodeHexDecode(Widen(c.in))), c.hex) << c.in;
    const size_t n = std::strlen(c.in);
    HeapArray<char> src(c.in, n);
    HeapArray<char> dst(n / 2);
    EXPECT_EQ(
        Hex(std::string_view(dst.get(), node_tree::HexDecode(dst.get(), dst.size, src.get(), n))),
        c.hex)
        << c.in;
  }
  EXPECT_EQ(Hex(NodeHexDecode(u"\u0161\u0162")), "ab");  // low bytes 'a' 'b'
}

TEST(Utf8Model, WhatwgReplacement) {
  // Unicode Standard §3.9 Table 3-8 ("U+FFFD for each maximal subpart") and WHATWG Encoding's
  // UTF-8 decoder; the first error offset is where the first ill-formed sequence starts.
  struct {
    const char* in;
    std::u16string text;
    bool valid;
    size_t first_error;
  } cases[] = {
      {"abc", u"abc", true, 3},
      {"\xc3\xa9", u"\u00e9", true, 2},
      {"\xe2\x82\xac", u"\u20ac", true, 3},
      {"\xf0\x9f\x98\x80", u"\U0001F600", true, 4},
      {"\xc0\xaf", u"\uFFFD\uFFFD", false, 0},                      // C0 never starts a sequence
      {"\xe0\x80\xaf", u"\uFFFD\uFFFD\uFFFD", false, 0},            // overlong: E0 needs A0..BF
      {"\xed\xa0\x80", u"\uFFFD\uFFFD\uFFFD", false, 0},            // surrogate: ED needs 80..9F
      {"\xf4\x90\x80\x80", u"\uFFFD\uFFFD\uFFFD\uFFFD", false, 0},  // > U+10FFFF
      {"\xe2\x82"
       "A",
       u"\uFFFDA", false, 0},                                   // truncated: one U+FFFD
      {"a\xf0\x9f\x98", u"a\uFFFD", false, 1},                  // truncated at the end
      {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",  // Unicode Table 3-8
       u"a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd", false, 1},
      {"\xff", u"\uFFFD", false, 0},
  };
  // A U+FFFD of the input's own is text, not an error.
  const Decoded own = DecodeUtf8(
      "a\xef\xbf\xbd"
      "b\xff");
  EXPECT_EQ(own.first_error, 5u);
  EXPECT_EQ(own.utf16_before_error, 3u);
  for (const auto& c : cases) {
    const Decoded d = DecodeUtf8(c.in);
    EXPECT_EQ(d.utf16, c.text) << Hex(c.in);
    EXPECT_EQ(d.valid, c.valid) << Hex(c.in);
    EXPECT_EQ(d.first_error, c.first_error) << Hex(c.in);
  }
}

TEST(Utf16Model, LoneSurrogatesBecomeReplacement) {
  const Decoded pair = DecodeUtf16(u"\xD83D\xDE00");
  EXPECT_TRUE(pair.valid);
  EXPECT_EQ(pair.utf8, "\xf0\x9f\x98\x80");
  const std::u16string lone_high{u'a', static_cast<char16_t>(0xD800), u'b'};
  const Decoded d = DecodeUtf16(lone_high);
  EXPECT_FALSE(d.valid);
  EXPECT_EQ(d.first_error, 1u);
  EXPECT_EQ(d.utf8,
            "a\xef\xbf\xbd"
            "b");
  const std::u16string reversed{static_cast<char16_t>(0xDE00), static_cast<char16_t>(0xD83D)};
  EXPECT_EQ(DecodeUtf16(reversed).utf16, u"\uFFFD\uFFFD");
}

TEST(Latin1Ucs2Model, WriteAndReadLengths) {
  // doc/api/buffer.md: 'latin1' takes the low byte of each unit; buf.write() with 'ucs2' writes
  // whole characters only; buf.toString('ucs2') of an odd length ignores the last byte.
  EXPECT_EQ(Latin1Write(u"h\u00e9\u20ac", 10), std::string("h\xe9\xac"));
  EXPECT_EQ(Latin1Write(u"abc", 2), "ab");
  EXPECT_EQ(Ucs2Write(u"abc", 5), std::string("a\0b\0", 4));  // 5 bytes of room: 2 units
  EXPECT_EQ(Ucs2Write(u"\u20ac", 1), "");
  EXPECT_EQ(Ucs2Read(std::string("h\0i\0!", 5)), u"hi");
  EXPECT_EQ(Latin1Read("\xff\x80"), u"\u00ff\u0080");
}

TEST(EncodingModels, Utf8WriteOfOneByteStringsWritesWholeCharactersOnly) {
  // doc/api/buffer.md, buf.write(): "partially encoded characters will not be written" — in Node,
  // Buffer.alloc(2).write('a\u00e9') is 1, Buffer.alloc(3).write('a\u00e9') is 3.
  EXPECT_EQ(Utf8WriteOneByte(u"a\u00e9", 2), "a");
  EXPECT_EQ(Utf8WriteOneByte(u"a\u00e9", 3), "a\xc3\xa9");
  EXPECT_EQ(Utf8WriteOneByte(u"\u00ff\u0080x", 10), "\xc3\xbf\xc2\x80x");
  EXPECT_EQ(Utf8WriteOneByte(u"abc", 0), "");
}

TEST(Simdutf, FallbackIsTheReferenceKernelOnEveryCpu) {
  // The targets compare every kernel this CPU runs with the portable one, which every CPU runs,
  // so a report names the same pair of kernels on every machine.
  const auto& kernels = Kernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_EQ(std::string(kernels[0]->name()), "fallback");
  for (size_t i = 1; i < kernels.size(); ++i)
    EXPECT_NE(std::string(kernels[i]->name()), "fallback");
  EXPECT_NE(SupportedKernelNames().find("fallback"), std::string::npos);
}

TEST(Simdutf, TranscriptsReportTheirFirstDifference) {
  const auto* fallback = Kernels()[0];
  KernelTranscript a(fallback), b(fallback);
  a.Note("validate", 1);
  b.Note("validate", 1);
  a.Note("convert", std::string_view("a\0b", 3));
  b.Note("convert", std::string_view("a\0c", 3));
  EXPECT_FALSE(a == b);
  EXPECT_EQ(b.FirstDifference(a), "convert=\"a\\x00c\", fallback gives convert=\"a\\x00b\"");
  KernelTranscript c(fallback);
  c.Note("validate", 1);
  EXPECT_EQ(c.FirstDifference(a), "(nothing more), fallback gives convert=\"a\\x00b\"");
  b = a;
  EXPECT_TRUE(a == b);
}

// docs/FINDINGS.md (simdutf.fallback-utf16-to-latin1-empty): simdutf 5.x's fallback
// convert_utf16le_to_latin1() hands memcpy a null pointer for an empty input; UBSan stops on it.
// Fixed in simdutf 6.
TEST(SimdutfFinding, FallbackUtf16ToLatin1OnEmptyInput) {
  const simdutf::implementation* fallback = simdutf::get_available_implementations()["fallback"];
  ASSERT_NE(fallback, nullptr);
  char16_t in[1] = {u'a'};
  char out[1];
  if (!KnownFindingInThisBuild("simdutf.fallback-utf16-to-latin1-empty")) {
    EXPECT_EQ(fallback->convert_utf16le_to_latin1(in, 0, out), 0u);
  } else {
    EXPECT_DEATH((void)fallback->convert_utf16le_to_latin1(in, 0, out),
                 "null pointer passed as argument 2");
  }
}

}  // namespace
}  // namespace nodefuzz::enc
