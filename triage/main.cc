// nodefuzz-triage: crash files in, deduplicated, minimized, reproducible bugs out.
// docs/TRIAGE.md is the manual; every error a user can cause ends in one line and exit status 2.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "bug_report.h"
#include "ingest.h"
#include "service.h"
#include "store.h"
#include "target_binary.h"
#include "verify.h"

namespace fs = std::filesystem;
using namespace nodefuzz::triage;

namespace {

constexpr int kUsageError = 2;

struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

TargetBinary LoadTarget(const std::string& path) {
  std::string error;
  std::optional<TargetBinary> t = InspectTarget(path, error);
  if (!t) throw UserError(error);
  return *t;
}

void PrintBugText(const BugRecord& b, const std::vector<CrashRecord>& crashes, const fs::path& reports) {
  std::cout << "bug              " << b.id << "\n"
            << "title            " << b.title << "\n"
            << "signature        " << b.signature << "\n"
            << "severity         " << b.severity << (b.security ? " (security)" : "") << " — " << b.severity_reason << "\n"
            << "status           " << b.status << "\n"
            << "target           " << b.target << " (" << b.engine << ", build " << b.build_id << ")\n"
            << "reproducibility  " << b.reproducibility << "\n"
            << "count            " << b.crash_count << "\n"
            << "first seen       " << FormatTime(b.first_seen) << "\n"
            << "last seen        " << FormatTime(b.last_seen) << "\n"
            << "reproducer       " << b.minimized_size << " bytes minimized (" << b.minimize_note << "), "
            << b.original_size << " original\n"
            << "report           " << (reports / b.id / "README.md").string() << "\n"
            << "reproduce        " << ReproduceCommand(b, fs::absolute(reports / b.id / "testcase-minimized")) << "\n\n"
            << b.headline << "\n";
  int n = 0;
  for (const auto& f : nlohmann::json::parse(b.stack_json.empty() ? "[]" : b.stack_json)) {
    std::cout << "  #" << n++ << " " << f.value("function", "?") << " " << f.value("location", "") << "\n";
  }
  std::cout << "\ncrashes\n";
  for (const CrashRecord& c : crashes) {
    std::cout << "  " << c.input_sha256.substr(0, 12) << "  " << c.reproducibility << " (" << c.crashed_runs << "/"
              << c.runs << ")  " << c.artifact_kind << "  " << c.source_path << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"nodefuzz-triage: turns crash files into deduplicated, minimized, reproducible bug reports"};
  app.require_subcommand(1);
  std::string db_path = "work/triage.db", reports_arg;
  app.add_option("--db", db_path, "the SQLite store")->capture_default_str();
  app.add_option("--reports", reports_arg, "where report bundles go (default: reports/ beside the store)");

  auto* ingest = app.add_subcommand("ingest", "reproduce, sign, deduplicate, minimize and store crash files");
  std::string target_path;
  std::vector<std::string> inputs;
  IngestOptions options;
  options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool no_minimize = false;
  ingest->add_option("--target", target_path, "the fuzz target binary the crashes came from")->required();
  ingest->add_option("--runs", options.runs, "runs per input")->check(CLI::Range(3, 100))->capture_default_str();
  ingest->add_option("--timeout", options.limits.timeout_seconds, "seconds per run")->check(CLI::Range(1, 3600))->capture_default_str();
  ingest->add_option("--rss-limit-mb", options.limits.rss_limit_mb, "memory per run")->check(CLI::Range(64, 1 << 20))->capture_default_str();
  ingest->add_option("--jobs", options.jobs, "inputs reproduced at once")->check(CLI::Range(1, 256))->capture_default_str();
  ingest->add_option("--minimize-time", options.minimize_seconds, "seconds per minimization")->check(CLI::Range(1, 3600))->capture_default_str();
  ingest->add_flag("--no-minimize", no_minimize, "keep new bugs' reproducers as found");
  ingest->add_option("paths", inputs, "crash files, libFuzzer artifact dirs, AFL++ output dirs")->required();

  auto* list = app.add_subcommand("list", "the bugs, one per line (tab-separated) or as JSON");
  bool list_json = false;
  list->add_flag("--json", list_json, "JSON array");

  auto* show = app.add_subcommand("show", "one bug with its crashes");
  std::string bug_arg;
  bool show_json = false;
  show->add_option("bug", bug_arg, "a bug id or a unique prefix of one")->required();
  show->add_flag("--json", show_json, "JSON object");

  auto* exporter = app.add_subcommand("export", "the whole store as JSON");
  bool export_json = false;
  exporter->add_flag("--json", export_json, "JSON (the only format)")->required();

  auto* check = app.add_subcommand("check", "run one testcase once and print its signature and whether the store knows it");
  std::string check_target, check_input;
  check->add_option("--target", check_target, "the fuzz target binary")->required();
  check->add_option("testcase", check_input, "the input file")->required();
  Limits check_limits;
  check->add_option("--timeout", check_limits.timeout_seconds, "seconds")->check(CLI::Range(1, 3600));
  check->add_option("--rss-limit-mb", check_limits.rss_limit_mb, "memory")->check(CLI::Range(64, 1 << 20));

  auto* verify = app.add_subcommand("verify", "re-run every open bug's reproducer on a new build; mark the ones it no longer reproduces fixed");
  std::string verify_bin_dir;
  VerifyOptions verify_options;
  verify->add_option("--bin-dir", verify_bin_dir, "the new build's fuzz targets (e.g. build/fuzz/bin)")->required();
  verify->add_option("--tries", verify_options.tries, "runs per reproducer; fixed means none of them reproduced it")->check(CLI::Range(1, 100))->capture_default_str();
  verify->add_option("--build-id", verify_options.build_id, "recorded as the build a bug was fixed in (default: the target binary's id)");
  verify->add_option("--timeout", verify_options.limits.timeout_seconds, "seconds per run")->check(CLI::Range(1, 3600))->capture_default_str();
  verify->add_option("--rss-limit-mb", verify_options.limits.rss_limit_mb, "memory per run")->check(CLI::Range(64, 1 << 20))->capture_default_str();

  auto* file = app.add_subcommand("file", "file every new reliable bug to the issue tracker once (NODEFUZZ_ISSUES_* in the environment)");
  FilingPolicy filing_policy;
  int filing_timeout = 30;
  // serve takes the same two options.
  file->add_option("--retry-seconds", filing_policy.retry_base_seconds, "wait before retrying a failed filing (doubles each time)")->check(CLI::Range(1, 86400))->capture_default_str();
  file->add_option("--tracker-timeout", filing_timeout, "seconds to wait for the issue tracker")->check(CLI::Range(1, 600))->capture_default_str();

  auto* serve = app.add_subcommand("serve", "the store over HTTP (JSON API), with workers that reproduce uploads");
  ServiceOptions service;
  std::string token_file;
  serve->add_option("--bin-dir", service.bin_dir, "the fuzz targets uploads may name (e.g. build/fuzz/bin)")->required();
  serve->add_option("--host", service.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", service.port, "port to listen on")->check(CLI::Range(1, 65535))->capture_default_str();
  serve->add_option("--token-file", token_file, "file holding the bearer token uploads need (or set NODEFUZZ_TRIAGE_TOKEN)");
  serve->add_option("--max-upload-bytes", service.max_upload_bytes, "largest upload accepted")->check(CLI::Range(1, 1 << 30))->capture_default_str();
  serve->add_option("--workers", service.workers, "uploads reproduced at once")->check(CLI::Range(1, 64))->capture_default_str();
  serve->add_option("--runs", service.ingest.runs, "runs per upload")->check(CLI::Range(3, 100))->capture_default_str();
  serve->add_option("--timeout", service.ingest.limits.timeout_seconds, "seconds per run")->check(CLI::Range(1, 3600))->capture_default_str();
  serve->add_option("--rss-limit-mb", service.ingest.limits.rss_limit_mb, "memory per run")->check(CLI::Range(64, 1 << 20))->capture_default_str();
  serve->add_option("--minimize-time", service.ingest.minimize_seconds, "seconds per minimization")->check(CLI::Range(1, 3600))->capture_default_str();
  serve->add_option("--retry-seconds", filing_policy.retry_base_seconds, "wait before retrying a failed filing (doubles each time)")->check(CLI::Range(1, 86400))->capture_default_str();
  serve->add_option("--tracker-timeout", filing_timeout, "seconds to wait for the issue tracker")->check(CLI::Range(1, 600))->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nodefuzz-triage: " << e.what() << " — see nodefuzz-triage --help\n";
    return kUsageError;
  }
  const fs::path reports = reports_arg.empty() ? fs::path(db_path).parent_path() / "reports" : fs::path(reports_arg);

  try {
    if (*ingest) {
      const TargetBinary target = LoadTarget(target_path);
      std::vector<std::string> errors;
      const std::vector<CrashFile> files = CollectCrashFiles(inputs, errors);
      for (const std::string& e : errors) std::cerr << "nodefuzz-triage: " << e << "\n";
      if (!errors.empty()) return kUsageError;  // nothing stored: a typo should not ingest half a list
      if (files.empty()) {
        std::cerr << "nodefuzz-triage: no crash files in " << inputs.front()
                  << (inputs.size() > 1 ? " and the rest" : "")
                  << " — pass libFuzzer artifacts (crash-*, leak-*, timeout-*, oom-*, slow-unit-*) or an AFL++ output directory\n";
        return 0;
      }
      Store store(db_path);
      options.minimize = !no_minimize;
      options.reports_dir = reports;
      const IngestSummary s = Ingest(store, target, files, options, std::cerr);
      for (const std::string& p : s.problems) std::cerr << "nodefuzz-triage: " << p << "\n";
      std::cout << "ingest: " << s.files << " file(s) for " << target.name << " in " << std::fixed
                << std::setprecision(1) << s.seconds << " s: " << s.stored << " stored, " << s.already_stored
                << " already stored, " << s.flaky << " flaky, " << s.not_reproduced << " did not reproduce; "
                << s.new_bugs.size() << " new bug(s), " << s.known_bugs.size() << " known bug(s) seen again\n";
      for (const std::string& id : s.new_bugs) {
        const auto b = store.FindBug(id);
        std::cout << "  new    " << id << "  " << b->severity << "  " << b->title << "\n";
      }
      for (const std::string& id : s.known_bugs) {
        const auto b = store.FindBug(id);
        std::cout << "  known  " << id << "  " << b->severity << "  " << b->title << "\n";
      }
      return s.problems.empty() ? 0 : 1;
    }
    if (*serve) {
      if (!token_file.empty()) {
        std::ifstream in(token_file);
        if (!in) throw UserError("cannot read --token-file " + token_file + " — check the path and its permissions");
        std::getline(in, service.token);
        if (service.token.empty()) throw UserError("--token-file " + token_file + " is empty — put the token on its first line");
      } else if (const char* env = std::getenv("NODEFUZZ_TRIAGE_TOKEN")) {
        service.token = env;
      }
      service.db = db_path;
      service.reports_dir = reports;
      std::string error;
      service.tracker = IssueTracker::FromEnvironment(error);
      if (!error.empty()) throw UserError(error);
      if (service.tracker) service.tracker->timeout_seconds = filing_timeout;
      service.filing = filing_policy;
      return Serve(service);
    }
    if (*file) {
      std::string error;
      std::optional<IssueTracker> tracker = IssueTracker::FromEnvironment(error);
      if (!error.empty()) throw UserError(error);
      if (!tracker) {
        throw UserError("no issue tracker configured — set NODEFUZZ_ISSUES_REPO=owner/name and NODEFUZZ_ISSUES_TOKEN "
                        "(and NODEFUZZ_ISSUES_API_URL for a tracker other than github.com)");
      }
      tracker->timeout_seconds = filing_timeout;
      if (!fs::exists(db_path)) throw UserError("no store at " + db_path + " — ingest crashes first, or pass --db");
      Store store(db_path);
      const FilingPass pass = RunFilingPass(store, *tracker, filing_policy);
      for (const std::string& line : pass.lines) std::cout << line << "\n";
      int held = 0, waiting = 0;
      for (const Filing& f : store.ListFilings()) {
        held += f.state == "held";
        waiting += f.state == "pending";
      }
      std::cout << "file: " << pass.filed << " filed, " << pass.failed << " failed (retried later), " << waiting
                << " waiting, " << held << " held for private disclosure\n";
      return pass.failed ? 1 : 0;
    }
    if (*verify) {
      if (!fs::exists(db_path)) throw UserError("no store at " + db_path + " — ingest crashes first, or pass --db");
      if (!fs::is_directory(verify_bin_dir)) throw UserError("--bin-dir " + verify_bin_dir + " is not a directory — pass the new build's bin directory, e.g. build/fuzz/bin");
      Store store(db_path);
      const std::vector<VerifyOutcome> outcomes = VerifyOpenBugs(store, verify_bin_dir, verify_options, std::cerr);
      std::map<std::string, int> counts;
      for (const VerifyOutcome& v : outcomes) {
        ++counts[v.outcome];
        std::cout << v.bug_id << "\t" << v.outcome << "\t" << v.reproduced << "/" << v.tries << "\t" << v.target
                  << (v.outcome == "fixed" ? "\tfixed in " + v.build_id : "") << (v.note.empty() ? "" : "\t" + v.note) << "\n";
      }
      std::cout << "verify: " << outcomes.size() << " open bug(s): " << counts["fixed"] << " fixed, " << counts["reproduces"]
                << " still reproduce, " << counts["flaky"] << " flaky (left open), " << counts["skipped"] << " skipped\n";
      return counts["skipped"] ? 1 : 0;
    }
    if (*check) {
      const TargetBinary target = LoadTarget(check_target);
      if (!fs::is_regular_file(check_input)) throw UserError(check_input + " is not a file — pass the testcase to run");
      std::unique_ptr<Store> store;
      if (fs::exists(db_path)) store = std::make_unique<Store>(db_path);
      std::string output;
      const Verdict v = CheckTestcase(store.get(), target, check_input, check_limits, &output);
      std::cout << output;
      if (!output.empty() && output.back() != '\n') std::cout << "\n";
      if (!v.crashed) {
        std::cout << "verdict: no crash — " << target.name << " ran the testcase cleanly (fixed, or the wrong target or build)\n";
        return 0;
      }
      std::cout << "verdict: " << v.signature << "\n";
      if (v.known) {
        std::cout << "verdict: known bug " << v.bug_id << " (" << v.known_status << ") of " << db_path << "\n";
      } else {
        std::cout << "verdict: new bug " << v.bug_id << (store ? " (not in " + db_path + ")" : " (no store at " + db_path + ")") << "\n";
      }
      return 1;
    }
    if (!fs::exists(db_path)) throw UserError("no store at " + db_path + " — ingest crashes first, or pass --db");
    Store store(db_path);
    if (*list) {
      const std::vector<BugRecord> bugs = store.ListBugs();
      if (list_json) {
        nlohmann::json out = nlohmann::json::array();
        for (const BugRecord& b : bugs) out.push_back(BugJson(b));
        std::cout << out.dump(2) << "\n";
      } else {
        std::cout << "id\tseverity\tstatus\treproducibility\tcount\ttarget\ttitle\n";
        for (const BugRecord& b : bugs) {
          std::cout << b.id << "\t" << b.severity << "\t" << b.status << "\t" << b.reproducibility << "\t"
                    << b.crash_count << "\t" << b.target << "\t" << b.title << "\n";
        }
      }
      return 0;
    }
    if (*show) {
      const std::optional<BugRecord> b = store.FindBug(bug_arg);
      if (!b) throw UserError("no bug " + bug_arg + " in " + db_path + " (or the prefix is ambiguous) — see nodefuzz-triage list");
      if (show_json) {
        std::cout << BugDetailJson(store, *b).dump(2) << "\n";
      } else {
        PrintBugText(*b, store.CrashesOfBug(b->id), reports);
      }
      return 0;
    }
    if (*exporter) {
      nlohmann::json out = {{"store", fs::absolute(db_path).string()}, {"bugs", nlohmann::json::array()},
                            {"unreproduced", nlohmann::json::array()}};
      for (const BugRecord& b : store.ListBugs()) {
        nlohmann::json bug = BugJson(b);
        bug["crashes"] = nlohmann::json::array();
        for (const CrashRecord& c : store.CrashesOfBug(b.id)) bug["crashes"].push_back(CrashJson(c));
        out["bugs"].push_back(bug);
      }
      for (const CrashRecord& c : store.UnreproducedCrashes()) out["unreproduced"].push_back(CrashJson(c));
      std::cout << out.dump(2) << "\n";
      return 0;
    }
  } catch (const std::exception& e) {  // UserError, StoreError and the rest: one line each
    std::cerr << "nodefuzz-triage: " << e.what() << "\n";
    return kUsageError;
  }
  return 0;
}
