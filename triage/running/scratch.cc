#include "running/scratch.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace nodefuzz::triage {

ScratchDir::ScratchDir(const std::string& purpose) {
  std::string name = "/tmp/nodefuzz-triage-" + purpose + "-XXXXXX";
  if (mkdtemp(name.data())) path_ = name;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  if (ok()) std::filesystem::remove_all(path_, ec);
}

bool ReadWholeFile(const std::filesystem::path& path, std::string& data, std::string& error) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  if (n < 0) error = std::strerror(errno);
  close(fd);
  return n == 0;
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace nodefuzz::triage
