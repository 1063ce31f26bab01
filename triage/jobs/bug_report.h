// What a person reads about a bug: its title, the report bundle in work/reports/<bug-id>/, and
// the JSON that `show --json` and `export --json` print.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/crash_report.h"
#include "analysis/signature.h"
#include "store/store.h"

namespace nodefuzz::triage {

// "Heap-buffer-overflow READ in DecodeLayer3", "Stack-overflow in a recursion through A, B"; an
// oracle's the description of its id ("llhttp accepts chunk data not followed by CRLF — RFC 9112
// 7.1"), else "Oracle <id> in <frame>".
std::string BugTitle(const CrashReport& report, const Signature& signature);
// A stored bug's title as shown: the description of its oracle as this build has it (a store
// written before the description existed still reads well), else the stored title.
std::string BugTitle(const BugRecord& bug);

// The table, reproduce command and stack of a bug in Markdown: the report bundle's README and a
// filed issue's body share it.
std::string BugSummaryMarkdown(const BugRecord& bug, const std::string& reproduce_command);

// Rewrites <reports_dir>/<bug id>/: README.md, testcase-minimized, testcase-original, output.txt.
// Written beside and renamed into place, so a reader never sees half a bundle.
void WriteReportBundle(Store& store, const BugRecord& bug,
                       const std::filesystem::path& reports_dir);

// Stable field names: scripts read these.
nlohmann::json BugJson(const BugRecord& bug);
nlohmann::json CrashJson(const CrashRecord& crash);
// BugJson plus the whole stack and every crash: `show --json` and the service's bug resource.
nlohmann::json BugDetailJson(Store& store, const BugRecord& bug);

// The one-line command that reproduces a bug from its bundle.
std::string ReproduceCommand(const BugRecord& bug, const std::filesystem::path& testcase);

std::string FormatTime(int64_t unix_seconds);

}  // namespace nodefuzz::triage
