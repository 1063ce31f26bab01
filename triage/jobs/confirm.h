// confirm: does a real Node do what a reproducer shows our harness's parser doing? The target's
// explain tool decodes the input into its Node-level scenario (the bytes a peer sends, or the
// calls a script makes, with what RFC 9112 or the standard gives); a script of confirm/ runs it
// under each Node binary — on 127.0.0.1 only, under a time limit — and records what Node did; the
// verdict compares the two: confirmed, not reproduced (and what Node did instead), or not
// applicable (this Node cannot be asked: the option that sets the lenient flag is not there, or
// the finding is a sanitizer report a release binary cannot show). docs/TRIAGE.md, "confirm".
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace nodefuzz::triage {

// One line saying what went wrong and how to fix it: a node that is not there, a script that
// cannot start, an explain tool missing.
struct ConfirmError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ConfirmOptions {
  std::filesystem::path explain_dir;  // where the explain tools are (a build's bin/)
  double timeout_seconds = 10;        // per script run; a run past it is a hang
  // The reproducer's finding is a sanitizer report (undefined behaviour, an overflow): a release
  // Node that gives the standard's answers is "not applicable", not "not reproduced".
  bool sanitizer_report = false;
};

struct NodeVerdict {
  std::string node;          // as given
  std::string node_version;  // v20.20.2
  nlohmann::json versions;   // its parsers, as process.versions says
  std::string verdict;       // confirmed, not-reproduced, not-applicable
  std::string detail;        // one line
  nlohmann::json runs;       // each run: its options and what the script recorded
};

// The explain tool's scenario of `input` for `target` (http_*, url_*, enc_*).
nlohmann::json ScenarioOf(const std::string& target, const std::filesystem::path& input,
                          const ConfirmOptions& options);

// A one-line summary of a scenario: the side, the bytes or calls, what RFC 9112 does with them.
std::string DescribeScenario(const nlohmann::json& scenario);

// `node` (a path, or a name looked up in PATH) as an absolute path; a ConfirmError when there is
// none.
std::string ResolveNode(const std::string& node);

// The scenario run under `node`; a ConfirmError when the script cannot start there.
NodeVerdict ConfirmOnNode(const nlohmann::json& scenario, const std::string& node,
                          const ConfirmOptions& options);

// The verdict of scenario `scenario` from the records of its runs (NodeVerdict::runs), without
// running anything: ConfirmOnNode's last step, exposed for tests.
void JudgeRuns(const nlohmann::json& scenario, const ConfirmOptions& options, NodeVerdict& verdict);

// "llhttp 9.3.1" / "ada 2.9.2" / "simdutf 6.4.2": the version of the scenario's parser in a Node.
std::string ParserVersionIn(const nlohmann::json& scenario, const nlohmann::json& versions);

}  // namespace nodefuzz::triage
