// nodefuzz-triage end to end: the real CLI on crash files of the deliberately buggy target
// (buggy/buggy_target.cc). Each must land in the right bug, with exact signatures and counts,
// and each kind of bad input must end in one line, a non-zero exit and nothing half-stored.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out, err;
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class TriageTest : public ::testing::Test {
 public:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("nodefuzz-triage-test-" + std::string(info->name()) + "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "crashes");
    db_ = dir_ / "store" / "triage.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Crash(const std::string& name, const std::string& bytes,
                 const fs::path& sub = "crashes") {
    fs::create_directories(dir_ / sub);
    const fs::path p = dir_ / sub / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  // Runs nodefuzz-triage with `args` (already quoted where needed).
  Result Triage(const std::string& args) {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string cmd = std::string(NODEFUZZ_TRIAGE_BIN) + " --db " + db_.string() + " " +
                            args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadAll(out);
    r.err = ReadAll(err);
    return r;
  }

  nlohmann::json Export() {
    const Result r = Triage("export --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  // signature -> number of raw crashes under it
  std::map<std::string, int> Buckets() {
    std::map<std::string, int> b;
    const nlohmann::json all = Export();  // a temporary's member would not outlive the loop's start
    for (const auto& bug : all["bugs"]) b[bug["signature"]] = bug["count"];
    return b;
  }

  fs::path dir_, db_;
};

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST_F(TriageTest, EveryBugOfTheBuggyTargetGetsItsSignatureAndCount) {
  // Junk after the selector varies, so every file is a distinct input.
  for (const char* s : {"r", "w", "u", "n", "b", "l", "L", "M", "o", "a", "x", "e", "q", "s1", "s2",
                        "p1", "p2", "t"}) {
    Crash(std::string("crash-") + s, std::string(s) + "#first");
  }
  // libFuzzer notices the memory blow-up on a thread that samples once a second: on a loaded
  // machine that can take longer than the 2 s a hang gets, so this one has more time.
  Crash("oom-m", "m#first", "oom");
  Crash("crash-r-again", "r#second");
  Crash("timeout-p2-again", "p2#second");  // found as a timeout; it is the two-paths overflow
  // One recursion entered at four depths: wherever its stack runs out, it is one bug.
  for (const char* d : {"d0", "d3", "d5", "d8"}) Crash(std::string("crash-") + d, d);
  const Result r =
      Triage(std::string("ingest --no-minimize --timeout 2 --rss-limit-mb 256 --target ") +
             TRIAGE_BUGGY_TARGET + " " + (dir_ / "crashes").string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Result oom =
      Triage(std::string("ingest --no-minimize --timeout 10 --rss-limit-mb 256 --target ") +
             TRIAGE_BUGGY_TARGET + " " + (dir_ / "oom").string());
  ASSERT_EQ(oom.exit_code, 0) << oom.out << oom.err;
  // The parser's frames sign (buggy_parser.cc, listed in parser-sources.txt beside bin/); the
  // harness's (buggy_target.cc: LLVMFuzzerTestOneInput, EntryFromRequest, ...) do not.
  const std::map<std::string, int> expected = {
      {"Heap-buffer-overflow READ | ReadPastEnd", 2},
      {"Heap-buffer-overflow WRITE | WritePastEnd", 1},
      {"Heap-use-after-free READ | ReadAfterFree", 1},
      {"Null-dereference READ | ReadThroughNull", 1},
      {"Integer-overflow | AddPastIntMax", 1},
      {"Direct-leak | LeakBuffer", 1},
      {"Direct-leak | LeakArray", 1},  // through operator new[]
      {"Alloc-dealloc-mismatch | DeleteArrayAsScalar", 1},
      {"oracle:test.oracle | CheckInvariant",
       1},  // an oracle signs by the harness frame raising it
      {"Assertion-failure | ValidateSelector", 1},
      {"Abrt | GiveUp", 1},
      {"Uncaught-exception | ThrowUnexpected", 1},
      {"Unexpected-exit | QuitEarly", 1},
      {"Stack-overflow | NestList | NestValue", 4},
      // Two bugs that share their top frame.
      {"Heap-buffer-overflow WRITE | WriteSlot | FillHeader", 1},
      {"Heap-buffer-overflow WRITE | WriteSlot | FillTrailer", 1},
      // One bug reached through two paths (and three files).
      {"Heap-buffer-overflow READ | DecodeLayer3 | DecodeLayer2 | DecodeLayer1", 3},
      {"Timeout | SpinForever", 1},
      {"Out-of-memory | HoardMemory", 1},
  };
  EXPECT_EQ(Buckets(), expected);
  const nlohmann::json all = Export();
  for (const auto& bug : all["bugs"]) {
    EXPECT_EQ(bug["reproducibility"], "reliable") << bug["signature"];
    EXPECT_TRUE(
        fs::exists(db_.parent_path() / "reports" / bug["id"].get<std::string>() / "README.md"));
  }
  // The same files again: all already stored, nothing counted twice.
  const Result again = Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET +
                              " " + (dir_ / "crashes").string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("24 already stored"), std::string::npos) << again.out;
  EXPECT_EQ(Buckets(), expected);

  // list is one header line and one line per bug; show finds a bug by a prefix of its id.
  const Result list = Triage("list");
  EXPECT_EQ(Lines(list.out), 1 + static_cast<int>(expected.size()));
  const std::string some_id = Export()["bugs"][0]["id"];
  const Result show = Triage("show " + some_id.substr(0, 6) + " --json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out)["id"], some_id);
}

TEST_F(TriageTest, NewBugsGetAMinimizedReproducerThatStillSignsTheSame) {
  Crash("crash-long", "r" + std::string(300, 'J'));
  const Result r = Triage(std::string("ingest --minimize-time 10 --target ") + TRIAGE_BUGGY_TARGET +
                          " " + (dir_ / "crashes" / "crash-long").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json bug = Export()["bugs"][0];
  EXPECT_EQ(bug["original"]["size"], 301);
  EXPECT_EQ(bug["minimized"]["size"], 1);
  const fs::path bundle = db_.parent_path() / "reports" / bug["id"].get<std::string>();
  EXPECT_EQ(ReadAll(bundle / "testcase-minimized"), "r");
  EXPECT_EQ(ReadAll(bundle / "testcase-original").size(), 301u);
  const std::string readme = ReadAll(bundle / "README.md");
  for (const char* part : {"# Heap-buffer-overflow READ in ReadPastEnd", "| severity | Medium",
                           "reliable", "scripts/reproduce triage_buggy_target", "ReadPastEnd"}) {
    EXPECT_NE(readme.find(part), std::string::npos) << part;
  }
  // check: the minimized reproducer is a known bug of the store.
  const Result check = Triage(std::string("check --target ") + TRIAGE_BUGGY_TARGET + " " +
                              (bundle / "testcase-minimized").string());
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("verdict: known bug " + bug["id"].get<std::string>()), std::string::npos)
      << check.out;
}

TEST_F(TriageTest, AflOutputDirectoriesAreIngestedAndMinimizedWithAflTmin) {
  if (std::string(TRIAGE_BUGGY_TARGET_AFL).empty())
    GTEST_SKIP() << "afl-clang-fast++ is not installed";
  Crash("id:000000,sig:06,src:000000,op:havoc,rep:2", "o" + std::string(40, 'J'),
        "afl/main/crashes");
  Crash("README.txt", "not a finding", "afl/main/crashes");
  Crash("id:000000,sig:06,src:000003,op:havoc,rep:4", "o" + std::string(10, 'K'),
        "afl/worker1/crashes");
  // AFL++'s driver has no timeout of its own: stopped with SIGABRT, it still shows where it hung,
  // and signs like libFuzzer's timeout report of the same hang.
  Crash("id:000000,src:000001,op:havoc,rep:2", "t", "afl/worker1/hangs");
  const Result r = Triage(std::string("ingest --timeout 2 --minimize-time 20 --target ") +
                          TRIAGE_BUGGY_TARGET_AFL + " " + (dir_ / "afl").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Buckets().count("Timeout | SpinForever"), 1u);
  nlohmann::json bugs = Export()["bugs"];
  bugs.erase(std::remove_if(bugs.begin(), bugs.end(),
                            [](const nlohmann::json& b) { return b["crash_type"] == "Timeout"; }),
             bugs.end());
  ASSERT_EQ(bugs.size(), 1u);
  EXPECT_EQ(bugs[0]["signature"], "oracle:test.oracle | CheckInvariant");
  EXPECT_EQ(bugs[0]["count"], 2);
  EXPECT_EQ(bugs[0]["engine"], "afl");
  EXPECT_EQ(bugs[0]["minimized"]["size"], 1) << bugs[0]["minimized"]["note"];
}

TEST_F(TriageTest, ACrashThatDoesNotReproduceIsOneLineAndNoBug) {
  Crash("crash-clean", "z");
  const Result r = Triage(std::string("ingest --target ") + TRIAGE_BUGGY_TARGET + " " +
                          (dir_ / "crashes").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("crash-clean: did not reproduce in 3 runs"), std::string::npos) << r.err;
  const nlohmann::json all = Export();
  EXPECT_TRUE(all["bugs"].empty());
  ASSERT_EQ(all["unreproduced"].size(), 1u);
  EXPECT_EQ(all["unreproduced"][0]["reproducibility"], "did-not-reproduce");
}

TEST_F(TriageTest, BadInputEndsInOneLineAndStoresNothing) {
  Crash("crash-r", "r");
  const std::string crashes = (dir_ / "crashes").string();
  // Not a fuzz target.
  Result r = Triage("ingest --target /bin/sh " + crashes);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("is not a fuzz target"), std::string::npos) << r.err;
  // A path that does not exist, next to one that does: nothing of either is stored.
  r = Triage(std::string("ingest --target ") + TRIAGE_BUGGY_TARGET + " " + crashes + " " +
             (dir_ / "nope").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(db_)) << "a store was created for a refused ingest";
  // An unreadable crash file (reading /proc/self/mem fails): one line, the rest goes on.
  r = Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " + crashes +
             " /proc/self/mem");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/proc/self/mem: cannot read it"), std::string::npos) << r.err;
  EXPECT_EQ(Buckets().size(), 1u);
  // A bad flag value.
  r = Triage(std::string("ingest --runs 1 --target ") + TRIAGE_BUGGY_TARGET + " " + crashes);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  // An unknown bug.
  r = Triage("show ffffffffffff");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
}

// The buggy parser under the other sanitizers and C++ runtimes this toolchain builds, each shape
// run for real: the signatures are the ones the ASan build gives.
void ExpectSignatures(TriageTest& test, const std::string& target,
                      const std::map<std::string, std::string>& by_input) {
  if (target.empty())
    GTEST_SKIP() << "this toolchain does not build the variant (see buggy/CMakeLists.txt)";
  for (const auto& [input, signature] : by_input) {
    const fs::path testcase = test.Crash("case-" + input, input);
    const Result r = test.Triage("check --timeout 5 --target " + target + " " + testcase.string());
    EXPECT_EQ(r.exit_code, 1) << input << ": " << r.out << r.err;
    EXPECT_NE(r.out.find("verdict: " + signature + "\n"), std::string::npos)
        << input << " should sign as " << signature << ":\n"
        << r.out.substr(r.out.size() > 1500 ? r.out.size() - 1500 : 0);
  }
}

TEST_F(TriageTest, UndefinedBehaviorSanitizerAloneSignsTheSameShapes) {
  ExpectSignatures(*this, TRIAGE_BUGGY_UBSAN_TARGET,
                   {{"b", "Integer-overflow | AddPastIntMax"},
                    {"a", "Assertion-failure | ValidateSelector"},
                    {"e", "Uncaught-exception | ThrowUnexpected"},
                    {"q", "Unexpected-exit | QuitEarly"},
                    {"d0", "Stack-overflow | NestList | NestValue"},
                    {"d5", "Stack-overflow | NestList | NestValue"}});
}

TEST_F(TriageTest, MemorySanitizerSignsTheSameShapes) {
  ExpectSignatures(*this, TRIAGE_BUGGY_MSAN_TARGET,
                   {{"U", "Use-of-uninitialized-value | BranchOnUninitialized"},
                    {"a", "Assertion-failure | ValidateSelector"},
                    {"e", "Uncaught-exception | ThrowUnexpected"},
                    {"q", "Unexpected-exit | QuitEarly"},
                    {"d0", "Stack-overflow | NestList | NestValue"},
                    {"d5", "Stack-overflow | NestList | NestValue"},
                    {"DD", "Stack-overflow | NestAllocating"}});
}

TEST_F(TriageTest, LibcxxRuntimeFramesDoNotSign) {
  ExpectSignatures(*this, TRIAGE_BUGGY_LIBCXX_TARGET,
                   {{"e", "Uncaught-exception | ThrowUnexpected"},
                    {"h", "Assertion-failure | IndexPastVector"},
                    {"L", "Direct-leak | LeakArray"},
                    {"M", "Alloc-dealloc-mismatch | DeleteArrayAsScalar"},
                    {"d3", "Stack-overflow | NestList | NestValue"}});
}

// One parser bug reached through two harnesses is one bug; a hang in a harness, with no parser
// frame, is one per target.
TEST_F(TriageTest, AParserBugThroughTwoTargetsIsOneBug) {
  Crash("crash-r", "r#one");
  ASSERT_EQ(Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " +
                   (dir_ / "crashes").string())
                .exit_code,
            0);
  Crash("crash-r", "r#two", "second");
  const Result second = Triage(std::string("ingest --no-minimize --target ") +
                               TRIAGE_BUGGY_SECOND_TARGET + " " + (dir_ / "second").string());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 new bug(s), 1 known bug(s) seen again"), std::string::npos)
      << second.out;
  EXPECT_EQ(Buckets(),
            (std::map<std::string, int>{{"Heap-buffer-overflow READ | ReadPastEnd", 2}}));

  const fs::path hang = Crash("timeout-TT", "TT");
  for (const char* target : {TRIAGE_BUGGY_TARGET, TRIAGE_BUGGY_SECOND_TARGET}) {
    const Result r =
        Triage(std::string("check --timeout 1 --target ") + target + " " + hang.string());
    const std::string name = fs::path(target).filename();
    EXPECT_NE(r.out.find("verdict: Timeout | (no frames in " + name + ")\n"), std::string::npos)
        << r.out;
  }
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

// --json: one object a line, each file, each bug, then the summary; check's verdict as one.
TEST_F(TriageTest, IngestAndCheckSpeakJsonOneObjectALine) {
  Crash("crash-r1", "r#1");
  Crash("crash-r2", "r#2");
  Crash("crash-clean", "z");
  const std::string ingest = std::string("ingest --json --no-minimize --target ") +
                             TRIAGE_BUGGY_TARGET + " " + (dir_ / "crashes").string();
  Result r = Triage(ingest);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one did not reproduce
  std::vector<nlohmann::json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  std::map<std::string, nlohmann::json> files;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i]["kind"], "file");
    files[fs::path(lines[i]["path"].get<std::string>()).filename()] = lines[i];
  }
  EXPECT_EQ(files["crash-r1"]["outcome"], "stored");
  EXPECT_EQ(files["crash-r1"]["reproducibility"], "reliable");
  EXPECT_EQ(files["crash-r1"]["new_bug"], true);
  EXPECT_EQ(files["crash-r1"]["bug_id"], files["crash-r2"]["bug_id"]);
  EXPECT_EQ(files["crash-clean"]["reproducibility"], "did-not-reproduce");
  EXPECT_NE(files["crash-clean"]["problem"].get<std::string>().find("did not reproduce"),
            std::string::npos);
  EXPECT_EQ(lines[3]["kind"], "bug");
  EXPECT_EQ(lines[3]["new"], true);
  EXPECT_EQ(lines[3]["id"], files["crash-r1"]["bug_id"]);
  EXPECT_EQ(lines[3]["title"], "Heap-buffer-overflow READ in ReadPastEnd");
  EXPECT_EQ(lines[3]["count"], 2);
  EXPECT_EQ(lines[4]["kind"], "summary");
  EXPECT_EQ(lines[4]["files"], 3);
  EXPECT_EQ(lines[4]["new_bugs"], 1);
  EXPECT_EQ(lines[4]["not_reproduced"], 1);

  // Again: every file already stored, under the bug it was stored under; the bug seen again.
  r = Triage(ingest);
  lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(lines[i]["outcome"], "already-stored") << lines[i];
  EXPECT_EQ(lines[3]["already_stored"], 3);
  EXPECT_EQ(lines[3]["known_bugs"], 0);

  r = Triage(std::string("check --json --target ") + TRIAGE_BUGGY_TARGET + " " +
             (dir_ / "crashes" / "crash-r1").string());
  EXPECT_EQ(r.exit_code, 1);
  lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(lines[0]["kind"], "verdict");
  EXPECT_EQ(lines[0]["crashed"], true);
  EXPECT_EQ(lines[0]["known"], true);
  EXPECT_EQ(lines[0]["signature"], "Heap-buffer-overflow READ | ReadPastEnd");
  r = Triage(std::string("check --json --target ") + TRIAGE_BUGGY_TARGET + " " +
             (dir_ / "crashes" / "crash-clean").string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(JsonLines(r.out).at(0)["crashed"], false);
}

// What a user types first: the global options after the subcommand.
TEST_F(TriageTest, GlobalOptionsWorkAfterTheSubcommandToo) {
  Crash("crash-r", "r");
  const fs::path other_db = dir_ / "other" / "store.db", reports = dir_ / "bundles";
  const std::string cmd = std::string(NODEFUZZ_TRIAGE_BIN) + " ingest --no-minimize --db " +
                          other_db.string() + " --target " + TRIAGE_BUGGY_TARGET + " " +
                          (dir_ / "crashes").string() + " --reports " + reports.string() +
                          " >/dev/null 2>&1";
  ASSERT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0);
  EXPECT_TRUE(fs::exists(other_db));
  EXPECT_FALSE(fs::exists(db_)) << "--db after the subcommand was ignored";
  ASSERT_EQ(std::distance(fs::directory_iterator(reports), fs::directory_iterator()), 1);
  const std::string list = std::string(NODEFUZZ_TRIAGE_BIN) + " list --db " + other_db.string() +
                           " >" + (dir_ / "list").string();
  ASSERT_EQ(WEXITSTATUS(std::system(list.c_str())), 0);
  EXPECT_EQ(Lines(ReadAll(dir_ / "list")), 2);
}

TEST_F(TriageTest, ACorruptStoreIsRefusedInOneLine) {
  fs::create_directories(db_.parent_path());
  std::ofstream(db_, std::ios::binary) << std::string(8192, 'x');
  Crash("crash-r", "r");
  const Result r = Triage(std::string("ingest --target ") + TRIAGE_BUGGY_TARGET + " " +
                          (dir_ / "crashes").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("corrupt or not a nodefuzz-triage store"), std::string::npos) << r.err;
  EXPECT_EQ(ReadAll(db_), std::string(8192, 'x')) << "the corrupt file was changed";
}

TEST_F(TriageTest, ALockedStoreIsRefusedInOneLine) {
  Crash("crash-r", "r");
  ASSERT_EQ(Triage("list").exit_code, 2);  // no store yet
  ASSERT_EQ(Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " +
                   (dir_ / "crashes").string())
                .exit_code,
            0);
  // Another writer holds the store for longer than nodefuzz-triage waits.
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  Crash("crash-w", "w");
  const Result r = Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET +
                          " " + (dir_ / "crashes" / "crash-w").string());
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("is locked by another"), std::string::npos) << r.err;
  EXPECT_EQ(Buckets().size(), 1u) << "the refused crash was stored";
}

// verify on a build where 'r' is fixed: that bug is marked fixed with the build id, a bug that
// still crashes every time and a flaky one stay open, and a later crash of the fixed one reopens
// it.
TEST_F(TriageTest, VerifyMarksWhatNoLongerReproducesFixedAndLeavesFlakyBugsOpen) {
  const fs::path counter = dir_ / "flaky-counter";
  setenv("TRIAGE_BUGGY_FLAKY_COUNTER", counter.c_str(), 1);
  Crash("crash-r", "r");
  Crash("crash-o", "o");
  Crash("crash-f", "f");
  Result r = Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " +
                    (dir_ / "crashes").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> id_of, reproducibility_of;  // by first byte of the reproducer
  const nlohmann::json ingested = Export();
  for (const auto& bug : ingested["bugs"]) {
    const std::string key = bug["crashes"][0]["source_path"].get<std::string>().substr(
        (dir_ / "crashes" / "crash-").string().size());
    id_of[key] = bug["id"];
    reproducibility_of[key] = bug["reproducibility"];
  }
  ASSERT_EQ(id_of.size(), 3u);
  ASSERT_EQ(reproducibility_of["f"], "flaky");

  r = Triage(std::string("verify --tries 3 --build-id fix-1 --bin-dir ") +
             TRIAGE_BUGGY_FIXED_BIN_DIR);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(id_of["r"] + "\tfixed\t0/3\ttriage_buggy_target\tfixed in fix-1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(id_of["o"] + "\treproduces\t3/3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(id_of["f"] + "\tflaky\t"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find(
          "verify: 3 open bug(s): 1 fixed, 1 still reproduce, 1 flaky (left open), 0 skipped"),
      std::string::npos)
      << r.out;
  std::map<std::string, std::string> status, fixed_in;
  const nlohmann::json verified = Export();
  for (const auto& bug : verified["bugs"]) {
    status[bug["id"]] = bug["status"];
    fixed_in[bug["id"]] = bug["fixed_in"];
  }
  EXPECT_EQ(status[id_of["r"]], "fixed");
  EXPECT_EQ(fixed_in[id_of["r"]], "fix-1");
  EXPECT_EQ(status[id_of["o"]], "open");
  EXPECT_EQ(status[id_of["f"]], "open");

  // Only open bugs are verified again.
  r = Triage(std::string("verify --bin-dir ") + TRIAGE_BUGGY_FIXED_BIN_DIR);
  EXPECT_EQ(r.out.find(id_of["r"]), std::string::npos) << r.out;
  // A build without the target: skipped, said so, exit 1, nothing marked.
  fs::create_directories(dir_ / "empty-bin");
  r = Triage("verify --bin-dir " + (dir_ / "empty-bin").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("skipped"), std::string::npos) << r.out;
  EXPECT_EQ(Export()["bugs"].size(), 3u);
  r = Triage("verify --bin-dir " + (dir_ / "no-such-dir").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;

  // The old build crashes on a new input of the fixed bug, found after the fix: it is open again.
  const fs::path later = Crash("crash-r-again", "rr");
  fs::last_write_time(later, fs::file_time_type::clock::now() + std::chrono::hours(1));
  r = Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " +
             later.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json reopened = Export();
  for (const auto& bug : reopened["bugs"]) {
    if (bug["id"] == id_of["r"]) {
      EXPECT_EQ(bug["status"], "open");
      EXPECT_EQ(bug["fixed_in"], "");
    }
  }
  unsetenv("TRIAGE_BUGGY_FLAKY_COUNTER");
}

// A store written by an older nodefuzz-triage (schema 2: no fixed_in, verifications or filings)
// is brought up to date when opened, its bugs kept.
TEST_F(TriageTest, AStoreOfSchemaTwoIsUpgradedInPlace) {
  Crash("crash-o", "o");
  ASSERT_EQ(Triage(std::string("ingest --no-minimize --target ") + TRIAGE_BUGGY_TARGET + " " +
                   (dir_ / "crashes").string())
                .exit_code,
            0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(
          db,
          "DROP TABLE filings; DROP TABLE verifications; ALTER TABLE bugs DROP COLUMN fixed_in; "
          "ALTER TABLE bugs DROP COLUMN fixed_at; PRAGMA user_version=2;",
          nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  const Result r = Triage(std::string("verify --bin-dir ") + TRIAGE_BUGGY_FIXED_BIN_DIR);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\treproduces\t3/3"), std::string::npos) << r.out;
  const nlohmann::json all = Export();
  ASSERT_EQ(all["bugs"].size(), 1u);
  EXPECT_EQ(all["bugs"][0]["fixed_in"], "");
}

}  // namespace
