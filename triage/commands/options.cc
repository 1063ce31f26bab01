#include <optional>

#include "commands/command.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;

fs::path GlobalOptions::ReportsDir() const {
  return reports.empty() ? fs::path(db).parent_path() / "reports" : fs::path(reports);
}

void GlobalOptions::RequireStore() const {
  if (!fs::exists(db))
    throw UserError("no store at " + db + " — ingest crashes first, or pass --db");
}

void AddLimitOptions(CLI::App& command, Limits& limits) {
  command.add_option("--timeout", limits.timeout_seconds, "seconds per run")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  command.add_option("--rss-limit-mb", limits.rss_limit_mb, "memory per run")
      ->check(CLI::Range(64, 1 << 20))
      ->capture_default_str();
}

void AddReproductionOptions(CLI::App& command, IngestOptions& options) {
  command.add_option("--runs", options.runs, "runs per input")
      ->check(CLI::Range(3, 100))
      ->capture_default_str();
  AddLimitOptions(command, options.limits);
  command.add_option("--minimize-time", options.minimize_seconds, "seconds per minimization")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

void AddFilingOptions(CLI::App& command, FilingOptions& options) {
  command
      .add_option("--retry-seconds", options.policy.retry_base_seconds,
                  "wait before retrying a failed filing (doubles each time)")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  command
      .add_option("--tracker-timeout", options.tracker_timeout_seconds,
                  "seconds to wait for the issue tracker")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
}

std::optional<IssueTracker> TrackerFromEnvironment(const FilingOptions& options) {
  std::string error;
  std::optional<IssueTracker> tracker = IssueTracker::FromEnvironment(error);
  if (!error.empty()) throw UserError(error);
  if (tracker) tracker->timeout_seconds = options.tracker_timeout_seconds;
  return tracker;
}

TargetBinary LoadTarget(const std::string& path) {
  std::string error;
  std::optional<TargetBinary> t = InspectTarget(path, error);
  if (!t) throw UserError(error);
  return *t;
}

}  // namespace nodefuzz::triage::commands
