// simdutf's kernels (its "implementations": fallback, westmere, haswell, icelake, ...) that this
// CPU runs, and the comparison of their results that every encoding target makes.
//
// Verdicts must not depend on the CPU, so:
//   - fallback, which every CPU runs, is the reference a kernel is compared with, and is checked
//     first: a report names the same pair of kernels on every machine that has the other one;
//   - every kernel's model checks run before any comparison, so a kernel that breaks the model
//     is reported by the model's oracle whichever kernel happens to be listed first.
// SIMDUTF_FORCE_IMPLEMENTATION=<kernel> (simdutf's own variable, which also picks the kernel a
// real Node runs) limits the targets to fallback and that kernel, to reproduce a report that
// names one.
#pragma once

#include <simdutf.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nodefuzz::enc {

// fallback first, then the other kernels this CPU supports, in simdutf's order.
const std::vector<const simdutf::implementation*>& Kernels();

// The kernel enc_base64's byte 0 (bits 3-4) runs Node's calls on: choice 0 is the one simdutf
// picks for this CPU (Kernels()[1], or fallback where it is the only one), the next choices the
// rest of Kernels() after it, fallback last, modulo how many there are. Under
// SIMDUTF_FORCE_IMPLEMENTATION every choice is the forced kernel, as in a real Node.
const simdutf::implementation* NodeKernel(unsigned choice);

// Names of every kernel this CPU supports, for messages ("this CPU runs: icelake haswell ...").
std::string SupportedKernelNames();

// A kernel's function known to be wrong on the simdutf in use is registered in
// fuzzers/known_findings.json as "simdutf.<kernel>.<function>". While fuzzing, the targets call
// fallback's function in its place, so the known bug neither stops a run every few inputs nor
// hides the rest of that kernel; NODEFUZZ_KNOWN_FINDINGS=report calls the kernel's.
// The kernel to call `function` on: `kernel`, or fallback where that is a known bug here.
const simdutf::implementation* KernelFor(const simdutf::implementation* kernel,
                                         const char* function);

// Calls simdutf's `function` on `kernel`, or on fallback where KernelFor says so. The name is
// taken from the call itself, so the table and the call sites cannot drift apart.
#define SIMDUTF_CALL(kernel, function, ...) \
  (::nodefuzz::enc::KernelFor((kernel), #function)->function(__VA_ARGS__))

// Makes `kernel` the one simdutf's free functions (what Node calls) run on, for this object's
// lifetime: Node on another CPU gets another kernel, and its code is as much Node's as the one
// simdutf picks here. The free functions bypass KernelFor's known-bug table.
class ActiveKernel {
 public:
  explicit ActiveKernel(const simdutf::implementation* kernel)
      : saved_(simdutf::get_active_implementation()) {
    simdutf::get_active_implementation() = kernel;
  }
  ~ActiveKernel() { simdutf::get_active_implementation() = saved_; }
  ActiveKernel(const ActiveKernel&) = delete;
  ActiveKernel& operator=(const ActiveKernel&) = delete;

 private:
  const simdutf::implementation* saved_;
};

// What one kernel returned for one input: a list of (call, result) entries, compared byte for
// byte with the reference's. Results are kept raw; formatting happens only when a report is made.
class KernelTranscript {
 public:
  explicit KernelTranscript(const simdutf::implementation* kernel) : kernel_(kernel) {}
  const simdutf::implementation* kernel() const { return kernel_; }
  std::string name() const { return std::string(kernel_->name()); }

  void Note(const char* call, size_t value);
  void Note(const char* call, std::string_view bytes);

  bool operator==(const KernelTranscript& other) const { return entries_ == other.entries_; }
  // "call=result" of the first entry where the two differ (or where one ends), readable.
  std::string FirstDifference(const KernelTranscript& other) const;

 private:
  const simdutf::implementation* kernel_;
  std::string entries_;  // call '\0' size ':' result, repeated
};

// Runs check(transcript) for every kernel (the model oracles live inside check), then reports
// `oracle` if a kernel's transcript differs from fallback's; a null oracle compares nothing (an
// input of a known bug's shape, while fuzzing). describe() gives the input, readable.
template <typename Check, typename Describe>
void CompareKernels(const char* oracle, Check&& check, Describe&& describe);

[[noreturn]] void ReportKernelDifference(const char* oracle, const KernelTranscript& reference,
                                         const KernelTranscript& other, const std::string& input);

template <typename Check, typename Describe>
void CompareKernels(const char* oracle, Check&& check, Describe&& describe) {
  thread_local std::vector<KernelTranscript> runs;
  runs.clear();
  for (const simdutf::implementation* kernel : Kernels()) {
    runs.emplace_back(kernel);
    check(runs.back());
  }
  if (oracle == nullptr) return;
  for (size_t i = 1; i < runs.size(); ++i) {
    if (!(runs[i] == runs[0])) [[unlikely]] {
      ReportKernelDifference(oracle, runs[0], runs[i], describe());
    }
  }
}

}  // namespace nodefuzz::enc
