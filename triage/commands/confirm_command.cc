// confirm: a bug's reproducer (or a testcase) run by real Node binaries, beside what RFC 9112 or
// the standard gives; a bug's verdicts are stored with it (jobs/confirm.h).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "jobs/bug_report.h"
#include "jobs/confirm.h"
#include "running/scratch.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct ConfirmArgs {
  std::string subject;  // a bug id, or a testcase file
  std::string target;
  std::vector<std::string> nodes;
  std::string bin_dir;
  ConfirmOptions options;
  bool json = false;
};

// The directory this binary is in: a build's bin/, where the explain tools are too.
fs::path OwnDirectory() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

int RunConfirm(const GlobalOptions& global, ConfirmArgs args) {
  if (args.nodes.empty()) args.nodes = {"node"};
  std::vector<std::string> nodes;
  for (const std::string& n : args.nodes)
    nodes.push_back(ResolveNode(n));  // all there before any run
  args.options.explain_dir = args.bin_dir.empty() ? OwnDirectory() : fs::path(args.bin_dir);

  std::optional<BugRecord> bug;
  std::unique_ptr<Store> store;
  const ScratchDir scratch("confirm-input");
  fs::path input;
  std::string target = args.target;
  if (fs::is_regular_file(args.subject)) {
    if (target.empty()) {
      throw UserError("confirm " + args.subject +
                      " needs --target <name> (the fuzz target the testcase is for)");
    }
    input = args.subject;
  } else {
    if (!fs::exists(global.db)) {
      throw UserError(args.subject + " is neither a file nor a bug: there is no store at " +
                      global.db + " — pass a testcase with --target, or --db");
    }
    store = std::make_unique<Store>(global.db);
    bug = store->FindBug(args.subject);
    if (!bug) {
      throw UserError("no bug " + args.subject + " in " + global.db +
                      " and no such file — pass a bug id (see nodefuzz-triage list) or a testcase "
                      "with --target");
    }
    target = bug->target;
    const std::optional<std::string> reproducer = store->GetBlob(bug->minimized_sha256);
    if (!reproducer || !scratch.ok())
      throw UserError("bug " + bug->id + "'s reproducer is missing from " + global.db);
    input = scratch.path() / bug->id;
    std::ofstream(input, std::ios::binary) << *reproducer;
    args.options.sanitizer_report = bug->crash_type != "Oracle" && bug->crash_type != "Timeout";
  }

  const json scenario = ScenarioOf(target, input, args.options);
  std::vector<NodeVerdict> verdicts;
  for (const std::string& node : nodes)
    verdicts.push_back(ConfirmOnNode(scenario, node, args.options));
  if (bug) {
    Store::Transaction tx(*store);
    for (const NodeVerdict& v : verdicts) {
      store->AddConfirmation({bug->id, v.node, v.node_version, v.versions.dump(), v.verdict,
                              v.detail, json({{"scenario", scenario}, {"runs", v.runs}}).dump(),
                              UnixNow()});
    }
    tx.Commit();
    WriteReportBundle(*store, *store->FindBug(bug->id), global.ReportsDir());
  }
  if (args.json) {
    json out = {{"target", target}, {"scenario", scenario}, {"verdicts", json::array()}};
    if (bug) out["bug"] = bug->id;
    for (const NodeVerdict& v : verdicts) {
      out["verdicts"].push_back({{"node", v.node},
                                 {"node_version", v.node_version},
                                 {"versions", v.versions},
                                 {"verdict", v.verdict},
                                 {"detail", v.detail},
                                 {"runs", v.runs}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "scenario: " << target << ": " << DescribeScenario(scenario) << "\n";
  for (const NodeVerdict& v : verdicts) {
    std::cout << "Node " << v.node_version << " (" << ParserVersionIn(scenario, v.versions) << ", "
              << v.node << "): " << v.verdict << " — " << v.detail << "\n";
  }
  if (bug) std::cout << "stored with bug " << bug->id << " in " << global.db << "\n";
  return 0;
}

}  // namespace

Command AddConfirmCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("confirm",
                                 "run a bug's reproducer (or a testcase) on real Node binaries and "
                                 "say whether Node does it too");
  auto args = std::make_shared<ConfirmArgs>();
  cmd->add_option("subject", args->subject, "a bug id (or a unique prefix), or a testcase file")
      ->required();
  cmd->add_option("--target", args->target,
                  "the fuzz target a testcase is for (e.g. http_framing)");
  cmd->add_option("--node", args->nodes,
                  "a node binary (default: node on PATH); may be given several times")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--bin-dir", args->bin_dir,
                  "where the explain tools are (default: the directory of nodefuzz-triage)");
  cmd->add_option("--timeout", args->options.timeout_seconds,
                  "seconds per script run; longer is a hang")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  cmd->add_flag("--sanitizer-report", args->options.sanitizer_report,
                "the testcase's finding is a sanitizer report (a release Node cannot show it)");
  cmd->add_flag("--json", args->json, "JSON: the scenario, and each Node's verdict with its runs");
  return {cmd, [&global, args] { return RunConfirm(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
