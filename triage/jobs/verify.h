// verify: re-runs every open bug's reproducer on a new build. A bug whose reproducer crashes
// with its signature in none of the tries is marked fixed with that build's id; one that does
// in some tries but not all is flaky and stays open, as does one that reproduces every time.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/signature.h"
#include "running/target_binary.h"
#include "store/store.h"

namespace nodefuzz::triage {

struct VerifyOptions {
  int tries = 3;
  Limits limits;
  std::string build_id;  // recorded as fixed_in; empty: the target binary's own build id
};

struct VerifyOutcome {
  std::string bug_id, target;
  std::string outcome;  // fixed, reproduces, flaky, skipped (no such target in the build)
  int tries = 0, reproduced = 0;
  std::string build_id;
  std::string note;  // another signature the reproducer now crashes with, or why it was skipped
};

// verify's rule for one reproducer on one build, which affected shares, so that "fixed" means
// the same in both: `tries` runs, of which `reproduced` crashed as `matches` says; `note` names
// another crash met instead. Known findings are reported, not skipped
// (NODEFUZZ_KNOWN_FINDINGS=report): a bug registered after it was stored is still seen.
struct ReproducerRuns {
  int tries = 0, reproduced = 0;
  std::string note;
};
ReproducerRuns RunReproducer(
    const TargetBinary& target, const std::filesystem::path& input, int tries, const Limits& limits,
    const std::function<bool(const CrashReport&, const Signature&)>& matches);

std::vector<VerifyOutcome> VerifyOpenBugs(Store& store, const std::filesystem::path& bin_dir,
                                          const VerifyOptions& options, std::ostream& log);

}  // namespace nodefuzz::triage
