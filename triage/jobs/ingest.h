// ingest: crash files in, bugs out. Each new input is stored content-addressed, run against the
// target several times under limits, signed, filed under its bug (a new bug gets a minimized
// reproducer), and committed in one transaction per file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.h"
#include "running/target_binary.h"

namespace nodefuzz::triage {

struct CrashFile {
  std::filesystem::path path;
  std::string artifact_kind;  // crash, leak, timeout, oom, slow-unit (libFuzzer); crash, hang (AFL++)
};

// libFuzzer artifacts (crash-*, leak-*, timeout-*, oom-*, slow-unit-*) in a directory, AFL++
// output directories (<out>/<fuzzer>/crashes|hangs/id:*, or one fuzzer's directory), and files
// named directly (taken whatever their name). A path that does not exist adds a line to `errors`.
std::vector<CrashFile> CollectCrashFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors);

struct IngestOptions {
  int runs = 3;
  Limits limits;
  int jobs = 1;
  bool minimize = true;
  int minimize_seconds = 30;
  std::filesystem::path reports_dir;  // where report bundles go
};

struct IngestSummary {
  size_t files = 0;
  size_t stored = 0;          // crashes newly stored (reproduced or not)
  size_t already_stored = 0;  // this input for this target was in the store already
  size_t flaky = 0, not_reproduced = 0;
  std::vector<std::string> new_bugs, known_bugs;  // bug ids this ingest touched
  std::vector<std::string> problems;              // one line per unreadable or unreproduced file
  double seconds = 0;
};

IngestSummary Ingest(Store& store, const TargetBinary& target, const std::vector<CrashFile>& files,
                     const IngestOptions& options, std::ostream& log);

// A run's verdict for `check` and scripts/reproduce: the signature, and whether the store knows it.
struct Verdict {
  bool crashed = false;
  std::string signature, bug_id, crash_type;
  bool known = false;
  std::string known_status;
};
Verdict CheckTestcase(Store* store, const TargetBinary& target, const std::filesystem::path& input,
                      const Limits& limits, std::string* output);

}  // namespace nodefuzz::triage
