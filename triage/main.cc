// nodefuzz-triage: crash files in, deduplicated, minimized, reproducible bugs out.
// docs/TRIAGE.md is the manual; each subcommand is a file of commands/. Every error a user can
// cause ends in one line and exit status 2.
#include <iostream>
#include <vector>

#include "commands/command.h"

using namespace nodefuzz::triage::commands;

int main(int argc, char** argv) {
  CLI::App app{
      "nodefuzz-triage: turns crash files into deduplicated, minimized, reproducible bug reports"};
  app.require_subcommand(1);
  // Options a subcommand does not know go up to here: --db and --reports work after it too
  // ("nodefuzz-triage ingest --db X ..."). Set before the subcommands, which inherit it.
  app.fallthrough();
  // An option given twice takes the last value, as a later flag overrides an earlier one.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  GlobalOptions global;
  app.add_option("--db", global.db, "the SQLite store")->capture_default_str();
  app.add_option("--reports", global.reports,
                 "where report bundles go (default: reports/ beside the store)");

  const std::vector<Command> commands = {
      AddIngestCommand(app, global),   AddListCommand(app, global),  AddShowCommand(app, global),
      AddExportCommand(app, global),   AddCheckCommand(app, global), AddVerifyCommand(app, global),
      AddFileCommand(app, global),     AddServeCommand(app, global), AddConfirmCommand(app, global),
      AddAffectedCommand(app, global),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nodefuzz-triage: " << e.what() << " — see nodefuzz-triage --help\n";
    return kUsageError;
  }
  try {
    for (const Command& c : commands) {
      if (c.app->parsed()) return c.run();
    }
  } catch (const std::exception& e) {  // UserError, StoreError and the rest: one line each
    std::cerr << "nodefuzz-triage: " << e.what() << "\n";
    return kUsageError;
  }
  return 0;
}
