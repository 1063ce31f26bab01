#include "jobs/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "analysis/severity.h"
#include "analysis/signature.h"
#include "jobs/bug_report.h"
#include "running/minimize.h"
#include "running/scratch.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLibFuzzerPrefixes[] = {"crash-", "leak-", "timeout-", "oom-", "slow-unit-"};

std::string KindFromName(const std::string& name) {
  for (const char* p : kLibFuzzerPrefixes) {
    if (name.starts_with(p)) return std::string(p, std::string_view(p).size() - 1);
  }
  return "crash";
}

// AFL++ keeps findings as <fuzzer dir>/crashes/id:... and hangs/id:...; README.txt is not one.
void CollectAflDir(const fs::path& fuzzer_dir, std::vector<CrashFile>& out) {
  for (const char* sub : {"crashes", "hangs"}) {
    std::error_code ec;
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(fuzzer_dir / sub, ec)) {
      if (e.is_regular_file() && e.path().filename().string().starts_with("id:"))
        found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
    for (const fs::path& p : found) out.push_back({p, sub[0] == 'c' ? "crash" : "hang"});
  }
}

int64_t ModifiedAt(const fs::path& p) {
  struct stat st{};
  return stat(p.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_mtime) : 0;
}

// Runs fn(i) for i in [0, n) on `jobs` threads.
template <typename F>
void ParallelFor(size_t n, int jobs, F fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, jobs); ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < n;) fn(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

// The whole stack for reports; "noise" marks the frames that cannot sign (runtimes, and harness
// frames when the stack has parser frames), "parser" the parser a frame is in.
std::string FramesJson(const std::vector<StackFrame>& stack, const CodeUnderTest& code) {
  const bool any_parser_frame = std::any_of(stack.begin(), stack.end(), [&](const StackFrame& f) {
    return !IsNoiseFrame(f) && code.Contains(f);
  });
  nlohmann::json frames = nlohmann::json::array();
  for (const StackFrame& f : stack) {
    const std::string parser = code.ParserOf(f);
    const bool noise = IsNoiseFrame(f) || (any_parser_frame && parser.empty());
    frames.push_back(
        {{"function", f.function}, {"location", f.location}, {"noise", noise}, {"parser", parser}});
  }
  return frames.dump();
}

}  // namespace

std::vector<CrashFile> CollectCrashFiles(const std::vector<std::string>& paths,
                                         std::vector<std::string>& errors) {
  std::vector<CrashFile> out;
  for (const std::string& arg : paths) {
    const fs::path p(arg);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      // An AFL++ finding named directly is still one of "crashes" or "hangs".
      const std::string parent = p.parent_path().filename().string();
      out.push_back({p, parent == "hangs" ? "hang" : KindFromName(p.filename().string())});
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      errors.push_back(arg +
                       " does not exist — pass crash files, a libFuzzer artifact directory or an "
                       "AFL++ output directory");
      continue;
    }
    // An AFL++ output directory (fuzzer dirs inside), one fuzzer's directory, or plain artifacts.
    if (fs::is_directory(p / "crashes", ec) || fs::is_directory(p / "hangs", ec)) {
      CollectAflDir(p, out);
      continue;
    }
    std::vector<fs::path> sub_fuzzers, artifacts;
    for (const auto& e : fs::directory_iterator(p, ec)) {
      if (e.is_directory() &&
          (fs::is_directory(e.path() / "crashes") || fs::is_directory(e.path() / "hangs"))) {
        sub_fuzzers.push_back(e.path());
      } else if (e.is_regular_file()) {
        const std::string name = e.path().filename().string();
        for (const char* prefix : kLibFuzzerPrefixes) {
          if (name.starts_with(prefix)) artifacts.push_back(e.path());
        }
      }
    }
    std::sort(sub_fuzzers.begin(), sub_fuzzers.end());
    std::sort(artifacts.begin(), artifacts.end());
    for (const fs::path& f : sub_fuzzers) CollectAflDir(f, out);
    for (const fs::path& a : artifacts) out.push_back({a, KindFromName(a.filename().string())});
  }
  return out;
}

std::string Reproduction::Reproducibility(int runs) const {
  if (crashed_runs == 0) return "did-not-reproduce";
  return crashed_runs == runs && same_signature ? "reliable" : "flaky";
}

Reproduction Reproduce(const TargetBinary& target, const fs::path& input, int runs,
                       const Limits& limits) {
  Reproduction r;
  for (int i = 0; i < runs; ++i) {
    RunResult run = RunTarget(target, input, limits, Symbolize::kOffline);
    const CrashReport report = InterpretRun(run);
    if (!report.found) {
      if (r.crashed_runs == 0) r.output = std::move(run.output);
      continue;
    }
    const Signature s = SignCrash(report, target.name, target.code);
    if (r.crashed_runs == 0) {
      r.report = report;
      r.signature = s;
      // The run printed its stack raw; the names it was signed with go beside it.
      r.output = std::move(run.output) +
                 "\n[nodefuzz-triage: the crashing stack, symbolized with llvm-symbolizer]\n";
      for (size_t k = 0; k < report.stack.size(); ++k) {
        r.output += "    #" + std::to_string(k) + " " + report.stack[k].function + " " +
                    report.stack[k].location + "\n";
      }
    } else if (s.text != r.signature.text) {
      r.same_signature = false;
    }
    ++r.crashed_runs;
  }
  return r;
}

NewBug MinimizeReproducer(const TargetBinary& target, const PendingInput& input,
                          const IngestOptions& options) {
  NewBug bug{&input, input.data, {}};
  if (!options.minimize) {
    bug.note = "not minimized (--no-minimize)";
    return bug;
  }
  const Minimized m = MinimizeInput(target, input.data, input.repro.report.crash_type,
                                    options.limits, options.minimize_seconds);
  bug.note = m.note;
  if (!m.data || *m.data == input.data) {
    if (m.data) bug.note += ": no smaller input found";
    return bug;
  }
  // Kept only if every run of it reproduces the same signature.
  const ScratchDir scratch("verify");
  if (!scratch.ok()) return bug;
  const fs::path candidate = scratch.path() / "minimized";
  std::ofstream(candidate, std::ios::binary) << *m.data;
  const Reproduction check = Reproduce(target, candidate, options.runs, options.limits);
  if (check.Reproducibility(options.runs) == "reliable" &&
      check.signature.text == input.repro.signature.text) {
    bug.minimized = *m.data;
    bug.note += ": " + std::to_string(input.data.size()) + " -> " + std::to_string(m.data->size()) +
                " bytes";
  } else {
    bug.note += ": the smaller input did not reproduce the same signature every time (" +
                (check.crashed_runs ? check.signature.text : std::string("no crash")) +
                "); the original is kept";
  }
  return bug;
}

bool StoreInput(Store& store, const TargetBinary& target, const PendingInput& input,
                const NewBug* new_bug, int runs) {
  const Reproduction& r = input.repro;
  CrashRecord c;
  c.input_sha256 = input.sha256;
  c.target = target.name;
  c.target_path = target.path.string();
  c.engine = EngineName(target.engine);
  c.build_id = target.build_id;
  c.source_path = fs::absolute(input.file.path).string();
  c.artifact_kind = input.file.artifact_kind;
  c.reproducibility = r.Reproducibility(runs);
  c.runs = runs;
  c.crashed_runs = r.crashed_runs;
  c.output = r.output;
  c.found_at = input.found_at ? input.found_at : UnixNow();
  c.ingested_at = UnixNow();
  if (r.crashed_runs > 0) {
    c.bug_id = r.signature.bug_id;
    c.signature = r.signature.text;
  }
  bool inserted = false;
  Store::Transaction tx(store);
  store.PutBlob(input.sha256, input.data);
  if (r.crashed_runs > 0) {
    if (new_bug && !store.FindBug(c.bug_id)) {
      const PendingInput& rep = *new_bug->reproducer;
      BugRecord b;
      b.id = c.bug_id;
      b.signature = rep.repro.signature.text;
      b.crash_type = rep.repro.report.crash_type;
      b.access = rep.repro.report.access;
      b.oracle_id = rep.repro.report.oracle_id;
      b.headline = rep.repro.report.headline;
      b.title = BugTitle(rep.repro.report, rep.repro.signature);
      b.frames_json = nlohmann::json(rep.repro.signature.frames).dump();
      b.stack_json = FramesJson(rep.repro.report.stack, target.code);
      const SeverityRating sev = RateSeverity(b.crash_type, b.access, b.oracle_id);
      b.severity = sev.level;
      b.security = sev.security;
      b.severity_reason = sev.reason;
      b.target = target.name;
      b.engine = c.engine;
      b.build_id = target.build_id;
      b.build_info_json = nlohmann::json(target.build_info).dump();
      b.reproducibility = rep.repro.Reproducibility(runs);
      b.original_sha256 = rep.sha256;
      b.minimized_sha256 = Sha256Hex(new_bug->minimized);
      b.minimize_note = new_bug->note;
      b.output = rep.repro.output;
      b.first_seen = b.last_seen = c.found_at;
      store.PutBlob(rep.sha256, rep.data);
      store.PutBlob(b.minimized_sha256, new_bug->minimized);
      store.InsertBug(b);
      inserted = true;
    }
    store.TouchBug(c.bug_id, c.found_at);
  }
  store.InsertCrash(c);
  tx.Commit();
  return inserted;
}

std::optional<PendingInput> ReadInput(const CrashFile& file, std::string& error) {
  PendingInput p{file, {}, {}, ModifiedAt(file.path), {}};
  if (!ReadWholeFile(file.path, p.data, error)) return std::nullopt;
  p.sha256 = Sha256Hex(p.data);
  return p;
}

IngestSummary Ingest(Store& store, const TargetBinary& target, const std::vector<CrashFile>& files,
                     const IngestOptions& options, std::ostream& log) {
  const auto start = std::chrono::steady_clock::now();
  IngestSummary summary;
  summary.files = files.size();

  // 1. Read every file; skip inputs this store has for this target, and repeats within the batch.
  std::vector<PendingInput> pending;
  std::vector<size_t> result_of;  // pending index -> file_results index
  std::set<std::string> seen;
  for (const CrashFile& f : files) {
    FileResult& result = summary.file_results.emplace_back();
    result.path = f.path;
    result.artifact_kind = f.artifact_kind;
    std::string error;
    std::optional<PendingInput> p = ReadInput(f, error);
    if (!p) {
      result.outcome = "unreadable";
      result.problem = f.path.string() + ": cannot read it (" + error +
                       ") — check the file and its permissions; nothing was stored for it";
      summary.problems.push_back(result.problem);
      continue;
    }
    result.sha256 = p->sha256;
    if (!seen.insert(p->sha256).second) {
      result.outcome = "already-stored";
      ++summary.already_stored;
      continue;
    }
    if (const std::optional<CrashRecord> c = store.FindCrash(p->sha256, target.name)) {
      result.outcome = "already-stored";
      result.reproducibility = c->reproducibility;
      result.bug_id = c->bug_id;
      ++summary.already_stored;
      continue;
    }
    result_of.push_back(summary.file_results.size() - 1);
    pending.push_back(std::move(*p));
  }

  // 2. Reproduce, in parallel: each input `runs` times.
  std::atomic<size_t> done{0};
  std::mutex log_mutex;
  auto last_progress = std::chrono::steady_clock::now();
  ParallelFor(pending.size(), options.jobs, [&](size_t i) {
    pending[i].repro = Reproduce(target, pending[i].file.path, options.runs, options.limits);
    const size_t n = ++done;
    std::lock_guard lock(log_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress > std::chrono::seconds(5)) {
      last_progress = now;
      log << "ingest: reproduced " << n << "/" << pending.size() << " inputs\n" << std::flush;
    }
  });

  // 3. A new bug's reproducer: its smallest reliable input (else its smallest), minimized.
  std::map<std::string, size_t> reproducer_of;  // new bug id -> index into pending
  for (size_t i = 0; i < pending.size(); ++i) {
    const Reproduction& r = pending[i].repro;
    if (r.crashed_runs == 0 || store.FindBug(r.signature.bug_id)) continue;
    auto [it, inserted] = reproducer_of.try_emplace(r.signature.bug_id, i);
    const PendingInput& best = pending[it->second];
    const std::string mine = r.Reproducibility(options.runs);
    const std::string theirs = best.repro.Reproducibility(options.runs);
    const bool better_class = mine == "reliable" && theirs != "reliable";
    if (!inserted &&
        (better_class || (pending[i].data.size() < best.data.size() && mine == theirs))) {
      it->second = i;
    }
  }
  std::vector<std::pair<std::string, NewBug>> new_bugs;
  for (const auto& [id, index] : reproducer_of) new_bugs.push_back({id, {&pending[index], {}, {}}});
  if (!new_bugs.empty() && options.minimize) {
    log << "ingest: minimizing " << new_bugs.size() << " new bug(s)' reproducers\n" << std::flush;
  }
  ParallelFor(new_bugs.size(), options.jobs, [&](size_t k) {
    new_bugs[k].second = MinimizeReproducer(target, *new_bugs[k].second.reproducer, options);
  });
  const std::map<std::string, NewBug> new_bug_of(new_bugs.begin(), new_bugs.end());

  // 4. Store: one transaction per file, so an interrupted ingest leaves whole records only.
  std::set<std::string> touched_known;
  for (size_t i = 0; i < pending.size(); ++i) {
    const PendingInput& p = pending[i];
    FileResult& result = summary.file_results[result_of[i]];
    const Reproduction& r = p.repro;
    const auto nb = r.crashed_runs > 0 ? new_bug_of.find(r.signature.bug_id) : new_bug_of.end();
    if (StoreInput(store, target, p, nb == new_bug_of.end() ? nullptr : &nb->second,
                   options.runs)) {
      summary.new_bugs.push_back(r.signature.bug_id);
      result.new_bug = true;
    } else if (r.crashed_runs > 0 && nb == new_bug_of.end()) {
      touched_known.insert(r.signature.bug_id);
    }
    ++summary.stored;
    result.outcome = "stored";
    result.reproducibility = r.Reproducibility(options.runs);
    if (r.crashed_runs > 0) result.bug_id = r.signature.bug_id;
    if (result.reproducibility == "flaky") ++summary.flaky;
    if (result.reproducibility == "did-not-reproduce") {
      ++summary.not_reproduced;
      result.problem =
          p.file.path.string() + ": did not reproduce in " + std::to_string(options.runs) +
          " runs of " + target.name +
          " — stored as unreproduced (a fixed bug, a flaky one, or the wrong --target)";
      summary.problems.push_back(result.problem);
    }
  }
  summary.known_bugs.assign(touched_known.begin(), touched_known.end());
  const std::set<std::string> made(summary.new_bugs.begin(), summary.new_bugs.end());
  for (FileResult& f : summary.file_results) f.new_bug = made.count(f.bug_id) > 0;

  // 5. Report bundles of every bug this ingest touched.
  for (const std::vector<std::string>* ids : {&summary.new_bugs, &summary.known_bugs}) {
    for (const std::string& id : *ids) {
      if (const std::optional<BugRecord> b = store.FindBug(id)) {
        WriteReportBundle(store, *b, options.reports_dir);
      }
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

Verdict CheckTestcase(Store* store, const TargetBinary& target, const fs::path& input,
                      const Limits& limits, std::string* output) {
  Verdict v;
  RunResult run = RunTarget(target, input, limits);
  const CrashReport report = InterpretRun(run);
  if (output) *output = run.output;
  if (!report.found) return v;
  const Signature s = SignCrash(report, target.name, target.code);
  v.crashed = true;
  v.signature = s.text;
  v.bug_id = s.bug_id;
  v.crash_type = report.crash_type;
  v.title = BugTitle(report, s);
  v.headline = report.headline;
  if (store) {
    if (const std::optional<BugRecord> b = store->FindBug(s.bug_id); b && b->id == s.bug_id) {
      v.known = true;
      v.known_status = b->status;
    }
  }
  return v;
}

}  // namespace nodefuzz::triage
