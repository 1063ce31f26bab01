// Lines of our own C++ are at most 100 columns (.clang-format's ColumnLimit), counted in
// characters as clang-format counts them (an em dash is one column, not three bytes), in every
// folder of our C++.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr size_t kColumnLimit = 100;
constexpr const char* kChecked[] = {"fuzzers", "triage", "tests", "bench"};

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

TEST(CodeStyle, LinesFitInOneHundredColumns) {
  const fs::path root = NODEFUZZ_SOURCE_DIR;
  std::vector<std::string> violations;
  size_t files = 0;
  for (const char* folder : kChecked) {
    for (const auto& e : fs::recursive_directory_iterator(root / folder)) {
      if (!e.is_regular_file() || !IsCxx(e.path())) continue;
      ++files;
      std::ifstream in(e.path());
      size_t number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (Columns(line) <= kColumnLimit) continue;
        violations.push_back(fs::relative(e.path(), root).string() + ":" + std::to_string(number) +
                             ": " + std::to_string(Columns(line)) + " columns");
      }
    }
  }
  EXPECT_GT(files, 100u) << "the folders of our C++ moved: update kChecked";
  for (const std::string& v : violations) ADD_FAILURE() << v;
  EXPECT_TRUE(violations.empty()) << violations.size() << " line(s) over " << kColumnLimit
                                  << " columns — run clang-format-19 -i on them";
}

}  // namespace
