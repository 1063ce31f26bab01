#include "jobs/verify.h"

#include <fstream>
#include <map>
#include <optional>

#include "analysis/signature.h"
#include "running/scratch.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

namespace {

// The build's binary of a bug's target, looked up by name once per target.
class BuildTargets {
 public:
  explicit BuildTargets(fs::path bin_dir) : bin_dir_(std::move(bin_dir)) {}

  const TargetBinary* Find(const std::string& name, std::string& error) {
    auto it = cache_.find(name);
    if (it == cache_.end()) {
      std::optional<TargetBinary> t;
      std::string why;
      if (name.empty() || name.find('/') != std::string::npos) {
        why = "the bug names no usable target";
      } else {
        t = InspectTarget(bin_dir_ / name, why);
      }
      it = cache_.emplace(name, std::make_pair(std::move(t), why)).first;
    }
    error = it->second.second;
    return it->second.first ? &*it->second.first : nullptr;
  }

 private:
  fs::path bin_dir_;
  std::map<std::string, std::pair<std::optional<TargetBinary>, std::string>> cache_;
};

}  // namespace

ReproducerRuns RunReproducer(
    const TargetBinary& target, const fs::path& input, int tries, const Limits& limits,
    const std::function<bool(const CrashReport&, const Signature&)>& matches) {
  ReproducerRuns runs;
  for (int i = 0; i < tries; ++i) {
    const CrashReport report = InterpretRun(
        RunTarget(target, input, limits, Symbolize::kOffline, {"NODEFUZZ_KNOWN_FINDINGS=report"}));
    ++runs.tries;
    if (!report.found) continue;
    const Signature s = SignCrash(report, target.name, target.code);
    if (matches(report, s)) {
      ++runs.reproduced;
    } else if (runs.note.empty()) {
      runs.note =
          "now crashes as " + s.text + " (bug " + s.bug_id + "): ingest it to track that bug";
    }
  }
  return runs;
}

std::vector<VerifyOutcome> VerifyOpenBugs(Store& store, const fs::path& bin_dir,
                                          const VerifyOptions& options, std::ostream& log) {
  BuildTargets build(bin_dir);
  std::vector<VerifyOutcome> outcomes;
  const ScratchDir scratch("verify");
  if (!scratch.ok())
    throw StoreError("cannot make a scratch directory in /tmp — free space or fix its permissions");
  for (const BugRecord& bug : store.ListBugs()) {
    if (bug.status != "open") continue;
    VerifyOutcome v;
    v.bug_id = bug.id;
    v.target = bug.target;
    std::string error;
    const TargetBinary* target = build.Find(bug.target, error);
    if (!target) {
      v.outcome = "skipped";
      v.note = "no " + bug.target + " in " + bin_dir.string() + " (" + error + ")";
      outcomes.push_back(v);
      continue;
    }
    v.build_id = options.build_id.empty() ? target->build_id : options.build_id;
    const std::optional<std::string> reproducer = store.GetBlob(bug.minimized_sha256);
    if (!reproducer) {
      v.outcome = "skipped";
      v.note = "its reproducer is missing from the store";
      outcomes.push_back(v);
      continue;
    }
    const fs::path input = scratch.path() / bug.id;
    std::ofstream(input, std::ios::binary) << *reproducer;
    const ReproducerRuns runs =
        RunReproducer(*target, input, options.tries, options.limits,
                      [&](const CrashReport&, const Signature& s) { return s.bug_id == bug.id; });
    v.tries = runs.tries;
    v.reproduced = runs.reproduced;
    v.note = runs.note;
    v.outcome = v.reproduced == 0 ? "fixed" : v.reproduced == v.tries ? "reproduces" : "flaky";
    const int64_t now = UnixNow();
    Store::Transaction tx(store);
    store.AddVerification({bug.id, v.build_id, v.tries, v.reproduced, v.outcome, v.note, now});
    if (v.outcome == "fixed") store.MarkBugFixed(bug.id, v.build_id, now);
    tx.Commit();
    log << "verify: " << bug.id << " " << v.outcome << " (" << v.reproduced << "/" << v.tries
        << ")\n"
        << std::flush;
    outcomes.push_back(v);
  }
  return outcomes;
}

}  // namespace nodefuzz::triage
