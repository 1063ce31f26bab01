// The triage store: one SQLite file in WAL mode. Inputs are stored content-addressed (SHA-256);
// every raw crash is kept under the bug its signature names. Every failure throws StoreError
// with one line saying what went wrong and how to fix it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nodefuzz::triage {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BugRecord {
  std::string id;  // Signature::bug_id
  std::string signature, crash_type, access, oracle_id, title, headline;
  std::string frames_json;  // the signature's frames
  std::string stack_json;   // the whole crashing stack of the reproducer, for reports
  std::string severity, severity_reason;
  bool security = false;
  std::string target, engine, build_id, build_info_json;
  std::string reproducibility;  // of the crash that created it
  std::string status = "open";
  std::string original_sha256, minimized_sha256;
  uint64_t original_size = 0, minimized_size = 0;
  std::string minimize_note;
  std::string output;  // the raw output of a reproducing run
  int64_t first_seen = 0, last_seen = 0;
  int64_t crash_count = 0;  // filled by reads
};

struct CrashRecord {
  int64_t id = 0;
  std::string input_sha256;
  uint64_t input_size = 0;
  std::string target, target_path, engine, build_id;
  std::string source_path, artifact_kind;
  std::string bug_id;     // empty when it did not reproduce
  std::string signature;  // of the first reproducing run
  std::string reproducibility;  // "reliable", "flaky", "did-not-reproduce"
  int runs = 0, crashed_runs = 0;
  std::string output;  // the first reproducing run's, else the last run's
  int64_t found_at = 0, ingested_at = 0;
};

// An upload to the service (triage/service.h): queued until a worker reproduces it.
struct Upload {
  int64_t id = 0;
  std::string target, build_id, input_sha256;
  std::string status;  // queued, running, done, failed
  std::string bug_id, result;
  int attempts = 0;
  int64_t received_at = 0, finished_at = 0;
};

class Store {
 public:
  // Opens or creates the store; a file that is not one, or one another process holds locked,
  // throws.
  explicit Store(const std::filesystem::path& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // One write transaction; destroyed without Commit(), it rolls back: nothing half-stored.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    void Commit();

   private:
    Store& store_;
    bool done_ = false;
  };

  void PutBlob(const std::string& sha256, const std::string& data);
  std::optional<std::string> GetBlob(const std::string& sha256);

  std::optional<BugRecord> FindBug(const std::string& id_or_prefix);
  std::vector<BugRecord> ListBugs();
  void InsertBug(const BugRecord& bug);
  // A further crash of a known bug widens its first-seen / last-seen window.
  void TouchBug(const std::string& id, int64_t seen_at);

  // The crash already stored for this input and target, if any.
  std::optional<CrashRecord> FindCrash(const std::string& input_sha256, const std::string& target);
  std::vector<CrashRecord> CrashesOfBug(const std::string& bug_id);
  std::vector<CrashRecord> UnreproducedCrashes();
  void InsertCrash(const CrashRecord& crash);

  // The service's queue. An upload is stored once per (target, content): the id of the stored
  // one, and whether this call added it.
  std::pair<int64_t, bool> EnqueueUpload(const std::string& target, const std::string& build_id,
                                         const std::string& sha256, const std::string& data, int64_t now);
  // The oldest queued upload, now marked running; nullopt when the queue is empty.
  std::optional<Upload> ClaimUpload();
  void FinishUpload(int64_t id, const std::string& status, const std::string& bug_id, const std::string& result,
                    int64_t now);
  // Uploads a killed server left running go back to the queue; the number of them.
  int RequeueInterruptedUploads();
  std::optional<Upload> GetUpload(int64_t id);
  std::map<std::string, int64_t> UploadCounts();

  sqlite3* db() { return db_; }

 private:
  void Exec(const char* sql);
  // Crashes matching `where` (one optional "?" bound to *bound), oldest first.
  std::vector<CrashRecord> SelectCrashes(const char* where, const std::string* bound);
  [[noreturn]] void Fail(const std::string& what);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  // What a statement calls on an SQLite error: Fail, with this store's path in the message.
  std::function<void(const std::string&)> fail_ = [this](const std::string& m) { Fail(m); };
};

}  // namespace nodefuzz::triage
