// affected: a bug's target built against each tree, its reproducer run on each; a bug's table is
// stored with it (jobs/affected.h).
#include <fstream>
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "jobs/affected.h"
#include "jobs/bug_report.h"
#include "running/scratch.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct AffectedArgs {
  std::string subject;  // a bug id, or a testcase file
  std::string target;
  std::vector<std::string> trees;
  bool no_bootstrap_trees = false;
  std::string source_dir = NODEFUZZ_SOURCE_DIR;
  std::string build_root;
  std::string expect;
  AffectedOptions options;
  bool json = false;
};

int RunAffectedCommand(const GlobalOptions& global, AffectedArgs args) {
  args.options.source_dir = fs::absolute(args.source_dir);
  if (!fs::exists(args.options.source_dir / "CMakePresets.json")) {
    throw UserError("--source-dir " + args.source_dir +
                    " is not a nodefuzz checkout (no CMakePresets.json) — pass one");
  }
  args.options.build_root = args.build_root.empty() ? args.options.source_dir / "build/affected"
                                                    : fs::path(args.build_root);
  std::vector<Tree> trees;
  if (!args.no_bootstrap_trees) trees = BootstrapTrees(args.options.source_dir);
  for (const std::string& dir : args.trees) {
    std::string error;
    const std::optional<Tree> t = DescribeTree(dir, error);
    if (!t) throw UserError(error);
    trees.push_back(*t);
  }
  if (trees.empty()) {
    throw UserError(
        "no trees to build: run scripts/bootstrap (it fetches Node 18.20.4, the Node 24 tree and "
        "llhttp "
        "9.3.0 into .cache/), or pass --tree DIR");
  }

  std::optional<BugRecord> bug;
  std::unique_ptr<Store> store;
  const ScratchDir scratch("affected-input");
  fs::path input;
  std::string target = args.target;
  Expectation expectation{"", args.expect};
  if (fs::is_regular_file(args.subject)) {
    if (target.empty())
      throw UserError("affected " + args.subject +
                      " needs --target <name> (the fuzz target it is for)");
    input = fs::absolute(args.subject);
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
    expectation.bug_id = bug->id;
    const std::optional<std::string> reproducer = store->GetBlob(bug->minimized_sha256);
    if (!reproducer || !scratch.ok())
      throw UserError("bug " + bug->id + "'s reproducer is missing from " + global.db);
    input = scratch.path() / bug->id;
    std::ofstream(input, std::ios::binary) << *reproducer;
  }
  if (target.find('/') != std::string::npos)
    throw UserError("--target takes a target's name, not a path: " + target);

  const std::vector<TreeOutcome> outcomes =
      RunAffected(target, input, expectation, trees, args.options, std::cerr);
  if (bug) {
    Store::Transaction tx(*store);
    for (const TreeOutcome& o : outcomes) {
      store->AddAffectedRow({bug->id, o.tree.label, o.tree.path.string(), o.versions.dump(),
                             o.outcome, o.detail, UnixNow()});
    }
    tx.Commit();
    WriteReportBundle(*store, *store->FindBug(bug->id), global.ReportsDir());
  }
  if (args.json) {
    json out = {{"target", target}, {"trees", json::array()}};
    if (bug) out["bug"] = bug->id;
    for (const TreeOutcome& o : outcomes) {
      out["trees"].push_back({{"tree", o.tree.label},
                              {"kind", o.tree.kind},
                              {"path", o.tree.path.string()},
                              {"versions", o.versions},
                              {"parser", ParserVersion(target, o.versions)},
                              {"outcome", o.outcome},
                              {"detail", o.detail},
                              {"tries", o.tries},
                              {"reproduced", o.reproduced}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "affected: " << target << " " << (bug ? "bug " + bug->id : input.string()) << "\n";
  for (const TreeOutcome& o : outcomes) {
    const std::string parser = ParserVersion(target, o.versions);
    std::cout << "  " << o.tree.label
              << (parser.empty() || o.versions.empty() ? "" : " (" + parser + ")") << ": "
              << o.outcome << " — " << o.detail << "\n";
  }
  if (bug) std::cout << "stored with bug " << bug->id << " in " << global.db << "\n";
  return 0;
}

}  // namespace

Command AddAffectedCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("affected",
                                 "build a bug's target against each Node tree (or library release) "
                                 "and run its reproducer there");
  auto args = std::make_shared<AffectedArgs>();
  cmd->add_option("subject", args->subject, "a bug id (or a unique prefix), or a testcase file")
      ->required();
  cmd->add_option("--target", args->target,
                  "the fuzz target a testcase is for (e.g. http_framing)");
  cmd->add_option("--tree", args->trees,
                  "a nodejs/node checkout, or an llhttp, ada or simdutf release tree; may be given "
                  "several times")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--no-bootstrap-trees", args->no_bootstrap_trees,
                "only the --tree trees, not the ones scripts/bootstrap fetched into .cache/");
  cmd->add_option("--source-dir", args->source_dir, "the nodefuzz checkout to build")
      ->capture_default_str();
  cmd->add_option("--build-root", args->build_root,
                  "where the builds are cached (default: <source>/build/affected)");
  cmd->add_option("--build-target", args->options.build_target,
                  "the binary to build and run, when it is not the target itself");
  cmd->add_option("--expect", args->expect,
                  "for a testcase: the report that counts (an oracle id, timeout, "
                  "ubsan.*/asan.*/msan.*); default any crash");
  cmd->add_option("--tries", args->options.tries, "runs per tree, as verify's --tries")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--jobs", args->options.jobs, "build jobs")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  AddLimitOptions(*cmd, args->options.limits);
  cmd->add_flag("--json", args->json, "JSON: one object per tree");
  return {cmd, [&global, args] { return RunAffectedCommand(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
