#include "simdutf_kernels.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "known_findings.h"
#include "oracle.h"

namespace nodefuzz::enc {

namespace {

// simdutf's SIMDUTF_FORCE_IMPLEMENTATION, or null when it is unset or empty.
const char* ForcedKernelName() {
  const char* name = std::getenv("SIMDUTF_FORCE_IMPLEMENTATION");
  return name != nullptr && *name != '\0' ? name : nullptr;
}

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
    std::fprintf(stderr,
                 "simdutf has no fallback kernel in this build — the encoding targets "
                 "compare every kernel with it; build simdutf with its fallback on\n");
    std::exit(2);
  }
  std::vector<const simdutf::implementation*> kernels{fallback};
  const char* forced = ForcedKernelName();
  if (forced == nullptr) {
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

namespace {

struct KnownKernelBug {
  const simdutf::implementation* kernel;
  std::string function;
};

// "simdutf.<kernel>.<function>" keys of this build's known findings, for the kernels run here.
std::vector<KnownKernelBug> ActiveKernelBugs() {
  std::vector<KnownKernelBug> active;
  if (ReportKnownFindings()) return active;
  for (std::string_view key : KnownFindingKeysInThisBuild("simdutf.")) {
    key.remove_prefix(std::string_view("simdutf.").size());
    const size_t dot = key.find('.');
    if (dot == std::string_view::npos) continue;  // a shape, not a kernel function
    for (const simdutf::implementation* k : Kernels()) {
      if (k->name() == key.substr(0, dot)) active.push_back({k, std::string(key.substr(dot + 1))});
    }
  }
  return active;
}

}  // namespace

const simdutf::implementation* NodeKernel(unsigned choice) {
  const std::vector<const simdutf::implementation*>& kernels = Kernels();
  // Forced, a real Node runs that kernel alone, and so do Node's calls here: a report of one
  // is reproduced with the variable whatever kernel the rotation would pick.
  static const bool forced = ForcedKernelName() != nullptr;
  if (forced) return kernels.back();
  return kernels[(choice + 1) % kernels.size()];
}

const simdutf::implementation* KernelFor(const simdutf::implementation* kernel,
                                         const char* function) {
  static const std::vector<KnownKernelBug> active = ActiveKernelBugs();
  for (const KnownKernelBug& bug : active) {
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

// Checked before the first input: Node's own code calls simdutf directly, and simdutf itself
// honors SIMDUTF_FORCE_IMPLEMENTATION, so a kernel name this CPU does not run would otherwise
// make those calls fail and read as a wrong decode before CompareKernels() ever saw the name.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  nodefuzz::enc::Kernels();
  return 0;
}
