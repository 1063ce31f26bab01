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
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToken = "test-token-1234";

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("nodefuzz-service-test-" + std::string(info->name()) + "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    port_ = 20000 + static_cast<int>(getpid() % 20000);
  }
  void TearDown() override {
    Stop(SIGTERM);
    if (HasFailure()) std::cerr << "serve.log:\n" << std::ifstream(dir_ / "serve.log").rdbuf() << "\n";
    fs::remove_all(dir_);
  }

  // Starts the server; with_token writes the token file and passes it.
  void Start(bool with_token, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {NODEFUZZ_TRIAGE_BIN, "--db", (dir_ / "triage.db").string(), "serve",
                                     "--bin-dir", TRIAGE_BUGGY_BIN_DIR, "--port", std::to_string(port_),
                                     "--timeout", "3", "--minimize-time", "2"};
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

  httplib::Result Upload(const std::string& target, const std::string& data, const char* token = kToken) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (token) headers.emplace("Authorization", std::string("Bearer ") + token);
    httplib::MultipartFormDataItems form = {{"target", target, "", ""}, {"build_id", "test-build", "", ""},
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

  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(ServiceTest, WithoutATokenReadsWorkAndUploadsAreRefusedWithHowToFixIt) {
  Start(false);
  EXPECT_EQ(Get("/api/health")["uploads_accepted"], false);
  auto r = Upload("triage_buggy_target", "r", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("--token-file"), std::string::npos);
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
  EXPECT_EQ(bug["signature"], "Heap-buffer-overflow READ | ReadPastEnd | LLVMFuzzerTestOneInput");
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
  cases.push_back({c.Post("/api/uploads", {{"Authorization", std::string("Bearer ") + kToken}}, "not a form", "text/plain"), 400});
  cases.push_back({c.Get("/api/bugs/ffffffffffff"), 404});
  cases.push_back({c.Get("/api/uploads/999"), 404});
  cases.push_back({c.Get("/etc/passwd"), 404});
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(cases[i].result) << "case " << i;
    EXPECT_EQ(cases[i].result->status, cases[i].status) << "case " << i << ": " << cases[i].result->body;
    EXPECT_TRUE(json::parse(cases[i].result->body).contains("error")) << "case " << i;
  }
  EXPECT_TRUE(Get("/api/health")["uploads"].empty()) << "a refused upload was queued";
}

TEST_F(ServiceTest, FiftyConcurrentUploadsAreEachStoredExactlyOnce) {
  Start(true);
  constexpr int kUploads = 50;
  std::vector<std::thread> threads;
  std::vector<int> status(kUploads);
  std::vector<int64_t> ids(kUploads);
  for (int i = 0; i < kUploads; ++i) {
    threads.emplace_back([&, i] {
      // Two bugs, fifty distinct inputs.
      auto r = Upload("triage_buggy_target", std::string(i % 2 ? "w" : "b") + "#" + std::to_string(i));
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

}  // namespace
