#include "analysis/code_under_test.h"

#include <fstream>
#include <sstream>

#include "analysis/frames.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;

CodeUnderTest CodeUnderTest::FromFile(const fs::path& list) {
  std::ifstream in(list);
  std::stringstream text;
  text << in.rdbuf();
  return FromText(text.str());
}

CodeUnderTest CodeUnderTest::FromText(std::string_view text) {
  CodeUnderTest code;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) continue;
    const std::string parser = line.substr(0, tab);
    std::string path = fs::path(line.substr(tab + 1)).lexically_normal().string();
    while (path.size() > 1 && path.ends_with("/")) path.pop_back();
    code.roots_.push_back({parser, path});
    // Debug information names files as the compiler was given them, which may be through a
    // symlink (a .cache that points elsewhere) or not: both spellings count.
    std::error_code ec;
    const std::string canonical = fs::weakly_canonical(path, ec).string();
    if (!ec && !canonical.empty() && canonical != path) code.roots_.push_back({parser, canonical});
  }
  return code;
}

std::string CodeUnderTest::ParserOf(const StackFrame& frame) const {
  const std::string_view raw = FrameSourceFile(frame);
  if (raw.empty() || !raw.starts_with("/")) return {};
  const std::string file = fs::path(raw).lexically_normal().string();
  for (const Root& root : roots_) {
    if (file == root.path || (file.size() > root.path.size() && file.starts_with(root.path) &&
                              file[root.path.size()] == '/')) {
      return root.parser;
    }
  }
  return {};
}

}  // namespace nodefuzz::triage
