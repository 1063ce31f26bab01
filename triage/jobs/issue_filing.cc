#include "jobs/issue_filing.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "jobs/bug_report.h"
#include "running/scratch.h"

namespace nodefuzz::triage {

using nlohmann::json;

namespace {

constexpr size_t kInlineReproducerBytes = 4096;  // larger ones are downloaded from the service
constexpr int kIssuePagesSearched = 10;          // 1000 issues: enough to find one made minutes ago

std::string Base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  std::string wrapped;
  for (size_t i = 0; i < out.size(); i += 76) wrapped += out.substr(i, 76) + "\n";
  return wrapped;
}

// "https://host:8443/api/v3" -> client for https://host:8443, paths prefixed with /api/v3.
struct ApiEndpoint {
  std::string origin, prefix;
};

std::optional<ApiEndpoint> ParseApiUrl(const std::string& url) {
  static const std::regex kUrl(R"(^(https?://[^/?#]+)(/[^?#]*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) return std::nullopt;
  std::string prefix = m[2].str();
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return ApiEndpoint{m[1].str(), prefix};
}

class IssueClient {
 public:
  explicit IssueClient(const IssueTracker& t)
      : tracker_(t), endpoint_(*ParseApiUrl(t.api_url)), client_(endpoint_.origin) {
    client_.set_connection_timeout(tracker_.timeout_seconds);
    client_.set_read_timeout(tracker_.timeout_seconds);
    client_.set_write_timeout(tracker_.timeout_seconds);
    headers_ = {{"Authorization", "Bearer " + tracker_.token},
                {"Accept", "application/vnd.github+json"},
                {"X-GitHub-Api-Version", "2022-11-28"},
                {"User-Agent", "nodefuzz-triage"}};
  }

  // The issue whose body carries `marker`, if an earlier attempt made one.
  std::optional<std::pair<int64_t, std::string>> FindIssue(const std::string& marker,
                                                           std::string& error) {
    for (int page = 1; page <= kIssuePagesSearched; ++page) {
      const std::string path =
          endpoint_.prefix + "/repos/" + tracker_.repo +
          "/issues?state=all&labels=nodefuzz&per_page=100&page=" + std::to_string(page);
      const httplib::Result r = client_.Get(path.c_str(), headers_);
      if (!r || r->status != 200) {
        error = "looking for an earlier filing: " + Describe(r);
        return std::nullopt;
      }
      const json issues = json::parse(r->body, nullptr, false);
      if (!issues.is_array()) {
        error = "looking for an earlier filing: the issue list is not a JSON array";
        return std::nullopt;
      }
      for (const json& issue : issues) {
        if (issue.is_object() && issue.value("body", json()).is_string() &&
            issue["body"].get<std::string>().find(marker) != std::string::npos) {
          return std::make_pair(issue.value("number", int64_t{0}),
                                issue.value("html_url", std::string()));
        }
      }
      if (issues.size() < 100) break;
    }
    return std::nullopt;
  }

  std::optional<std::pair<int64_t, std::string>> CreateIssue(const json& issue,
                                                             std::string& error) {
    const std::string path = endpoint_.prefix + "/repos/" + tracker_.repo + "/issues";
    const httplib::Result r =
        client_.Post(path.c_str(), headers_, issue.dump(), "application/json");
    if (!r || r->status != 201) {
      error = Describe(r);
      return std::nullopt;
    }
    const json created = json::parse(r->body, nullptr, false);
    if (!created.is_object() || !created.value("number", json()).is_number_integer()) {
      error = "the tracker answered 201 without an issue number";
      return std::nullopt;
    }
    return std::make_pair(created["number"].get<int64_t>(),
                          created.value("html_url", std::string()));
  }

 private:
  std::string Describe(const httplib::Result& r) {
    if (!r)
      return "no answer from " + tracker_.api_url + " (" + httplib::to_string(r.error()) + ")";
    std::string what = "HTTP " + std::to_string(r->status);
    const json body = json::parse(r->body, nullptr, false);
    if (body.is_object() && body.value("message", json()).is_string())
      what += ": " + body["message"].get<std::string>();
    if (r->status == 401 || r->status == 403)
      what += " — check NODEFUZZ_ISSUES_TOKEN and its rights on " + tracker_.repo;
    if (r->status == 404) what += " — check NODEFUZZ_ISSUES_REPO and NODEFUZZ_ISSUES_API_URL";
    return what;
  }

  IssueTracker tracker_;
  ApiEndpoint endpoint_;
  httplib::Client client_;
  httplib::Headers headers_;
};

}  // namespace

std::optional<IssueTracker> IssueTracker::FromEnvironment(std::string& error) {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  IssueTracker t{env("NODEFUZZ_ISSUES_API_URL"), env("NODEFUZZ_ISSUES_REPO"),
                 env("NODEFUZZ_ISSUES_TOKEN")};
  error.clear();
  if (t.api_url.empty() && t.repo.empty() && t.token.empty()) return std::nullopt;
  if (t.api_url.empty()) t.api_url = "https://api.github.com";
  if (!ParseApiUrl(t.api_url)) {
    error = "NODEFUZZ_ISSUES_API_URL=" + t.api_url +
            " is not an http(s) URL — e.g. https://api.github.com";
  } else if (!std::regex_match(t.repo, std::regex("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"))) {
    error = "NODEFUZZ_ISSUES_REPO='" + t.repo +
            "' is not owner/name — set it to the repository bugs are filed in";
  } else if (t.token.empty()) {
    error = "NODEFUZZ_ISSUES_TOKEN is not set — filing needs a token that may create issues in " +
            t.repo;
  }
  if (!error.empty()) return std::nullopt;
  return t;
}

std::string IssueMarker(const std::string& bug_id) {
  return "<!-- nodefuzz-bug: " + bug_id + " -->";
}

std::string IssueTitle(const BugRecord& bug) {
  return "[nodefuzz] " + BugTitle(bug) + " (" + bug.target + ")";
}

std::vector<std::string> IssueLabels(const BugRecord& bug) {
  std::string severity = bug.severity;
  std::transform(severity.begin(), severity.end(), severity.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return {"nodefuzz", bug.crash_type == "Oracle" ? "oracle" : "crash", "severity:" + severity,
          "target:" + bug.target};
}

std::string IssueBody(const BugRecord& bug, const std::string& reproducer) {
  std::string body = IssueMarker(bug.id) + "\n" + "Found by nodefuzz: " + bug.headline + "\n\n";
  body += BugSummaryMarkdown(bug, "scripts/reproduce " + bug.target + " testcase-minimized");
  body += "\n## Reproducer\n\n";
  if (reproducer.size() <= kInlineReproducerBytes) {
    body += "The minimized input (" + std::to_string(reproducer.size()) +
            " bytes), base64:\n\n```sh\nbase64 -d > testcase-minimized <<'EOF'\n" +
            Base64(reproducer) + "EOF\n```\n";
  } else {
    body += "The minimized input is " + std::to_string(reproducer.size()) +
            " bytes: download it from the triage service at /api/bugs/" + bug.id + "/reproducer.\n";
  }
  return body;
}

FilingPass RunFilingPass(Store& store, const IssueTracker& tracker, const FilingPolicy& policy) {
  FilingPass pass;
  pass.added = store.AddMissingFilings(UnixNow());
  IssueClient client(tracker);
  for (const Filing& f : store.DueFilings(UnixNow())) {
    const std::optional<BugRecord> bug = store.FindBug(f.bug_id);
    if (!bug) continue;
    store.StartFilingAttempt(f.bug_id, UnixNow());
    std::string error;
    std::optional<std::pair<int64_t, std::string>> issue;
    // An earlier attempt may have made the issue and died before hearing so.
    if (f.attempts > 0) issue = client.FindIssue(IssueMarker(bug->id), error);
    if (!issue && error.empty()) {
      const json request = {
          {"title", IssueTitle(*bug)},
          {"body", IssueBody(*bug, store.GetBlob(bug->minimized_sha256).value_or(""))},
          {"labels", IssueLabels(*bug)}};
      issue = client.CreateIssue(request, error);
    }
    if (issue) {
      store.FilingSucceeded(f.bug_id, issue->first, issue->second, UnixNow());
      ++pass.filed;
      pass.lines.push_back(f.bug_id + " filed as #" + std::to_string(issue->first) + " " +
                           issue->second);
      continue;
    }
    // attempts counts this one: wait base, 2 base, 4 base, ... up to the maximum.
    const int shift = std::min(f.attempts, 20);
    const int64_t wait =
        std::min<int64_t>(int64_t{policy.retry_base_seconds} << shift, policy.retry_max_seconds);
    store.FilingFailed(f.bug_id, error, UnixNow() + wait, UnixNow());
    ++pass.failed;
    pass.lines.push_back(f.bug_id + " not filed (attempt " + std::to_string(f.attempts + 1) +
                         "): " + error + "; retrying in " + std::to_string(wait) + " s");
  }
  return pass;
}

}  // namespace nodefuzz::triage
