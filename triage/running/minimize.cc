#include "running/minimize.h"

#include <fstream>

#include "running/scratch.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

Minimized MinimizeInput(const TargetBinary& target, const std::string& input,
                        const std::string& crash_type, const Limits& limits, int seconds) {
  // Both minimizers keep "it still crashes", which a hang or a memory blow-up does only slowly
  // and unreliably; ClusterFuzz does not minimize those either.
  if (crash_type == "Timeout" || crash_type == "Out-of-memory") {
    return {std::nullopt, "not minimized: " + crash_type + " reproducers are kept as found"};
  }
  if (target.engine == Engine::kReplay) {
    return {
        std::nullopt,
        "not minimized: a replay build has no minimizer (ingest with a libFuzzer or AFL++ build)"};
  }
  const ScratchDir scratch("min");
  if (!scratch.ok()) return {std::nullopt, "not minimized: no scratch directory in /tmp"};
  const fs::path& dir = scratch.path();
  const fs::path in = dir / "input", out = dir / "minimized";
  std::ofstream(in, std::ios::binary) << input;
  Minimized result;
  RunResult run;
  if (target.engine == Engine::kLibFuzzer) {
    run = RunProcess(
        {target.path.string(), "-minimize_crash=1", "-max_total_time=" + std::to_string(seconds),
         "-timeout=" + std::to_string(limits.timeout_seconds),
         "-rss_limit_mb=" + std::to_string(limits.rss_limit_mb),
         "-exact_artifact_path=" + out.string(), in.string()},
        SanitizerEnvironment(), dir, seconds * 2 + 30, 0);
    result.note = "libFuzzer -minimize_crash";
  } else {
    // afl-tmin insists on these sanitizer settings; it needs no symbolized stacks. The input goes
    // on stdin: AFL++'s driver runs a file argument outside its fork server, which then fails.
    run = RunProcess(
        {"afl-tmin", "-i", in.string(), "-o", out.string(), "-m", "none", "-t",
         std::to_string(limits.timeout_seconds * 1000), "--", target.path.string()},
        {"ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=1:allocator_may_return_null=0",
         "AFL_SKIP_CPUFREQ=1", "AFL_NO_AFFINITY=1", "AFL_QUIET=1",
         "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1"},
        dir, seconds * 2 + 30, 0);
    if (run.exit_code == 127) {
      result.note = "not minimized: afl-tmin is not installed (scripts/bootstrap installs afl++)";
      return result;
    }
    result.note = "afl-tmin";
  }
  std::string data, error;
  if (ReadWholeFile(out, data, error)) result.data = std::move(data);
  if (!result.data || result.data->empty()) {
    result.data.reset();
    result.note = "not minimized: " + result.note + " produced nothing";
    if (run.killed_for_time) result.note += " in its time limit";
  }
  return result;
}

}  // namespace nodefuzz::triage
