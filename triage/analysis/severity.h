// Severity of a bug by its crash type and access, in the spirit of ClusterFuzz; the mapping and
// its reasons are the table in docs/TRIAGE.md: change both together.
#pragma once

#include <string>
#include <string_view>

namespace nodefuzz::triage {

struct SeverityRating {
  std::string level;      // "High", "Medium" or "Low"
  bool security = false;  // held for private disclosure, never filed publicly
  std::string reason;
};

// crash_type and access as in CrashReport; oracle_id for crash_type "Oracle".
SeverityRating RateSeverity(std::string_view crash_type, std::string_view access,
                            std::string_view oracle_id);

}  // namespace nodefuzz::triage
