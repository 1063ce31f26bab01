// export: the whole store as JSON, every bug with its crashes, and the crashes that did not
// reproduce.
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "jobs/bug_report.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

namespace fs = std::filesystem;

Command AddExportCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("export", "the whole store as JSON");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "JSON (the only format)")->required();
  return {cmd, [&global] {
            global.RequireStore();
            Store store(global.db);
            nlohmann::json out = {{"store", fs::absolute(global.db).string()},
                                  {"bugs", nlohmann::json::array()},
                                  {"unreproduced", nlohmann::json::array()}};
            for (const BugRecord& b : store.ListBugs()) {
              nlohmann::json bug = BugJson(b);
              bug["crashes"] = nlohmann::json::array();
              for (const CrashRecord& c : store.CrashesOfBug(b.id)) {
                bug["crashes"].push_back(CrashJson(c));
              }
              out["bugs"].push_back(bug);
            }
            for (const CrashRecord& c : store.UnreproducedCrashes()) {
              out["unreproduced"].push_back(CrashJson(c));
            }
            std::cout << out.dump(2) << "\n";
            return 0;
          }};
}

}  // namespace nodefuzz::triage::commands
