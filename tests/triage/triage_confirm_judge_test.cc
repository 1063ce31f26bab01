// confirm's verdicts from what a Node recorded (jobs/confirm.h JudgeRuns), without running one:
// Node's reading of the bytes against RFC 9112's, a lenient option against what its flags
// document, an option the Node does not honour, and a URL call against the standard.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "jobs/confirm.h"

namespace {

using nlohmann::json;
using nodefuzz::triage::ConfirmOptions;
using nodefuzz::triage::JudgeRuns;
using nodefuzz::triage::NodeVerdict;

// RFC 9112's reading of "GET / HTTP/1.1\r\n\r\nGET /smuggled ...": one request, then a rule broken.
json ServerScenario() {
  return {{"kind", "http"},
          {"side", "server"},
          {"lenient_flags", json::array()},
          {"model",
           {{"messages",
             {{{"start_line", "GET / HTTP/1.1"},
               {"headers_done", true},
               {"complete", true},
               {"length", 0}}}},
            {"stop", "rejected"},
            {"rule", "bare-cr.header-end"},
            {"offset", 20}}}};
}

json Request(const std::string& method, const std::string& url, const std::string& body = "") {
  return {{"method", method}, {"url", url}, {"body", body}, {"complete", true}};
}

NodeVerdict Judge(const json& scenario, const json& runs, ConfirmOptions options = {}) {
  NodeVerdict v;
  v.node_version = "v20.20.2";
  v.runs = runs;
  JudgeRuns(scenario, options, v);
  return v;
}

TEST(ConfirmJudge, ARequestRfc9112DoesNotFrameIsSmuggled) {
  const json record = {{"requests", {Request("GET", "/"), Request("GET", "/smuggled")}},
                       {"client_errors", json::array()}};
  const NodeVerdict v =
      Judge(ServerScenario(), {{{"options", json::object()}, {"record", record}}});
  EXPECT_EQ(v.verdict, "confirmed");
  EXPECT_EQ(v.detail,
            "with default options: Node v20.20.2 served 2 requests (GET /, GET /smuggled); RFC "
            "9112 frames 1 and "
            "rejects the rest at byte 20 (bare-cr.header-end): the second request (GET /smuggled) "
            "is smuggled");
}

TEST(ConfirmJudge, ABodyOfAnotherLengthIsADifference) {
  const json record = {{"requests", {Request("GET", "/", "hello")}},
                       {"client_errors", json::array()}};
  const NodeVerdict v =
      Judge(ServerScenario(), {{{"options", json::object()}, {"record", record}}});
  EXPECT_EQ(v.verdict, "confirmed");
  EXPECT_NE(v.detail.find("the first request (GET /) has 5 body bytes where RFC 9112 frames 0"),
            std::string::npos)
      << v.detail;
}

TEST(ConfirmJudge, RefusingWhatRfc9112RefusesIsNotReproduced) {
  const json record = {
      {"requests", {Request("GET", "/")}},
      {"client_errors",
       {{{"code", "HPE_CR_EXPECTED"}, {"reason", "Missing expected CR"}, {"bytesParsed", 20}}}}};
  const NodeVerdict v =
      Judge(ServerScenario(), {{{"options", json::object()}, {"record", record}}});
  EXPECT_EQ(v.verdict, "not-reproduced");
  EXPECT_EQ(v.detail,
            "with default options: Node v20.20.2 served 1 request (GET /), then clientError "
            "HPE_CR_EXPECTED (Missing "
            "expected CR) at byte 20; RFC 9112 frames 1 and rejects the rest at byte 20 "
            "(bare-cr.header-end): the same "
            "reading");
}

// Under a lenient option, what counts is what the flags it sets document.
TEST(ConfirmJudge, ALenientOptionIsJudgedByWhatItsFlagsDocument) {
  json scenario = ServerScenario();
  scenario["lenient_flags"] = {"optional_lf_after_cr"};
  const json documented = {{"messages",
                            {{{"start_line", "GET / HTTP/1.1"},
                              {"headers_done", true},
                              {"complete", true},
                              {"length", 0}},
                             {{"start_line", "GET /smuggled HTTP/1.1"},
                              {"headers_done", true},
                              {"complete", true},
                              {"length", 0}}}},
                           {"stop", "end-of-stream"}};
  const json strict = {
      {"requests", {Request("GET", "/")}},
      {"client_errors", {{{"code", "HPE_STRICT"}, {"reason", "x"}, {"bytesParsed", 20}}}}};
  const json lenient = {{"requests", {Request("GET", "/"), Request("GET", "/smuggled")}},
                        {"client_errors", json::array()}};
  const json runs = {{{"options", json::object()}, {"record", strict}},
                     {{"options", {{"insecureHTTPParser", true}}},
                      {"sets", {"headers", "optional_lf_after_cr"}},
                      {"documented_model", documented},
                      {"record", lenient}}};
  const NodeVerdict as_documented = Judge(scenario, runs);
  EXPECT_EQ(as_documented.verdict, "not-reproduced") << as_documented.detail;
  EXPECT_NE(as_documented.detail.find(", as the lenient flags it sets document"), std::string::npos)
      << as_documented.detail;
  EXPECT_NE(
      as_documented.detail.find("(Node has no option that sets only lenient_optional_lf_after_cr)"),
      std::string::npos)
      << as_documented.detail;

  json more = runs;
  more[1]["record"]["requests"].push_back(Request("GET", "/third"));
  const NodeVerdict beyond = Judge(scenario, more);
  EXPECT_EQ(beyond.verdict, "confirmed") << beyond.detail;
  EXPECT_NE(
      beyond.detail.find(
          "with insecureHTTPParser: true (it sets every lenient flag): Node v20.20.2 served 3"),
      std::string::npos)
      << beyond.detail;
}

TEST(ConfirmJudge, AnOptionTheNodeIgnoresIsNotApplicable) {
  json scenario = ServerScenario();
  scenario["lenient_flags"] = {"header_value_relaxed"};
  const json strict = {
      {"requests", json::array()},
      {"client_errors",
       {{{"code", "HPE_INVALID_HEADER_TOKEN"}, {"reason", "x"}, {"bytesParsed", 3}}}}};
  const json runs = {{{"options", json::object()}, {"record", strict}},
                     {{"options", {{"httpValidation", "relaxed"}}},
                      {"sets", {"header_value_relaxed"}},
                      {"documented_model", scenario["model"]},
                      {"record",
                       {{"option_honoured", false},
                        {"requests", json::array()},
                        {"client_errors", json::array()}}}}};
  const NodeVerdict v = Judge(scenario, runs);
  EXPECT_EQ(v.verdict, "not-applicable");
  EXPECT_NE(v.detail.find("Node v20.20.2 ignores httpValidation: 'relaxed'"), std::string::npos)
      << v.detail;
}

TEST(ConfirmJudge, AHangIsConfirmed) {
  json scenario = ServerScenario();
  scenario["lenient_flags"] = {"header_value_relaxed"};
  const json strict = {{"requests", json::array()}, {"client_errors", json::array()}};
  const json runs = {{{"options", json::object()}, {"record", strict}},
                     {{"options", {{"httpValidation", "relaxed"}}},
                      {"sets", {"header_value_relaxed"}},
                      {"hang", true},
                      {"seconds", "10"}}};
  const NodeVerdict v = Judge(scenario, runs);
  EXPECT_EQ(v.verdict, "confirmed");
  EXPECT_NE(v.detail.find("with httpValidation: 'relaxed': Node v20.20.2 stopped"),
            std::string::npos)
      << v.detail;
}

// A response the client reads longer than RFC 9112 frames it: it waits for bytes not coming.
TEST(ConfirmJudge, AClientWaitingForMoreBodyIsADifference) {
  const json scenario = {{"kind", "http"},
                         {"side", "client"},
                         {"lenient_flags", json::array()},
                         {"model",
                          {{"messages",
                            {{{"start_line", "HTTP/1.1 200 OK"},
                              {"headers_done", true},
                              {"complete", true},
                              {"length", 2}}}},
                           {"stop", "end-of-stream"}}}};
  const json record = {
      {"responses", {{{"statusCode", 200}, {"body", "hi"}, {"complete", false}}}},
      {"errors",
       {{{"request", 0}, {"code", "TIMEOUT"}, {"message", "no end of response 0 within 1 s"}}}}};
  const NodeVerdict v = Judge(scenario, {{{"options", json::object()}, {"record", record}}});
  EXPECT_EQ(v.verdict, "confirmed");
  EXPECT_NE(
      v.detail.find(
          "the first response (200) is still unfinished after 2 body bytes where RFC 9112 ends it "
          "after 2"),
      std::string::npos)
      << v.detail;
}

json UrlScenario() {
  return {{"kind", "url"},
          {"steps", {{{"op", "parse"}, {"input", "//evil.com/p#"}, {"base", "about:blank"}}}},
          {"checks",
           {{{"step", 0},
             {"expect", {{"ok", false}, {"canParse", false}}},
             {"oracle", "url.opaque-base"},
             {"basis", "no scheme state"}}}}};
}

TEST(ConfirmJudge, AUrlThatShouldNotParseIsConfirmed) {
  const json record = {
      {"observations", {{{"ok", true}, {"canParse", true}, {"href", "about://evil.com/p#"}}}}};
  const NodeVerdict v = Judge(UrlScenario(), {{{"record", record}}});
  EXPECT_EQ(v.verdict, "confirmed");
  EXPECT_EQ(v.detail,
            "Node v20.20.2: new URL(\"//evil.com/p#\", \"about:blank\") succeeds as "
            "\"about://evil.com/p#\"; the "
            "standard says it fails (no scheme state; oracle url.opaque-base)");
}

// Finding 49's setter: the build's url_aggregator keeps "/." (the finding's answer, "harness");
// a Node that gives that answer has the finding, one that deviates otherwise does not.
json SetterScenario() {
  return {{"kind", "url"},
          {"steps",
           {{{"op", "parse"}, {"input", "sc:/.//p"}},
            {{"op", "set"}, {"property", "host"}, {"value", "h:4"}}}},
          {"checks",
           {{{"step", 1},
             {"expect", {{"ok", true}, {"host", "h:4"}}},
             {"harness", {{"ok", true}, {"host", "h:4/."}}},
             {"oracle", "url.representations-agree"},
             {"basis", "ada::url"}}}}};
}

TEST(ConfirmJudge, OnlyTheFindingsOwnAnswerConfirmsIt) {
  const auto record = [](const char* host) {
    return json{{"observations", {{{"ok", true}}, {{"ok", true}, {"host", host}}}}};
  };
  const NodeVerdict same = Judge(SetterScenario(), {{{"record", record("h:4/.")}}});
  EXPECT_EQ(same.verdict, "confirmed") << same.detail;
  const NodeVerdict other = Judge(SetterScenario(), {{{"record", record("h")}}});
  EXPECT_EQ(other.verdict, "not-reproduced");
  EXPECT_EQ(other.detail,
            "Node v20.20.2 deviates otherwise: url.host = \"h:4\" gives host \"h\"; the standard "
            "gives \"h:4\"; this build's parser gave \"h:4/.\", the finding's answer (ada::url; "
            "oracle url.representations-agree)");
  EXPECT_EQ(Judge(SetterScenario(), {{{"record", record("h:4")}}}).verdict, "not-reproduced");
  // A build whose parser is fixed gives the standard's answer: no answer of the finding to hold
  // Node to, so any deviation confirms.
  json fixed = SetterScenario();
  fixed["checks"][0]["harness"]["host"] = "h:4";
  EXPECT_EQ(Judge(fixed, {{{"record", record("h")}}}).verdict, "confirmed");
}

TEST(ConfirmJudge, TheStandardsAnswerIsNotReproducedOrNotApplicableForASanitizerReport) {
  const json record = {
      {"observations",
       {{{"ok", false}, {"canParse", false}, {"error", "TypeError: Invalid URL"}}}}};
  EXPECT_EQ(Judge(UrlScenario(), {{{"record", record}}}).verdict, "not-reproduced");
  ConfirmOptions sanitizer;
  sanitizer.sanitizer_report = true;
  const NodeVerdict v = Judge(UrlScenario(), {{{"record", record}}}, sanitizer);
  EXPECT_EQ(v.verdict, "not-applicable");
  EXPECT_NE(v.detail.find("a sanitizer report"), std::string::npos) << v.detail;
}

}  // namespace
