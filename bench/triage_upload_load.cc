// Load for bench/triage-uploads: many clients upload distinct crash inputs of the buggy target
// to a running `nodefuzz-triage serve` at once, while its workers reproduce what is queued.
// Prints the uploads/s the server accepted, the latency of an upload, whether the workers were
// busy all along, then how fast the queue drained and whether every upload was stored once.
//
// With --burst-bugs, a burst of new bugs instead, as a fuzzing campaign sends them: K inputs of
// each of B bugs the store does not know, uploaded in bug order; prints when each bug was stored
// and how long the queue took to drain.
//
//   triage_upload_load --url http://127.0.0.1:PORT --token T --uploads N --clients C
//   triage_upload_load --url http://127.0.0.1:PORT --token T --burst-bugs B --inputs-per-bug K
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Usage(const std::string& why) {
  std::cerr << "triage_upload_load: " << why
            << " — usage: triage_upload_load --url http://HOST:PORT --token T [--uploads N] "
               "[--clients C]\n";
  std::exit(2);
}

struct Health {
  int64_t queued = 0, running = 0, done = 0, failed = 0;
};

Health ReadHealth(httplib::Client& c) {
  auto r = c.Get("/api/health");
  if (!r || r->status != 200) {
    std::cerr << "triage_upload_load: /api/health did not answer\n";
    std::exit(1);
  }
  const json u = json::parse(r->body)["uploads"];
  return {u.value("queued", int64_t{0}), u.value("running", int64_t{0}),
          u.value("done", int64_t{0}), u.value("failed", int64_t{0})};
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Selectors of the buggy target that are distinct bugs, each quick to reproduce and to minimize
// to one byte (no hang, no out-of-memory).
constexpr const char* kBurstSelectors[] = {"r", "w", "u", "n", "b", "l", "L",
                                           "M", "o", "a", "x", "e", "q"};
constexpr int kBurstMaxBugs = sizeof kBurstSelectors / sizeof kBurstSelectors[0];

int Burst(const std::string& url, const std::string& token, int bugs, int per_bug) {
  if (bugs > kBurstMaxBugs || per_bug < 1) {
    Usage("--burst-bugs is 1 to " + std::to_string(kBurstMaxBugs) +
          " and --inputs-per-bug positive");
  }
  httplib::Client c(url);
  c.set_read_timeout(60, 0);
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  const auto start = Clock::now();
  for (int b = 0; b < bugs; ++b) {
    for (int k = 0; k < per_bug; ++k) {
      // 4 KB of digits after the selector: distinct per input, and work for the minimizer.
      std::string body = kBurstSelectors[b];
      for (int i = 0; i < 4096; ++i) body += static_cast<char>('0' + (i * (k + 3)) % 10);
      body += "#" + std::to_string(k);
      const httplib::MultipartFormDataItems form = {
          {"target", "triage_buggy_target", "", ""},
          {"build_id", "burst", "", ""},
          {"file", body, "crash", "application/octet-stream"}};
      auto r = c.Post("/api/uploads", headers, form);
      if (!r || r->status != 202) {
        std::cerr << "triage_upload_load: upload refused: "
                  << (r ? r->body : httplib::to_string(r.error())) << "\n";
        return 1;
      }
    }
  }
  const double uploaded = Seconds(start, Clock::now());
  // When each bug was stored, and when the queue was empty.
  std::map<std::string, double> stored_at;
  int64_t crashes = 0;
  for (Health h = ReadHealth(c);; h = ReadHealth(c)) {
    auto r = c.Get("/api/bugs");
    if (r && r->status == 200) {
      crashes = 0;
      for (const json& bug : json::parse(r->body)) {
        stored_at.emplace(bug["id"].get<std::string>(), Seconds(start, Clock::now()));
        crashes += bug["count"].get<int64_t>();
      }
    }
    if (h.queued + h.running == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double drained = Seconds(start, Clock::now());
  const Health end = ReadHealth(c);
  std::vector<double> times;
  for (const auto& [id, t] : stored_at) times.push_back(t);
  std::sort(times.begin(), times.end());
  std::string timeline;
  for (double t : times)
    timeline += (timeline.empty() ? "" : " ") + std::to_string(static_cast<int>(t + 0.5));
  const bool exact = static_cast<int>(stored_at.size()) == bugs &&
                     crashes == int64_t{bugs} * per_bug && end.done == int64_t{bugs} * per_bug &&
                     end.failed == 0;
  std::printf(
      "triage-uploads: burst of %d new bugs x %d inputs (%d uploads, in bug order) sent in %.1f s; "
      "drained in %.1f s; bugs stored at (s): %s; %lld crashes stored for %d uploads: %s\n",
      bugs, per_bug, bugs * per_bug, uploaded, drained, timeline.c_str(),
      static_cast<long long>(crashes), bugs * per_bug, exact ? "exact" : "NOT EXACT");
  return exact ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, token;
  int uploads = 2000, clients = 50, burst_bugs = 0, inputs_per_bug = 4;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) Usage(arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--url")
      url = value;
    else if (arg == "--token")
      token = value;
    else if (arg == "--uploads")
      uploads = std::atoi(value.c_str());
    else if (arg == "--clients")
      clients = std::atoi(value.c_str());
    else if (arg == "--burst-bugs")
      burst_bugs = std::atoi(value.c_str());
    else if (arg == "--inputs-per-bug")
      inputs_per_bug = std::atoi(value.c_str());
    else
      Usage("unknown argument " + arg);
  }
  if (url.empty() || token.empty()) Usage("--url and --token are required");
  if (uploads < 1 || clients < 1) Usage("--uploads and --clients must be positive");
  if (burst_bugs > 0) return Burst(url, token, burst_bugs, inputs_per_bug);

  httplib::Client monitor(url);
  // Four bugs, every input distinct: each upload is new work for the workers.
  const char* selectors[] = {"r", "w", "o", "b"};
  // First one input per bug, so the load meets workers reproducing, not minimizing new bugs.
  for (const char* s : selectors) {
    const httplib::MultipartFormDataItems form = {
        {"target", "triage_buggy_target", "", ""},
        {"file", std::string(s) + "#warm-up", "crash", ""}};
    auto r = monitor.Post("/api/uploads", {{"Authorization", "Bearer " + token}}, form);
    if (!r || (r->status != 202 && r->status != 200)) {
      std::cerr << "triage_upload_load: the warm-up upload was refused: "
                << (r ? r->body : httplib::to_string(r.error())) << "\n";
      return 1;
    }
  }
  for (Health h = ReadHealth(monitor); h.queued + h.running > 0; h = ReadHealth(monitor)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const Health before = ReadHealth(monitor);

  std::atomic<int> next{0}, accepted{0}, refused{0};
  std::mutex latency_mutex;
  std::vector<double> latencies;
  // Sampled while the uploads go in: were the workers reproducing the whole time?
  std::atomic<bool> uploading{true};
  int samples = 0, busy_samples = 0;
  std::thread sampler([&] {
    httplib::Client c(url);
    while (uploading) {
      const Health h = ReadHealth(c);
      ++samples;
      busy_samples += h.running > 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client c(url);
      c.set_read_timeout(60, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      for (int i; (i = next++) < uploads;) {
        char body[64];
        std::snprintf(body, sizeof body, "%s#load-%d", selectors[i % 4], i);
        const httplib::MultipartFormDataItems form = {
            {"target", "triage_buggy_target", "", ""},
            {"build_id", "bench", "", ""},
            {"file", body, "crash", "application/octet-stream"}};
        const auto sent = Clock::now();
        auto r = c.Post("/api/uploads", headers, form);
        const double seconds = Seconds(sent, Clock::now());
        if (r && r->status == 202) {
          ++accepted;
        } else {
          ++refused;
          if (refused == 1)
            std::cerr << "triage_upload_load: upload refused: "
                      << (r ? r->body : httplib::to_string(r.error())) << "\n";
        }
        std::lock_guard lock(latency_mutex);
        latencies.push_back(seconds);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const auto uploaded = Clock::now();
  uploading = false;
  sampler.join();
  const Health after_upload = ReadHealth(monitor);

  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    return latencies[static_cast<size_t>(p * static_cast<double>(latencies.size() - 1))] * 1000;
  };
  const double upload_seconds = Seconds(start, uploaded);
  std::printf(
      "triage-uploads: %d uploads from %d clients in %.2f s: %.0f uploads/s accepted (%d refused); "
      "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      accepted.load(), clients, upload_seconds, accepted / upload_seconds, refused.load(),
      percentile(0.5), percentile(0.99), latencies.back() * 1000);
  std::printf(
      "triage-uploads: workers busy in %d of %d samples while uploading; %lld reproduced "
      "meanwhile, %lld left queued\n",
      busy_samples, samples, static_cast<long long>(after_upload.done - before.done),
      static_cast<long long>(after_upload.queued + after_upload.running));

  // Then the queue drains: how fast the workers reproduce, and whether each upload landed once.
  Health h = after_upload;
  while (h.queued + h.running > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    h = ReadHealth(monitor);
  }
  const double drain_seconds = Seconds(start, Clock::now());
  int64_t stored = 0;
  if (auto r = monitor.Get("/api/bugs"); r && r->status == 200) {
    for (const json& b : json::parse(r->body)) stored += b["count"].get<int64_t>();
  }
  const int64_t done = h.done - before.done;
  const bool exact =
      done == accepted && stored == before.done + accepted && h.failed == before.failed;
  std::printf(
      "triage-uploads: all %lld reproduced after %.1f s (%.1f uploads/s through the workers); "
      "%lld crashes stored for %lld uploads: %s\n",
      static_cast<long long>(done), drain_seconds, static_cast<double>(done) / drain_seconds,
      static_cast<long long>(stored), static_cast<long long>(before.done + accepted),
      exact ? "exact" : "NOT EXACT");
  return exact && refused == 0 ? 0 : 1;
}
