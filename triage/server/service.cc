#include "server/service.h"

#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "analysis/signature.h"
#include "jobs/bug_report.h"
#include "jobs/node_checks.h"
#include "running/scratch.h"
#include "server/web_pages.h"
#include "store/store.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(2) + "\n", "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, {{"error", message}});
}

// The queue's doorbell: an upload wakes a worker at once instead of at its next poll.
struct Doorbell {
  std::mutex mutex;
  std::condition_variable cv;
  bool rung = false;
  void Ring() {
    std::lock_guard lock(mutex);
    rung = true;
    cv.notify_all();
  }
  void Wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, timeout, [&] { return rung; });
    rung = false;
  }
};

constexpr size_t kHandlerThreads = 64;
constexpr int kListenBacklog = 1024;

std::atomic<bool> stopping{false};
httplib::Server* running_server = nullptr;

void OnStopSignal(int) {
  stopping = true;
  if (running_server) running_server->stop();
}

class Service {
 public:
  explicit Service(const ServiceOptions& o) : options_(o) {}

  // The targets uploads may name: every fuzz target in --bin-dir, by file name. A client's name is
  // only ever looked up here, never joined to a path.
  bool LoadTargets(std::string& error) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options_.bin_dir, ec)) {
      std::string ignored;
      if (std::optional<TargetBinary> t = InspectTarget(e.path(), ignored))
        targets_.emplace(t->name, *t);
    }
    if (ec || targets_.empty()) {
      error = "no fuzz targets in --bin-dir " + options_.bin_dir.string() +
              " — pass a preset's bin directory, e.g. build/fuzz/bin (build it first)";
      return false;
    }
    return true;
  }

  void Routes(httplib::Server& server) {
    server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      BugListHtml(req, res);
    });
    server.Get(R"(/bugs/([0-9a-f]{1,64}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 BugHtml(req, req.matches[1], res);
               });
    server.Get("/targets",
               [this](const httplib::Request&, httplib::Response& res) { TargetsHtml(res); });
    server.Get("/api/health",
               [this](const httplib::Request&, httplib::Response& res) { Health(res); });
    server.Get("/api/bugs",
               [this](const httplib::Request& req, httplib::Response& res) { ListBugs(req, res); });
    server.Get(R"(/api/bugs/([0-9a-f]{1,64}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 OneBug(req.matches[1], res);
               });
    server.Get(R"(/api/bugs/([0-9a-f]{1,64})/(reproducer|original))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 Download(req.matches[1], req.matches[2], res);
               });
    server.Post("/api/uploads",
                [this](const httplib::Request& req, httplib::Response& res) { Upload(req, res); });
    server.Get(R"(/api/uploads/([0-9]{1,18}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 UploadStatus(std::stoll(req.matches[1]), res);
               });
    // Anything else, and httplib's own refusals (413 for a too-large body), as JSON.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      const bool api = req.path.starts_with("/api/");
      const std::string what =
          res.status == 413   ? "the upload is larger than the server's limit (--max-upload-bytes)"
          : res.status == 404 ? "no such " + std::string(api ? "resource" : "page") + ": " +
                                    req.path + (api ? " (see /api/health)" : "")
                              : "the request was refused (HTTP " + std::to_string(res.status) + ")";
      if (api) return SendError(res, res.status, what);
      res.set_content(ErrorPage(res.status, what), "text/html; charset=utf-8");
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "internal error";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          SendError(res, 500, what);
        });
  }

  void StartWorkers() {
    {
      Store store(options_.db);
      const int requeued = store.RequeueInterruptedUploads();
      if (requeued > 0)
        std::cerr << "serve: " << requeued
                  << " upload(s) left running by an earlier server are queued again\n";
    }
    for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
    if (options_.tracker) workers_.emplace_back([this] { FilingLoop(); });
  }

  void StopWorkers() {
    stopping = true;
    doorbell_.Ring();
    filing_doorbell_.Ring();
    for (std::thread& t : workers_) t.join();
  }

 private:
  FilingStatus FilingState() const {
    if (!options_.tracker) {
      return {false,
              "off — set NODEFUZZ_ISSUES_REPO and NODEFUZZ_ISSUES_TOKEN (and "
              "NODEFUZZ_ISSUES_API_URL) to file new bugs"};
    }
    return {true, "to " + options_.tracker->repo + " at " + options_.tracker->api_url};
  }

  void BugListHtml(const httplib::Request& req, httplib::Response& res) {
    Store store(options_.db);
    const BugListFilter filter{req.get_param_value("target"), req.get_param_value("status"),
                               req.get_param_value("severity")};
    std::map<std::string, triage::Filing> filings;
    for (const triage::Filing& f : store.ListFilings()) filings.emplace(f.bug_id, f);
    res.set_content(
        BugListPage(store.ListBugs(), filter, filings, store.UploadCounts(), FilingState()),
        "text/html; charset=utf-8");
  }

  void BugHtml(const httplib::Request& req, const std::string& id, httplib::Response& res) {
    Store store(options_.db);
    const std::optional<BugRecord> b = store.FindBug(id);
    if (!b) {
      res.status = 404;
      res.set_content(ErrorPage(404, "no bug " + id + " (or the prefix is ambiguous)"),
                      "text/html; charset=utf-8");
      return;
    }
    const std::string host = req.get_header_value("Host");
    const BugPageData data{
        *b,
        store.CrashesOfBug(b->id),
        store.VerificationsOfBug(b->id),
        store.GetFiling(b->id),
        "http://" + (host.empty() ? options_.host + ":" + std::to_string(options_.port) : host),
        LatestConfirmations(store, b->id),
        LatestAffectedRows(store, b->id)};
    res.set_content(BugPage(data, FilingState()), "text/html; charset=utf-8");
  }

  void TargetsHtml(httplib::Response& res) {
    Store store(options_.db);
    std::vector<std::string> names;
    for (const auto& [name, t] : targets_) names.push_back(name);
    res.set_content(TargetStatsPage(names, store.ListBugs(), store.StatsByTarget()),
                    "text/html; charset=utf-8");
  }

  void Health(httplib::Response& res) {
    Store store(options_.db);
    json targets = json::array();
    for (const auto& [name, t] : targets_) targets.push_back(name);
    json minimizing = json::array();
    size_t parked = 0;
    {
      std::lock_guard lock(minimizing_mutex_);
      for (const auto& [bug_id, waiting] : minimizing_) {
        minimizing.push_back(bug_id);
        parked += waiting.size();
      }
    }
    SendJson(res, 200,
             {{"status", "ok"},
              {"bugs", store.ListBugs().size()},
              {"uploads", store.UploadCounts()},
              {"minimizing", minimizing},
              {"waiting_for_their_bug", parked},
              {"targets", targets},
              {"uploads_accepted", !options_.token.empty()},
              {"filing", FilingState().description}});
  }

  void ListBugs(const httplib::Request& req, httplib::Response& res) {
    Store store(options_.db);
    json out = json::array();
    for (const BugRecord& b : store.ListBugs()) {
      if (req.has_param("target") && req.get_param_value("target") != b.target) continue;
      if (req.has_param("status") && req.get_param_value("status") != b.status) continue;
      if (req.has_param("severity") && req.get_param_value("severity") != b.severity) continue;
      out.push_back(BugJson(b));
    }
    SendJson(res, 200, out);
  }

  void OneBug(const std::string& id, httplib::Response& res) {
    Store store(options_.db);
    const std::optional<BugRecord> b = store.FindBug(id);
    if (!b) return SendError(res, 404, "no bug " + id + " (or the prefix is ambiguous)");
    json detail = BugDetailJson(store, *b);
    if (const std::optional<triage::Filing> f = store.GetFiling(b->id)) {
      detail["filing"] = {{"state", f->state},
                          {"attempts", f->attempts},
                          {"next_attempt_at", f->next_attempt_at},
                          {"last_error", f->last_error},
                          {"issue_number", f->issue_number},
                          {"issue_url", f->issue_url}};
    }
    SendJson(res, 200, detail);
  }

  void Download(const std::string& id, const std::string& which, httplib::Response& res) {
    Store store(options_.db);
    const std::optional<BugRecord> b = store.FindBug(id);
    if (!b) return SendError(res, 404, "no bug " + id + " (or the prefix is ambiguous)");
    const std::string sha = which == "reproducer" ? b->minimized_sha256 : b->original_sha256;
    const std::optional<std::string> data = store.GetBlob(sha);
    if (!data)
      return SendError(res, 404,
                       "the " + which + " of bug " + b->id + " is missing from the store");
    res.set_header("Content-Disposition", "attachment; filename=\"" + b->id +
                                              (which == "reproducer" ? "-minimized" : "-original") +
                                              "\"");
    res.set_content(*data, "application/octet-stream");
  }

  void Upload(const httplib::Request& req, httplib::Response& res) {
    if (options_.token.empty()) {
      return SendError(res, 403,
                       "uploads are disabled: start the server with --token-file FILE (or "
                       "NODEFUZZ_TRIAGE_TOKEN set) and send it as 'Authorization: Bearer <token>'");
    }
    if (req.get_header_value("Authorization") != "Bearer " + options_.token) {
      return SendError(res, 401,
                       "a valid 'Authorization: Bearer <token>' header is needed to upload");
    }
    if (!req.is_multipart_form_data()) {
      return SendError(res, 400, "send multipart/form-data with fields target, build_id and file");
    }
    if (!req.has_file("target") || !req.has_file("file")) {
      return SendError(res, 400,
                       "the form needs a 'target' field and a 'file' field (build_id is optional)");
    }
    const std::string target = req.get_file_value("target").content;
    const std::string build_id =
        req.has_file("build_id") ? req.get_file_value("build_id").content : "";
    const std::string& data = req.get_file_value("file").content;
    if (!targets_.count(target)) {
      std::string known;
      for (const auto& [name, t] : targets_) known += (known.empty() ? "" : ", ") + name;
      return SendError(res, 400, "unknown target '" + target.substr(0, 64) + "' — known: " + known);
    }
    static const std::regex kBuildId("[A-Za-z0-9._+-]{0,64}");
    if (!std::regex_match(build_id, kBuildId)) {
      return SendError(res, 400, "build_id is at most 64 letters, digits and . _ + -");
    }
    if (data.empty()) return SendError(res, 400, "the file is empty");
    Store store(options_.db);
    const auto [id, added] =
        store.EnqueueUpload(target, build_id, Sha256Hex(data), data, UnixNow());
    if (added) doorbell_.Ring();
    SendJson(res, added ? 202 : 200,
             {{"id", id},
              {"status", store.GetUpload(id)->status},
              {"duplicate", !added},
              {"url", "/api/uploads/" + std::to_string(id)}});
  }

  void UploadStatus(int64_t id, httplib::Response& res) {
    Store store(options_.db);
    const std::optional<triage::Upload> u = store.GetUpload(id);
    if (!u) return SendError(res, 404, "no upload " + std::to_string(id));
    SendJson(res, 200,
             {{"id", u->id},
              {"target", u->target},
              {"build_id", u->build_id},
              {"sha256", u->input_sha256},
              {"status", u->status},
              {"bug_id", u->bug_id},
              {"result", u->result},
              {"attempts", u->attempts},
              {"received_at", u->received_at},
              {"finished_at", u->finished_at}});
  }

  void WorkerLoop() {
    Store store(options_.db);
    while (!stopping) {
      std::optional<triage::Upload> u;
      try {
        u = store.ClaimUpload();
      } catch (const StoreError& e) {
        std::cerr << "serve: " << e.what() << "\n";
      }
      if (!u) {
        doorbell_.Wait(std::chrono::milliseconds(500));
        continue;
      }
      try {
        Process(store, *u);
      } catch (const std::exception& e) {  // the store failed under it: the next start requeues it
        std::cerr << "serve: upload " << u->id << ": " << e.what() << "\n";
      }
    }
  }

  // Marks an upload finished by what the store now holds for it. A crash stored before an error
  // (a report bundle that could not be written) is done, and the error is said beside it.
  void Finish(Store& store, const triage::Upload& u, const std::string& error) {
    const std::optional<CrashRecord> c = store.FindCrash(u.input_sha256, u.target);
    std::string result = c ? c->reproducibility : error.empty() ? "not stored" : error;
    if (c && !error.empty()) result += " (" + error + ")";
    store.FinishUpload(u.id, c ? "done" : "failed", c ? c->bug_id : "", result, UnixNow());
    if (c && !c->bug_id.empty()) filing_doorbell_.Ring();
  }

  // One upload through the steps of ingest. A worker never waits on a bug another worker is
  // minimizing: an upload of such a bug is parked with its reproduction, the worker takes the
  // next upload, and the minimizing worker attaches the parked ones once the bug is stored. So N
  // workers minimize N new bugs at once. An upload a killed server had stored but not marked is
  // marked here without being run again; one parked when the server was killed is still
  // "running" in the store, and queued again when the server starts.
  void Process(Store& store, const triage::Upload& u) {
    const TargetBinary& target = targets_.at(u.target);
    IngestOptions opts = options_.ingest;
    opts.reports_dir = options_.reports_dir;
    if (store.FindCrash(u.input_sha256, target.name)) return Finish(store, u, "");
    const ScratchDir scratch("upload");
    if (!scratch.ok()) return Finish(store, u, "no scratch directory in /tmp");
    PendingInput input;
    input.file = {scratch.path() / ("crash-" + u.input_sha256), "crash"};
    input.data = store.GetBlob(u.input_sha256).value_or("");
    input.sha256 = u.input_sha256;
    input.found_at = u.received_at;
    std::ofstream(input.file.path, std::ios::binary) << input.data;
    input.repro = Reproduce(target, input.file.path, opts.runs, opts.limits);
    const std::string bug_id = input.repro.crashed_runs ? input.repro.signature.bug_id : "";
    bool known = bug_id.empty() || store.FindBug(bug_id);
    if (!known) {
      std::lock_guard lock(minimizing_mutex_);
      auto [it, mine] = minimizing_.try_emplace(bug_id);
      if (!mine) {
        it->second.push_back({u, std::move(input)});
        std::cerr << "serve: upload " << u.id << ": bug " << bug_id
                  << " is being minimized by another worker; attached when it is stored\n";
        return;
      }
      // Stored by a worker that finished between the look-up above and this one.
      if (store.FindBug(bug_id)) {
        minimizing_.erase(it);
        known = true;
      }
    }
    if (known) {
      std::string error;
      try {
        StoreInput(store, target, input, nullptr, opts.runs);
        if (!bug_id.empty()) WriteReportBundle(store, *store.FindBug(bug_id), opts.reports_dir);
      } catch (const std::exception& e) {
        error = e.what();
      }
      return Finish(store, u, error);
    }
    std::cerr << "serve: upload " << u.id << ": new bug " << bug_id << ", minimizing it\n";
    std::string error;
    try {
      const NewBug bug = MinimizeReproducer(target, input, opts);
      StoreInput(store, target, input, &bug, opts.runs);
    } catch (const std::exception& e) {
      error = e.what();
    }
    Finish(store, u, error);
    // The duplicates that came while it was minimized: attached now, or, when the bug could not
    // be stored, back in the queue for the next worker.
    for (;;) {
      std::vector<ParkedUpload> parked;
      {
        std::lock_guard lock(minimizing_mutex_);
        const auto it = minimizing_.find(bug_id);
        parked.swap(it->second);
        if (parked.empty()) {
          minimizing_.erase(it);
          break;
        }
      }
      for (const ParkedUpload& p : parked) {
        if (!error.empty()) {
          store.RequeueUpload(p.upload.id);
          continue;
        }
        std::string attach_error;
        try {
          StoreInput(store, target, p.input, nullptr, opts.runs);
        } catch (const std::exception& e) {
          attach_error = e.what();
        }
        Finish(store, p.upload, attach_error);
      }
    }
    if (!error.empty()) {
      doorbell_.Ring();
      return;
    }
    try {
      if (const std::optional<BugRecord> b = store.FindBug(bug_id)) {
        WriteReportBundle(store, *b, opts.reports_dir);
      }
    } catch (const std::exception& e) {
      std::cerr << "serve: bug " << bug_id << ": " << e.what() << "\n";
    }
  }

  // Files new reliable bugs as workers make them, and retries failed filings when they are due.
  void FilingLoop() {
    while (!stopping) {
      try {
        Store store(options_.db);
        const FilingPass pass = RunFilingPass(store, *options_.tracker, options_.filing);
        for (const std::string& line : pass.lines) std::cerr << "serve: filing: " << line << "\n";
      } catch (const std::exception& e) {
        std::cerr << "serve: filing: " << e.what() << "\n";
      }
      filing_doorbell_.Wait(std::chrono::seconds(1));
    }
  }

  // An upload reproduced and waiting for its bug, which another worker is minimizing.
  struct ParkedUpload {
    triage::Upload upload;
    PendingInput input;
  };

  ServiceOptions options_;
  std::map<std::string, TargetBinary> targets_;
  std::vector<std::thread> workers_;
  Doorbell doorbell_, filing_doorbell_;
  // The new bugs being minimized, by id, each with the uploads parked for it.
  std::mutex minimizing_mutex_;
  std::map<std::string, std::vector<ParkedUpload>> minimizing_;
};

}  // namespace

int Serve(const ServiceOptions& options) {
  Service service(options);
  std::string error;
  if (!service.LoadTargets(error)) {
    std::cerr << "nodefuzz-triage: " << error << "\n";
    return 2;
  }
  {
    Store store(options.db);
  }  // a corrupt or locked store fails here, in one line
  httplib::Server server;
  server.set_payload_max_length(options.max_upload_bytes);
  // Fuzzing hosts upload in bursts: enough handler threads that a burst is accepted at once
  // rather than waiting in the kernel's short listen queue.
  server.new_task_queue = [] { return new httplib::ThreadPool(kHandlerThreads); };
  // The library listens with a backlog of 5; a burst of connections while workers keep the CPU
  // busy overflows it and clients see their connection dropped. Its socket is only handed out
  // here, before bind; listen() again after bind widens the queue.
  static int listening_socket = -1;
  server.set_socket_options([](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket = sock;
  });
  service.Routes(server);
  if (!server.bind_to_port(options.host.c_str(), options.port)) {
    std::cerr << "nodefuzz-triage: cannot listen on " << options.host << ":" << options.port
              << " — the port is taken or the address is not this machine's; pass another --port "
                 "or --host\n";
    return 2;
  }
  if (listening_socket >= 0) ::listen(listening_socket, kListenBacklog);
  service.StartWorkers();
  running_server = &server;
  signal(SIGINT, OnStopSignal);
  signal(SIGTERM, OnStopSignal);
  std::cout << "serve: listening on http://" << options.host << ":" << options.port << "/ ("
            << (options.token.empty() ? "read-only: no token configured"
                                      : "uploads need the bearer token")
            << ", " << options.workers << " worker(s))" << std::endl;
  server.listen_after_bind();
  running_server = nullptr;
  service.StopWorkers();
  return 0;
}

}  // namespace nodefuzz::triage
