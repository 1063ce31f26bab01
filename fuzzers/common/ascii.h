// ASCII helpers shared by the targets (HTTP field names and tokens are ASCII, case-insensitive).
#pragma once

#include <string_view>

namespace nodefuzz {

// `a` equals `lower` (given in lower case) ignoring ASCII case.
inline bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace nodefuzz
