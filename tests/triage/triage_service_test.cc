// nodefuzz-triage serve, as a fuzzing host and a reader meet it: the real server process on a
// loopback port, the buggy target's bin directory, uploads over HTTP.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToken = "test-token-1234";
constexpr const char* kTrackerToken = "tracker-token-5678";

// A GitHub-compatible issues API on loopback that keeps what is filed to it: POST and GET
// /api/v3/repos/acme/parsers/issues. It can refuse (status), or keep an issue and answer too late.
class FakeIssueTracker {
 public:
  FakeIssueTracker() {
    const std::string path = "/api/v3/repos/acme/parsers/issues";
    server_.Post(path, [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      ++posts_;
      if (req.get_header_value("Authorization") != std::string("Bearer ") + kTrackerToken) {
        res.status = 401;
        res.set_content(R"({"message":"Bad credentials"})", "application/json");
        return;
      }
      if (refusals_left_ > 0) {
        --refusals_left_;
        res.status = refuse_with_;
        res.set_content(R"({"message":"Server Error"})", "application/json");
        return;
      }
      json issue = json::parse(req.body);
      issue["number"] = static_cast<int>(issues_.size()) + 1;
      issue["html_url"] =
          "https://tracker.example/acme/parsers/issues/" + std::to_string(issues_.size() + 1);
      issues_.push_back(issue);
      const int delay = answer_late_seconds_;
      answer_late_seconds_ = 0;
      lock.unlock();
      if (delay)
        std::this_thread::sleep_for(std::chrono::seconds(delay));  // the filer gave up by now
      res.status = 201;
      res.set_content(issue.dump(), "application/json");
    });
    server_.Get(path, [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      ++lists_;
      json page = json::array();
      if (req.get_param_value("page") == "1") {
        for (const json& i : issues_) page.push_back(i);
      }
      res.set_content(page.dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeIssueTracker() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v3/"; }
  void Refuse(int times, int status) {
    std::lock_guard lock(mutex_);
    refusals_left_ = times;
    refuse_with_ = status;
  }
  void AnswerLate(int seconds) {
    std::lock_guard lock(mutex_);
    answer_late_seconds_ = seconds;
  }
  std::vector<json> Issues() {
    std::lock_guard lock(mutex_);
    return issues_;
  }
  int Posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<json> issues_;
  int posts_ = 0, lists_ = 0, refusals_left_ = 0, refuse_with_ = 502, answer_late_seconds_ = 0;
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("nodefuzz-service-test-" + std::string(info->name()) + "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    port_ = 20000 + static_cast<int>(getpid() % 20000);
  }
  void TearDown() override {
    Stop(SIGTERM);
    if (HasFailure())
      std::cerr << "serve.log:\n" << std::ifstream(dir_ / "serve.log").rdbuf() << "\n";
    fs::remove_all(dir_);
  }

  // Starts the server; with_token writes the token file and passes it.
  void Start(bool with_token, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        NODEFUZZ_TRIAGE_BIN,  "--db",   (dir_ / "triage.db").string(), "serve",     "--bin-dir",
        TRIAGE_BUGGY_BIN_DIR, "--port", std::to_string(port_),         "--timeout", "3",
        "--minimize-time",    "2"};
    if (with_token) {
      std::ofstream(dir_ / "token") << kToken << "\n";
      args.insert(args.end(), {"--token-file", (dir_ / "token").string()});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      const std::string log = (dir_ / "serve.log").string();
      freopen(log.c_str(), "a", stdout);
      freopen(log.c_str(), "a", stderr);
      unsetenv("NODEFUZZ_TRIAGE_TOKEN");
      for (const auto& [name, value] : env_) setenv(name.c_str(), value.c_str(), 1);
      execv(argv[0], argv.data());
      _exit(127);
    }
    httplib::Client c("127.0.0.1", port_);
    for (int i = 0; i < 100; ++i) {
      if (auto r = c.Get("/api/health"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the server did not start on port " << port_;
  }

  void Stop(int sig) {
    if (pid_ <= 0) return;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  httplib::Result Upload(const std::string& target, const std::string& data,
                         const char* token = kToken) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (token) headers.emplace("Authorization", std::string("Bearer ") + token);
    httplib::MultipartFormDataItems form = {{"target", target, "", ""},
                                            {"build_id", "test-build", "", ""},
                                            {"file", data, "crash", "application/octet-stream"}};
    return c.Post("/api/uploads", headers, form);
  }

  json Get(const std::string& path, int expect_status = 200) {
    httplib::Client c("127.0.0.1", port_);
    auto r = c.Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, expect_status) << path << ": " << r->body;
    return json::parse(r->body);
  }

  // Waits until no upload is queued or running.
  json WaitForQueue(int seconds = 120) {
    json health;
    for (int i = 0; i < seconds * 5; ++i) {
      health = Get("/api/health");
      const json& u = health["uploads"];
      if (!u.contains("queued") && !u.contains("running")) return health;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "the queue did not drain: " << health.dump();
    return health;
  }

  void UseTracker(const FakeIssueTracker& tracker, const std::string& token = kTrackerToken) {
    env_ = {{"NODEFUZZ_ISSUES_API_URL", tracker.Url()},
            {"NODEFUZZ_ISSUES_REPO", "acme/parsers"},
            {"NODEFUZZ_ISSUES_TOKEN", token}};
  }

  // The bug an input becomes, once the upload is done.
  std::string BugOf(const std::string& data) {
    auto r = Upload("triage_buggy_target", data);
    EXPECT_TRUE(r && r->status == 202);
    const int64_t id = json::parse(r->body)["id"];
    WaitForQueue();
    return Get("/api/uploads/" + std::to_string(id))["bug_id"];
  }

  // Polls a bug until its filing satisfies `done`.
  json WaitForFiling(const std::string& bug_id, const std::function<bool(const json&)>& done,
                     int seconds = 60) {
    json bug;
    for (int i = 0; i < seconds * 5; ++i) {
      bug = Get("/api/bugs/" + bug_id);
      if (bug.contains("filing") && done(bug["filing"])) return bug["filing"];
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "the filing of " << bug_id << " never got there: " << bug.dump();
    return json();
  }

  std::string Html(const std::string& path) {
    httplib::Client c("127.0.0.1", port_);
    auto r = c.Get(path);
    EXPECT_TRUE(r && r->status == 200) << path;
    return r ? r->body : "";
  }

  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::vector<std::pair<std::string, std::string>> env_;
};

TEST_F(ServiceTest, WithoutATokenReadsWorkAndUploadsAreRefusedWithHowToFixIt) {
  Start(false);
  EXPECT_EQ(Get("/api/health")["uploads_accepted"], false);
  auto r = Upload("triage_buggy_target", "r", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("--token-file"),
            std::string::npos);
}

TEST_F(ServiceTest, AnUploadBecomesABugWithADownloadableReproducer) {
  Start(true);
  auto r = Upload("triage_buggy_target", "r" + std::string(50, 'J'));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const int64_t id = json::parse(r->body)["id"];
  WaitForQueue();
  const json upload = Get("/api/uploads/" + std::to_string(id));
  EXPECT_EQ(upload["status"], "done");
  EXPECT_EQ(upload["result"], "reliable");
  const std::string bug_id = upload["bug_id"];
  const json bug = Get("/api/bugs/" + bug_id);
  EXPECT_EQ(bug["signature"], "Heap-buffer-overflow READ | ReadPastEnd");
  EXPECT_EQ(bug["crashes"].size(), 1u);
  EXPECT_EQ(Get("/api/bugs?severity=Medium").size(), 1u);
  EXPECT_EQ(Get("/api/bugs?target=other").size(), 0u);
  httplib::Client c("127.0.0.1", port_);
  auto dl = c.Get("/api/bugs/" + bug_id + "/reproducer");
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->status, 200);
  EXPECT_EQ(dl->body, "r");  // minimized
  auto orig = c.Get("/api/bugs/" + bug_id + "/original");
  ASSERT_TRUE(orig);
  EXPECT_EQ(orig->body.size(), 51u);
}

TEST_F(ServiceTest, BadRequestsGetA4xxWithAJsonError) {
  Start(true, {"--max-upload-bytes", "4096"});
  struct Case {
    httplib::Result result;
    int status;
  };
  std::vector<Case> cases;
  cases.push_back({Upload("triage_buggy_target", "r", "wrong-token"), 401});
  cases.push_back({Upload("../../../bin/sh", "r"), 400});  // a client name is never a path
  cases.push_back({Upload("triage_buggy_target", ""), 400});
  cases.push_back({Upload("triage_buggy_target", std::string(10000, 'r')), 413});
  httplib::Client c("127.0.0.1", port_);
  cases.push_back({c.Post("/api/uploads", {{"Authorization", std::string("Bearer ") + kToken}},
                          "not a form", "text/plain"),
                   400});
  cases.push_back({c.Get("/api/bugs/ffffffffffff"), 404});
  cases.push_back({c.Get("/api/uploads/999"), 404});
  cases.push_back({c.Get("/api/etc/passwd"), 404});
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(cases[i].result) << "case " << i;
    EXPECT_EQ(cases[i].result->status, cases[i].status)
        << "case " << i << ": " << cases[i].result->body;
    EXPECT_TRUE(json::parse(cases[i].result->body).contains("error")) << "case " << i;
  }
  EXPECT_TRUE(Get("/api/health")["uploads"].empty()) << "a refused upload was queued";
  // Outside the API, a person gets a page.
  auto page = c.Get("/etc/passwd");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("no such page: /etc/passwd"), std::string::npos) << page->body;
  auto bug_page = c.Get("/bugs/ffffffffffff");
  ASSERT_TRUE(bug_page);
  EXPECT_EQ(bug_page->status, 404);
}

TEST_F(ServiceTest, FiftyConcurrentUploadsAreEachStoredExactlyOnce) {
  Start(true, {"--workers", "2"});  // two workers also write the same bugs' report bundles at once
  constexpr int kUploads = 50;
  std::vector<std::thread> threads;
  std::vector<int> status(kUploads);
  std::vector<int64_t> ids(kUploads);
  for (int i = 0; i < kUploads; ++i) {
    threads.emplace_back([&, i] {
      // Two bugs, fifty distinct inputs.
      auto r =
          Upload("triage_buggy_target", std::string(i % 2 ? "w" : "b") + "#" + std::to_string(i));
      status[i] = r ? r->status : -static_cast<int>(r.error());
      if (r && r->status == 202) ids[i] = json::parse(r->body)["id"];
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kUploads; ++i) EXPECT_EQ(status[i], 202) << i;
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), static_cast<size_t>(kUploads));
  // The same bytes again: the stored upload, not a second one.
  auto again = Upload("triage_buggy_target", "b#0");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["duplicate"], true);
  const json health = WaitForQueue();
  EXPECT_EQ(health["uploads"]["done"], kUploads);
  int crashes = 0;
  for (const json& b : Get("/api/bugs")) crashes += b["count"].get<int>();
  EXPECT_EQ(crashes, kUploads);
  EXPECT_EQ(Get("/api/bugs").size(), 2u);
}

TEST_F(ServiceTest, AKilledServerLosesNoUploadAndRepeatsNoFinishedWork) {
  Start(true);
  constexpr int kUploads = 8;
  for (int i = 0; i < kUploads; ++i) {
    auto r = Upload("triage_buggy_target", "u#" + std::to_string(i));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202);
  }
  // Killed while the worker is somewhere in the queue.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  Stop(SIGKILL);
  Start(true);
  const json health = WaitForQueue();
  EXPECT_EQ(health["uploads"]["done"], kUploads) << health.dump();
  const json bugs = Get("/api/bugs");
  ASSERT_EQ(bugs.size(), 1u);
  EXPECT_EQ(bugs[0]["count"], kUploads);  // each input stored once, none twice
}

// Two workers, uploads of two new bugs in bug order: while one worker minimizes the first bug,
// the other parks that bug's duplicates and goes on to minimize the second; each bug is
// minimized once and its duplicates attached when it is stored.
TEST_F(ServiceTest, WorkersMinimizeDistinctNewBugsAtOnceAndAttachDuplicatesLater) {
  Start(true, {"--workers", "2", "--minimize-time", "10"});
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(
        Upload("triage_buggy_target", "r" + std::string(200, static_cast<char>('0' + i)))->status,
        202);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(
        Upload("triage_buggy_target", "w" + std::string(200, static_cast<char>('0' + i)))->status,
        202);
  const json health = WaitForQueue();
  EXPECT_EQ(health["uploads"]["done"], 6) << health.dump();
  EXPECT_EQ(health["minimizing"], json::array());
  std::map<std::string, int> counts;
  for (const json& b : Get("/api/bugs")) {
    counts[b["signature"]] = b["count"];
    EXPECT_EQ(b["minimized"]["size"], 1) << b.dump();
  }
  EXPECT_EQ(counts, (std::map<std::string, int>{{"Heap-buffer-overflow READ | ReadPastEnd", 4},
                                                {"Heap-buffer-overflow WRITE | WritePastEnd", 2}}));
  std::ifstream log(dir_ / "serve.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  size_t minimizations = 0;
  for (size_t at = 0; (at = text.find(", minimizing it\n", at)) != std::string::npos; ++at)
    ++minimizations;
  EXPECT_EQ(minimizations, 2u) << "a bug was minimized more than once:\n" << text;
}

// A server killed while uploads wait for their bug's minimization: they are queued again when it
// starts, and each is stored once.
TEST_F(ServiceTest, AKilledServerLosesNoUploadWaitingForItsBug) {
  Start(true, {"--workers", "2", "--minimize-time", "20"});
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(
        Upload("triage_buggy_target", "u" + std::string(300, static_cast<char>('0' + i)))->status,
        202);
  bool parked = false;
  for (int i = 0; i < 300 && !parked; ++i) {
    parked = Get("/api/health")["waiting_for_their_bug"].get<int>() > 0;
    if (!parked) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(parked) << "no upload ever waited for its bug";
  Stop(SIGKILL);
  Start(true, {"--workers", "2"});
  const json health = WaitForQueue();
  EXPECT_EQ(health["uploads"]["done"], 4) << health.dump();
  const json bugs = Get("/api/bugs");
  ASSERT_EQ(bugs.size(), 1u);
  EXPECT_EQ(bugs[0]["count"], 4);
}

// Filing: a new reliable bug is filed once, with title, body and labels, after the tracker's
// refusals; a security bug is held and never filed.
TEST_F(ServiceTest, NewReliableBugsAreFiledOnceAndSecurityBugsAreHeld) {
  FakeIssueTracker tracker;
  tracker.Refuse(2, 502);
  UseTracker(tracker);
  Start(true, {"--retry-seconds", "1"});
  const std::string oracle = BugOf("o");     // Medium, not security
  const std::string null_read = BugOf("n");  // Low, not security
  const std::string overflow = BugOf("r");   // Medium, security
  auto filed = [](const json& f) { return f["state"] == "filed"; };
  const json oracle_filing = WaitForFiling(oracle, filed);
  WaitForFiling(null_read, filed);
  EXPECT_EQ(
      WaitForFiling(overflow, [](const json& f) { return f["state"] == "held"; })["issue_number"],
      0);

  const std::vector<json> issues = tracker.Issues();
  ASSERT_EQ(issues.size(), 2u) << "one issue per non-security bug, none twice";
  EXPECT_EQ(tracker.Posts(), 4) << "two refused, two made";
  const json& issue = issues[0]["title"].get<std::string>().find("Oracle") != std::string::npos
                          ? issues[0]
                          : issues[1];
  EXPECT_EQ(issue["title"],
            "[nodefuzz] Oracle test.oracle in CheckInvariant (triage_buggy_target)");
  EXPECT_EQ(issue["labels"],
            json({"nodefuzz", "oracle", "severity:medium", "target:triage_buggy_target"}));
  const std::string body = issue["body"];
  EXPECT_NE(body.find("<!-- nodefuzz-bug: " + oracle + " -->"), std::string::npos) << body;
  EXPECT_NE(body.find("scripts/reproduce triage_buggy_target testcase-minimized"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("base64 -d > testcase-minimized <<'EOF'\nbw==\nEOF"), std::string::npos)
      << body;  // "o"
  EXPECT_EQ(oracle_filing["issue_url"],
            "https://tracker.example/acme/parsers/issues/" +
                std::to_string(oracle_filing["issue_number"].get<int>()));
  for (const json& i : issues) {
    EXPECT_EQ(i["body"].get<std::string>().find(overflow), std::string::npos)
        << "the security bug was filed";
  }
  // The pages say so.
  EXPECT_NE(Html("/bugs/" + overflow).find("held for private disclosure"), std::string::npos);
  EXPECT_NE(Html("/").find("https://tracker.example/acme/parsers/issues/"), std::string::npos);
}

// A tracker that refuses the token: the failure and the next retry show on the pages and in the
// API, and filing goes on retrying.
TEST_F(ServiceTest, FailedFilingsAreRetriedAndShowOnThePage) {
  FakeIssueTracker tracker;
  UseTracker(tracker, "wrong-token");
  Start(true, {"--retry-seconds", "1"});
  const std::string oracle = BugOf("o");
  const json filing =
      WaitForFiling(oracle, [](const json& f) { return f["attempts"].get<int>() >= 2; });
  EXPECT_EQ(filing["state"], "pending");
  EXPECT_NE(filing["last_error"].get<std::string>().find(
                "HTTP 401: Bad credentials — check NODEFUZZ_ISSUES_TOKEN"),
            std::string::npos)
      << filing.dump();
  const std::string page = Html("/bugs/" + oracle);
  EXPECT_NE(page.find("retrying at"), std::string::npos);
  EXPECT_NE(page.find("Bad credentials"), std::string::npos);
  EXPECT_NE(Html("/").find("Bad credentials"), std::string::npos);
  EXPECT_TRUE(tracker.Issues().empty());
}

// The tracker makes the issue but answers after the filer gave up: the retry finds that issue by
// its marker instead of filing a second one.
TEST_F(ServiceTest, AFilingWhoseAnswerWasLostIsNotFiledTwice) {
  FakeIssueTracker tracker;
  tracker.AnswerLate(3);
  UseTracker(tracker);
  Start(true, {"--retry-seconds", "1", "--tracker-timeout", "1"});
  const std::string oracle = BugOf("o");
  const json filing = WaitForFiling(oracle, [](const json& f) { return f["state"] == "filed"; });
  EXPECT_GE(filing["attempts"].get<int>(), 2);
  EXPECT_EQ(filing["issue_number"], 1);
  EXPECT_EQ(tracker.Issues().size(), 1u);
  EXPECT_EQ(tracker.Posts(), 1);
}

// Filing settings that cannot work end the server's start in one line.
TEST_F(ServiceTest, UnusableFilingSettingsAreRefusedAtStart) {
  const std::string cmd = "env NODEFUZZ_ISSUES_REPO=not-a-repo NODEFUZZ_ISSUES_TOKEN=x " +
                          std::string(NODEFUZZ_TRIAGE_BIN) + " --db " +
                          (dir_ / "triage.db").string() + " serve --bin-dir " +
                          TRIAGE_BUGGY_BIN_DIR + " --port " + std::to_string(port_) + " 2>" +
                          (dir_ / "err").string();
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream err(dir_ / "err");
  std::string line, extra;
  std::getline(err, line);
  EXPECT_FALSE(std::getline(err, extra)) << "more than one line";
  EXPECT_NE(line.find("NODEFUZZ_ISSUES_REPO='not-a-repo' is not owner/name"), std::string::npos)
      << line;
}

// `nodefuzz-triage file`: one filing pass from the command line (cron, CI), on a store the
// server filled while filing was off. A second pass files nothing again.
TEST_F(ServiceTest, TheFileCommandFilesEachNewBugOnce) {
  Start(true);
  const std::string oracle = BugOf("o");
  Stop(SIGTERM);
  FakeIssueTracker tracker;
  auto file = [&](const std::string& env) {
    const fs::path out = dir_ / "file.out";
    const std::string cmd = env + " " + NODEFUZZ_TRIAGE_BIN + " --db " +
                            (dir_ / "triage.db").string() + " file >" + out.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(out);
    return std::make_pair(WEXITSTATUS(status), std::string(std::istreambuf_iterator<char>(in), {}));
  };
  const std::string env =
      "env NODEFUZZ_ISSUES_API_URL=" + tracker.Url() +
      " NODEFUZZ_ISSUES_REPO=acme/parsers NODEFUZZ_ISSUES_TOKEN=" + kTrackerToken;
  auto [status, out] = file(env);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find(oracle + " filed as #1 https://tracker.example/acme/parsers/issues/1"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("file: 1 filed, 0 failed"), std::string::npos) << out;
  std::tie(status, out) = file(env);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("file: 0 filed, 0 failed"), std::string::npos) << out;
  EXPECT_EQ(tracker.Posts(), 1);
  // Not configured: one line saying what to set.
  std::tie(status, out) =
      file("env -u NODEFUZZ_ISSUES_REPO -u NODEFUZZ_ISSUES_TOKEN -u NODEFUZZ_ISSUES_API_URL");
  EXPECT_EQ(status, 2);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_NE(out.find("set NODEFUZZ_ISSUES_REPO=owner/name"), std::string::npos) << out;
}

}  // namespace
