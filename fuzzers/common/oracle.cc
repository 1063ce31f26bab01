#include "oracle.h"

#include <cstdio>
#include <cstdlib>

namespace nodefuzz {

void ReportOracleViolation(const char* oracle_id, const std::string& detail) {
  std::fprintf(stderr, "==NODEFUZZ-ORACLE== %s: %s\n", oracle_id, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string Printable(std::string_view bytes, size_t max_bytes) {
  std::string out;
  out.reserve(bytes.size() < max_bytes ? bytes.size() + 8 : max_bytes + 32);
  for (size_t i = 0; i < bytes.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        }
    }
  }
  if (bytes.size() > max_bytes)
    out += "...(+" + std::to_string(bytes.size() - max_bytes) + " bytes)";
  return out;
}

}  // namespace nodefuzz
