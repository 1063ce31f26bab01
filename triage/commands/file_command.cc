// file: one filing pass, e.g. from cron: every new reliable bug to the issue tracker once.
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace {

int RunFile(const GlobalOptions& global, const FilingOptions& options) {
  const std::optional<IssueTracker> tracker = TrackerFromEnvironment(options);
  if (!tracker) {
    throw UserError(
        "no issue tracker configured — set NODEFUZZ_ISSUES_REPO=owner/name and "
        "NODEFUZZ_ISSUES_TOKEN (and NODEFUZZ_ISSUES_API_URL for a tracker other than github.com)");
  }
  global.RequireStore();
  Store store(global.db);
  const FilingPass pass = RunFilingPass(store, *tracker, options.policy);
  for (const std::string& line : pass.lines) std::cout << line << "\n";
  int held = 0, waiting = 0;
  for (const Filing& f : store.ListFilings()) {
    held += f.state == "held";
    waiting += f.state == "pending";
  }
  std::cout << "file: " << pass.filed << " filed, " << pass.failed << " failed (retried later), "
            << waiting << " waiting, " << held << " held for private disclosure\n";
  return pass.failed ? 1 : 0;
}

}  // namespace

Command AddFileCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("file",
                                 "file every new reliable bug to the issue tracker once "
                                 "(NODEFUZZ_ISSUES_* in the environment)");
  auto options = std::make_shared<FilingOptions>();
  AddFilingOptions(*cmd, *options);
  return {cmd, [&global, options] { return RunFile(global, *options); }};
}

}  // namespace nodefuzz::triage::commands
