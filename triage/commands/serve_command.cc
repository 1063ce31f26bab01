// serve: the store over HTTP, with workers that reproduce uploads (server/service.h).
#include <cstdlib>
#include <fstream>
#include <memory>

#include "commands/command.h"
#include "server/service.h"

namespace nodefuzz::triage::commands {

namespace {

struct ServeArgs {
  ServiceOptions service;
  std::string token_file;
  FilingOptions filing;
};

int RunServe(const GlobalOptions& global, ServeArgs& args) {
  ServiceOptions& service = args.service;
  if (!args.token_file.empty()) {
    std::ifstream in(args.token_file);
    if (!in) {
      throw UserError("cannot read --token-file " + args.token_file +
                      " — check the path and its permissions");
    }
    std::getline(in, service.token);
    if (service.token.empty()) {
      throw UserError("--token-file " + args.token_file +
                      " is empty — put the token on its first line");
    }
  } else if (const char* env = std::getenv("NODEFUZZ_TRIAGE_TOKEN")) {
    service.token = env;
  }
  service.db = global.db;
  service.reports_dir = global.ReportsDir();
  service.tracker = TrackerFromEnvironment(args.filing);
  service.filing = args.filing.policy;
  return Serve(service);
}

}  // namespace

Command AddServeCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "serve", "the store over HTTP (JSON API), with workers that reproduce uploads");
  auto args = std::make_shared<ServeArgs>();
  ServiceOptions& service = args->service;
  cmd->add_option("--bin-dir", service.bin_dir,
                  "the fuzz targets uploads may name (e.g. build/fuzz/bin)")
      ->required();
  cmd->add_option("--host", service.host, "address to listen on")->capture_default_str();
  cmd->add_option("--port", service.port, "port to listen on")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  cmd->add_option("--token-file", args->token_file,
                  "file holding the bearer token uploads need (or set NODEFUZZ_TRIAGE_TOKEN)");
  cmd->add_option("--max-upload-bytes", service.max_upload_bytes, "largest upload accepted")
      ->check(CLI::Range(1, 1 << 30))
      ->capture_default_str();
  cmd->add_option("--workers", service.workers, "uploads reproduced at once")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  AddReproductionOptions(*cmd, service.ingest);
  AddFilingOptions(*cmd, args->filing);
  return {cmd, [&global, args] { return RunServe(global, *args); }};
}

}  // namespace nodefuzz::triage::commands
