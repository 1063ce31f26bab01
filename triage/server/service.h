// nodefuzz-triage serve: the store over HTTP (cpp-httplib) for fuzzing hosts that upload crashes
// and people who read the results, with background workers that reproduce and minimize uploads.
//
//   GET  /                                 the bug list (HTML); /bugs/<id> one bug; /targets
//   statistics GET  /api/health                       the queue and the store, in numbers GET
//   /api/bugs?target=&status=&severity= GET  /api/bugs/<id>                    one bug with its
//   crashes GET  /api/bugs/<id>/reproducer         the minimized input; /original for the input as
//   found POST /api/uploads                      multipart: target, build_id, file (bearer token)
//   GET  /api/uploads/<id>                 where an upload is: queued, running, done, failed
//
// Reads are open; writes need the operator's token. API errors are JSON {"error": "..."} with a
// 4xx. The queue lives in the store: a killed server loses no accepted upload and stores no work
// twice. With an issue tracker configured, a filing thread files every new reliable bug.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "jobs/ingest.h"
#include "jobs/issue_filing.h"

namespace nodefuzz::triage {

struct ServiceOptions {
  std::filesystem::path db, reports_dir;
  std::filesystem::path bin_dir;  // the fuzz targets uploads may name, by file name
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string token;  // empty: uploads are refused
  size_t max_upload_bytes = 1 << 20;
  int workers = 1;
  IngestOptions ingest;
  std::optional<IssueTracker> tracker;  // filing is off without one
  FilingPolicy filing;
};

// Runs until SIGINT or SIGTERM; returns the exit status. Prints one line when listening.
int Serve(const ServiceOptions& options);

}  // namespace nodefuzz::triage
