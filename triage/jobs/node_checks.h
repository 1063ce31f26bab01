// What a bug's page, its report bundle, `show` and its JSON say about it on real Nodes: the
// latest confirm verdict per Node version (jobs/confirm.h) and the latest affected outcome per
// tree (jobs/affected.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/store.h"

namespace nodefuzz::triage {

// The latest row per Node version, in the order each version was first confirmed.
std::vector<Confirmation> LatestConfirmations(Store& store, const std::string& bug_id);
// The latest row per tree, in the order each tree was first run.
std::vector<AffectedRow> LatestAffectedRows(Store& store, const std::string& bug_id);

// "Node v20.20.2 (llhttp 9.3.1)": the binary with the versions of its parsers.
std::string NodeLabel(const Confirmation& c);
// "llhttp 6.1.1": the bug's parser in a tree's build.
std::string TreeVersions(const AffectedRow& row, const std::string& target);

// "## On real Nodes" and "## Affected trees", for the bundle's README; empty when neither ran.
std::string NodeChecksMarkdown(Store& store, const BugRecord& bug);

// {"confirmations": [...], "affected": [...]} (latest rows), for show --json and the API.
nlohmann::json NodeChecksJson(Store& store, const BugRecord& bug);

}  // namespace nodefuzz::triage
