#include "analysis/signature.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace nodefuzz::triage {

namespace {

// A frame that is not noise, by its normalized name, and whether it is of the code under test.
struct Significant {
  std::string name;
  bool under_test = true;
};

std::vector<Significant> SignificantOf(const std::vector<StackFrame>& stack,
                                       const CodeUnderTest& code) {
  std::vector<Significant> out;
  for (const StackFrame& f : stack) {
    if (IsNoiseFrame(f)) continue;
    out.push_back({NormalizeFunctionName(f.function), !code.known() || code.Contains(f)});
  }
  return out;
}

std::vector<std::string> Names(const std::vector<Significant>& frames, bool under_test_only,
                               size_t max) {
  std::vector<std::string> out;
  for (const Significant& f : frames) {
    if (out.size() == max) break;
    if (!under_test_only || f.under_test) out.push_back(f.name);
  }
  return out;
}

bool IsResourceExhaustion(std::string_view crash_type) {
  return crash_type == "Timeout" || crash_type == "Out-of-memory";
}

}  // namespace

std::vector<std::string> SignificantFrames(const std::vector<StackFrame>& stack, size_t max) {
  return Names(SignificantOf(stack, CodeUnderTest()), false, max);
}

std::vector<std::string> RecurringCycle(const std::vector<std::string>& frames) {
  // The period whose run of repeats covers the most frames; of equal runs, the shortest period
  // (a cycle of 2 also repeats with period 4). At least three repeats in a row.
  constexpr size_t kMaxPeriod = 32;
  const size_t n = frames.size();
  size_t best_cover = 0, best_start = 0, best_period = 0;
  for (size_t period = 1; period <= kMaxPeriod && 3 * period <= n; ++period) {
    size_t run = 0;  // consecutive i with frames[i] == frames[i + period]
    for (size_t i = 0; i + period < n; ++i) {
      run = frames[i] == frames[i + period] ? run + 1 : 0;
      const size_t cover = run + period;
      if (run > 0 && cover >= 3 * period && cover > best_cover) {
        best_cover = cover;
        best_start = i + 1 - run;
        best_period = period;
      }
    }
  }
  if (best_period == 0) return {};
  std::vector<std::string> cycle(
      frames.begin() + static_cast<std::ptrdiff_t>(best_start),
      frames.begin() + static_cast<std::ptrdiff_t>(best_start + best_period));
  // Where the stack ran out picks the rotation; the smallest one is the same for every depth.
  std::vector<std::string> smallest = cycle;
  for (size_t r = 1; r < cycle.size(); ++r) {
    std::rotate(cycle.begin(), cycle.begin() + 1, cycle.end());
    if (cycle < smallest) smallest = cycle;
  }
  if (smallest.size() > kMaxCycleFrames) smallest.resize(kMaxCycleFrames);
  return smallest;
}

Signature SignCrash(const CrashReport& report, std::string_view target, const CodeUnderTest& code) {
  Signature s;
  const std::vector<Significant> significant = SignificantOf(report.stack, code);
  const bool any_under_test = std::any_of(significant.begin(), significant.end(),
                                          [](const Significant& f) { return f.under_test; });
  if (report.crash_type == "Oracle") {
    // The harness frame that raised it: oracles live in harnesses.
    s.crash_type = "oracle:" + report.oracle_id;
    s.frames = Names(significant, false, 1);
  } else {
    s.crash_type = report.crash_type.empty() ? "Unknown-crash" : report.crash_type;
    if (!report.access.empty()) s.crash_type += " " + report.access;
    if (report.crash_type == "Stack-overflow") {
      s.frames = RecurringCycle(Names(significant, any_under_test, report.stack.size()));
      s.recursion = !s.frames.empty();
    }
    if (s.frames.empty() && (any_under_test || !IsResourceExhaustion(report.crash_type))) {
      s.frames = Names(significant, any_under_test, kSignatureFrames);
    }
  }
  s.text = s.crash_type;
  for (const std::string& f : s.frames) s.text += " | " + f;
  if (s.frames.empty()) s.text += " | (no frames in " + std::string(target) + ")";
  s.bug_id = Sha256Hex(s.text).substr(0, 12);
  return s;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace nodefuzz::triage
