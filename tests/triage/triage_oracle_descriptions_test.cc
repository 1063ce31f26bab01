// Every oracle id the targets can emit has a line in fuzzers/oracle_descriptions.tsv, and every
// line names one they can emit: read from the sources of fuzzers/, so that an oracle added
// without a description (or a rule renamed) fails here.
//
// Ids are the string literals of fuzzers/ that look like one ("url.can-parse"). The framing
// oracles build theirs (http.framing.<rule>, http.lenient.<flag>.<rule>) from rule names in the
// framing files of fuzzers/http (framing_*.cc and llhttp_*.cc): the rules llhttp broke (Reject,
// Diverge), the line ends (RejectLineEnd: bare-cr.<place>, bare-lf.<place>) and the reasons a
// connection closes (close_reason_: data-after-close.<reason>); the lenient flags' names come
// from their table ({LENIENT_..., "name", ...}) in whichever file has it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "analysis/oracle_descriptions.h"
#include "analysis/signature.h"
#include "jobs/bug_report.h"
#include "jobs/issue_filing.h"
#include "server/web_pages.h"

namespace nodefuzz::triage {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::set<std::string> Matches(const std::string& text, const std::regex& re, int group = 1) {
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
    out.insert((*it)[group].str());
  }
  return out;
}

// The statements (text from the last ';', '{' or '}' up to ';') that contain `marker`.
std::vector<std::string> Statements(const std::string& text, const std::string& marker) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = text.find(marker, at)) != std::string::npos; at += marker.size()) {
    const size_t start = text.find_last_of(";{}", at);
    const size_t stop = text.find(';', at);
    const size_t from = start == std::string::npos ? 0 : start + 1;
    out.push_back(text.substr(from, stop - from));
  }
  return out;
}

struct Emitted {
  std::set<std::string> ids, rules, flags;
};

Emitted ReadFuzzers() {
  Emitted e;
  const std::regex id_literal(R"re("((?:http|url|idna|enc)\.[a-z0-9_.-]*[a-z0-9])")re");
  const std::regex rule_literal(R"re("([a-z0-9]+(?:[.-][a-z0-9]+)*)")re");
  // The first argument of a call that rejects (a literal, or a condition choosing one), and the
  // third of a call that rejects a line's end (the place).
  const std::regex rule_argument(R"re(\b(?:Reject|Diverge|fail)\(([^,;]*),)re");
  const std::regex place_argument(R"re(RejectLineEnd\(end, line, ([^;]*?)\)[\s;:])re");
  const std::regex field_lines_place(R"re(ParseFieldLines\("([a-z-]+)"\))re");
  const std::regex flag_name(R"re(\{\s*LENIENT_[A-Z_]+,\s*"([a-z_]+)")re");
  std::set<std::string> places, reasons;
  for (const auto& entry : fs::recursive_directory_iterator(NODEFUZZ_FUZZERS_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !(name.ends_with(".cc") || name.ends_with(".h"))) continue;
    const std::string text = Read(entry.path());
    for (const std::string& id : Matches(text, id_literal)) {
      if (!id.ends_with(".h") && !id.ends_with(".cc") && !id.ends_with(".proto")) e.ids.insert(id);
    }
    // The lenient flags' table (fuzzers/http/trace/lenient_flags.cc) wherever it lives.
    for (const std::string& f : Matches(text, flag_name)) e.flags.insert(f);
    const bool framing = name.starts_with("framing_") || name.starts_with("llhttp_");
    if (!framing) continue;
    for (const std::string& arg : Matches(text, rule_argument)) {
      for (const std::string& r : Matches(arg, rule_literal)) e.rules.insert(r);
    }
    // A rule chosen into a variable first.
    for (const std::string& s : Statements(text, "const char* rule = ")) {
      for (const std::string& r : Matches(s, rule_literal)) e.rules.insert(r);
    }
    for (const std::string& arg : Matches(text, place_argument)) {
      for (const std::string& p : Matches(arg, rule_literal)) places.insert(p);
    }
    for (const std::string& p : Matches(text, field_lines_place)) places.insert(p);
    for (const std::string& s : Statements(text, "close_reason_ = ")) {
      for (const std::string& r : Matches(s, rule_literal)) reasons.insert(r);
    }
  }
  for (const std::string& p : places) {
    e.rules.insert("bare-cr." + p);
    e.rules.insert("bare-lf." + p);
  }
  for (const std::string& r : reasons) e.rules.insert("data-after-close." + r);
  return e;
}

TEST(TriageOracleDescriptions, EveryOracleTheTargetsEmitIsDescribed) {
  const Emitted e = ReadFuzzers();
  // A change to how fuzzers/ is written that this reader misses must fail loudly, not pass.
  ASSERT_GE(e.ids.size(), 30u);
  ASSERT_GE(e.rules.size(), 50u);
  ASSERT_GE(e.flags.size(), 5u);
  for (const std::string& id : e.ids) {
    EXPECT_TRUE(OracleDescription(id).has_value())
        << id << " has no line in fuzzers/oracle_descriptions.tsv";
  }
  for (const std::string& rule : e.rules) {
    EXPECT_TRUE(OracleDescription("http.framing." + rule).has_value())
        << "http.framing." << rule << " has no line in fuzzers/oracle_descriptions.tsv";
    for (const std::string& flag : e.flags) {
      EXPECT_TRUE(OracleDescription("http.lenient." + flag + "." + rule).has_value())
          << "http.lenient." << flag << "." << rule;
    }
  }
  // And every line is an id they emit: no description outlives its oracle.
  std::set<std::string> keys;
  for (const auto& [key, description] : OracleDescriptionEntries()) {
    EXPECT_TRUE(keys.insert(key).second) << key << " has two lines";
    EXPECT_FALSE(description.empty()) << key;
    if (key.find('<') != std::string::npos) continue;
    if (key.starts_with("http.framing.")) {
      EXPECT_TRUE(e.rules.count(key.substr(13))) << key << " is a rule fuzzers/http no longer has";
    } else {
      EXPECT_TRUE(e.ids.count(key)) << key << " is an oracle fuzzers/ no longer emits";
    }
  }
}

TEST(TriageOracleDescriptions, APatternCombinesTheFlagAndTheRule) {
  EXPECT_EQ(OracleDescription("http.framing.chunk-data-end"),
            "llhttp accepts chunk data not followed by CRLF — RFC 9112 7.1");
  EXPECT_EQ(
      OracleDescription("http.lenient.headers.obs-fold.connection-list"),
      "with lenient_headers set (Node's --insecure-http-parser), llhttp reads a folded "
      "Connection line as a new option where unfolding joins it to the last one — RFC 9112 5.2, "
      "which the flag does not document");
  EXPECT_EQ(OracleDescription("http.lenient.headers.no-such-rule"), std::nullopt);
  EXPECT_EQ(OracleDescription("test.oracle"), std::nullopt);
}

// The description is the bug's title, and the rule it names is on its page, in its filed issue
// and in its report bundle (the same Markdown).
TEST(TriageOracleDescriptions, TitlesPagesIssuesAndBundlesUseTheDescription) {
  CrashReport report;
  report.found = true;
  report.crash_type = "Oracle";
  report.oracle_id = "http.framing.chunk-data-end";
  report.stack = {
      {"nodefuzz::http::CheckStrictFraming(std::string_view)", "/src/fuzzers/http/x.cc:3", "", 0}};
  const Signature signature = SignCrash(report, "http_framing");
  const std::string rule = "llhttp accepts chunk data not followed by CRLF — RFC 9112 7.1";
  EXPECT_EQ(BugTitle(report, signature), rule);

  BugRecord bug;
  bug.id = signature.bug_id;
  bug.crash_type = "Oracle";
  bug.oracle_id = report.oracle_id;
  bug.title =
      "Oracle http.framing.chunk-data-end in nodefuzz::http::CheckStrictFraming";  // an old store's
  bug.target = "http_framing";
  bug.severity = "High";
  EXPECT_EQ(BugTitle(bug), rule);
  EXPECT_EQ(IssueTitle(bug), "[nodefuzz] " + rule + " (http_framing)");
  EXPECT_NE(BugSummaryMarkdown(bug, "scripts/reproduce http_framing t")
                .find("| rule broken | " + rule + " (oracle `http.framing.chunk-data-end`) |"),
            std::string::npos);
  const std::string page =
      BugPage({bug, {}, {}, std::nullopt, "http://127.0.0.1:1"}, {false, "off"});
  EXPECT_NE(page.find("<h1 id=\"title\">" + HtmlEscape(rule) + "</h1>"), std::string::npos);
  EXPECT_EQ(BugJson(bug)["rule"], rule);

  // Not an oracle: the crash type and its frame; a recursion names its cycle.
  CrashReport overflow;
  overflow.crash_type = "Stack-overflow";
  Signature cycle;
  cycle.crash_type = "Stack-overflow";
  cycle.frames = {"NestList", "NestValue"};
  cycle.recursion = true;
  EXPECT_EQ(BugTitle(overflow, cycle), "Stack-overflow in a recursion through NestList, NestValue");
}

}  // namespace
}  // namespace nodefuzz::triage
