// The service's web pages: server-rendered HTML, a little inline JavaScript, no build step.
// Everything that came from a crash (titles, stacks, output, paths) is escaped: a fuzzer's input
// ends up in all of them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace nodefuzz::triage {

std::string HtmlEscape(std::string_view text);

struct BugListFilter {
  std::string target, status, severity;  // empty: any
  bool Matches(const BugRecord& bug) const;
};

// What the pages say about filing: "to owner/repo at URL", or how to turn it on.
struct FilingStatus {
  bool enabled = false;
  std::string description;
};

// GET /: every bug matching the filter, with counts, filters and each bug's filing state.
std::string BugListPage(const std::vector<BugRecord>& bugs, const BugListFilter& filter,
                        const std::map<std::string, Filing>& filings,
                        const std::map<std::string, int64_t>& upload_counts,
                        const FilingStatus& filing);

struct BugPageData {
  BugRecord bug;
  std::vector<CrashRecord> crashes;
  std::vector<Verification> verifications;
  std::optional<Filing> filing;
  std::string service_url;                       // "http://host:port", for the download command
  std::vector<Confirmation> confirmations = {};  // the latest per Node version (jobs/node_checks.h)
  std::vector<AffectedRow> affected = {};        // the latest per tree
};

// GET /bugs/<id>: the stack, the reproduce command, downloads, crashes, verifications, filing.
std::string BugPage(const BugPageData& data, const FilingStatus& filing);

// GET /targets: per target, bugs by status and severity, crashes by reproducibility, uploads.
std::string TargetStatsPage(const std::vector<std::string>& served_targets,
                            const std::vector<BugRecord>& bugs,
                            const std::map<std::string, TargetStats>& stats);

// An HTML page saying what went wrong (404 and the like).
std::string ErrorPage(int status, const std::string& message);

}  // namespace nodefuzz::triage
