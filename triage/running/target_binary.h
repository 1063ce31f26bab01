// A fuzz target binary: what engine it was built for, what it was built from, and running one
// input through it under a time and memory limit with symbolized sanitizer output.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/code_under_test.h"
#include "analysis/crash_report.h"

namespace nodefuzz::triage {

enum class Engine { kLibFuzzer, kAfl, kReplay };
const char* EngineName(Engine engine);

struct TargetBinary {
  std::filesystem::path path;  // absolute
  std::string name;            // the file name: the target's name
  Engine engine = Engine::kReplay;
  // The NODEFUZZ-BUILD-INFO line cmake/Fuzzing.cmake embeds: engine, node, llhttp, ada, simdutf.
  // Empty for a binary built elsewhere.
  std::map<std::string, std::string> build_info;
  std::string build_id;  // a hash of the binary: which build a crash was seen on
  // The parsers' sources, from the parser-sources.txt of the build the binary is in
  // (build/<preset>/bin/<target> -> build/<preset>/parser-sources.txt); unknown without one.
  CodeUnderTest code;
};

// Reads the binary; nullopt with a one-line `error` when it is not a fuzz target this tool runs.
std::optional<TargetBinary> InspectTarget(const std::filesystem::path& path, std::string& error);

struct Limits {
  int timeout_seconds = 10;
  int rss_limit_mb = 2560;
};

struct RunResult {
  std::string output;  // stdout and stderr, interleaved as written
  int exit_code = 0;
  int term_signal = 0;
  bool killed_for_time = false;    // our wall-clock limit, past the engine's own
  bool killed_for_memory = false;  // our RSS watch, for engines without -rss_limit_mb
  double seconds = 0;
};

// How a run's stacks get function names. In-process, the sanitizer starts llvm-symbolizer at each
// crash (the output a person reads); offline, the stack is printed raw and InterpretRun
// symbolizes it through a cache shared by all runs of the process, several times faster when
// thousands of inputs crash in the same few places. Both give the same names, so the same
// signatures.
enum class Symbolize { kInProcess, kOffline };

// One run of `input` (a file). libFuzzer gets its own -timeout and -rss_limit_mb (so it reports
// them with a stack) and writes no artifact files. `env` is added to the sanitizer settings.
RunResult RunTarget(const TargetBinary& target, const std::filesystem::path& input,
                    const Limits& limits, Symbolize symbolize = Symbolize::kInProcess,
                    const std::vector<std::string>& env = {});

// What the run found: the parsed report, or a timeout / out-of-memory / signal our watch saw.
CrashReport InterpretRun(const RunResult& run);

// Runs `argv` with `env` added, in `cwd`, output captured, killed after `timeout_seconds`.
RunResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const std::filesystem::path& cwd, double timeout_seconds, int rss_limit_mb);

// The sanitizer settings every triage run uses (ASAN_OPTIONS=..., UBSAN_OPTIONS=...).
std::vector<std::string> SanitizerEnvironment(Symbolize symbolize = Symbolize::kInProcess);

// Fills in the frames the sanitizer left unsymbolized ("(module+0x...)") with llvm-symbolizer,
// inlined calls expanded into frames of their own as the sanitizer does.
void SymbolizeMissingFrames(std::vector<StackFrame>& stack);

}  // namespace nodefuzz::triage
