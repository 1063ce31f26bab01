// Which frames of a crashing stack say where a bug is. Runtimes, allocators, libc, the C++
// runtime, fuzzing engines and our harness helpers are noise: every crash passes through them.
// docs/TRIAGE.md ("Signatures") lists the rules; change both together.
#pragma once

#include <string>
#include <string_view>

#include "analysis/crash_report.h"

namespace nodefuzz::triage {

// "ns::Foo<int>::bar(char const*) const [clone .cold]" -> "ns::Foo::bar": no template arguments,
// parameters, qualifiers, return types, clone suffixes or lambda numbers.
std::string NormalizeFunctionName(std::string_view name);

// Frames that never sign: one that names only a module (unsymbolized, libc.so.6, [vdso]); the
// sanitizer runtimes and what they intercept (allocation, string and memory functions, and
// allocation wrappers); libc, the loader, signal and exit handling; the C++ runtime and standard
// library (exceptions, std::terminate, libc++abi's abort_message); libFuzzer and AFL++'s driver;
// the harness helpers of fuzzers/common and drivers' main.
bool IsNoiseFrame(const StackFrame& frame);

// The source file of a frame's location ("/src/a.cc:12:3" -> "/src/a.cc"); empty when the frame
// names only a module.
std::string_view FrameSourceFile(const StackFrame& frame);

}  // namespace nodefuzz::triage
