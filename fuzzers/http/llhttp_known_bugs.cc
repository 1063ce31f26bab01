#include "llhttp_known_bugs.h"

#include <llhttp.h>

namespace nodefuzz::http {

namespace {

struct KnownBug {
  const char* oracle_id;
  int fixed_in_major;  // first llhttp major without it
  int finding;         // docs/FINDINGS.md
};

constexpr KnownBug kKnownBugs[] = {
    {"", 0, 0},
};

}  // namespace

bool IsKnownLlhttpBug(std::string_view oracle_id) {
  for (const KnownBug& bug : kKnownBugs) {
    if (LLHTTP_VERSION_MAJOR < bug.fixed_in_major && oracle_id == bug.oracle_id) return true;
  }
  return false;
}

}  // namespace nodefuzz::http
