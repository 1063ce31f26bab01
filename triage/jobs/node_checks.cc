#include "jobs/node_checks.h"

#include <map>
#include <sstream>

#include "jobs/affected.h"

namespace nodefuzz::triage {

using nlohmann::json;

namespace {

template <typename Row, typename Key>
std::vector<Row> LatestBy(std::vector<Row> rows, Key key) {
  std::vector<Row> out;
  std::map<std::string, size_t> at;
  for (Row& r : rows) {
    const auto [it, added] = at.emplace(key(r), out.size());
    if (added) {
      out.push_back(std::move(r));
    } else {
      out[it->second] = std::move(r);
    }
  }
  return out;
}

json Parsed(const std::string& text) {
  json v = json::parse(text.empty() ? "{}" : text, nullptr, false);
  return v.is_discarded() ? json::object() : v;
}

std::string Cell(std::string text) {
  for (size_t at = 0; (at = text.find('|', at)) != std::string::npos; at += 2)
    text.replace(at, 1, "\\|");
  return text;
}

}  // namespace

std::vector<Confirmation> LatestConfirmations(Store& store, const std::string& bug_id) {
  return LatestBy(store.ConfirmationsOfBug(bug_id),
                  [](const Confirmation& c) { return c.node_version; });
}

std::vector<AffectedRow> LatestAffectedRows(Store& store, const std::string& bug_id) {
  return LatestBy(store.AffectedRowsOfBug(bug_id),
                  [](const AffectedRow& a) { return a.tree_path; });
}

std::string NodeLabel(const Confirmation& c) {
  const json versions = Parsed(c.versions_json);
  std::string parsers;
  for (const char* p : {"llhttp", "ada", "simdutf"}) {
    if (versions.contains(p))
      parsers +=
          (parsers.empty() ? "" : ", ") + std::string(p) + " " + versions[p].get<std::string>();
  }
  return "Node " + c.node_version + (parsers.empty() ? "" : " (" + parsers + ")");
}

std::string TreeVersions(const AffectedRow& row, const std::string& target) {
  return ParserVersion(target, Parsed(row.versions_json));
}

std::string NodeChecksMarkdown(Store& store, const BugRecord& bug) {
  const std::vector<Confirmation> confirmations = LatestConfirmations(store, bug.id);
  const std::vector<AffectedRow> affected = LatestAffectedRows(store, bug.id);
  std::ostringstream md;
  if (!confirmations.empty()) {
    md << "## On real Nodes\n\n`nodefuzz-triage confirm` ran the reproducer's scenario under each "
          "Node binary.\n\n"
       << "| Node | verdict | what it did |\n|---|---|---|\n";
    for (const Confirmation& c : confirmations) {
      md << "| " << Cell(NodeLabel(c)) << " | " << c.verdict << " | " << Cell(c.detail) << " |\n";
    }
    md << "\n";
  }
  if (!affected.empty()) {
    md << "## Affected trees\n\n`nodefuzz-triage affected` built `" << bug.target
       << "` against each tree and ran the reproducer as `verify` does.\n\n"
       << "| tree | parser | outcome | detail |\n|---|---|---|---|\n";
    for (const AffectedRow& a : affected) {
      md << "| " << Cell(a.tree) << " | " << Cell(TreeVersions(a, bug.target)) << " | " << a.outcome
         << " | " << Cell(a.detail) << " |\n";
    }
    md << "\n";
  }
  return md.str();
}

json NodeChecksJson(Store& store, const BugRecord& bug) {
  json confirmations = json::array(), affected = json::array();
  for (const Confirmation& c : LatestConfirmations(store, bug.id)) {
    confirmations.push_back({{"node", c.node},
                             {"node_version", c.node_version},
                             {"versions", Parsed(c.versions_json)},
                             {"verdict", c.verdict},
                             {"detail", c.detail},
                             {"at", c.at}});
  }
  for (const AffectedRow& a : LatestAffectedRows(store, bug.id)) {
    affected.push_back({{"tree", a.tree},
                        {"tree_path", a.tree_path},
                        {"versions", Parsed(a.versions_json)},
                        {"outcome", a.outcome},
                        {"detail", a.detail},
                        {"at", a.at}});
  }
  return {{"confirmations", confirmations}, {"affected", affected}};
}

}  // namespace nodefuzz::triage
