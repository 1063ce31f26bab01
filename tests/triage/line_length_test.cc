// Lines of our own C++ are at most 100 columns (.clang-format's ColumnLimit), counted in
// characters as clang-format counts them (an em dash is one column, not three bytes). Enforced in
// kEnforced; the rest of kCounted is counted and reported, for the day the check is widened.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr size_t kColumnLimit = 100;
constexpr const char* kCounted[] = {"fuzzers", "triage", "tests", "bench"};
constexpr const char* kEnforced[] = {"triage", "tests/triage"};

bool IsCxx(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".cc" || ext == ".h" || ext == ".cpp" || ext == ".c" || ext == ".inc";
}

// UTF-8: every byte that does not continue a character starts one.
size_t Columns(const std::string& line) {
  size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

bool Under(const fs::path& relative, const std::string& folder) {
  const std::string r = relative.generic_string();
  return r == folder || r.starts_with(folder + "/");
}

TEST(CodeStyle, LinesFitInOneHundredColumns) {
  const fs::path root = NODEFUZZ_SOURCE_DIR;
  std::map<std::string, size_t> long_lines;  // by counted folder, outside kEnforced
  std::vector<std::string> violations;
  for (const char* folder : kCounted) {
    for (const auto& e : fs::recursive_directory_iterator(root / folder)) {
      if (!e.is_regular_file() || !IsCxx(e.path())) continue;
      const fs::path relative = fs::relative(e.path(), root);
      bool enforced = false;
      for (const char* f : kEnforced) enforced = enforced || Under(relative, f);
      std::ifstream in(e.path());
      size_t number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (Columns(line) <= kColumnLimit) continue;
        if (enforced) {
          violations.push_back(relative.string() + ":" + std::to_string(number) + ": " +
                               std::to_string(Columns(line)) + " columns");
        } else {
          ++long_lines[folder];
        }
      }
    }
  }
  for (const auto& [folder, n] : long_lines) {
    std::cout << "line length: " << n << " line(s) over " << kColumnLimit << " columns in "
              << folder << "/ (not enforced there yet)\n";
  }
  for (const std::string& v : violations) ADD_FAILURE() << v;
  EXPECT_TRUE(violations.empty()) << violations.size() << " line(s) over " << kColumnLimit
                                  << " columns — run clang-format-19 -i on them";
}

}  // namespace
