#include "running/target_binary.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>

#include "analysis/signature.h"
#include "running/child_command.h"
#include "running/scratch.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

const char* EngineName(Engine engine) {
  switch (engine) {
    case Engine::kLibFuzzer:
      return "libfuzzer";
    case Engine::kAfl:
      return "afl";
    case Engine::kReplay:
      return "replay";
  }
  return "?";
}

namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

std::string SymbolizerPath() {
  if (const char* env = std::getenv("LLVM_SYMBOLIZER_PATH"); env && *env) return env;
  for (const char* p : {"/usr/bin/llvm-symbolizer-19", "/usr/lib/llvm-19/bin/llvm-symbolizer",
                        "/usr/bin/llvm-symbolizer"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return "llvm-symbolizer";
}

// How long a run stopped for time may take to print its stack before it is killed.
constexpr double kAbortGraceSeconds = 5;

// Output beyond this is cut in the middle: a stack overflow's thousands of frames add nothing.
constexpr size_t kMaxOutput = 1 << 20;

}  // namespace

std::vector<std::string> SanitizerEnvironment(Symbolize symbolize) {
  const std::string path = SymbolizerPath();
  const std::string symbolizer = symbolize == Symbolize::kInProcess
                                     ? "symbolize=1:external_symbolizer_path=" + path
                                     : std::string("symbolize=0");
  return {
      "ASAN_OPTIONS=" + symbolizer +
          ":handle_abort=1:detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_"
          "return=1",
      "UBSAN_OPTIONS=" + symbolizer + ":print_stacktrace=1:halt_on_error=1",
      "MSAN_OPTIONS=" + symbolizer + ":handle_abort=1:halt_on_error=1",
      "LSAN_OPTIONS=" + symbolizer,
  };
}

std::optional<TargetBinary> InspectTarget(const fs::path& path, std::string& error) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (!fs::is_regular_file(absolute, ec)) {
    error = path.string() +
            " is not a file — pass a fuzz target binary (e.g. build/fuzz/bin/url_parse)";
    return std::nullopt;
  }
  if (access(absolute.c_str(), X_OK) != 0) {
    error = path.string() +
            " is not executable — pass a fuzz target binary built by a preset (chmod +x if it was "
            "copied)";
    return std::nullopt;
  }
  std::string bytes, why;
  if (!ReadWholeFile(absolute, bytes, why)) {
    error = "cannot read " + path.string() + " (" + why + ") — check its permissions";
    return std::nullopt;
  }
  if (!bytes.starts_with("\x7f"
                         "ELF") ||
      !Contains(bytes, "LLVMFuzzerTestOneInput")) {
    error = path.string() +
            " is not a fuzz target (no LLVMFuzzerTestOneInput in an ELF binary) — pass a binary "
            "from build/<preset>/bin/";
    return std::nullopt;
  }
  TargetBinary t;
  t.path = absolute;
  t.name = absolute.filename().string();
  if (Contains(bytes, "__AFL_SHM_ID")) {
    t.engine = Engine::kAfl;
  } else if (Contains(bytes, "minimize_crash")) {
    t.engine = Engine::kLibFuzzer;
  } else if (Contains(bytes, "replay: running")) {
    t.engine = Engine::kReplay;
  } else {
    error = path.string() +
            " defines LLVMFuzzerTestOneInput but links no engine this tool knows (libFuzzer, AFL++ "
            "driver, nodefuzz replay)";
    return std::nullopt;
  }
  const size_t info = bytes.find("NODEFUZZ-BUILD-INFO{");
  if (info != std::string::npos) {
    const size_t start = info + std::strlen("NODEFUZZ-BUILD-INFO{");
    const size_t end = bytes.find('}', start);
    std::stringstream fields(bytes.substr(start, end - start));
    for (std::string kv; std::getline(fields, kv, ';');) {
      const size_t eq = kv.find('=');
      if (eq != std::string::npos) t.build_info[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  t.build_id = Sha256Hex(bytes).substr(0, 16);
  const fs::path parser_sources = absolute.parent_path().parent_path() / "parser-sources.txt";
  if (fs::is_regular_file(parser_sources, ec)) t.code = CodeUnderTest::FromFile(parser_sources);
  return t;
}

RunResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const fs::path& cwd, double timeout_seconds, int rss_limit_mb) {
  RunResult r;
  const ChildCommand command(argv, env);  // built before fork
  const std::string cwd_string = cwd.string();

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    r.output = "nodefuzz-triage: pipe failed: " + std::string(std::strerror(errno));
    r.exit_code = -1;
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: a kill reaches anything it started
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(pipe_fds[1], 1);
    dup2(pipe_fds[1], 2);
    if (chdir(cwd_string.c_str()) != 0) _exit(126);
    // Nothing of ours leaks into the target: in the service, other threads' client sockets.
    close_range(3, ~0U, 0);
    execvpe(command.argv()[0], command.argv(),
            command.envp());  // searches PATH for tools like afl-tmin
    _exit(127);
  }
  close(pipe_fds[1]);
  if (pid < 0) {
    close(pipe_fds[0]);
    r.output = "nodefuzz-triage: fork failed: " + std::string(std::strerror(errno));
    r.exit_code = -1;
    return r;
  }
  setpgid(pid, pid);
  std::string head, tail;  // the first and last halves of kMaxOutput
  size_t dropped = 0;
  const std::string statm = "/proc/" + std::to_string(pid) + "/statm";
  const long page_kb = sysconf(_SC_PAGESIZE) / 1024;
  char buf[65536];
  while (true) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > timeout_seconds && !r.killed_for_time) {
      // SIGABRT first: a sanitized target prints the stack it was stuck in (handle_abort=1), so
      // a hang signs by where it hangs. SIGKILL follows if that does not end it.
      r.killed_for_time = true;
      kill(pid, SIGABRT);
    }
    if (elapsed > timeout_seconds + kAbortGraceSeconds) {
      kill(-pid, SIGKILL);
      break;
    }
    if (rss_limit_mb > 0) {
      std::ifstream m(statm);
      long size_pages = 0, rss_pages = 0;
      if (m >> size_pages >> rss_pages && rss_pages * page_kb / 1024 > rss_limit_mb) {
        r.killed_for_memory = true;
        kill(-pid, SIGKILL);
        break;
      }
    }
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;  // the child (and all that share the pipe) closed it
    if (head.size() < kMaxOutput / 2) {
      head.append(buf, static_cast<size_t>(n));
    } else {
      tail.append(buf, static_cast<size_t>(n));
      if (tail.size() > kMaxOutput) {
        dropped += tail.size() - kMaxOutput / 2;
        tail.erase(0, tail.size() - kMaxOutput / 2);
      }
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  r.output = std::move(head);
  if (dropped > 0)
    r.output += "\n[nodefuzz-triage: " + std::to_string(dropped) + " bytes of output cut here]\n";
  r.output += tail;
  return r;
}

RunResult RunTarget(const TargetBinary& target, const fs::path& input, const Limits& limits,
                    Symbolize symbolize, const std::vector<std::string>& env) {
  // A scratch directory as cwd: whatever the engine writes there (libFuzzer's crash-* files
  // when a test input crashes) is removed with it.
  const ScratchDir scratch("run");
  const fs::path cwd = scratch.ok() ? scratch.path() : fs::temp_directory_path();
  std::vector<std::string> argv = {target.path.string()};
  double wall = limits.timeout_seconds;
  int watch_rss = limits.rss_limit_mb;
  if (target.engine == Engine::kLibFuzzer) {
    argv.push_back("-timeout=" + std::to_string(limits.timeout_seconds));
    argv.push_back("-rss_limit_mb=" + std::to_string(limits.rss_limit_mb));
    argv.push_back("-artifact_prefix=" + cwd.string() + "/");
    // libFuzzer's own reports come first and carry a stack; ours is the backstop.
    wall = limits.timeout_seconds * 2 + 10;
    // libFuzzer samples RSS once a second; a fast allocator overshoots its limit before that.
    watch_rss = limits.rss_limit_mb * 2 + 2048;
  }
  argv.push_back(fs::absolute(input).string());
  std::vector<std::string> environment = SanitizerEnvironment(symbolize);
  environment.insert(environment.end(), env.begin(), env.end());
  return RunProcess(argv, environment, cwd, wall, watch_rss);
}

CrashReport InterpretRun(const RunResult& run) {
  CrashReport report = ParseCrashOutput(run.output);
  // Our SIGABRT's report (an ABRT or deadly signal): its stack is where the run hung. A report
  // of its own that the run was still printing (a stack overflow whose handler deadlocked on
  // the allocator's lock) stays what it is.
  const bool our_abort =
      !report.found || report.crash_type == "Abrt" || report.crash_type == "Deadly-signal";
  if (run.killed_for_time && report.crash_type != "Timeout" && our_abort) {
    report.found = true;
    report.crash_type = "Timeout";
    report.access.clear();
    report.access_size = 0;
    report.headline =
        "stopped after the time limit (SIGABRT, then SIGKILL) with no timeout report of its own";
  }
  if (report.found) {
    SymbolizeMissingFrames(report.stack);
    return report;
  }
  report.found = true;
  if (run.killed_for_memory) {
    report.crash_type = "Out-of-memory";
    report.headline = "killed over the RSS limit with no report of its own";
  } else if (run.term_signal != 0) {
    report.crash_type = "Deadly-signal";
    report.headline = std::string("terminated by signal ") + strsignal(run.term_signal);
  } else {
    report.found = false;  // a clean run, or an exit status without any report
  }
  return report;
}

namespace {

// What llvm-symbolizer said about one address: (function, location) pairs, innermost inlined
// call first. Shared by every run of the process.
using SymbolizedAddress = std::vector<std::pair<std::string, std::string>>;
std::mutex symbol_cache_mutex;
std::map<std::pair<std::string, uint64_t>, SymbolizedAddress> symbol_cache;

}  // namespace

void SymbolizeMissingFrames(std::vector<StackFrame>& stack) {
  // A return address points after its call; like the sanitizers, look up the byte before it, or a
  // call ending a noreturn function would be named after the function that follows.
  auto lookup_offset = [&](size_t i) {
    return i == 0 ? stack[i].module_offset : stack[i].module_offset - 1;
  };
  std::map<std::string, std::vector<uint64_t>> missing;  // module -> offsets not in the cache
  {
    std::lock_guard lock(symbol_cache_mutex);
    for (size_t i = 0; i < stack.size(); ++i) {
      const StackFrame& f = stack[i];
      if (f.function.empty() && !f.module.empty() &&
          !symbol_cache.count({f.module, lookup_offset(i)})) {
        missing[f.module].push_back(lookup_offset(i));
      }
    }
  }
  const std::string symbolizer = SymbolizerPath();
  if (!missing.empty() && symbolizer.find('/') != std::string::npos) {
    if (const ScratchDir scratch("sym"); scratch.ok()) {
      for (const auto& [module, offsets] : missing) {
        std::vector<std::string> argv = {symbolizer, "--obj=" + module, "--functions=linkage",
                                         "--demangle", "--inlines"};
        for (uint64_t offset : offsets) {
          std::ostringstream hex;
          hex << "0x" << std::hex << offset;
          argv.push_back(hex.str());
        }
        const RunResult r = RunProcess(argv, {}, scratch.path(), 60, 0);
        // One block per address, blocks separated by a blank line; two lines per inlined frame.
        std::istringstream out(r.output);
        std::lock_guard lock(symbol_cache_mutex);
        for (uint64_t offset : offsets) {
          SymbolizedAddress block;
          for (std::string function, location; std::getline(out, function) && !function.empty();) {
            std::getline(out, location);
            block.emplace_back(function == "??" ? "" : function,
                               location.rfind("??", 0) == 0 ? "" : location);
          }
          symbol_cache[{module, offset}] = std::move(block);
        }
      }
    }
  }
  std::vector<StackFrame> expanded;
  std::lock_guard lock(symbol_cache_mutex);
  for (size_t i = 0; i < stack.size(); ++i) {
    const StackFrame& f = stack[i];
    const auto it = f.function.empty() && !f.module.empty()
                        ? symbol_cache.find({f.module, lookup_offset(i)})
                        : symbol_cache.end();
    if (it == symbol_cache.end() || it->second.empty() || it->second.front().first.empty()) {
      expanded.push_back(f);
      continue;
    }
    for (const auto& [function, location] : it->second) {
      StackFrame g = f;
      g.function = function;
      if (!location.empty()) g.location = location;
      expanded.push_back(std::move(g));
    }
  }
  stack = std::move(expanded);
}

}  // namespace nodefuzz::triage
