#include "store/store.h"

#include <functional>
#include <map>

namespace nodefuzz::triage {

namespace fs = std::filesystem;

namespace {

// 2: uploads (the service's queue); 3: bugs.fixed_in/fixed_at, verifications, filings;
// 4: confirmations (confirm on a real Node) and affected (a bug's reproducer per tree).
constexpr int kSchemaVersion = 4;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS blobs(
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bugs(
  id TEXT PRIMARY KEY,
  signature TEXT NOT NULL UNIQUE,
  crash_type TEXT NOT NULL,
  access TEXT NOT NULL,
  oracle_id TEXT NOT NULL,
  title TEXT NOT NULL,
  headline TEXT NOT NULL,
  frames TEXT NOT NULL,
  stack TEXT NOT NULL,
  severity TEXT NOT NULL,
  severity_reason TEXT NOT NULL,
  security INTEGER NOT NULL,
  target TEXT NOT NULL,
  engine TEXT NOT NULL,
  build_id TEXT NOT NULL,
  build_info TEXT NOT NULL,
  reproducibility TEXT NOT NULL,
  status TEXT NOT NULL,
  original_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  minimized_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  minimize_note TEXT NOT NULL,
  output TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  fixed_in TEXT NOT NULL DEFAULT '',
  fixed_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS crashes(
  id INTEGER PRIMARY KEY,
  input_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  target TEXT NOT NULL,
  target_path TEXT NOT NULL,
  engine TEXT NOT NULL,
  build_id TEXT NOT NULL,
  source_path TEXT NOT NULL,
  artifact_kind TEXT NOT NULL,
  bug_id TEXT REFERENCES bugs(id),
  signature TEXT NOT NULL,
  reproducibility TEXT NOT NULL,
  runs INTEGER NOT NULL,
  crashed_runs INTEGER NOT NULL,
  output TEXT NOT NULL,
  found_at INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL,
  UNIQUE(input_sha256, target));
CREATE INDEX IF NOT EXISTS crashes_by_bug ON crashes(bug_id);
CREATE TABLE IF NOT EXISTS uploads(
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  build_id TEXT NOT NULL,
  input_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  status TEXT NOT NULL,
  bug_id TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE(target, input_sha256));
CREATE INDEX IF NOT EXISTS uploads_by_status ON uploads(status, id);
CREATE TABLE IF NOT EXISTS verifications(
  id INTEGER PRIMARY KEY,
  bug_id TEXT NOT NULL REFERENCES bugs(id),
  build_id TEXT NOT NULL,
  tries INTEGER NOT NULL,
  reproduced INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS verifications_by_bug ON verifications(bug_id, id);
CREATE TABLE IF NOT EXISTS filings(
  bug_id TEXT PRIMARY KEY REFERENCES bugs(id),
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  issue_number INTEGER NOT NULL DEFAULT 0,
  issue_url TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS confirmations(
  id INTEGER PRIMARY KEY,
  bug_id TEXT NOT NULL REFERENCES bugs(id),
  node TEXT NOT NULL,
  node_version TEXT NOT NULL,
  versions TEXT NOT NULL,
  verdict TEXT NOT NULL,
  detail TEXT NOT NULL,
  record TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS confirmations_by_bug ON confirmations(bug_id, id);
CREATE TABLE IF NOT EXISTS affected(
  id INTEGER PRIMARY KEY,
  bug_id TEXT NOT NULL REFERENCES bugs(id),
  tree TEXT NOT NULL,
  tree_path TEXT NOT NULL,
  versions TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS affected_by_bug ON affected(bug_id, id);
)sql";

// Stores of schema 1 and 2 have a bugs table without the columns version 3 added.
constexpr const char* kAddFixedColumns = R"sql(
ALTER TABLE bugs ADD COLUMN fixed_in TEXT NOT NULL DEFAULT '';
ALTER TABLE bugs ADD COLUMN fixed_at INTEGER NOT NULL DEFAULT 0;
)sql";

// A prepared statement that finalizes itself; Bind* return *this for chaining.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::function<void(const std::string&)>& fail)
      : fail_(fail) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail_(sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail_(sqlite3_errmsg(sqlite3_db_handle(stmt_)));
    return false;
  }
  std::string Text(int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::function<void(const std::string&)> fail_;
};

constexpr const char* kBugColumns =
    "id, signature, crash_type, access, oracle_id, title, headline, frames, stack, severity, "
    "severity_reason, "
    "security, target, engine, build_id, build_info, reproducibility, status, original_sha256, "
    "minimized_sha256, "
    "minimize_note, output, first_seen, last_seen, fixed_in, fixed_at, "
    "(SELECT size FROM blobs WHERE sha256 = original_sha256), (SELECT size FROM blobs WHERE sha256 "
    "= minimized_sha256), "
    "(SELECT COUNT(*) FROM crashes WHERE bug_id = bugs.id)";

BugRecord ReadBug(Statement& s) {
  BugRecord b;
  b.id = s.Text(0);
  b.signature = s.Text(1);
  b.crash_type = s.Text(2);
  b.access = s.Text(3);
  b.oracle_id = s.Text(4);
  b.title = s.Text(5);
  b.headline = s.Text(6);
  b.frames_json = s.Text(7);
  b.stack_json = s.Text(8);
  b.severity = s.Text(9);
  b.severity_reason = s.Text(10);
  b.security = s.Int(11) != 0;
  b.target = s.Text(12);
  b.engine = s.Text(13);
  b.build_id = s.Text(14);
  b.build_info_json = s.Text(15);
  b.reproducibility = s.Text(16);
  b.status = s.Text(17);
  b.original_sha256 = s.Text(18);
  b.minimized_sha256 = s.Text(19);
  b.minimize_note = s.Text(20);
  b.output = s.Text(21);
  b.first_seen = s.Int(22);
  b.last_seen = s.Int(23);
  b.fixed_in = s.Text(24);
  b.fixed_at = s.Int(25);
  b.original_size = static_cast<uint64_t>(s.Int(26));
  b.minimized_size = static_cast<uint64_t>(s.Int(27));
  b.crash_count = s.Int(28);
  return b;
}

constexpr const char* kCrashColumns =
    "id, input_sha256, target, target_path, engine, build_id, source_path, artifact_kind, "
    "COALESCE(bug_id, ''), "
    "signature, reproducibility, runs, crashed_runs, output, found_at, ingested_at, "
    "(SELECT size FROM blobs WHERE sha256 = input_sha256)";

CrashRecord ReadCrash(Statement& s) {
  CrashRecord c;
  c.id = s.Int(0);
  c.input_sha256 = s.Text(1);
  c.target = s.Text(2);
  c.target_path = s.Text(3);
  c.engine = s.Text(4);
  c.build_id = s.Text(5);
  c.source_path = s.Text(6);
  c.artifact_kind = s.Text(7);
  c.bug_id = s.Text(8);
  c.signature = s.Text(9);
  c.reproducibility = s.Text(10);
  c.runs = static_cast<int>(s.Int(11));
  c.crashed_runs = static_cast<int>(s.Int(12));
  c.output = s.Text(13);
  c.found_at = s.Int(14);
  c.ingested_at = s.Int(15);
  c.input_size = static_cast<uint64_t>(s.Int(16));
  return c;
}

}  // namespace

void Store::Fail(const std::string& what) {
  const int code = db_ ? sqlite3_extended_errcode(db_) & 0xff : SQLITE_ERROR;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    throw StoreError("the store " + path_.string() + " is locked by another nodefuzz-triage (" +
                     what + ") — wait for it to finish, or pass another --db");
  }
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    throw StoreError("the store " + path_.string() +
                     " is corrupt or not a nodefuzz-triage store (" + what +
                     ") — move it aside and ingest again, or pass another --db");
  }
  if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM) {
    throw StoreError("cannot write the store " + path_.string() + " (" + what +
                     ") — check the directory exists and is writable, or pass another --db");
  }
  throw StoreError("store " + path_.string() + ": " + what);
}

void Store::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string what = message ? message : "unknown error";
    sqlite3_free(message);
    Fail(what);
  }
}

Store::Store(const fs::path& path) : path_(path) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    Fail(db_ ? sqlite3_errmsg(db_) : "out of memory");
  }
  // A second writer waits this long before reporting the store locked.
  sqlite3_busy_timeout(db_, 5000);
  // Switching to WAL needs the store to itself, and SQLite does not wait for that: only a new
  // store is switched (WAL is persistent), so a second process opening a busy one waits instead.
  // Each read statement is finalized before the next write: one left open would hold a read
  // transaction, and SQLite answers BUSY at once, without waiting, to upgrade it.
  auto read_pragma = [this](const char* sql) {
    Statement s(db_, sql, fail_);
    s.Step();
    return s.Text(0);
  };
  if (read_pragma("PRAGMA journal_mode") != "wal") Exec("PRAGMA journal_mode=WAL");
  Exec("PRAGMA foreign_keys=ON");
  // In WAL mode, NORMAL syncs at checkpoints instead of at every commit: a killed process still
  // loses no committed transaction (only a power cut can take the last ones), and an upload's
  // commit no longer waits for the disk.
  Exec("PRAGMA synchronous=NORMAL");
  const int64_t found = std::stoll("0" + read_pragma("PRAGMA user_version"));
  if (found > kSchemaVersion) {
    throw StoreError("the store " + path.string() + " has schema version " + std::to_string(found) +
                     ", newer than this nodefuzz-triage knows (" + std::to_string(kSchemaVersion) +
                     ") — use the newer build, or pass another --db");
  }
  if (found == kSchemaVersion) return;  // the common case, and read-only: many may open at once
  Exec("BEGIN IMMEDIATE");
  try {
    if (found >= 1 && found < 3) Exec(kAddFixedColumns);
    Exec(kSchema);
    Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

Store::Transaction::Transaction(Store& store) : store_(store) { store_.Exec("BEGIN IMMEDIATE"); }

Store::Transaction::~Transaction() {
  if (!done_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::Transaction::Commit() {
  store_.Exec("COMMIT");
  done_ = true;
}

void Store::PutBlob(const std::string& sha256, const std::string& data) {
  Statement s(db_, "INSERT OR IGNORE INTO blobs(sha256, size, data) VALUES(?, ?, ?)", fail_);
  s.Bind(1, sha256).Bind(2, static_cast<int64_t>(data.size())).BindBlob(3, data).Step();
}

std::optional<std::string> Store::GetBlob(const std::string& sha256) {
  Statement s(db_, "SELECT data FROM blobs WHERE sha256 = ?", fail_);
  s.Bind(1, sha256);
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

std::optional<BugRecord> Store::FindBug(const std::string& id_or_prefix) {
  // A unique prefix of an id is enough, as with git commits.
  const std::string sql =
      std::string("SELECT ") + kBugColumns + " FROM bugs WHERE id LIKE ? || '%' LIMIT 2";
  Statement s(db_, sql.c_str(), fail_);
  s.Bind(1, id_or_prefix);
  if (id_or_prefix.empty() || !s.Step()) return std::nullopt;
  BugRecord b = ReadBug(s);
  if (b.id != id_or_prefix && s.Step()) return std::nullopt;  // ambiguous prefix
  return b;
}

std::vector<BugRecord> Store::ListBugs() {
  const std::string sql =
      std::string("SELECT ") + kBugColumns + " FROM bugs ORDER BY first_seen, id";
  Statement s(db_, sql.c_str(), fail_);
  std::vector<BugRecord> bugs;
  while (s.Step()) bugs.push_back(ReadBug(s));
  return bugs;
}

void Store::InsertBug(const BugRecord& b) {
  Statement s(
      db_,
      "INSERT INTO bugs(id, signature, crash_type, access, oracle_id, title, headline, frames, "
      "stack, severity, "
      "severity_reason, security, target, engine, build_id, build_info, reproducibility, status, "
      "original_sha256, minimized_sha256, minimize_note, output, first_seen, last_seen) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      fail_);
  s.Bind(1, b.id).Bind(2, b.signature).Bind(3, b.crash_type).Bind(4, b.access).Bind(5, b.oracle_id);
  s.Bind(6, b.title)
      .Bind(7, b.headline)
      .Bind(8, b.frames_json)
      .Bind(9, b.stack_json)
      .Bind(10, b.severity);
  s.Bind(11, b.severity_reason)
      .Bind(12, static_cast<int64_t>(b.security))
      .Bind(13, b.target)
      .Bind(14, b.engine);
  s.Bind(15, b.build_id).Bind(16, b.build_info_json).Bind(17, b.reproducibility).Bind(18, b.status);
  s.Bind(19, b.original_sha256)
      .Bind(20, b.minimized_sha256)
      .Bind(21, b.minimize_note)
      .Bind(22, b.output);
  s.Bind(23, b.first_seen).Bind(24, b.last_seen).Step();
}

void Store::TouchBug(const std::string& id, int64_t seen_at) {
  // A crash found after a verify marked the bug fixed means the fix did not hold: open it again.
  Statement s(db_,
              "UPDATE bugs SET first_seen = MIN(first_seen, ?1), last_seen = MAX(last_seen, ?1), "
              "status = CASE WHEN status = 'fixed' AND ?1 > fixed_at THEN 'open' ELSE status END, "
              "fixed_in = CASE WHEN status = 'fixed' AND ?1 > fixed_at THEN '' ELSE fixed_in END "
              "WHERE id = ?2",
              fail_);
  s.Bind(1, seen_at).Bind(2, id).Step();
}

void Store::MarkBugFixed(const std::string& id, const std::string& build_id, int64_t now) {
  Statement s(db_, "UPDATE bugs SET status = 'fixed', fixed_in = ?, fixed_at = ? WHERE id = ?",
              fail_);
  s.Bind(1, build_id).Bind(2, now).Bind(3, id).Step();
}

void Store::AddVerification(const Verification& v) {
  Statement s(db_,
              "INSERT INTO verifications(bug_id, build_id, tries, reproduced, outcome, note, at) "
              "VALUES(?,?,?,?,?,?,?)",
              fail_);
  s.Bind(1, v.bug_id).Bind(2, v.build_id).Bind(3, static_cast<int64_t>(v.tries));
  s.Bind(4, static_cast<int64_t>(v.reproduced))
      .Bind(5, v.outcome)
      .Bind(6, v.note)
      .Bind(7, v.at)
      .Step();
}

std::vector<Verification> Store::VerificationsOfBug(const std::string& bug_id) {
  Statement s(db_,
              "SELECT bug_id, build_id, tries, reproduced, outcome, note, at FROM verifications "
              "WHERE bug_id = ? "
              "ORDER BY id",
              fail_);
  s.Bind(1, bug_id);
  std::vector<Verification> out;
  while (s.Step()) {
    out.push_back({s.Text(0), s.Text(1), static_cast<int>(s.Int(2)), static_cast<int>(s.Int(3)),
                   s.Text(4), s.Text(5), s.Int(6)});
  }
  return out;
}

void Store::AddConfirmation(const Confirmation& c) {
  Statement s(db_,
              "INSERT INTO confirmations(bug_id, node, node_version, versions, verdict, detail, "
              "record, at) "
              "VALUES(?,?,?,?,?,?,?,?)",
              fail_);
  s.Bind(1, c.bug_id)
      .Bind(2, c.node)
      .Bind(3, c.node_version)
      .Bind(4, c.versions_json)
      .Bind(5, c.verdict);
  s.Bind(6, c.detail).Bind(7, c.record_json).Bind(8, c.at).Step();
}

std::vector<Confirmation> Store::ConfirmationsOfBug(const std::string& bug_id) {
  Statement s(
      db_,
      "SELECT bug_id, node, node_version, versions, verdict, detail, record, at FROM confirmations "
      "WHERE bug_id = ? ORDER BY id",
      fail_);
  s.Bind(1, bug_id);
  std::vector<Confirmation> out;
  while (s.Step()) {
    out.push_back(
        {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7)});
  }
  return out;
}

void Store::AddAffectedRow(const AffectedRow& a) {
  Statement s(db_,
              "INSERT INTO affected(bug_id, tree, tree_path, versions, outcome, detail, at) "
              "VALUES(?,?,?,?,?,?,?)",
              fail_);
  s.Bind(1, a.bug_id)
      .Bind(2, a.tree)
      .Bind(3, a.tree_path)
      .Bind(4, a.versions_json)
      .Bind(5, a.outcome);
  s.Bind(6, a.detail).Bind(7, a.at).Step();
}

std::vector<AffectedRow> Store::AffectedRowsOfBug(const std::string& bug_id) {
  Statement s(db_,
              "SELECT bug_id, tree, tree_path, versions, outcome, detail, at FROM affected WHERE "
              "bug_id = ? "
              "ORDER BY id",
              fail_);
  s.Bind(1, bug_id);
  std::vector<AffectedRow> out;
  while (s.Step())
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6)});
  return out;
}

std::optional<CrashRecord> Store::FindCrash(const std::string& input_sha256,
                                            const std::string& target) {
  const std::string sql = std::string("SELECT ") + kCrashColumns +
                          " FROM crashes WHERE input_sha256 = ? AND target = ?";
  Statement s(db_, sql.c_str(), fail_);
  s.Bind(1, input_sha256).Bind(2, target);
  if (!s.Step()) return std::nullopt;
  return ReadCrash(s);
}

std::vector<CrashRecord> Store::CrashesOfBug(const std::string& bug_id) {
  return SelectCrashes("bug_id = ?", &bug_id);
}

std::vector<CrashRecord> Store::UnreproducedCrashes() {
  return SelectCrashes("bug_id IS NULL", nullptr);
}

std::vector<CrashRecord> Store::SelectCrashes(const char* where, const std::string* bound) {
  const std::string sql =
      std::string("SELECT ") + kCrashColumns + " FROM crashes WHERE " + where + " ORDER BY id";
  Statement s(db_, sql.c_str(), fail_);
  if (bound) s.Bind(1, *bound);
  std::vector<CrashRecord> out;
  while (s.Step()) out.push_back(ReadCrash(s));
  return out;
}

void Store::InsertCrash(const CrashRecord& c) {
  Statement s(
      db_,
      "INSERT INTO crashes(input_sha256, target, target_path, engine, build_id, source_path, "
      "artifact_kind, "
      "bug_id, signature, reproducibility, runs, crashed_runs, output, found_at, ingested_at) "
      "VALUES(?,?,?,?,?,?,?,NULLIF(?, ''),?,?,?,?,?,?,?)",
      fail_);
  s.Bind(1, c.input_sha256)
      .Bind(2, c.target)
      .Bind(3, c.target_path)
      .Bind(4, c.engine)
      .Bind(5, c.build_id);
  s.Bind(6, c.source_path).Bind(7, c.artifact_kind).Bind(8, c.bug_id).Bind(9, c.signature);
  s.Bind(10, c.reproducibility)
      .Bind(11, static_cast<int64_t>(c.runs))
      .Bind(12, static_cast<int64_t>(c.crashed_runs));
  s.Bind(13, c.output).Bind(14, c.found_at).Bind(15, c.ingested_at).Step();
}

namespace {

constexpr const char* kUploadColumns =
    "id, target, build_id, input_sha256, status, bug_id, result, attempts, received_at, "
    "finished_at";

Upload ReadUpload(Statement& s) {
  Upload u;
  u.id = s.Int(0);
  u.target = s.Text(1);
  u.build_id = s.Text(2);
  u.input_sha256 = s.Text(3);
  u.status = s.Text(4);
  u.bug_id = s.Text(5);
  u.result = s.Text(6);
  u.attempts = static_cast<int>(s.Int(7));
  u.received_at = s.Int(8);
  u.finished_at = s.Int(9);
  return u;
}

}  // namespace

std::pair<int64_t, bool> Store::EnqueueUpload(const std::string& target,
                                              const std::string& build_id,
                                              const std::string& sha256, const std::string& data,
                                              int64_t now) {
  Transaction tx(*this);
  {
    Statement find(db_, "SELECT id FROM uploads WHERE target = ? AND input_sha256 = ?", fail_);
    find.Bind(1, target).Bind(2, sha256);
    if (find.Step()) return {find.Int(0), false};  // the transaction rolls back: nothing to write
  }
  PutBlob(sha256, data);
  Statement s(db_,
              "INSERT INTO uploads(target, build_id, input_sha256, status, received_at) VALUES(?, "
              "?, ?, 'queued', ?)",
              fail_);
  s.Bind(1, target).Bind(2, build_id).Bind(3, sha256).Bind(4, now).Step();
  const int64_t id = sqlite3_last_insert_rowid(db_);
  tx.Commit();
  return {id, true};
}

std::optional<Upload> Store::ClaimUpload() {
  Transaction tx(*this);
  std::optional<Upload> claimed;
  {
    const std::string sql = std::string("SELECT ") + kUploadColumns +
                            " FROM uploads WHERE status = 'queued' ORDER BY id LIMIT 1";
    Statement s(db_, sql.c_str(), fail_);
    if (s.Step()) claimed = ReadUpload(s);
  }
  if (!claimed) return std::nullopt;
  Statement s(db_, "UPDATE uploads SET status = 'running', attempts = attempts + 1 WHERE id = ?",
              fail_);
  s.Bind(1, claimed->id).Step();
  tx.Commit();
  claimed->status = "running";
  ++claimed->attempts;
  return claimed;
}

void Store::FinishUpload(int64_t id, const std::string& status, const std::string& bug_id,
                         const std::string& result, int64_t now) {
  Statement s(db_,
              "UPDATE uploads SET status = ?, bug_id = ?, result = ?, finished_at = ? WHERE id = ?",
              fail_);
  s.Bind(1, status).Bind(2, bug_id).Bind(3, result).Bind(4, now).Bind(5, id).Step();
}

int Store::RequeueInterruptedUploads() {
  Statement s(db_, "UPDATE uploads SET status = 'queued' WHERE status = 'running'", fail_);
  s.Step();
  return sqlite3_changes(db_);
}

void Store::RequeueUpload(int64_t id) {
  Statement s(db_, "UPDATE uploads SET status = 'queued' WHERE id = ? AND status = 'running'",
              fail_);
  s.Bind(1, id).Step();
}

std::optional<Upload> Store::GetUpload(int64_t id) {
  const std::string sql = std::string("SELECT ") + kUploadColumns + " FROM uploads WHERE id = ?";
  Statement s(db_, sql.c_str(), fail_);
  s.Bind(1, id);
  if (!s.Step()) return std::nullopt;
  return ReadUpload(s);
}

std::map<std::string, TargetStats> Store::StatsByTarget() {
  std::map<std::string, TargetStats> out;
  {
    Statement s(
        db_,
        "SELECT target, COUNT(*), SUM(reproducibility = 'reliable'), SUM(reproducibility = "
        "'flaky'), "
        "SUM(reproducibility = 'did-not-reproduce'), MAX(found_at) FROM crashes GROUP BY target",
        fail_);
    while (s.Step()) {
      TargetStats& t = out[s.Text(0)];
      t.crashes = s.Int(1);
      t.reliable = s.Int(2);
      t.flaky = s.Int(3);
      t.unreproduced = s.Int(4);
      t.last_found = s.Int(5);
    }
  }
  Statement s(db_, "SELECT target, status, COUNT(*) FROM uploads GROUP BY target, status", fail_);
  while (s.Step()) out[s.Text(0)].uploads[s.Text(1)] = s.Int(2);
  return out;
}

std::map<std::string, int64_t> Store::UploadCounts() {
  Statement s(db_, "SELECT status, COUNT(*) FROM uploads GROUP BY status", fail_);
  std::map<std::string, int64_t> counts;
  while (s.Step()) counts[s.Text(0)] = s.Int(1);
  return counts;
}

}  // namespace nodefuzz::triage

namespace nodefuzz::triage {

namespace {

constexpr const char* kFilingColumns =
    "bug_id, state, attempts, next_attempt_at, last_error, issue_number, issue_url, updated_at";

Filing ReadFiling(Statement& s) {
  return {s.Text(0), s.Text(1), static_cast<int>(s.Int(2)), s.Int(3), s.Text(4), s.Int(5),
          s.Text(6), s.Int(7)};
}

}  // namespace

int Store::AddMissingFilings(int64_t now) {
  Statement s(db_,
              "INSERT INTO filings(bug_id, state, updated_at) "
              "SELECT id, CASE WHEN security THEN 'held' ELSE 'pending' END, ? FROM bugs "
              "WHERE reproducibility = 'reliable' AND status = 'open' "
              "AND NOT EXISTS (SELECT 1 FROM filings WHERE filings.bug_id = bugs.id)",
              fail_);
  s.Bind(1, now).Step();
  return sqlite3_changes(db_);
}

std::vector<Filing> Store::DueFilings(int64_t now) {
  const std::string sql = std::string("SELECT ") + kFilingColumns +
                          " FROM filings WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY "
                          "next_attempt_at, bug_id";
  Statement s(db_, sql.c_str(), fail_);
  s.Bind(1, now);
  std::vector<Filing> out;
  while (s.Step()) out.push_back(ReadFiling(s));
  return out;
}

std::optional<Filing> Store::GetFiling(const std::string& bug_id) {
  const std::string sql =
      std::string("SELECT ") + kFilingColumns + " FROM filings WHERE bug_id = ?";
  Statement s(db_, sql.c_str(), fail_);
  s.Bind(1, bug_id);
  if (!s.Step()) return std::nullopt;
  return ReadFiling(s);
}

std::vector<Filing> Store::ListFilings() {
  const std::string sql = std::string("SELECT ") + kFilingColumns + " FROM filings ORDER BY bug_id";
  Statement s(db_, sql.c_str(), fail_);
  std::vector<Filing> out;
  while (s.Step()) out.push_back(ReadFiling(s));
  return out;
}

void Store::StartFilingAttempt(const std::string& bug_id, int64_t now) {
  Statement s(db_, "UPDATE filings SET attempts = attempts + 1, updated_at = ? WHERE bug_id = ?",
              fail_);
  s.Bind(1, now).Bind(2, bug_id).Step();
}

void Store::FilingSucceeded(const std::string& bug_id, int64_t number, const std::string& url,
                            int64_t now) {
  Statement s(db_,
              "UPDATE filings SET state = 'filed', issue_number = ?, issue_url = ?, last_error = "
              "'', updated_at = ? "
              "WHERE bug_id = ?",
              fail_);
  s.Bind(1, number).Bind(2, url).Bind(3, now).Bind(4, bug_id).Step();
}

void Store::FilingFailed(const std::string& bug_id, const std::string& error,
                         int64_t next_attempt_at, int64_t now) {
  Statement s(
      db_,
      "UPDATE filings SET last_error = ?, next_attempt_at = ?, updated_at = ? WHERE bug_id = ?",
      fail_);
  s.Bind(1, error).Bind(2, next_attempt_at).Bind(3, now).Bind(4, bug_id).Step();
}

}  // namespace nodefuzz::triage
