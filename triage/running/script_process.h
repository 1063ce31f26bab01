// A helper program run with bytes on its stdin and its stdout and stderr kept apart, under a
// time limit: the explain tools and the confirm scripts under a real Node (jobs/confirm.h).
// RunProcess (target_binary.h) is for fuzz targets, whose output is one interleaved stream.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nodefuzz::triage {

struct ScriptRun {
  bool started = false;  // exec succeeded (a missing program is exit 127 with started false)
  std::string out, err;  // stdout, stderr (each cut at 1 MiB)
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;  // killed, with everything it started, after the time limit
  double seconds = 0;
};

// Runs argv[0] (searched in PATH when it has no '/') with `env` added to this process's
// environment, `input` written to its stdin, in `cwd`.
ScriptRun RunScript(const std::vector<std::string>& argv, const std::string& input,
                    const std::vector<std::string>& env, const std::filesystem::path& cwd,
                    double timeout_seconds);

}  // namespace nodefuzz::triage
