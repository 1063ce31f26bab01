#include "simdutf_kernels.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "known_findings.h"
#include "oracle.h"

namespace nodefuzz::enc {

namespace {

std::vector<const simdutf::implementation*> ListKernels() {
  std::vector<const simdutf::implementation*> supported;
  const simdutf::implementation* fallback = nullptr;
  for (const simdutf::implementation* k : simdutf::get_available_implementations()) {
    if (!k->supported_by_runtime_system()) continue;
    if (k->name() == "fallback") {
      fallback = k;
    } else {
      supported.push_back(k);
    }
  }
  if (fallback == nullptr) {
    std::fprintf(stderr, "simdutf has no fallback kernel in this build — the encoding targets "
                         "compare every kernel with it; build simdutf with its fallback on\n");
    std::exit(2);
  }
  std::vector<const simdutf::implementation*> kernels{fallback};
  const char* forced = std::getenv("SIMDUTF_FORCE_IMPLEMENTATION");
  if (forced == nullptr || *forced == '\0') {
    kernels.insert(kernels.end(), supported.begin(), supported.end());
    return kernels;
  }
  if (std::strcmp(forced, "fallback") == 0) return kernels;
  for (const simdutf::implementation* k : supported) {
    if (k->name() == forced) {
      kernels.push_back(k);
      return kernels;
    }
  }
  std::fprintf(stderr,
               "SIMDUTF_FORCE_IMPLEMENTATION=%s is not a simdutf kernel this CPU runs — use one "
               "of: %s\n",
               forced, SupportedKernelNames().c_str());
  std::exit(2);
}

}  // namespace

const std::vector<const simdutf::implementation*>& Kernels() {
  static const std::vector<const simdutf::implementation*> kernels = ListKernels();
  return kernels;
}

std::string SupportedKernelNames() {
  std::string names;
  for (const simdutf::implementation* k : simdutf::get_available_implementations()) {
    if (!k->supported_by_runtime_system()) continue;
    if (!names.empty()) names += ' ';
    names += k->name();
  }
  return names;
}

const std::vector<KnownKernelBug>& KnownKernelBugs() {
  // Upstream references are in docs/FINDINGS.md. simdutf < 5.3.x is Node 18's (5.2.4).
  static const std::vector<KnownKernelBug> bugs = {
      // (1 << 31) - 1 in int for a tail of 31 units (simdutf #431, fixed by #433 and 531d852).
      {"icelake", "validate_utf16le", "5.3.1", 37},
      {"icelake", "validate_utf16le_with_errors", "5.3.1", 37},
      // The same in utf16_to_utf8_avx512i for a mismatched surrogate at lane 31 (531d852).
      {"icelake", "convert_utf16le_to_utf8", "5.3.1", 38},
      {"icelake", "convert_utf16le_to_utf8_with_errors", "5.3.1", 38},
      // utf8_to_latin1_avx512: a block of 64 kept bytes shifts 1ULL by 64 (simdutf #446, fixed
      // by #449); a lead byte ending the input is dropped, not refused (2d4bf91). Both 5.3.2.
      {"icelake", "convert_utf8_to_latin1", "5.3.2", 39},
      {"icelake", "convert_utf8_to_latin1", "5.3.2", 40},
  };
  return bugs;
}

namespace {

// "5.3.1" < "5.10.0": numeric, field by field.
bool VersionLess(const char* a, const char* b) {
  while (*a || *b) {
    const long x = std::strtol(a, const_cast<char**>(&a), 10);
    const long y = std::strtol(b, const_cast<char**>(&b), 10);
    if (x != y) return x < y;
    if (*a == '.') ++a;
    if (*b == '.') ++b;
  }
  return false;
}

struct ActiveBug {
  const simdutf::implementation* kernel;
  std::string_view function;
};

std::vector<ActiveBug> ActiveBugs() {
  std::vector<ActiveBug> active;
  if (ReportKnownFindings()) return active;
  for (const KnownKernelBug& bug : KnownKernelBugs()) {
    if (!VersionLess(SIMDUTF_VERSION, bug.fixed_in)) continue;
    for (const simdutf::implementation* k : Kernels()) {
      if (k->name() == bug.kernel) active.push_back({k, bug.function});
    }
  }
  return active;
}

}  // namespace

const simdutf::implementation* KernelFor(const simdutf::implementation* kernel, const char* function) {
  static const std::vector<ActiveBug> active = ActiveBugs();
  for (const ActiveBug& bug : active) {
    if (bug.kernel == kernel && bug.function == function) return Kernels()[0];
  }
  return kernel;
}

void KernelTranscript::Note(const char* call, size_t value) {
  entries_ += call;
  entries_ += '\0';
  entries_ += '=';
  entries_ += std::to_string(value);
  entries_ += '\0';
}

void KernelTranscript::Note(const char* call, std::string_view bytes) {
  entries_ += call;
  entries_ += '\0';
  entries_ += std::to_string(bytes.size());
  entries_ += ':';
  entries_.append(bytes);
  entries_ += '\0';
}

namespace {

// One "call\0result\0" entry from pos, readable; pos moves past it. Results of the bytes kind
// carry their length, so a '\0' inside them is not mistaken for the end.
std::string NextEntry(const std::string& entries, size_t& pos) {
  if (pos >= entries.size()) return "(nothing more)";
  const size_t call_end = entries.find('\0', pos);
  std::string out = entries.substr(pos, call_end - pos) + "=";
  size_t p = call_end + 1;
  if (entries[p] == '=') {
    const size_t end = entries.find('\0', p);
    out += entries.substr(p + 1, end - p - 1);
    pos = end + 1;
    return out;
  }
  const size_t colon = entries.find(':', p);
  const size_t n = std::stoul(entries.substr(p, colon - p));
  out += "\"" + Printable(std::string_view(entries).substr(colon + 1, n), 96) + "\"";
  pos = colon + 1 + n + 1;
  return out;
}

}  // namespace

std::string KernelTranscript::FirstDifference(const KernelTranscript& other) const {
  size_t a = 0, b = 0;
  while (a < entries_.size() || b < other.entries_.size()) {
    const size_t a0 = a, b0 = b;
    std::string mine = NextEntry(entries_, a), theirs = NextEntry(other.entries_, b);
    if (entries_.compare(a0, a - a0, other.entries_, b0, b - b0) != 0) {
      return mine + ", " + other.name() + " gives " + theirs;
    }
  }
  return "(no difference)";
}

void ReportKernelDifference(const char* oracle, const KernelTranscript& reference,
                            const KernelTranscript& other, const std::string& input) {
  ReportOracleViolation(oracle, std::string(other.name()) + " gives " +
                                    other.FirstDifference(reference) + " for " + input);
}

}  // namespace nodefuzz::enc
