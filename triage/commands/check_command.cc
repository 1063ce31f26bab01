// check: one testcase run once; its signature and whether the store knows the bug
// (scripts/reproduce prints this verdict).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands/command.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;

namespace {

struct CheckArgs {
  std::string target, testcase;
  Limits limits;
  bool json = false;
};

int RunCheck(const GlobalOptions& global, const CheckArgs& args) {
  const TargetBinary target = LoadTarget(args.target);
  if (!fs::is_regular_file(args.testcase)) {
    throw UserError(args.testcase + " is not a file — pass the testcase to run");
  }
  std::unique_ptr<Store> store;
  if (fs::exists(global.db)) store = std::make_unique<Store>(global.db);
  std::string output;
  const Verdict v = CheckTestcase(store.get(), target, args.testcase, args.limits, &output);
  if (args.json) {
    // One object: the verdict. Field names are stable (new ones may be added).
    std::cout << nlohmann::json{{"kind", "verdict"},
                                {"target", target.name},
                                {"testcase", fs::absolute(args.testcase).string()},
                                {"crashed", v.crashed},
                                {"signature", v.signature},
                                {"bug_id", v.bug_id},
                                {"crash_type", v.crash_type},
                                {"title", v.title},
                                {"headline", v.headline},
                                {"known", v.known},
                                {"status", v.known_status},
                                {"store", store ? fs::absolute(global.db).string() : ""}}
                     .dump()
              << "\n";
    return v.crashed ? 1 : 0;
  }
  std::cout << output;
  if (!output.empty() && output.back() != '\n') std::cout << "\n";
  if (!v.crashed) {
    std::cout << "verdict: no crash — " << target.name
              << " ran the testcase cleanly (fixed, or the wrong target or build)\n";
    return 0;
  }
  std::cout << "verdict: " << v.signature << "\n";
  if (v.known) {
    std::cout << "verdict: known bug " << v.bug_id << " (" << v.known_status << ") of " << global.db
              << "\n";
  } else {
    std::cout << "verdict: new bug " << v.bug_id
              << (store ? " (not in " + global.db + ")" : " (no store at " + global.db + ")")
              << "\n";
  }
  return 1;
}

}  // namespace

Command AddCheckCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "check", "run one testcase once and print its signature and whether the store knows it");
  auto args = std::make_shared<CheckArgs>();
  cmd->add_option("--target", args->target, "the fuzz target binary")->required();
  cmd->add_option("testcase", args->testcase, "the input file")->required();
  AddLimitOptions(*cmd, args->limits);
  cmd->add_flag("--json", args->json, "the verdict as one JSON object (no run output)");
  return {cmd, [&global, args] { return RunCheck(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
