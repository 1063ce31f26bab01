// ingest: crash files in, bugs out (jobs/ingest.h does the work).
#include <iomanip>
#include <iostream>
#include <memory>
#include <thread>

#include "commands/command.h"
#include "jobs/bug_report.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace {

struct IngestArgs {
  std::string target;
  std::vector<std::string> paths;
  IngestOptions options;
  bool no_minimize = false;
  bool json = false;
};

// --json: one object a line — each file, then each bug this ingest touched, then the summary.
// Field names are stable (new ones may be added): scripts/fuzz reads them.
void PrintJson(Store& store, const TargetBinary& target, const IngestSummary& s) {
  for (const FileResult& f : s.file_results) {
    std::cout << nlohmann::json{{"kind", "file"},
                                {"path", f.path.string()},
                                {"artifact_kind", f.artifact_kind},
                                {"sha256", f.sha256},
                                {"outcome", f.outcome},
                                {"reproducibility", f.reproducibility},
                                {"bug_id", f.bug_id},
                                {"new_bug", f.new_bug},
                                {"problem", f.problem}}
                     .dump()
              << "\n";
  }
  for (const auto& [is_new, ids] : {std::pair{true, &s.new_bugs}, {false, &s.known_bugs}}) {
    for (const std::string& id : *ids) {
      nlohmann::json bug = BugJson(*store.FindBug(id));
      bug["kind"] = "bug";
      bug["new"] = is_new;
      std::cout << bug.dump() << "\n";
    }
  }
  std::cout << nlohmann::json{{"kind", "summary"},
                              {"target", target.name},
                              {"files", s.files},
                              {"stored", s.stored},
                              {"already_stored", s.already_stored},
                              {"flaky", s.flaky},
                              {"not_reproduced", s.not_reproduced},
                              {"new_bugs", s.new_bugs.size()},
                              {"known_bugs", s.known_bugs.size()},
                              {"problems", s.problems},
                              {"seconds", s.seconds}}
                   .dump()
            << "\n";
}

void PrintText(Store& store, const TargetBinary& target, const IngestSummary& s) {
  std::cout << "ingest: " << s.files << " file(s) for " << target.name << " in " << std::fixed
            << std::setprecision(1) << s.seconds << " s: " << s.stored << " stored, "
            << s.already_stored << " already stored, " << s.flaky << " flaky, " << s.not_reproduced
            << " did not reproduce; " << s.new_bugs.size() << " new bug(s), " << s.known_bugs.size()
            << " known bug(s) seen again\n";
  for (const auto& [label, ids] : {std::pair{"new", &s.new_bugs}, {"known", &s.known_bugs}}) {
    for (const std::string& id : *ids) {
      const std::optional<BugRecord> b = store.FindBug(id);
      std::cout << "  " << std::left << std::setw(7) << label << id << "  " << b->severity << "  "
                << BugTitle(*b) << "\n";
    }
  }
}

int RunIngest(const GlobalOptions& global, IngestArgs& args) {
  const TargetBinary target = LoadTarget(args.target);
  std::vector<std::string> errors;
  const std::vector<CrashFile> files = CollectCrashFiles(args.paths, errors);
  for (const std::string& e : errors) std::cerr << "nodefuzz-triage: " << e << "\n";
  // Nothing stored: a typo should not ingest half a list.
  if (!errors.empty()) return kUsageError;
  if (files.empty()) {
    std::cerr
        << "nodefuzz-triage: no crash files in " << args.paths.front()
        << (args.paths.size() > 1 ? " and the rest" : "")
        << " — pass libFuzzer artifacts (crash-*, leak-*, timeout-*, oom-*, slow-unit-*) or an"
           " AFL++ output directory\n";
    if (args.json) {
      std::cout << nlohmann::json{{"kind", "summary"}, {"target", target.name}, {"files", 0}}.dump()
                << "\n";
    }
    return 0;
  }
  Store store(global.db);
  args.options.minimize = !args.no_minimize;
  args.options.reports_dir = global.ReportsDir();
  const IngestSummary s = Ingest(store, target, files, args.options, std::cerr);
  for (const std::string& p : s.problems) std::cerr << "nodefuzz-triage: " << p << "\n";
  if (args.json) {
    PrintJson(store, target, s);
  } else {
    PrintText(store, target, s);
  }
  return s.problems.empty() ? 0 : 1;
}

}  // namespace

Command AddIngestCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd =
      app.add_subcommand("ingest", "reproduce, sign, deduplicate, minimize and store crash files");
  auto args = std::make_shared<IngestArgs>();
  args->options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cmd->add_option("--target", args->target, "the fuzz target binary the crashes came from")
      ->required();
  AddReproductionOptions(*cmd, args->options);
  cmd->add_option("--jobs", args->options.jobs, "inputs reproduced at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_flag("--no-minimize", args->no_minimize, "keep new bugs' reproducers as found");
  cmd->add_flag("--json", args->json, "one JSON object a line: each file, each bug, the summary");
  cmd->add_option("paths", args->paths, "crash files, libFuzzer artifact dirs, AFL++ output dirs")
      ->required();
  return {cmd, [&global, args] { return RunIngest(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
