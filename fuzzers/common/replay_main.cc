// The "no engine" driver: runs a target's entry point over files and directories of inputs.
// Used by the replay preset (ctest, reproducing a crash without a fuzzer) and by coverage.
// libFuzzer-style flags (-runs=..., -dict=...) are accepted and ignored, so a reproduction
// command copied from a fuzzing run works unchanged.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz_entry.h"

namespace {

namespace fs = std::filesystem;

bool RunFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s — check the path and its permissions\n",
                 path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  // An exact-size heap copy, so ASan flags a read even one byte past the end.
  auto* exact = new uint8_t[bytes.size() ? bytes.size() : 1];
  std::copy(bytes.begin(), bytes.end(), exact);
  std::fprintf(stderr, "replay: running %s (%zu bytes)\n", path.c_str(), bytes.size());
  nodefuzz::RunOneInput(exact, bytes.size());
  delete[] exact;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("-")) continue;  // a libFuzzer flag
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (fs::exists(arg, ec)) {
      inputs.emplace_back(arg);
    } else {
      std::fprintf(stderr, "replay: %s does not exist — pass input files or directories\n",
                   arg.c_str());
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs — usage: %s <file or directory>...\n", argv[0]);
    return 2;
  }
  for (const auto& path : inputs) {
    if (!RunFile(path)) return 2;
  }
  std::fprintf(stderr, "replay: %zu inputs ran without a finding\n", inputs.size());
  return 0;
}
