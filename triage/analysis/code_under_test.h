// Which frames belong to the code under test: the parsers' source files and directories, as
// the build lists them in build/<preset>/parser-sources.txt ("<parser><TAB><file or directory>"
// lines). A frame of our harnesses (fuzzers/) is not the code under test; a signature is made of
// parser frames where any exist, so one parser bug reached through two targets is one bug.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/crash_report.h"

namespace nodefuzz::triage {

class CodeUnderTest {
 public:
  // Unknown: every frame that is not noise counts (a binary built elsewhere).
  CodeUnderTest() = default;

  // From a parser-sources.txt. A line that is not "<parser><TAB><path>" is skipped.
  static CodeUnderTest FromFile(const std::filesystem::path& list);
  // "<parser>\t<path>" lines, as in the file.
  static CodeUnderTest FromText(std::string_view text);

  bool known() const { return !roots_.empty(); }
  // The parser whose sources hold the frame's file, or empty.
  std::string ParserOf(const StackFrame& frame) const;
  bool Contains(const StackFrame& frame) const { return !ParserOf(frame).empty(); }

 private:
  struct Root {
    std::string parser, path;  // path without a trailing '/'
  };
  std::vector<Root> roots_;  // each entry as written and, when different, its canonical form
};

}  // namespace nodefuzz::triage
