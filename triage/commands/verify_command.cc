// verify: every open bug's reproducer on a new build; what no longer reproduces is marked fixed.
#include <iostream>
#include <map>
#include <memory>

#include "commands/command.h"
#include "jobs/verify.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;

namespace {

struct VerifyArgs {
  std::string bin_dir;
  VerifyOptions options;
};

int RunVerify(const GlobalOptions& global, const VerifyArgs& args) {
  global.RequireStore();
  if (!fs::is_directory(args.bin_dir)) {
    throw UserError(
        "--bin-dir " + args.bin_dir +
        " is not a directory — pass the new build's bin directory, e.g. build/fuzz/bin");
  }
  Store store(global.db);
  const std::vector<VerifyOutcome> outcomes =
      VerifyOpenBugs(store, args.bin_dir, args.options, std::cerr);
  std::map<std::string, int> counts;
  for (const VerifyOutcome& v : outcomes) {
    ++counts[v.outcome];
    std::cout << v.bug_id << "\t" << v.outcome << "\t" << v.reproduced << "/" << v.tries << "\t"
              << v.target << (v.outcome == "fixed" ? "\tfixed in " + v.build_id : "")
              << (v.note.empty() ? "" : "\t" + v.note) << "\n";
  }
  std::cout << "verify: " << outcomes.size() << " open bug(s): " << counts["fixed"] << " fixed, "
            << counts["reproduces"] << " still reproduce, " << counts["flaky"]
            << " flaky (left open), " << counts["skipped"] << " skipped\n";
  return counts["skipped"] ? 1 : 0;
}

}  // namespace

Command AddVerifyCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("verify",
                                 "re-run every open bug's reproducer on a new build; mark the ones "
                                 "it no longer reproduces fixed");
  auto args = std::make_shared<VerifyArgs>();
  cmd->add_option("--bin-dir", args->bin_dir, "the new build's fuzz targets (e.g. build/fuzz/bin)")
      ->required();
  cmd->add_option("--tries", args->options.tries,
                  "runs per reproducer; fixed means none of them reproduced it")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--build-id", args->options.build_id,
                  "recorded as the build a bug was fixed in (default: the target binary's id)");
  AddLimitOptions(*cmd, args->options.limits);
  return {cmd, [&global, args] { return RunVerify(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
