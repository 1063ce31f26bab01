// ingest: crash files in, bugs out. Each new input is stored content-addressed, run against the
// target several times under limits, signed, filed under its bug (a new bug gets a minimized
// reproducer), and committed in one transaction per file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/signature.h"
#include "running/target_binary.h"
#include "store/store.h"

namespace nodefuzz::triage {

struct CrashFile {
  std::filesystem::path path;
  std::string
      artifact_kind;  // crash, leak, timeout, oom, slow-unit (libFuzzer); crash, hang (AFL++)
};

// libFuzzer artifacts (crash-*, leak-*, timeout-*, oom-*, slow-unit-*) in a directory, AFL++
// output directories (<out>/<fuzzer>/crashes|hangs/id:*, or one fuzzer's directory), and files
// named directly (taken whatever their name). A path that does not exist adds a line to `errors`.
std::vector<CrashFile> CollectCrashFiles(const std::vector<std::string>& paths,
                                         std::vector<std::string>& errors);

struct IngestOptions {
  int runs = 3;
  Limits limits;
  int jobs = 1;
  bool minimize = true;
  int minimize_seconds = 30;
  std::filesystem::path reports_dir;  // where report bundles go
};

// What became of one file.
struct FileResult {
  std::filesystem::path path;
  std::string artifact_kind, sha256;
  std::string outcome;          // stored, already-stored, unreadable
  std::string reproducibility;  // reliable, flaky, did-not-reproduce; empty unless stored
  std::string bug_id;           // the bug it was stored under; empty when it did not reproduce
  bool new_bug = false;         // its bug is new: this ingest made it
  std::string problem;          // the one line said about it, if any
};

struct IngestSummary {
  size_t files = 0;
  size_t stored = 0;          // crashes newly stored (reproduced or not)
  size_t already_stored = 0;  // this input for this target was in the store already
  size_t flaky = 0, not_reproduced = 0;
  std::vector<std::string> new_bugs, known_bugs;  // bug ids this ingest touched
  std::vector<std::string> problems;              // one line per unreadable or unreproduced file
  std::vector<FileResult> file_results;           // in the order of the files given
  double seconds = 0;
};

IngestSummary Ingest(Store& store, const TargetBinary& target, const std::vector<CrashFile>& files,
                     const IngestOptions& options, std::ostream& log);

// The steps of Ingest, for callers that interleave them (the service's workers).

// What running one input `runs` times found.
struct Reproduction {
  int crashed_runs = 0;
  bool same_signature = true;
  CrashReport report;  // of the first crashing run
  Signature signature;
  std::string output;                           // the first crashing run's, else the last run's
  std::string Reproducibility(int runs) const;  // reliable, flaky, did-not-reproduce
};
Reproduction Reproduce(const TargetBinary& target, const std::filesystem::path& input, int runs,
                       const Limits& limits);

// One input on its way: read (content-addressed), then reproduced.
struct PendingInput {
  CrashFile file;
  std::string data, sha256;
  int64_t found_at = 0;  // the file's modification time
  Reproduction repro;
};
std::optional<PendingInput> ReadInput(const CrashFile& file, std::string& error);

// A new bug's reproducer: the input chosen for it and its bytes after minimization.
struct NewBug {
  const PendingInput* reproducer = nullptr;
  std::string minimized, note;
};
// The engine's minimizer on the input; the smaller input is kept only if every run of it gives
// the same signature.
NewBug MinimizeReproducer(const TargetBinary& target, const PendingInput& input,
                          const IngestOptions& options);

// One input in one transaction: its bytes and its crash, under its bug, and the bug itself when
// `new_bug` is given and the store has no such bug yet. True when it added the bug.
bool StoreInput(Store& store, const TargetBinary& target, const PendingInput& input,
                const NewBug* new_bug, int runs);

// A run's verdict for `check` and scripts/reproduce: the signature, and whether the store knows it.
struct Verdict {
  bool crashed = false;
  std::string signature, bug_id, crash_type, title, headline;
  bool known = false;
  std::string known_status;
};
Verdict CheckTestcase(Store* store, const TargetBinary& target, const std::filesystem::path& input,
                      const Limits& limits, std::string* output);

}  // namespace nodefuzz::triage
