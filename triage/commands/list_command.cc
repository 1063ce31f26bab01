// list: the bugs, one per line (tab-separated, header first) or as a JSON array.
#include <iostream>
#include <memory>

#include "commands/command.h"
#include "jobs/bug_report.h"
#include "store/store.h"

namespace nodefuzz::triage::commands {

Command AddListCommand(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("list", "the bugs, one per line (tab-separated) or as JSON");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "JSON array");
  return {cmd, [&global, json] {
            global.RequireStore();
            Store store(global.db);
            const std::vector<BugRecord> bugs = store.ListBugs();
            if (*json) {
              nlohmann::json out = nlohmann::json::array();
              for (const BugRecord& b : bugs) out.push_back(BugJson(b));
              std::cout << out.dump(2) << "\n";
              return 0;
            }
            std::cout << "id\tseverity\tstatus\treproducibility\tcount\ttarget\ttitle\n";
            for (const BugRecord& b : bugs) {
              std::cout << b.id << "\t" << b.severity << "\t" << b.status << "\t"
                        << b.reproducibility << "\t" << b.crash_count << "\t" << b.target << "\t"
                        << BugTitle(b) << "\n";
            }
            return 0;
          }};
}

}  // namespace nodefuzz::triage::commands
