#include "running/child_command.h"

#include <string_view>

extern char** environ;

namespace nodefuzz::triage {

ChildCommand::ChildCommand(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env)
    : argv_strings_(argv) {
  for (char** e = environ; *e; ++e) {
    const std::string_view kv = *e;
    bool overridden = false;
    for (const std::string& mine : env)
      overridden |= kv.substr(0, kv.find('=') + 1) == mine.substr(0, mine.find('=') + 1);
    if (!overridden) env_strings_.emplace_back(kv);
  }
  env_strings_.insert(env_strings_.end(), env.begin(), env.end());
  for (std::string& s : argv_strings_) argv_.push_back(s.data());
  argv_.push_back(nullptr);
  for (std::string& s : env_strings_) envp_.push_back(s.data());
  envp_.push_back(nullptr);
}

}  // namespace nodefuzz::triage
