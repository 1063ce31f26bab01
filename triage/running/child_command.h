// What a child process is started with, built before fork (after it only async-signal-safe calls
// are allowed): its argv and its environment, which is this process's with the given NAME=value
// entries replacing those of the same name.
#pragma once

#include <string>
#include <vector>

namespace nodefuzz::triage {

class ChildCommand {
 public:
  ChildCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  // argv() and envp() point into this object's strings: it is neither copied nor moved.
  ChildCommand(const ChildCommand&) = delete;
  ChildCommand& operator=(const ChildCommand&) = delete;

  char* const* argv() const { return argv_.data(); }
  char* const* envp() const { return envp_.data(); }

 private:
  std::vector<std::string> argv_strings_, env_strings_;
  std::vector<char*> argv_, envp_;
};

}  // namespace nodefuzz::triage
