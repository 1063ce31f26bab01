// The subcommands of nodefuzz-triage, one file each (docs/TRIAGE.md is the manual). main.cc adds
// every one to the command line and runs the one given; the options several of them take are
// declared once, here.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "jobs/ingest.h"
#include "jobs/issue_filing.h"
#include "running/target_binary.h"

namespace nodefuzz::triage::commands {

constexpr int kUsageError = 2;

// A mistake the user can fix: main prints it as one line and exits with kUsageError.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// --db and --reports, accepted before or after the subcommand.
struct GlobalOptions {
  std::string db = "work/triage.db";
  std::string reports;  // empty: reports/ beside the store

  std::filesystem::path ReportsDir() const;
  // Throws a UserError when there is no store yet: for the commands that only read one.
  void RequireStore() const;
};

// A registered subcommand: its parsed state lives in `run`, which returns the exit status.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command AddIngestCommand(CLI::App& app, const GlobalOptions& global);
Command AddListCommand(CLI::App& app, const GlobalOptions& global);
Command AddShowCommand(CLI::App& app, const GlobalOptions& global);
Command AddExportCommand(CLI::App& app, const GlobalOptions& global);
Command AddCheckCommand(CLI::App& app, const GlobalOptions& global);
Command AddVerifyCommand(CLI::App& app, const GlobalOptions& global);
Command AddFileCommand(CLI::App& app, const GlobalOptions& global);
Command AddServeCommand(CLI::App& app, const GlobalOptions& global);
Command AddConfirmCommand(CLI::App& app, const GlobalOptions& global);
Command AddAffectedCommand(CLI::App& app, const GlobalOptions& global);

// --timeout and --rss-limit-mb: every command that runs a target.
void AddLimitOptions(CLI::App& command, Limits& limits);
// --runs and --minimize-time, with the limits: ingest and serve reproduce the same way.
void AddReproductionOptions(CLI::App& command, IngestOptions& options);

// --retry-seconds and --tracker-timeout: file and serve talk to the tracker the same way.
struct FilingOptions {
  FilingPolicy policy;
  int tracker_timeout_seconds = 30;
};
void AddFilingOptions(CLI::App& command, FilingOptions& options);
// The tracker NODEFUZZ_ISSUES_* name, with the timeout set; nullopt when filing is off. Settings
// that cannot work throw a UserError.
std::optional<IssueTracker> TrackerFromEnvironment(const FilingOptions& options);

// The fuzz target at `path`, or a UserError saying why it is not one.
TargetBinary LoadTarget(const std::string& path);

}  // namespace nodefuzz::triage::commands
