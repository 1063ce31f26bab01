#include "known_findings.h"

#include <cstdlib>

namespace nodefuzz {

namespace {

struct KnownKey {
  std::string_view key;
  int finding;
};

// The findings this build's parser versions have, by key (generated from the registry).
constexpr KnownKey kKnownKeys[] = {
#include "known_findings_table.inc"
    {"", 0},  // keeps the array non-empty when no finding applies
};

}  // namespace

bool ReportKnownFindings() {
  static const bool report = [] {
    const char* v = std::getenv("NODEFUZZ_KNOWN_FINDINGS");
    return v != nullptr && std::string_view(v) == "report";
  }();
  return report;
}

int KnownFindingInThisBuild(std::string_view key) {
  if (key.empty()) return 0;
  for (const KnownKey& k : kKnownKeys) {
    if (k.key == key) return k.finding;
  }
  return 0;
}

std::vector<std::string_view> KnownFindingKeysInThisBuild(std::string_view prefix) {
  std::vector<std::string_view> keys;
  for (const KnownKey& k : kKnownKeys) {
    if (!k.key.empty() && k.key.starts_with(prefix)) keys.push_back(k.key);
  }
  return keys;
}

int KnownFinding(std::string_view key) {
  return ReportKnownFindings() ? 0 : KnownFindingInThisBuild(key);
}

}  // namespace nodefuzz
