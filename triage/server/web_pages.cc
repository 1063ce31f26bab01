#include "server/web_pages.h"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analysis/oracle_descriptions.h"
#include "jobs/bug_report.h"
#include "jobs/node_checks.h"

namespace nodefuzz::triage {

namespace {

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 2em 2em; color: #222; }
nav { padding: .8em 0; border-bottom: 1px solid #ccc; margin-bottom: 1em; }
nav a { margin-right: 1.2em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .3em .7em; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; cursor: default; }
th.sortable { cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: .8em; overflow-x: auto; }
code { background: #f2f2f2; padding: 0 .2em; }
.sev-High { color: #b00020; font-weight: 600; }
.sev-Medium { color: #a15c00; font-weight: 600; }
.sev-Low { color: #555; }
.badge { font-size: 11px; border: 1px solid #999; border-radius: 3px; padding: 0 .3em;
         margin-left: .3em; }
.warn { color: #b00020; }
.summary span { margin-right: 1.5em; }
form.filters select, form.filters input { margin-right: .8em; }
)css";

// Click a column heading to sort the table by it; type in the box to hide rows without the text.
constexpr const char* kScript = R"js(
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, column) {
    th.classList.add('sortable');
    th.addEventListener('click', function () {
      var rows = Array.from(table.tBodies[0].rows);
      var descending = th.dataset.sorted === 'asc';
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.key || a.cells[column].textContent;
        var y = b.cells[column].dataset.key || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      table.querySelectorAll('th').forEach(function (h) { delete h.dataset.sorted; });
      th.dataset.sorted = descending ? 'desc' : 'asc';
    });
  });
});
var quick = document.getElementById('quick-filter');
if (quick) quick.addEventListener('input', function () {
  var text = quick.value.toLowerCase();
  document.querySelectorAll('#bugs tbody tr').forEach(function (row) {
    row.hidden = text !== '' && row.textContent.toLowerCase().indexOf(text) < 0;
  });
});
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
    button.textContent = 'copied';
  });
});
)js";

std::string Page(const std::string& title, const std::string& body) {
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
      << HtmlEscape(title) << " — nodefuzz triage</title><style>" << kStyle
      << "</style></head><body>\n"
      << "<nav><strong>nodefuzz triage</strong> &nbsp; <a href=\"/\">Bugs</a><a "
         "href=\"/targets\">Targets</a>"
      << "<a href=\"/api/health\">API</a></nav>\n"
      << body << "<script>" << kScript << "</script>\n</body></html>\n";
  return out.str();
}

std::string Time(int64_t t) { return t ? FormatTime(t) : "—"; }

std::string TimeCell(int64_t t) {
  return "<td data-key=\"" + std::to_string(t) + "\">" + HtmlEscape(Time(t)) + "</td>";
}

std::string Num(int64_t n) { return "<td class=\"num\">" + std::to_string(n) + "</td>"; }

std::string SeverityHtml(const BugRecord& b) {
  return "<span class=\"sev-" + HtmlEscape(b.severity) + "\">" + HtmlEscape(b.severity) +
         "</span>" + (b.security ? "<span class=\"badge\">security</span>" : "");
}

std::string StatusHtml(const BugRecord& b) {
  if (b.status == "fixed") {
    return "fixed <span class=\"badge\" title=\"" + HtmlEscape(Time(b.fixed_at)) + "\">in " +
           HtmlEscape(b.fixed_in) + "</span>";
  }
  return HtmlEscape(b.status);
}

std::string FilingHtml(const std::optional<Filing>& f, const FilingStatus& filing) {
  if (!f) return filing.enabled ? "not due (filed once reliable and open)" : "—";
  if (f->state == "filed") {
    return "<a href=\"" + HtmlEscape(f->issue_url) + "\">#" + std::to_string(f->issue_number) +
           "</a>";
  }
  if (f->state == "held") return "held for private disclosure";
  if (f->attempts == 0) return filing.enabled ? "pending" : "pending (filing is off)";
  return "<span class=\"warn\">failed " + std::to_string(f->attempts) + "×, retrying at " +
         HtmlEscape(Time(f->next_attempt_at)) + ": " + HtmlEscape(f->last_error) + "</span>";
}

std::string Select(const char* name, const std::set<std::string>& values,
                   const std::string& chosen) {
  std::string out = std::string("<label>") + name + " <select name=\"" + name +
                    "\"><option value=\"\">any</option>";
  for (const std::string& v : values) {
    out +=
        "<option" + std::string(v == chosen ? " selected" : "") + ">" + HtmlEscape(v) + "</option>";
  }
  return out + "</select></label>";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\0':
        out += "\xEF\xBF\xBD";
        break;  // U+FFFD: a NUL would end the text in some readers
      default:
        out += c;
    }
  }
  return out;
}

bool BugListFilter::Matches(const BugRecord& b) const {
  return (target.empty() || target == b.target) && (status.empty() || status == b.status) &&
         (severity.empty() || severity == b.severity);
}

std::string BugListPage(const std::vector<BugRecord>& bugs, const BugListFilter& filter,
                        const std::map<std::string, Filing>& filings,
                        const std::map<std::string, int64_t>& uploads, const FilingStatus& filing) {
  std::map<std::string, int> by_status, by_severity;
  std::set<std::string> targets, statuses{"open", "fixed"}, severities{"High", "Medium", "Low"};
  std::ostringstream rows;
  size_t shown = 0;
  for (const BugRecord& b : bugs) {
    ++by_status[b.status];
    ++by_severity[b.severity];
    targets.insert(b.target);
    if (!filter.Matches(b)) continue;
    ++shown;
    const auto f = filings.find(b.id);
    rows << "<tr><td><a href=\"/bugs/" << b.id << "\"><code>" << b.id << "</code></a></td>"
         << "<td><a href=\"/bugs/" << b.id << "\">" << HtmlEscape(BugTitle(b)) << "</a></td>"
         << "<td>" << SeverityHtml(b) << "</td><td>" << StatusHtml(b) << "</td>"
         << "<td>" << HtmlEscape(b.reproducibility) << "</td>" << Num(b.crash_count) << "<td>"
         << HtmlEscape(b.target) << "</td>" << TimeCell(b.first_seen) << TimeCell(b.last_seen)
         << "<td>"
         << FilingHtml(f == filings.end() ? std::nullopt : std::optional<Filing>(f->second), filing)
         << "</td></tr>\n";
  }
  std::ostringstream body;
  body << "<h1>Bugs</h1>\n<p class=\"summary\" id=\"counts\"><span><strong>" << bugs.size()
       << "</strong> bugs</span>";
  for (const char* s : {"open", "fixed"})
    body << "<span>" << s << " <strong>" << by_status[s] << "</strong></span>";
  for (const char* s : {"High", "Medium", "Low"}) {
    body << "<span class=\"sev-" << s << "\">" << s << " " << by_severity[s] << "</span>";
  }
  body << "</p>\n<p class=\"summary\"><span>uploads:";
  for (const char* s : {"queued", "running", "done", "failed"}) {
    const auto it = uploads.find(s);
    body << " " << s << " " << (it == uploads.end() ? 0 : it->second);
  }
  body << "</span><span>filing: " << HtmlEscape(filing.description) << "</span></p>\n";
  body << "<form class=\"filters\" method=\"get\" action=\"/\">"
       << Select("target", targets, filter.target) << Select("status", statuses, filter.status)
       << Select("severity", severities, filter.severity)
       << "<button>filter</button> <a href=\"/\">all</a> &nbsp; "
       << "<input id=\"quick-filter\" type=\"search\" placeholder=\"type to narrow the "
          "list\"></form>\n";
  body << "<p>" << shown
       << " shown</p>\n<table id=\"bugs\" class=\"sortable\"><thead><tr><th>bug</th><th>title</th>"
       << "<th>severity</th><th>status</th><th>reproducibility</th><th>crashes</th><th>target</th>"
       << "<th>first seen</th><th>last seen</th><th>filing</th></tr></thead>\n<tbody>\n"
       << rows.str() << "</tbody></table>\n";
  if (bugs.empty()) {
    body << "<p>No bugs yet: upload crashes to <code>POST /api/uploads</code>, or ingest them with "
            "<code>nodefuzz-triage ingest</code>.</p>\n";
  }
  return Page("Bugs", body.str());
}

std::string BugPage(const BugPageData& d, const FilingStatus& filing) {
  const BugRecord& b = d.bug;
  const nlohmann::json info =
      nlohmann::json::parse(b.build_info_json.empty() ? "{}" : b.build_info_json, nullptr, false);
  std::string built_from;
  if (info.is_object()) {
    for (const auto& [k, v] : info.items()) {
      if (v.is_string())
        built_from += (built_from.empty() ? "" : ", ") + k + " " + v.get<std::string>();
    }
  }
  std::ostringstream body;
  body << "<h1 id=\"title\">" << HtmlEscape(BugTitle(b)) << "</h1>\n<table id=\"facts\">\n"
       << "<tr><th>bug</th><td><code>" << b.id << "</code></td></tr>\n"
       << (b.crash_type == "Oracle"
               ? "<tr><th>rule broken</th><td id=\"rule\">" +
                     HtmlEscape(OracleDescription(b.oracle_id).value_or("(no description)")) +
                     " (oracle <code>" + HtmlEscape(b.oracle_id) + "</code>)</td></tr>\n"
               : std::string())
       << "<tr><th>signature</th><td><code>" << HtmlEscape(b.signature) << "</code></td></tr>\n"
       << "<tr><th>severity</th><td>" << SeverityHtml(b) << " — " << HtmlEscape(b.severity_reason)
       << "</td></tr>\n"
       << "<tr><th>status</th><td>" << StatusHtml(b) << "</td></tr>\n"
       << "<tr><th>target</th><td>" << HtmlEscape(b.target) << " (" << HtmlEscape(b.engine)
       << " build <code>" << HtmlEscape(b.build_id) << "</code>)</td></tr>\n"
       << "<tr><th>built from</th><td>" << HtmlEscape(built_from.empty() ? "unknown" : built_from)
       << "</td></tr>\n"
       << "<tr><th>reproducibility</th><td>" << HtmlEscape(b.reproducibility) << "</td></tr>\n"
       << "<tr><th>crashes</th><td>" << b.crash_count << "</td></tr>\n"
       << "<tr><th>first seen</th><td>" << HtmlEscape(Time(b.first_seen)) << "</td></tr>\n"
       << "<tr><th>last seen</th><td>" << HtmlEscape(Time(b.last_seen)) << "</td></tr>\n"
       << "<tr><th>filing</th><td id=\"filing\">" << FilingHtml(d.filing, filing)
       << "</td></tr>\n</table>\n";

  const std::string file = b.id + "-minimized";
  const std::string command = "curl -fo " + file + " " + d.service_url + "/api/bugs/" + b.id +
                              "/reproducer && scripts/reproduce " + b.target + " " + file;
  body << "<h2>Reproduce</h2>\n<p>Downloads: <a id=\"download-reproducer\" href=\"/api/bugs/"
       << b.id << "/reproducer\" download=\"" << file << "\">minimized reproducer</a> ("
       << b.minimized_size << " bytes; " << HtmlEscape(b.minimize_note)
       << ") · <a id=\"download-original\" href=\"/api/bugs/" << b.id << "/original\" download=\""
       << b.id << "-original\">original input</a> (" << b.original_size
       << " bytes) · <a href=\"/api/bugs/" << b.id << "\">JSON</a></p>\n"
       << "<p>From a nodefuzz checkout:</p><pre id=\"reproduce-command\">" << HtmlEscape(command)
       << "</pre><button data-copy=\"reproduce-command\">copy</button>\n";

  body << "<h2>" << (b.crash_type == "Oracle" ? "Oracle report" : "Stack")
       << "</h2>\n<pre id=\"stack\">" << HtmlEscape(b.headline) << "\n";
  const nlohmann::json stack =
      nlohmann::json::parse(b.stack_json.empty() ? "[]" : b.stack_json, nullptr, false);
  int n = 0;
  for (const auto& f : stack.is_array() ? stack : nlohmann::json::array()) {
    body << "#" << n++ << " " << HtmlEscape(f.value("function", "?")) << " "
         << HtmlEscape(f.value("location", ""))
         << (f.value("noise", false) ? "   (not signed: runtime or harness)" : "") << "\n";
  }
  body << "</pre>\n";

  body << "<h2>Crashes</h2>\n<table id=\"crashes\" "
          "class=\"sortable\"><thead><tr><th>input</th><th>size</th>"
          "<th>kind</th><th>reproduced</th><th>engine</th><th>build</th><th>found</th><th>from</"
          "th></tr></thead><tbody>\n";
  for (const CrashRecord& c : d.crashes) {
    body << "<tr><td><code>" << c.input_sha256.substr(0, 12) << "</code></td>"
         << Num(static_cast<int64_t>(c.input_size)) << "<td>" << HtmlEscape(c.artifact_kind)
         << "</td><td>" << HtmlEscape(c.reproducibility) << " (" << c.crashed_runs << "/" << c.runs
         << ")</td><td>" << HtmlEscape(c.engine) << "</td><td><code>" << HtmlEscape(c.build_id)
         << "</code></td>" << TimeCell(c.found_at) << "<td>" << HtmlEscape(c.source_path)
         << "</td></tr>\n";
  }
  body << "</tbody></table>\n";

  if (!d.verifications.empty()) {
    body << "<h2>Verifications</h2>\n<table "
            "id=\"verifications\"><thead><tr><th>when</th><th>build</th>"
            "<th>outcome</th><th>reproduced</th><th>note</th></tr></thead><tbody>\n";
    for (const Verification& v : d.verifications) {
      body << "<tr>" << TimeCell(v.at) << "<td><code>" << HtmlEscape(v.build_id)
           << "</code></td><td>" << HtmlEscape(v.outcome) << "</td><td>" << v.reproduced << "/"
           << v.tries << "</td><td>" << HtmlEscape(v.note) << "</td></tr>\n";
    }
    body << "</tbody></table>\n";
  }
  if (!d.confirmations.empty()) {
    body << "<h2>On real Nodes</h2>\n<table "
            "id=\"confirmations\"><thead><tr><th>Node</th><th>verdict</th>"
            "<th>what it did</th><th>when</th></tr></thead><tbody>\n";
    for (const Confirmation& c : d.confirmations) {
      body << "<tr><td>" << HtmlEscape(NodeLabel(c)) << "</td><td>" << HtmlEscape(c.verdict)
           << "</td><td>" << HtmlEscape(c.detail) << "</td>" << TimeCell(c.at) << "</tr>\n";
    }
    body << "</tbody></table>\n";
  }
  if (!d.affected.empty()) {
    body
        << "<h2>Affected trees</h2>\n<table id=\"affected\"><thead><tr><th>tree</th><th>parser</th>"
           "<th>outcome</th><th>detail</th><th>when</th></tr></thead><tbody>\n";
    for (const AffectedRow& a : d.affected) {
      body << "<tr><td>" << HtmlEscape(a.tree) << "</td><td>"
           << HtmlEscape(TreeVersions(a, b.target)) << "</td><td>" << HtmlEscape(a.outcome)
           << "</td><td>" << HtmlEscape(a.detail) << "</td>" << TimeCell(a.at) << "</tr>\n";
    }
    body << "</tbody></table>\n";
  }
  body << "<details><summary>Output of a reproducing run</summary><pre>" << HtmlEscape(b.output)
       << "</pre></details>\n";
  return Page(BugTitle(b), body.str());
}

std::string TargetStatsPage(const std::vector<std::string>& served_targets,
                            const std::vector<BugRecord>& bugs,
                            const std::map<std::string, TargetStats>& stats) {
  struct Row {
    int64_t open = 0, fixed = 0, high = 0, medium = 0, low = 0, security = 0;
  };
  std::map<std::string, Row> rows;
  for (const std::string& t : served_targets) rows[t];
  for (const auto& [t, s] : stats) rows[t];
  for (const BugRecord& b : bugs) {
    Row& r = rows[b.target];
    (b.status == "fixed" ? r.fixed : r.open)++;
    (b.severity == "High" ? r.high : b.severity == "Medium" ? r.medium : r.low)++;
    r.security += b.security;
  }
  std::ostringstream body;
  body << "<h1>Targets</h1>\n<table id=\"targets\" "
          "class=\"sortable\"><thead><tr><th>target</th><th>open bugs</th>"
          "<th>fixed</th><th>High</th><th>Medium</th><th>Low</th><th>security</th><th>crashes</"
          "th><th>reliable</th>"
          "<th>flaky</th><th>unreproduced</th><th>uploads queued</th><th>done</th><th>failed</th>"
          "<th>last crash</th></tr></thead><tbody>\n";
  for (const auto& [name, r] : rows) {
    const auto it = stats.find(name);
    const TargetStats s = it == stats.end() ? TargetStats{} : it->second;
    auto uploads = [&](const char* status) {
      const auto u = s.uploads.find(status);
      return u == s.uploads.end() ? int64_t{0} : u->second;
    };
    body << "<tr><td><a href=\"/?target=" << HtmlEscape(name) << "\">" << HtmlEscape(name)
         << "</a></td>" << Num(r.open) << Num(r.fixed) << Num(r.high) << Num(r.medium) << Num(r.low)
         << Num(r.security) << Num(s.crashes) << Num(s.reliable) << Num(s.flaky)
         << Num(s.unreproduced) << Num(uploads("queued") + uploads("running"))
         << Num(uploads("done")) << Num(uploads("failed")) << TimeCell(s.last_found) << "</tr>\n";
  }
  body << "</tbody></table>\n";
  return Page("Targets", body.str());
}

std::string ErrorPage(int status, const std::string& message) {
  return Page("Error " + std::to_string(status), "<h1>Error " + std::to_string(status) +
                                                     "</h1>\n<p>" + HtmlEscape(message) +
                                                     "</p>\n<p><a href=\"/\">all bugs</a></p>\n");
}

}  // namespace nodefuzz::triage
