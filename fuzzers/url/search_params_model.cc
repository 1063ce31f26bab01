#include "search_params_model.h"

#include <algorithm>
#include <cstdint>

#include "ascii.h"

namespace nodefuzz::url {
namespace {

// Percent-decode (§1.3 "percent-decode a byte sequence"): "%" and two hex digits is one byte,
// any other "%" is itself. '+' was already replaced by the caller.
std::string PercentDecode(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '%' && i + 2 < bytes.size() && HexDigitValue(bytes[i + 1]) >= 0 &&
        HexDigitValue(bytes[i + 2]) >= 0) {
      out += static_cast<char>(HexDigitValue(bytes[i + 1]) * 16 + HexDigitValue(bytes[i + 2]));
      i += 2;
    } else {
      out += bytes[i];
    }
  }
  return out;
}

std::string PlusToSpace(std::string_view bytes) {
  std::string out(bytes);
  std::replace(out.begin(), out.end(), '+', ' ');
  return out;
}

bool KeptAsIs(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*' ||
         c == '-' || c == '.' || c == '_';
}

void AppendEncoded(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    if (KeptAsIs(c)) {
      out += byte;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

// Code points of valid UTF-8, as UTF-16 code units.
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t cp = length == 1   ? lead
                  : length == 2 ? lead & 0x1F
                  : length == 3 ? lead & 0x0F
                                : lead & 0x07;
    for (int k = 1; k < length; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += length;
    if (cp < 0x10000) {
      out += static_cast<char16_t>(cp);
    } else {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    }
  }
  return out;
}

}  // namespace

SearchEntries ParseUrlencoded(std::string_view input) {
  SearchEntries entries;
  while (!input.empty()) {
    const size_t amp = input.find('&');
    const std::string_view sequence = input.substr(0, amp);
    input.remove_prefix(amp == std::string_view::npos ? input.size() : amp + 1);
    if (sequence.empty()) continue;
    const size_t eq = sequence.find('=');
    const std::string_view name = sequence.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : sequence.substr(eq + 1);
    entries.emplace_back(PercentDecode(PlusToSpace(name)), PercentDecode(PlusToSpace(value)));
  }
  return entries;
}

std::string SerializeUrlencoded(const SearchEntries& entries) {
  std::string out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i) out += '&';
    AppendEncoded(out, entries[i].first);
    out += '=';
    AppendEncoded(out, entries[i].second);
  }
  return out;
}

void SortByName(SearchEntries& entries) {
  std::vector<std::pair<std::u16string, size_t>> keys;
  for (size_t i = 0; i < entries.size(); ++i) keys.emplace_back(ToUtf16(entries[i].first), i);
  // Stable by breaking ties on the original position (std::stable_sort trips a libstdc++
  // deprecation warning under clang-19).
  std::sort(keys.begin(), keys.end());
  SearchEntries sorted;
  for (const auto& key : keys) sorted.push_back(std::move(entries[key.second]));
  entries = std::move(sorted);
}

}  // namespace nodefuzz::url
