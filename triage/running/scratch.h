// Small file helpers every part of triage needs: a scratch directory that removes itself, reading
// a whole file without exceptions, and the clock in Unix seconds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace nodefuzz::triage {

// A fresh /tmp/nodefuzz-triage-<purpose>-XXXXXX, removed with everything in it on destruction.
// ok() is false when /tmp refused; path() is then empty.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& purpose);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The file's bytes into `data`; false with strerror's text in `error` (unreadable, EIO, ...).
bool ReadWholeFile(const std::filesystem::path& path, std::string& data, std::string& error);

int64_t UnixNow();

}  // namespace nodefuzz::triage
