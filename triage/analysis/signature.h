// A crash's signature: same signature, same bug (docs/TRIAGE.md). The crash type (with READ or
// WRITE) plus the top three frames of the crashing stack that belong to the code under test;
// an oracle violation signs as oracle:<id> plus the frame that raised it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/crash_report.h"

namespace nodefuzz::triage {

struct Signature {
  std::string crash_type;           // "Heap-buffer-overflow READ", "oracle:http.framing.boundary"
  std::vector<std::string> frames;  // normalized function names, innermost first
  std::string text;                 // "<crash_type> | f1 | f2 | f3": what bugs are keyed by
  std::string bug_id;               // 12 hex digits of the text's SHA-256: stable across stores
};

constexpr size_t kSignatureFrames = 3;

// "ns::Foo<int>::bar(char const*) const [clone .cold]" -> "ns::Foo::bar": no template arguments,
// parameters, qualifiers, clone suffixes or lambda numbers.
std::string NormalizeFunctionName(std::string_view name);

// Sanitizer runtime, allocator and string interceptors, libc, the C++ runtime and standard
// library, libFuzzer, AFL++'s driver, and our own harness helpers (fuzzers/common, drivers' main).
bool IsNoiseFrame(const StackFrame& frame);

// The normalized names of the first `max` frames that are not noise.
std::vector<std::string> SignificantFrames(const std::vector<StackFrame>& stack, size_t max);

// `target` only enters the text when the stack has no frame of the code under test (an
// out-of-memory seen by the RSS watcher, a timeout killed from outside): such crashes are kept
// per target instead of all sharing one bug.
Signature SignCrash(const CrashReport& report, std::string_view target);

std::string Sha256Hex(std::string_view bytes);

}  // namespace nodefuzz::triage
