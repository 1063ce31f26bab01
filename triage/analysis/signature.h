// A crash's signature: same signature, same bug (docs/TRIAGE.md, "Signatures"). The crash type
// (with READ or WRITE) plus the top three frames of the crashing stack that belong to the code
// under test; a stack overflow signs by the cycle of its recursion; an oracle violation signs as
// oracle:<id> plus the frame that raised it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/code_under_test.h"
#include "analysis/crash_report.h"
#include "analysis/frames.h"

namespace nodefuzz::triage {

struct Signature {
  std::string crash_type;           // "Heap-buffer-overflow READ", "oracle:http.framing.boundary"
  std::vector<std::string> frames;  // normalized function names, innermost first
  bool recursion = false;           // frames are a stack overflow's recurring cycle
  std::string text;                 // "<crash_type> | f1 | f2 | f3": what bugs are keyed by
  std::string bug_id;               // 12 hex digits of the text's SHA-256: stable across stores
};

constexpr size_t kSignatureFrames = 3;
constexpr size_t kMaxCycleFrames = 8;  // a longer recursion cycle signs by its first eight

// The normalized names of the first `max` frames that are not noise.
std::vector<std::string> SignificantFrames(const std::vector<StackFrame>& stack, size_t max);

// The cycle a deep recursion repeats, in a form that does not depend on where in the cycle the
// stack ran out: the rotation that sorts first. Empty when `frames` (innermost first) repeat no
// cycle at least three times in a row.
std::vector<std::string> RecurringCycle(const std::vector<std::string>& frames);

// Frames of the code under test sign where there are any (`code` knows the parsers' sources;
// unknown, every frame that is not noise is code under test), else the harness frames. A
// timeout or out-of-memory report with no frame of the code under test names `target` instead,
// so such crashes stay apart per target rather than all sharing one bug.
Signature SignCrash(const CrashReport& report, std::string_view target,
                    const CodeUnderTest& code = CodeUnderTest());

std::string Sha256Hex(std::string_view bytes);

}  // namespace nodefuzz::triage
