// nodefuzz-triage confirm and affected end to end: registered findings' reproducers run by the
// real Node binaries of this machine (the node on PATH, Node 20.20.2 on every machine of this
// project; Debian's Node 24.22.2 from scripts/bootstrap --node-binaries), and built against the
// trees scripts/bootstrap fetched. Each test skips, saying why, where its Node or tree is missing.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = NODEFUZZ_SOURCE_DIR;
const fs::path kBin = NODEFUZZ_BIN_DIR;
const fs::path kNode24 = kSource / ".cache/node-bin-24.22.2/node";

struct Result {
  int exit_code = -1;
  std::string out, err;
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Finding(const std::string& target, const std::string& input) {
  return (kSource / "tests/findings" / target / input).string();
}

// The version of the node on PATH ("v20.20.2"), empty when there is none.
std::string PathNodeVersion() {
  FILE* p = popen("node --version 2>/dev/null", "r");
  if (!p) return "";
  char buf[64] = {};
  const size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  std::string v(buf, n);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
  return v;
}

class ConfirmTest : public ::testing::Test {
 public:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("nodefuzz-confirm-test-" + std::string(info->name()) + "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "store" / "triage.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result Triage(const std::string& args, const std::string& env = "") {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string cmd = env + " " + std::string(NODEFUZZ_TRIAGE_BIN) + " --db " + db_.string() +
                            " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadAll(out);
    r.err = ReadAll(err);
    return r;
  }

  // confirm --json of a registered finding's reproducer; the verdicts by Node version.
  std::map<std::string, json> Confirm(const std::string& target, const std::string& input,
                                      const std::string& nodes = "--node node") {
    return ConfirmFile(target, Finding(target, input), nodes);
  }
  std::map<std::string, json> ConfirmFile(const std::string& target, const std::string& path,
                                          const std::string& nodes = "--node node") {
    const Result r = Triage("confirm " + path + " --target " + target + " " + nodes + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, json> by_version;
    if (r.exit_code != 0) return by_version;
    const json out = json::parse(r.out);  // a temporary's member would not outlive the loop's start
    for (const json& v : out["verdicts"]) by_version[v["node_version"].get<std::string>()] = v;
    return by_version;
  }

  fs::path dir_, db_;
};

// Node 20.20.2 is what the expectations below were established for (its llhttp 9.3.1, ada 2.9.2,
// simdutf 6.4.2); another node on PATH gets other answers.
#define REQUIRE_NODE_20()                                                          \
  do {                                                                             \
    const std::string version = PathNodeVersion();                                 \
    if (version.empty())                                                           \
      GTEST_SKIP() << "no node on PATH: install Node.js 20.20.2 to run this test"; \
    if (version != "v20.20.2") {                                                   \
      GTEST_SKIP() << "the node on PATH is " << version                            \
                   << "; these expectations are Node v20.20.2's";                  \
    }                                                                              \
  } while (0)

#define REQUIRE_NODE_24()                                                                     \
  do {                                                                                        \
    if (!fs::exists(kNode24)) {                                                               \
      GTEST_SKIP() << "no " << kNode24.string() << ": run scripts/bootstrap --node-binaries"; \
    }                                                                                         \
  } while (0)

// Finding 42: llhttp < 9.4.2 takes CR CR as the end of a status-line. Node 20's client reads the
// response RFC 9112 rejects.
TEST_F(ConfirmTest, Node20ReadsAStatusLineEndedByCrCr) {
  REQUIRE_NODE_20();
  const auto v = Confirm("http_framing_proto", "status-line-cr-cr.textproto");
  ASSERT_TRUE(v.count("v20.20.2"));
  EXPECT_EQ(v.at("v20.20.2")["verdict"], "confirmed") << v.at("v20.20.2")["detail"];
  const std::string detail = v.at("v20.20.2")["detail"];
  EXPECT_NE(detail.find("client read 1 response (200)"), std::string::npos) << detail;
  EXPECT_NE(detail.find("RFC 9112 frames none"), std::string::npos) << detail;
  EXPECT_EQ(v.at("v20.20.2")["versions"]["llhttp"], "9.3.1");
}

// Finding 45 re-opened by --insecure-http-parser: Node 20 serves the request hidden in the body.
TEST_F(ConfirmTest, Node20WithInsecureParserServesTheSmuggledRequest) {
  REQUIRE_NODE_20();
  const auto v =
      Confirm("http_framing_lenient", "whitespace-before-first-field-read-as-content-length");
  ASSERT_TRUE(v.count("v20.20.2"));
  const json& n20 = v.at("v20.20.2");
  EXPECT_EQ(n20["verdict"], "confirmed") << n20["detail"];
  const std::string detail = n20["detail"];
  EXPECT_NE(detail.find("with insecureHTTPParser: true"), std::string::npos) << detail;
  EXPECT_NE(detail.find("GET /smuggled"), std::string::npos) << detail;
  // With default options it was refused: the first run's record has a client error, no request.
  const json& strict = n20["runs"][0]["record"];
  EXPECT_TRUE(strict["requests"].empty()) << strict.dump();
  EXPECT_FALSE(strict["client_errors"].empty()) << strict.dump();
}

// Finding 3 (CVE-2025-23167) is llhttp 6's: Node 20 refuses the bare CR.
TEST_F(ConfirmTest, Node20RefusesTheBareCrOfCve202523167) {
  REQUIRE_NODE_20();
  const auto v = Confirm("http_framing", "header-end-cr-x");
  ASSERT_TRUE(v.count("v20.20.2"));
  EXPECT_EQ(v.at("v20.20.2")["verdict"], "not-reproduced") << v.at("v20.20.2")["detail"];
  EXPECT_NE(v.at("v20.20.2")["detail"].get<std::string>().find(
                "served 0 requests, then clientError HPE_"),
            std::string::npos)
      << v.at("v20.20.2")["detail"];
}

// Finding 38: ada resolves "//evil.com/p#" against about:blank in both lines.
TEST_F(ConfirmTest, Node20ResolvesAFragmentAgainstAnOpaqueBase) {
  REQUIRE_NODE_20();
  const auto v = Confirm("url_parse", "fragment-resolves-against-opaque-base");
  ASSERT_TRUE(v.count("v20.20.2"));
  EXPECT_EQ(v.at("v20.20.2")["verdict"], "confirmed") << v.at("v20.20.2")["detail"];
  EXPECT_NE(v.at("v20.20.2")["detail"].get<std::string>().find("about://evil.com/p#"),
            std::string::npos)
      << v.at("v20.20.2")["detail"];
}

// Finding 36: Node's URL setters parse the href afresh each time, so ada's stale validity flag
// never reaches the next assignment: the port is set, as the standard says.
TEST_F(ConfirmTest, Node20SetsThePortAfterARejectedHost) {
  REQUIRE_NODE_20();
  const auto v = Confirm("url_setters", "rejected-host-ignores-port");
  ASSERT_TRUE(v.count("v20.20.2"));
  EXPECT_EQ(v.at("v20.20.2")["verdict"], "not-reproduced") << v.at("v20.20.2")["detail"];
  const json& seen = v.at("v20.20.2")["runs"][0]["record"]["observations"];
  EXPECT_EQ(seen.back()["port"], "620") << seen.dump();
}

// Finding 20 is simdutf 5's: Buffer.from and atob in Node 20 give the models' answers.
TEST_F(ConfirmTest, Node20DecodesBase64AsTheModelsSay) {
  REQUIRE_NODE_20();
  const auto v = Confirm("enc_base64", "simdutf-utf16-high-byte-accepted");
  ASSERT_TRUE(v.count("v20.20.2"));
  EXPECT_EQ(v.at("v20.20.2")["verdict"], "not-reproduced") << v.at("v20.20.2")["detail"];
}

// enc_buffer's byte 0 picks the target the rest is for (2: enc_base64); confirm runs the calls of
// that target's input and reaches the same verdict.
TEST_F(ConfirmTest, AnEncBufferInputIsConfirmedAsTheTargetItsFirstBytePicks) {
  REQUIRE_NODE_20();
  const fs::path input = dir_ / "enc-buffer-input";
  std::ofstream(input, std::ios::binary)
      << '\x02' << ReadAll(Finding("enc_base64", "simdutf-utf16-high-byte-accepted"));
  const auto via_buffer = ConfirmFile("enc_buffer", input.string());
  const auto direct = Confirm("enc_base64", "simdutf-utf16-high-byte-accepted");
  ASSERT_TRUE(via_buffer.count("v20.20.2") && direct.count("v20.20.2"));
  EXPECT_EQ(via_buffer.at("v20.20.2")["verdict"], "not-reproduced")
      << via_buffer.at("v20.20.2")["detail"];
  EXPECT_EQ(via_buffer.at("v20.20.2")["detail"], direct.at("v20.20.2")["detail"]);
  EXPECT_EQ(via_buffer.at("v20.20.2")["runs"], direct.at("v20.20.2")["runs"]);
}

// Finding 40: Node 24's httpValidation: 'relaxed' sets header_value_relaxed alone, and a NUL in a
// header value then stops the server's event loop; Node 20 has no such option.
TEST_F(ConfirmTest, Node24HangsOnANulWithRelaxedValidationAndNode20CannotBeAsked) {
  REQUIRE_NODE_24();
  const std::string node20 = PathNodeVersion() == "v20.20.2" ? " --node node" : "";
  const auto v = Confirm("http_framing_lenient", "header-value-relaxed-nul-hangs",
                         "--node " + kNode24.string() + node20);
  ASSERT_TRUE(v.count("v24.22.2"));
  const json& n24 = v.at("v24.22.2");
  EXPECT_EQ(n24["verdict"], "confirmed") << n24["detail"];
  EXPECT_NE(n24["detail"].get<std::string>().find("with httpValidation: 'relaxed'"),
            std::string::npos)
      << n24["detail"];
  EXPECT_NE(n24["detail"].get<std::string>().find("event loop never ran again"), std::string::npos)
      << n24["detail"];
  if (!node20.empty()) {
    ASSERT_TRUE(v.count("v20.20.2"));
    EXPECT_EQ(v.at("v20.20.2")["verdict"], "not-applicable") << v.at("v20.20.2")["detail"];
  }
}

// Finding 42 was fixed in llhttp 9.4.2: Node 24.22.2's client refuses the status-line.
TEST_F(ConfirmTest, Node24RefusesAStatusLineEndedByCrCr) {
  REQUIRE_NODE_24();
  const auto v =
      Confirm("http_framing_proto", "status-line-cr-cr.textproto", "--node " + kNode24.string());
  ASSERT_TRUE(v.count("v24.22.2"));
  EXPECT_EQ(v.at("v24.22.2")["verdict"], "not-reproduced") << v.at("v24.22.2")["detail"];
  EXPECT_NE(v.at("v24.22.2")["detail"].get<std::string>().find("HPE_"), std::string::npos)
      << v.at("v24.22.2")["detail"];
}

TEST_F(ConfirmTest, AMissingNodeIsOneLine) {
  const Result r = Triage("confirm " + Finding("http_framing", "header-end-cr-x") +
                          " --target http_framing --node /nonexistent/node");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "nodefuzz-triage: no node at /nonexistent/node — pass --node with the path of a node "
            "binary\n");
  const Result on_path = Triage("confirm " + Finding("http_framing", "header-end-cr-x") +
                                " --target http_framing --node no-such-node-binary");
  EXPECT_EQ(on_path.exit_code, 2);
  EXPECT_EQ(
      on_path.err,
      "nodefuzz-triage: no no-such-node-binary on PATH — install Node.js, or pass --node with the "
      "path of a node binary\n");
}

TEST_F(ConfirmTest, AScriptThatCannotStartIsOneLine) {
  const fs::path fake = dir_ / "node";
  std::ofstream(fake)
      << "#!/bin/sh\necho 'node: bad option: --experimental-everything' >&2\nexit 9\n";
  fs::permissions(fake, fs::perms::owner_all);
  const Result r = Triage("confirm " + Finding("http_framing", "header-end-cr-x") +
                          " --target http_framing --node " + fake.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "nodefuzz-triage: the confirm script http_server.mjs did not start under " +
                       fake.string() +
                       " (exit 9: node: bad option: --experimental-everything) — pass --node with "
                       "a Node.js 18 or "
                       "newer\n");
}

TEST_F(ConfirmTest, AScriptThatNeverStartsIsStoppedByTheTimeLimit) {
  const fs::path fake = dir_ / "node";
  std::ofstream(fake) << "#!/bin/sh\nexec sleep 60\n";
  fs::permissions(fake, fs::perms::owner_all);
  const Result r =
      Triage("confirm " + Finding("url_parse", "fragment-resolves-against-opaque-base") +
             " --target url_parse --timeout 1 --node " + fake.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find("did not start under " + fake.string() + " (timed out: no output within 1 s)"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(ConfirmTest, ATestcaseNeedsItsTarget) {
  const Result r = Triage("confirm " + Finding("http_framing", "header-end-cr-x"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs --target <name>"), std::string::npos) << r.err;
  const Result unknown =
      Triage("confirm " + Finding("http_framing", "header-end-cr-x") + " --target nonsense");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no Node-level scenario for the target 'nonsense'"), std::string::npos)
      << unknown.err;
}

// A bug's verdict is stored with it: show, show --json and the report bundle say it. The store
// was written by a nodefuzz-triage before confirm existed (schema 3): it is upgraded in place.
TEST_F(ConfirmTest, ABugsVerdictIsStoredAndShown) {
  REQUIRE_NODE_20();
  const fs::path target = kBin / "http_framing_lenient";
  ASSERT_TRUE(fs::exists(target)) << target;
  const Result ingest = Triage(
      "ingest --no-minimize --target " + target.string() + " " +
          Finding("http_framing_lenient", "whitespace-before-first-field-read-as-content-length"),
      "NODEFUZZ_KNOWN_FINDINGS=report");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "DROP TABLE confirmations; DROP TABLE affected; PRAGMA user_version=3;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  const json bugs = json::parse(Triage("export --json").out)["bugs"];
  ASSERT_EQ(bugs.size(), 1u);
  const std::string id = bugs[0]["id"];

  const Result r = Triage("confirm " + id.substr(0, 8));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Node v20.20.2 (llhttp 9.3.1, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("): confirmed — with insecureHTTPParser: true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored with bug " + id), std::string::npos) << r.out;

  const Result show = Triage("show " + id);
  EXPECT_NE(
      show.out.find(
          "on real Nodes\n  Node v20.20.2 (llhttp 9.3.1, ada 2.9.2, simdutf 6.4.2): confirmed — "),
      std::string::npos)
      << show.out;
  const json detail = json::parse(Triage("show --json " + id).out);
  ASSERT_EQ(detail["confirmations"].size(), 1u);
  EXPECT_EQ(detail["confirmations"][0]["verdict"], "confirmed");
  EXPECT_EQ(detail["confirmations"][0]["versions"]["llhttp"], "9.3.1");
  const std::string readme = ReadAll(dir_ / "store" / "reports" / id / "README.md");
  EXPECT_NE(readme.find("## On real Nodes"), std::string::npos) << readme;
  EXPECT_NE(readme.find("| Node v20.20.2 (llhttp 9.3.1, ada 2.9.2, simdutf 6.4.2) | confirmed | "
                        "with insecureHTTPParser"),
            std::string::npos)
      << readme;

  // A second run adds a row; the bug shows the latest per Node version.
  ASSERT_EQ(Triage("confirm " + id).exit_code, 0);
  EXPECT_EQ(json::parse(Triage("show --json " + id).out)["confirmations"].size(), 1u);

  // affected on the bug: reproduces means its own signature, as verify counts it.
  const fs::path llhttp = kSource / ".cache/llhttp-9.3.0";
  if (!fs::exists(llhttp)) return;
  const Result a = Triage("affected " + id + " --no-bootstrap-trees --tree " + llhttp.string() +
                          " --build-root " + NODEFUZZ_AFFECTED_BUILD_ROOT);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("  llhttp 9.3.0 (llhttp 9.3.0): reproduces — 3/3 runs"), std::string::npos)
      << a.out;
  const json after = json::parse(Triage("show --json " + id).out);
  ASSERT_EQ(after["affected"].size(), 1u);
  EXPECT_EQ(after["affected"][0]["outcome"], "reproduces");
  EXPECT_NE(ReadAll(dir_ / "store" / "reports" / id / "README.md")
                .find("| llhttp 9.3.0 | llhttp 9.3.0 | reproduces |"),
            std::string::npos);
}

// affected on finding 11 (fixed in llhttp 9.4.3): the llhttp 9.3.0 release on the default tree
// reproduces it, the Node 24 tree (llhttp 9.4.3) does not, and a broken tree does not build.
TEST_F(ConfirmTest, AffectedTellsTheTreesThatHaveABugFromThoseThatDoNot) {
  const fs::path llhttp = kSource / ".cache/llhttp-9.3.0",
                 node24 = kSource / ".cache/node-v24.21.0";
  if (!fs::exists(llhttp) || !fs::exists(node24))
    GTEST_SKIP() << "run scripts/bootstrap: it fetches both trees";
  // An llhttp tree whose header says nothing of its version: configure refuses it.
  const fs::path broken = dir_ / "llhttp-broken";
  fs::create_directories(broken / "include");
  fs::create_directories(broken / "src");
  std::ofstream(broken / "include/llhttp.h") << "/* not llhttp */\n";
  for (const char* f : {"llhttp.c", "api.c", "http.c"}) std::ofstream(broken / "src" / f) << "\n";
  const Result r = Triage(
      "affected " + Finding("http_framing", "empty-transfer-encoding") +
      " --target http_framing --expect http.framing.transfer-encoding-empty --no-bootstrap-trees"
      " --tree " +
      llhttp.string() + " --tree " + node24.string() + " --tree " + broken.string() +
      " --build-root " + NODEFUZZ_AFFECTED_BUILD_ROOT + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json trees = json::parse(r.out)["trees"];
  ASSERT_EQ(trees.size(), 3u) << r.out;
  EXPECT_EQ(trees[0]["tree"], "llhttp 9.3.0");
  EXPECT_EQ(trees[0]["parser"], "llhttp 9.3.0");
  EXPECT_EQ(trees[0]["outcome"], "reproduces") << trees[0].dump();
  EXPECT_EQ(trees[1]["tree"], "Node 24.21.0");
  EXPECT_EQ(trees[1]["parser"], "llhttp 9.4.3");
  EXPECT_EQ(trees[1]["outcome"], "does-not-reproduce") << trees[1].dump();
  EXPECT_EQ(trees[2]["outcome"], "does-not-build") << trees[2].dump();
  EXPECT_NE(trees[2]["detail"].get<std::string>().find("configure failed: "), std::string::npos)
      << trees[2].dump();
}

}  // namespace
