#include "encoding_models.h"

#include "ascii.h"

namespace nodefuzz::enc {
namespace {

constexpr char kStandardAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Value of each byte in an alphabet, or -1: a table built once from the alphabet string.
struct SextetTable {
  int8_t value[256] = {};
};
constexpr SextetTable MakeSextetTable(const char* alphabet) {
  SextetTable t;
  for (int c = 0; c < 256; ++c) t.value[c] = -1;
  for (int k = 0; k < 64; ++k)
    t.value[static_cast<unsigned char>(alphabet[k])] = static_cast<int8_t>(k);
  return t;
}
constexpr SextetTable kStandardTable = MakeSextetTable(kStandardAlphabet);
constexpr SextetTable kUrlTable = MakeSextetTable(kUrlAlphabet);

int SextetOf(unsigned c, const char* alphabet) {
  if (c > 0xFF) return -1;
  return (alphabet == kUrlAlphabet ? kUrlTable : kStandardTable).value[c];
}

// Packs sextets into bytes; a trailing partial byte (fewer than 8 bits) is dropped.
class BitSink {
 public:
  void Push(int sextet) {
    acc_ = (acc_ << 6) | static_cast<uint32_t>(sextet);
    bits_ += 6;
    if (bits_ >= 8) {
      bits_ -= 8;
      out_.push_back(static_cast<char>((acc_ >> bits_) & 0xFF));
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  uint32_t acc_ = 0;
  int bits_ = 0;
  std::string out_;
};

// Writes a decoding into buffers sized for the worst case, trimmed by Finish(): one push_back per
// unit and byte was a tenth of enc_latin1_ucs2's time. Each input unit (a UTF-8 byte, a UTF-16
// unit) gives at most one UTF-16 unit and three UTF-8 bytes: a U+FFFD consumes at least one, a
// four-byte sequence or a surrogate pair gives two units and four bytes.
class DecodedWriter {
 public:
  DecodedWriter(Decoded& d, size_t input_units) : d_(d) {
    d.utf16.resize(input_units);
    d.utf8.resize(3 * input_units);
  }

  void CodePoint(uint32_t cp) {
    char16_t* u16 = d_.utf16.data();
    char* u8 = d_.utf8.data();
    if (cp < 0x10000) {
      u16[n16_++] = static_cast<char16_t>(cp);
    } else {
      u16[n16_++] = static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
      u16[n16_++] = static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
    if (cp < 0x80) {
      u8[n8_++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      u8[n8_++] = static_cast<char>(0xC0 | (cp >> 6));
      u8[n8_++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      u8[n8_++] = static_cast<char>(0xE0 | (cp >> 12));
      u8[n8_++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      u8[n8_++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      u8[n8_++] = static_cast<char>(0xF0 | (cp >> 18));
      u8[n8_++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      u8[n8_++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      u8[n8_++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    ++d_.code_points;
    if (cp >= 0x100) d_.latin1 = false;
  }

  void Error(size_t at) {
    if (d_.valid) {
      d_.first_error = at;
      d_.utf16_before_error = n16_;
    }
    d_.valid = false;
    CodePoint(0xFFFD);
  }

  // The input ended after `input_units`.
  void Finish(size_t input_units) {
    d_.utf16.resize(n16_);
    d_.utf8.resize(n8_);
    if (d_.valid) d_.first_error = input_units, d_.utf16_before_error = n16_;
  }

 private:
  Decoded& d_;
  size_t n16_ = 0, n8_ = 0;
};

}  // namespace

std::u16string Widen(std::string_view latin1) {
  std::u16string out;
  out.reserve(latin1.size());
  for (unsigned char c : latin1) out.push_back(c);
  return out;
}

std::string NodeBase64Decode(std::u16string_view s) {
  BitSink sink;
  for (char16_t unit : s) {
    const unsigned c = unit & 0xFF;
    if (c == '=') break;
    int v = SextetOf(c, kStandardAlphabet);
    if (v < 0) v = SextetOf(c, kUrlAlphabet);
    if (v >= 0) sink.Push(v);
  }
  return sink.Take();
}

std::optional<std::string> ForgivingBase64Decode(std::u16string_view s, bool url) {
  std::u16string data;
  for (char16_t c : s) {
    if (c == u'\t' || c == u'\n' || c == u'\f' || c == u'\r' || c == u' ') continue;
    data.push_back(c);
  }
  if (data.size() % 4 == 0) {
    for (int k = 0; k < 2 && !data.empty() && data.back() == u'='; ++k) data.pop_back();
  }
  if (data.size() % 4 == 1) return std::nullopt;
  BitSink sink;
  for (char16_t c : data) {
    const int v = c < 0x80 ? SextetOf(c, url ? kUrlAlphabet : kStandardAlphabet) : -1;
    if (v < 0) return std::nullopt;
    sink.Push(v);
  }
  return sink.Take();
}

std::string Base64Encode(std::string_view bytes, bool url) {
  const char* alphabet = url ? kUrlAlphabet : kStandardAlphabet;
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(v >> shift) & 0x3F]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) v |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out.push_back(alphabet[(v >> 18) & 0x3F]);
    out.push_back(alphabet[(v >> 12) & 0x3F]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 0x3F]);
    if (!url) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::string NodeHexDecode(std::u16string_view s) {
  std::string out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    const int hi = HexDigitValue(s[i] & 0xFF);
    const int lo = HexDigitValue(s[i + 1] & 0xFF);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

Decoded DecodeUtf8(std::string_view bytes) {
  Decoded d;
  DecodedWriter w(d, bytes.size());
  uint32_t cp = 0;
  int needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  size_t start = 0;
  for (size_t i = 0; i < bytes.size();) {
    const unsigned b = static_cast<unsigned char>(bytes[i]);
    if (b >= 0x80) d.ascii = false;
    if (needed == 0) {
      start = i++;
      if (b <= 0x7F) {
        w.CodePoint(b);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1, cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
        needed = 2, cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
        needed = 3, cp = b & 0x07;
      } else {
        w.Error(start);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is a maximal subpart: one U+FFFD, and this byte starts afresh.
      needed = seen = 0, cp = 0, lower = 0x80, upper = 0xBF;
      w.Error(start);
      continue;
    }
    ++i;
    lower = 0x80, upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen == needed) {
      w.CodePoint(cp);
      needed = seen = 0, cp = 0;
    }
  }
  if (needed != 0) w.Error(start);
  w.Finish(bytes.size());
  return d;
}

Decoded DecodeUtf16(std::u16string_view units) {
  Decoded d;
  DecodedWriter w(d, units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    const char16_t u = units[i];
    if (u >= 0x80) d.ascii = false;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      w.CodePoint(0x10000 + ((uint32_t{u} - 0xD800) << 10) + (uint32_t{units[i + 1]} - 0xDC00));
      ++i;
      d.ascii = false;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      w.Error(i);
    } else {
      w.CodePoint(u);
    }
  }
  w.Finish(units.size());
  return d;
}

std::string Latin1Write(std::u16string_view s, size_t length) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < length; ++i) out.push_back(static_cast<char>(s[i] & 0xFF));
  return out;
}

std::u16string Latin1Read(std::string_view bytes) { return Widen(bytes); }

std::string Ucs2Write(std::u16string_view s, size_t length) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < length / 2; ++i) {
    out.push_back(static_cast<char>(s[i] & 0xFF));
    out.push_back(static_cast<char>(s[i] >> 8));
  }
  return out;
}

std::u16string Ucs2Read(std::string_view bytes) {
  std::u16string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    out.push_back(static_cast<char16_t>(static_cast<unsigned char>(bytes[i]) |
                                        (static_cast<unsigned char>(bytes[i + 1]) << 8)));
  }
  return out;
}

std::string Utf8WriteOneByte(std::u16string_view s, size_t length) {
  std::string out;
  for (const char16_t u : s) {
    const size_t width = u < 0x80 ? 1 : 2;
    if (out.size() + width > length) break;
    if (width == 1) {
      out += static_cast<char>(u);
    } else {
      out += static_cast<char>(0xC0 | (u >> 6));
      out += static_cast<char>(0x80 | (u & 0x3F));
    }
  }
  return out;
}

}  // namespace nodefuzz::enc
