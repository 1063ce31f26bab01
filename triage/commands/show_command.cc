// show: one bug (an id or a unique prefix of one) with its crashes, as text or JSON.
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "jobs/bug_report.h"
#include "jobs/node_checks.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;

namespace {

struct ShowArgs {
  std::string bug;
  bool json = false;
};

void PrintBugText(Store& store, const BugRecord& b, const std::vector<CrashRecord>& crashes,
                  const fs::path& reports) {
  const fs::path bundle = reports / b.id;
  std::cout << "bug              " << b.id << "\n"
            << "title            " << BugTitle(b) << "\n"
            << "signature        " << b.signature << "\n"
            << "severity         " << b.severity << (b.security ? " (security)" : "") << " — "
            << b.severity_reason << "\n"
            << "status           " << b.status << "\n"
            << "target           " << b.target << " (" << b.engine << ", build " << b.build_id
            << ")\n"
            << "reproducibility  " << b.reproducibility << "\n"
            << "count            " << b.crash_count << "\n"
            << "first seen       " << FormatTime(b.first_seen) << "\n"
            << "last seen        " << FormatTime(b.last_seen) << "\n"
            << "reproducer       " << b.minimized_size << " bytes minimized (" << b.minimize_note
            << "), " << b.original_size << " original\n"
            << "report           " << (bundle / "README.md").string() << "\n"
            << "reproduce        "
            << ReproduceCommand(b, fs::absolute(bundle / "testcase-minimized")) << "\n\n"
            << b.headline << "\n";
  int n = 0;
  for (const auto& f : nlohmann::json::parse(b.stack_json.empty() ? "[]" : b.stack_json)) {
    std::cout << "  #" << n++ << " " << f.value("function", "?") << " " << f.value("location", "")
              << "\n";
  }
  std::cout << "\ncrashes\n";
  for (const CrashRecord& c : crashes) {
    std::cout << "  " << c.input_sha256.substr(0, 12) << "  " << c.reproducibility << " ("
              << c.crashed_runs << "/" << c.runs << ")  " << c.artifact_kind << "  "
              << c.source_path << "\n";
  }
  const std::vector<Confirmation> confirmations = LatestConfirmations(store, b.id);
  if (!confirmations.empty()) std::cout << "\non real Nodes\n";
  for (const Confirmation& c : confirmations) {
    std::cout << "  " << NodeLabel(c) << ": " << c.verdict << " — " << c.detail << "\n";
  }
  const std::vector<AffectedRow> affected = LatestAffectedRows(store, b.id);
  if (!affected.empty()) std::cout << "\naffected trees\n";
  for (const AffectedRow& a : affected) {
    std::cout << "  " << a.tree << " (" << TreeVersions(a, b.target) << "): " << a.outcome << " — "
              << a.detail << "\n";
  }
}

int RunShow(const GlobalOptions& global, const ShowArgs& args) {
  global.RequireStore();
  Store store(global.db);
  const std::optional<BugRecord> b = store.FindBug(args.bug);
  if (!b) {
    throw UserError("no bug " + args.bug + " in " + global.db +
                    " (or the prefix is ambiguous) — see nodefuzz-triage list");
  }
  if (args.json) {
    std::cout << BugDetailJson(store, *b).dump(2) << "\n";
  } else {
    PrintBugText(store, *b, store.CrashesOfBug(b->id), global.ReportsDir());
  }
  return 0;
}

}  // namespace

Command AddShowCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("show", "one bug with its crashes");
  auto args = std::make_shared<ShowArgs>();
  cmd->add_option("bug", args->bug, "a bug id or a unique prefix of one")->required();
  cmd->add_flag("--json", args->json, "JSON object");
  return {cmd, [&global, args] { return RunShow(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
