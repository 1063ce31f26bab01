// Filing bugs to a GitHub-compatible issues API (GitHub, GitHub Enterprise, Gitea and Forgejo
// take the same POST /repos/{owner}/{repo}/issues). Every reliable open bug is filed once, with a
// title, a Markdown body and labels; a security bug is held for private disclosure and never
// filed publicly. A failed filing is retried with exponential backoff; each attempt is counted
// before its request goes out, so a filing interrupted by a crash first looks for the issue it
// may have made (by the marker in its body) instead of making a second one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace nodefuzz::triage {

struct IssueTracker {
  std::string api_url;  // e.g. https://api.github.com, or https://host/api/v3
  std::string repo;     // owner/name
  std::string token;
  int timeout_seconds = 30;

  // From NODEFUZZ_ISSUES_API_URL, NODEFUZZ_ISSUES_REPO and NODEFUZZ_ISSUES_TOKEN. nullopt when
  // none is set (filing is off); nullopt with a one-line `error` when they are set but unusable.
  static std::optional<IssueTracker> FromEnvironment(std::string& error);
};

struct FilingPolicy {
  int retry_base_seconds = 60;   // the first retry waits this long, each further one twice as long
  int retry_max_seconds = 3600;  // and never longer than this
};

// The issue a bug becomes. The body carries a marker with the bug id, how to reproduce it, the
// stack, and the minimized reproducer itself when it is small.
std::string IssueTitle(const BugRecord& bug);
std::string IssueBody(const BugRecord& bug, const std::string& reproducer);
std::vector<std::string> IssueLabels(const BugRecord& bug);
std::string IssueMarker(const std::string& bug_id);

struct FilingPass {
  int added = 0;  // bugs that got a filing row (pending or held)
  int filed = 0, failed = 0;
  std::vector<std::string>
      lines;  // one per attempt: "<bug> filed as #12 <url>" or "<bug> failed: ..."
};

// Adds filings for new reliable bugs and attempts every due one once.
FilingPass RunFilingPass(Store& store, const IssueTracker& tracker, const FilingPolicy& policy);

}  // namespace nodefuzz::triage
