#include "jobs/bug_report.h"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>

#include "analysis/oracle_descriptions.h"
#include "jobs/node_checks.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

std::string BugTitle(const CrashReport& report, const Signature& signature) {
  if (report.crash_type == "Oracle") {
    if (std::optional<std::string> rule = OracleDescription(report.oracle_id)) return *rule;
    std::string title = "Oracle " + report.oracle_id;
    if (!signature.frames.empty()) title += " in " + signature.frames.front();
    return title;
  }
  std::string title = signature.crash_type;
  if (signature.recursion) {
    title += " in a recursion through ";
    for (size_t i = 0; i < signature.frames.size(); ++i)
      title += (i ? ", " : "") + signature.frames[i];
  } else if (!signature.frames.empty()) {
    title += " in " + signature.frames.front();
  }
  return title;
}

std::string BugTitle(const BugRecord& bug) {
  if (bug.crash_type == "Oracle") {
    if (std::optional<std::string> rule = OracleDescription(bug.oracle_id)) return *rule;
  }
  return bug.title;
}

namespace {

// A Markdown table cell: a '|' would end it.
std::string TableCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string FormatTime(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string ReproduceCommand(const BugRecord& bug, const fs::path& testcase) {
  return "scripts/reproduce " + bug.target + " " + testcase.string();
}

nlohmann::json BugJson(const BugRecord& b) {
  return {
      {"id", b.id},
      {"title", BugTitle(b)},
      {"rule", b.crash_type == "Oracle" ? OracleDescription(b.oracle_id).value_or("") : ""},
      {"signature", b.signature},
      {"crash_type", b.crash_type},
      {"access", b.access},
      {"oracle_id", b.oracle_id},
      {"frames", nlohmann::json::parse(b.frames_json.empty() ? "[]" : b.frames_json)},
      {"severity", b.severity},
      {"security", b.security},
      {"severity_reason", b.severity_reason},
      {"target", b.target},
      {"engine", b.engine},
      {"build_id", b.build_id},
      {"build_info", nlohmann::json::parse(b.build_info_json.empty() ? "{}" : b.build_info_json)},
      {"reproducibility", b.reproducibility},
      {"status", b.status},
      {"fixed_in", b.fixed_in},
      {"fixed_at", b.fixed_at},
      {"count", b.crash_count},
      {"first_seen", b.first_seen},
      {"last_seen", b.last_seen},
      {"original", {{"sha256", b.original_sha256}, {"size", b.original_size}}},
      {"minimized",
       {{"sha256", b.minimized_sha256}, {"size", b.minimized_size}, {"note", b.minimize_note}}},
  };
}

nlohmann::json CrashJson(const CrashRecord& c) {
  return {
      {"id", c.id},
      {"input_sha256", c.input_sha256},
      {"input_size", c.input_size},
      {"target", c.target},
      {"engine", c.engine},
      {"build_id", c.build_id},
      {"source_path", c.source_path},
      {"artifact_kind", c.artifact_kind},
      {"bug_id", c.bug_id},
      {"signature", c.signature},
      {"reproducibility", c.reproducibility},
      {"runs", c.runs},
      {"crashed_runs", c.crashed_runs},
      {"found_at", c.found_at},
      {"ingested_at", c.ingested_at},
  };
}

nlohmann::json BugDetailJson(Store& store, const BugRecord& b) {
  nlohmann::json out = BugJson(b);
  out["stack"] = nlohmann::json::parse(b.stack_json.empty() ? "[]" : b.stack_json);
  out["crashes"] = nlohmann::json::array();
  for (const CrashRecord& c : store.CrashesOfBug(b.id)) out["crashes"].push_back(CrashJson(c));
  out.update(NodeChecksJson(store, b));  // confirmations, affected
  return out;
}

std::string BugSummaryMarkdown(const BugRecord& b, const std::string& reproduce_command) {
  const nlohmann::json info =
      nlohmann::json::parse(b.build_info_json.empty() ? "{}" : b.build_info_json);
  auto version = [&](const char* key) {
    return info.contains(key) ? info[key].get<std::string>()
                              : std::string("unknown (the binary carries no build info)");
  };
  std::string parser;
  if (b.target.starts_with("http"))
    parser = "llhttp " + version("llhttp");
  else if (b.target.starts_with("url"))
    parser = "ada " + version("ada");
  else if (b.target.starts_with("enc"))
    parser = "simdutf " + version("simdutf") + " and Node's own decoders";
  else
    parser = "llhttp " + version("llhttp") + ", ada " + version("ada") + ", simdutf " +
             version("simdutf");

  std::ostringstream md;
  md << "| | |\n|---|---|\n";
  md << "| bug | `" << b.id << "` |\n";
  if (b.crash_type == "Oracle") {
    md << "| rule broken | "
       << TableCell(OracleDescription(b.oracle_id).value_or("(no description)")) << " (oracle `"
       << b.oracle_id << "`) |\n";
  }
  md << "| signature | `" << TableCell(b.signature) << "` |\n";
  md << "| severity | " << b.severity << (b.security ? " (security)" : "") << ": "
     << b.severity_reason << " |\n";
  md << "| target | `" << b.target << "` (" << b.engine << " build `" << b.build_id << "`) |\n";
  md << "| parser | " << parser << " |\n";
  md << "| Node | " << version("node") << " |\n";
  md << "| reproducibility | " << b.reproducibility << " |\n";
  md << "| first seen | " << FormatTime(b.first_seen) << " |\n";
  md << "| last seen | " << FormatTime(b.last_seen) << " |\n";
  md << "| count | " << b.crash_count << " raw crash" << (b.crash_count == 1 ? "" : "es") << " |\n";
  md << "| reproducer | `testcase-minimized`, " << b.minimized_size << " bytes ("
     << TableCell(b.minimize_note) << "); `testcase-original`, " << b.original_size
     << " bytes |\n\n";
  md << "## Reproduce\n\n```sh\n" << reproduce_command << "\n```\n\n";
  md << "## " << (b.crash_type == "Oracle" ? "Oracle report" : "Stack") << "\n\n```\n"
     << b.headline << "\n";
  const nlohmann::json stack = nlohmann::json::parse(b.stack_json.empty() ? "[]" : b.stack_json);
  int n = 0;
  for (const auto& f : stack) {
    md << "#" << n++ << " " << f.value("function", "?") << " " << f.value("location", "")
       << (f.value("noise", false) ? "   (not signed: runtime or harness)" : "") << "\n";
  }
  md << "```\n";
  return md.str();
}

void WriteReportBundle(Store& store, const BugRecord& b, const fs::path& reports_dir) {
  // The service's workers write bundles at once, often of the same bug: each write stages under a
  // name of its own, and the swap into place is one at a time.
  static std::atomic<uint64_t> writes{0};
  static std::mutex swap_mutex;
  const std::string unique = std::to_string(getpid()) + "-" + std::to_string(writes++);
  const fs::path final_dir = reports_dir / b.id;
  const fs::path staging = reports_dir / (b.id + ".writing-" + unique);
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec)
    throw StoreError("cannot write report bundles under " + reports_dir.string() + " (" +
                     ec.message() + ") — pass a writable --reports directory");
  const std::string minimized = store.GetBlob(b.minimized_sha256).value_or("");
  const std::string original = store.GetBlob(b.original_sha256).value_or("");
  std::ofstream(staging / "testcase-minimized", std::ios::binary) << minimized;
  std::ofstream(staging / "testcase-original", std::ios::binary) << original;
  std::ofstream(staging / "output.txt", std::ios::binary) << b.output;

  std::ostringstream md;
  md << "# " << BugTitle(b) << "\n\n"
     << BugSummaryMarkdown(b, ReproduceCommand(b, fs::absolute(final_dir / "testcase-minimized")))
     << "\n"
     << NodeChecksMarkdown(store, b) << "The full output of a reproducing run is `output.txt`.\n";
  std::ofstream(staging / "README.md") << md.str();

  // Swap the new bundle in; the old one (if any) goes only after the new one is in place.
  std::lock_guard lock(swap_mutex);
  const fs::path old = reports_dir / (b.id + ".old-" + unique);
  fs::remove_all(old, ec);
  if (fs::exists(final_dir)) fs::rename(final_dir, old, ec);
  fs::rename(staging, final_dir, ec);
  if (ec)
    throw StoreError("cannot move the report bundle into " + final_dir.string() + " (" +
                     ec.message() + ")");
  fs::remove_all(old, ec);
}

}  // namespace nodefuzz::triage
