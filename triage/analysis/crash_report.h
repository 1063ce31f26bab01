// Reading a target's output: which finding it reports (an ASan, MSan, UBSan or LSan report, a
// libFuzzer timeout, out-of-memory or exit, our ==NODEFUZZ-ORACLE== line, an assertion, an
// uncaught exception) and the stack it crashed in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nodefuzz::triage {

struct StackFrame {
  std::string function;  // as printed ("Foo(char*)"), empty when not symbolized
  std::string location;  // "file.cc:12:3", or "(module+0x1234)" when not symbolized
  std::string module;    // the binary or library, when the frame names one
  uint64_t module_offset = 0;
};

struct CrashReport {
  bool found = false;      // a finding was recognised in the output
  std::string crash_type;  // "Heap-buffer-overflow", "Oracle", "Timeout", ... (docs/TRIAGE.md)
  std::string access;      // "READ" or "WRITE" when the sanitizer says
  uint64_t access_size = 0;
  std::string oracle_id;          // for crash_type "Oracle"
  std::string headline;           // the line that announced the finding, for titles and reports
  std::vector<StackFrame> stack;  // the crashing stack, innermost first
};

// The first finding in a target's combined stdout and stderr. An oracle line, a failed
// assertion or an uncaught exception names the finding even though a deadly-signal report
// follows it; that report's stack is the one kept. Reading a stack stops at "freed by" /
// "previously allocated by" sections.
CrashReport ParseCrashOutput(std::string_view output);

// One "    #3 0x55d0 in Foo(int) /src/foo.cc:12:3" line; false when the line is not a frame.
bool ParseFrameLine(std::string_view line, StackFrame& frame);

}  // namespace nodefuzz::triage
