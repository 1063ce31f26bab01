#include "lenient_candidates.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "oracle.h"

namespace nodefuzz::http {

void SurfaceLenientCandidate(std::string_view flag, std::string_view kind, std::string_view detail,
                             std::string_view input) {
  static std::set<std::string> seen;
  std::string key = std::string(flag) + "." + std::string(kind);
  if (!seen.insert(key).second) return;
  std::fprintf(stderr, "==NODEFUZZ-LENIENT== %.*s reopens http.framing.%.*s: %s\n",
               static_cast<int>(flag.size()), flag.data(), static_cast<int>(kind.size()),
               kind.data(), Printable(detail).c_str());
  const char* dir = std::getenv("NODEFUZZ_CANDIDATES_DIR");
  if (dir == nullptr || *dir == '\0') return;
  // O_EXCL: the first input of each kind wins, across the processes of a fork-mode run.
  const std::string path = std::string(dir) + "/" + key;
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) return;
  size_t written = 0;
  while (written < input.size()) {
    const ssize_t n = write(fd, input.data() + written, input.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(fd);
}

}  // namespace nodefuzz::http
