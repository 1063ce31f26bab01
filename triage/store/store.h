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
  std::string status = "open";  // open, or fixed (by verify)
  std::string fixed_in;         // the build id verify found it fixed on
  int64_t fixed_at = 0;
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
  std::string bug_id;           // empty when it did not reproduce
  std::string signature;        // of the first reproducing run
  std::string reproducibility;  // "reliable", "flaky", "did-not-reproduce"
  int runs = 0, crashed_runs = 0;
  std::string output;  // the first reproducing run's, else the last run's
  int64_t found_at = 0, ingested_at = 0;
};

// One bug's reproducer re-run on a build by `verify`.
struct Verification {
  std::string bug_id, build_id;
  int tries = 0, reproduced = 0;
  std::string outcome;  // fixed, reproduces, flaky
  std::string note;     // e.g. another crash the reproducer now hits
  int64_t at = 0;
};

// A bug's reproducer run by a real Node (jobs/confirm.h): the verdict for one binary.
struct Confirmation {
  std::string bug_id;
  std::string node;           // the binary as given (--node)
  std::string node_version;   // what it said it is: v20.20.2
  std::string versions_json;  // its parsers: {"llhttp": "9.3.1", "ada": ..., ...}
  std::string verdict;        // confirmed, not-reproduced, not-applicable
  std::string detail;         // one line: what Node did, beside what the standard gives
  std::string record_json;    // what each run recorded
  int64_t at = 0;
};

// A bug's reproducer on one tree's build of its target (jobs/affected.h).
struct AffectedRow {
  std::string bug_id;
  std::string tree;  // "Node 18.20.4", "llhttp 9.3.0 on the default tree"
  std::string tree_path;
  std::string versions_json;  // the build's parser versions
  std::string outcome;        // reproduces, does-not-reproduce, flaky, does-not-build
  std::string detail;
  int64_t at = 0;
};

// A bug's filing to the issue tracker (jobs/issue_filing.h).
struct Filing {
  std::string bug_id;
  std::string state;  // pending (to file, or to retry), filed, held (security: private disclosure)
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  int64_t issue_number = 0;
  std::string issue_url;
  int64_t updated_at = 0;
};

// An upload to the service (server/service.h): queued until a worker reproduces it.
struct Upload {
  int64_t id = 0;
  std::string target, build_id, input_sha256;
  std::string status;  // queued, running, done, failed
  std::string bug_id, result;
  int attempts = 0;
  int64_t received_at = 0, finished_at = 0;
};

// One target's crashes and uploads, for the service's statistics page.
struct TargetStats {
  int64_t crashes = 0, reliable = 0, flaky = 0, unreproduced = 0;
  int64_t last_found = 0;
  std::map<std::string, int64_t> uploads;  // by status
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
  // A further crash of a known bug widens its first-seen / last-seen window, and reopens it when
  // it was marked fixed before the crash was found.
  void TouchBug(const std::string& id, int64_t seen_at);
  void MarkBugFixed(const std::string& id, const std::string& build_id, int64_t now);
  void AddVerification(const Verification& v);
  std::vector<Verification> VerificationsOfBug(const std::string& bug_id);
  void AddConfirmation(const Confirmation& c);
  // Every confirm run of the bug, oldest first.
  std::vector<Confirmation> ConfirmationsOfBug(const std::string& bug_id);
  void AddAffectedRow(const AffectedRow& row);
  // Every affected run of the bug, oldest first.
  std::vector<AffectedRow> AffectedRowsOfBug(const std::string& bug_id);

  // Filing. Every reliable open bug without a filing gets one: pending, or held when it is a
  // security bug. The number added.
  int AddMissingFilings(int64_t now);
  std::vector<Filing> DueFilings(int64_t now);
  std::optional<Filing> GetFiling(const std::string& bug_id);
  std::vector<Filing> ListFilings();
  // Counted before the request goes out, so a server killed mid-request knows the issue may exist.
  void StartFilingAttempt(const std::string& bug_id, int64_t now);
  void FilingSucceeded(const std::string& bug_id, int64_t number, const std::string& url,
                       int64_t now);
  void FilingFailed(const std::string& bug_id, const std::string& error, int64_t next_attempt_at,
                    int64_t now);

  // The crash already stored for this input and target, if any.
  std::optional<CrashRecord> FindCrash(const std::string& input_sha256, const std::string& target);
  std::vector<CrashRecord> CrashesOfBug(const std::string& bug_id);
  std::vector<CrashRecord> UnreproducedCrashes();
  void InsertCrash(const CrashRecord& crash);

  // The service's queue. An upload is stored once per (target, content): the id of the stored
  // one, and whether this call added it.
  std::pair<int64_t, bool> EnqueueUpload(const std::string& target, const std::string& build_id,
                                         const std::string& sha256, const std::string& data,
                                         int64_t now);
  // The oldest queued upload, now marked running; nullopt when the queue is empty.
  std::optional<Upload> ClaimUpload();
  void FinishUpload(int64_t id, const std::string& status, const std::string& bug_id,
                    const std::string& result, int64_t now);
  // Uploads a killed server left running go back to the queue; the number of them.
  int RequeueInterruptedUploads();
  // One running upload back to the queue (its worker could not finish it).
  void RequeueUpload(int64_t id);
  std::optional<Upload> GetUpload(int64_t id);
  std::map<std::string, int64_t> UploadCounts();
  std::map<std::string, TargetStats> StatsByTarget();

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
