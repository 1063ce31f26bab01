// affected: which release lines a bug is in. The bug's target is built (the replay preset) against
// each tree — a nodejs/node checkout, or one llhttp, ada or simdutf release on the default tree
// through the LLHTTP_SOURCE_DIR / ADA_SOURCE_DIR / SIMDUTF_SOURCE_DIR overrides — each build
// cached under its own directory, and the reproducer runs there as verify runs it: it reproduces
// when it crashes with the bug's signature in every try, does not when in none (what verify calls
// fixed), is flaky in between; or the tree does not build. docs/TRIAGE.md, "affected".
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "running/target_binary.h"

namespace nodefuzz::triage {

struct Tree {
  std::string kind;   // node, llhttp, ada, simdutf
  std::string label;  // "Node 18.20.4", "llhttp 9.3.0 (on the default tree)"
  std::filesystem::path path;
};

// What `dir` is, from its files; nullopt with a one-line `error` when it is none of them.
std::optional<Tree> DescribeTree(const std::filesystem::path& dir, std::string& error);

// The trees scripts/bootstrap provides under <source>/.cache that are there: Node 18.20.4, the
// Node 24 tree (the default), llhttp 9.3.0.
std::vector<Tree> BootstrapTrees(const std::filesystem::path& source_dir);

// What counts as the bug reproducing: its own signature (a stored bug, as verify), or for a
// testcase an oracle id, "timeout", a sanitizer report ("ubsan.*", "asan.*", "msan.*": any crash
// that is not an oracle), or any crash (empty).
struct Expectation {
  std::string bug_id;
  std::string report;
};

struct AffectedOptions {
  std::filesystem::path source_dir;  // the nodefuzz checkout whose replay preset is built
  std::filesystem::path build_root;  // one cached build per tree under it
  std::string build_target;          // the binary to build and run (default: the target)
  int tries = 3;
  Limits limits;
  int jobs = 2;
};

struct TreeOutcome {
  Tree tree;
  nlohmann::json versions;  // the build's NODEFUZZ-BUILD-INFO: node, llhttp, ada, simdutf
  std::string outcome;      // reproduces, does-not-reproduce, flaky, does-not-build, not-applicable
  std::string detail;       // one line
  int tries = 0, reproduced = 0;
};

// One outcome per tree, in order; progress lines go to `log`.
std::vector<TreeOutcome> RunAffected(const std::string& target, const std::filesystem::path& input,
                                     const Expectation& expectation, const std::vector<Tree>& trees,
                                     const AffectedOptions& options, std::ostream& log);

// "llhttp 6.1.1": the version of the target's parser in a build's info.
std::string ParserVersion(const std::string& target, const nlohmann::json& versions);

}  // namespace nodefuzz::triage
