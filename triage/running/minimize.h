// Shrinking a bug's reproducer with the engine's own minimizer: libFuzzer's -minimize_crash for
// libFuzzer builds, afl-tmin for AFL++ builds. The caller keeps the result only if it reproduces
// with the same signature.
#pragma once

#include <optional>
#include <string>

#include "running/target_binary.h"

namespace nodefuzz::triage {

struct Minimized {
  std::optional<std::string> data;  // nullopt: nothing smaller came out
  std::string note;                 // how, or why not
};

Minimized MinimizeInput(const TargetBinary& target, const std::string& input,
                        const std::string& crash_type, const Limits& limits, int seconds);

}  // namespace nodefuzz::triage
