// The output parser and the signature on real sanitizer outputs (sanitizer_outputs/README.md says
// how each was produced): crash type, access, and the frames that sign.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/crash_report.h"
#include "analysis/severity.h"
#include "analysis/signature.h"

namespace nodefuzz::triage {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(NODEFUZZ_SANITIZER_OUTPUTS) + "/" + name + ".txt", std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Expected {
  const char* fixture;
  const char* signature;  // the whole signature text
  uint64_t access_size = 0;
};

// One row per stored output. LFI = LLVMFuzzerTestOneInput, which is the harness's entry and so
// belongs to the code under test.
const Expected kExpected[] = {
    {"asan-heap-buffer-overflow-read", "Heap-buffer-overflow READ | ReadPastEnd | LLVMFuzzerTestOneInput", 1},
    {"asan-heap-buffer-overflow-write", "Heap-buffer-overflow WRITE | WritePastEnd | LLVMFuzzerTestOneInput", 1},
    {"asan-heap-use-after-free", "Heap-use-after-free READ | ReadAfterFree | LLVMFuzzerTestOneInput", 1},
    {"asan-null-deref", "Null-dereference READ | ReadThroughNull | LLVMFuzzerTestOneInput"},
    {"ubsan-signed-integer-overflow", "Integer-overflow | AddPastIntMax | LLVMFuzzerTestOneInput"},
    {"lsan-direct-leak", "Direct-leak | LeakBuffer | LLVMFuzzerTestOneInput"},
    {"libfuzzer-timeout", "Timeout | SpinForever | LLVMFuzzerTestOneInput"},
    // An RSS out-of-memory has no crash stack; the largest live allocation's stack stands in.
    {"libfuzzer-oom-rss", "Out-of-memory | HoardMemory | LLVMFuzzerTestOneInput"},
    {"libfuzzer-oom-malloc-limit", "Out-of-memory | MallocHundredMiB | LLVMFuzzerTestOneInput"},
    {"oracle-libfuzzer", "oracle:test.oracle | CheckInvariant"},
    {"oracle-afl", "oracle:test.oracle | CheckInvariant"},
    {"oracle-replay", "oracle:test.oracle | CheckInvariant"},
    {"assert", "Assertion-failure | ValidateSelector | LLVMFuzzerTestOneInput"},
    {"asan-abrt", "Abrt | GiveUp | LLVMFuzzerTestOneInput"},
    {"asan-abrt-replay", "Abrt | GiveUp | LLVMFuzzerTestOneInput"},
    // libFuzzer's own handler, when ASan leaves SIGABRT alone: the same bug as ASan's ABRT report.
    {"libfuzzer-deadly-signal", "Abrt | GiveUp | LLVMFuzzerTestOneInput"},
    // Two bugs sharing the top frame: the second frame tells them apart.
    {"shared-top-frame-1", "Heap-buffer-overflow WRITE | WriteSlot | FillHeader | LLVMFuzzerTestOneInput", 1},
    {"shared-top-frame-2", "Heap-buffer-overflow WRITE | WriteSlot | FillTrailer | LLVMFuzzerTestOneInput", 1},
    // One bug through two paths: the top three frames agree, the fourth is not read.
    {"two-paths-1", "Heap-buffer-overflow READ | DecodeLayer3 | DecodeLayer2 | DecodeLayer1", 1},
    {"two-paths-2", "Heap-buffer-overflow READ | DecodeLayer3 | DecodeLayer2 | DecodeLayer1", 1},
    {"asan-heap-buffer-overflow-read-afl", "Heap-buffer-overflow READ | ReadPastEnd | LLVMFuzzerTestOneInput", 1},
    {"lsan-direct-leak-afl", "Direct-leak | LeakBuffer | LLVMFuzzerTestOneInput"},
    {"asan-heap-buffer-overflow-replay", "Heap-buffer-overflow READ | ReadPastHeapArray | LLVMFuzzerTestOneInput", 1},
    {"asan-double-free", "Double-free | FreeTwice | LLVMFuzzerTestOneInput"},
    {"asan-bad-free", "Bad-free | FreeGlobalArray | LLVMFuzzerTestOneInput"},
    {"asan-alloc-dealloc-mismatch", "Alloc-dealloc-mismatch | NewArrayThenFree | LLVMFuzzerTestOneInput"},
    {"asan-stack-buffer-overflow", "Stack-buffer-overflow READ | ReadPastStackArray | LLVMFuzzerTestOneInput", 1},
    {"asan-global-buffer-overflow", "Global-buffer-overflow READ | ReadPastGlobalArray | LLVMFuzzerTestOneInput", 4},
    {"asan-stack-use-after-return", "Stack-use-after-return READ | UseStackAfterReturn | LLVMFuzzerTestOneInput", 4},
    {"asan-stack-use-after-scope", "Stack-use-after-scope READ | UseStackAfterScope | LLVMFuzzerTestOneInput", 4},
    {"asan-stack-overflow", "Stack-overflow | RecurseForever | RecurseForever | RecurseForever"},
    {"asan-memcpy-param-overlap", "Memcpy-param-overlap | CopyOverlapping | LLVMFuzzerTestOneInput"},
    {"asan-negative-size-param", "Negative-size-param | MoveNegativeSize | LLVMFuzzerTestOneInput"},
    {"asan-allocation-size-too-big", "Allocation-size-too-big | MallocTooBig | LLVMFuzzerTestOneInput"},
    {"asan-calloc-overflow", "Calloc-overflow | CallocOverflow | LLVMFuzzerTestOneInput"},
    {"asan-segv-wild-write", "Segv-on-unknown-address WRITE | WriteWildAddress | LLVMFuzzerTestOneInput"},
    {"lsan-indirect-leak", "Direct-leak | LeakLinkedNodes | LLVMFuzzerTestOneInput"},
    {"lsan-indirect-leak-cycle", "Indirect-leak | LeakCycle | LLVMFuzzerTestOneInput"},
    {"ubsan-shift-exponent", "Invalid-shift | ShiftTooFar | LLVMFuzzerTestOneInput"},
    {"ubsan-divide-by-zero", "Divide-by-zero | DivideByZero | LLVMFuzzerTestOneInput"},
    {"ubsan-index-out-of-bounds", "Index-out-of-bounds | IndexPastArray | LLVMFuzzerTestOneInput"},
    {"ubsan-invalid-bool", "Invalid-bool-value | LoadInvalidBool | LLVMFuzzerTestOneInput"},
    {"ubsan-misaligned-load", "Misaligned-address | LoadMisaligned | LLVMFuzzerTestOneInput"},
    {"ubsan-null-member-access", "Null-member-access | AccessNullMember | LLVMFuzzerTestOneInput"},
    {"ubsan-null-load", "Null-dereference | LoadThroughNull | LLVMFuzzerTestOneInput"},
    {"ubsan-pointer-overflow", "Pointer-overflow | OverflowPointer | LLVMFuzzerTestOneInput"},
    {"ubsan-unreachable", "Unreachable-code | ReachUnreachable | CallUnreachable | LLVMFuzzerTestOneInput"},
    {"ubsan-implicit-conversion", "Implicit-conversion | NarrowImplicitly | LLVMFuzzerTestOneInput"},
};

TEST(ParseCrashOutput, EveryStoredOutputSignsAsExpected) {
  for (const Expected& e : kExpected) {
    const CrashReport r = ParseCrashOutput(Fixture(e.fixture));
    ASSERT_TRUE(r.found) << e.fixture;
    EXPECT_EQ(SignCrash(r, "buggy").text, e.signature) << e.fixture;
    EXPECT_EQ(r.access_size, e.access_size) << e.fixture;
  }
}

TEST(ParseCrashOutput, OutputsWithoutAFindingAreNotCrashes) {
  EXPECT_FALSE(ParseCrashOutput(Fixture("no-crash-libfuzzer")).found);
  EXPECT_FALSE(ParseCrashOutput(Fixture("no-crash-afl-stdin-without-dash")).found);
  EXPECT_FALSE(ParseCrashOutput("").found);
}

TEST(ParseCrashOutput, OracleKeepsItsIdAndHeadline) {
  const CrashReport r = ParseCrashOutput(Fixture("oracle-libfuzzer"));
  EXPECT_EQ(r.crash_type, "Oracle");
  EXPECT_EQ(r.oracle_id, "test.oracle");
  EXPECT_EQ(r.headline, "==NODEFUZZ-ORACLE== test.oracle: detail text");
}

TEST(ParseCrashOutput, StackStopsBeforeFreedBySections) {
  // The use-after-free output goes on with "freed by" and "previously allocated by" stacks; their
  // frames (operator delete, the allocating function) must not join the crashing stack.
  const CrashReport r = ParseCrashOutput(Fixture("asan-heap-use-after-free"));
  for (const StackFrame& f : r.stack) {
    EXPECT_EQ(f.function.find("operator delete"), std::string::npos);
    EXPECT_EQ(f.function.find("operator new"), std::string::npos);
  }
}

TEST(Signature, SameBugSameIdAcrossBuilds) {
  // Addresses, BuildIds and paths differ between builds; the id must not.
  const std::string a = Fixture("two-paths-1"), b = Fixture("two-paths-2");
  EXPECT_EQ(SignCrash(ParseCrashOutput(a), "x").bug_id, SignCrash(ParseCrashOutput(b), "x").bug_id);
  EXPECT_NE(SignCrash(ParseCrashOutput(Fixture("shared-top-frame-1")), "x").bug_id,
            SignCrash(ParseCrashOutput(Fixture("shared-top-frame-2")), "x").bug_id);
  EXPECT_EQ(SignCrash(ParseCrashOutput(a), "x").bug_id.size(), 12u);
}

TEST(Signature, NoFramesKeepsCrashesApartPerTarget) {
  CrashReport r;
  r.found = true;
  r.crash_type = "Timeout";
  EXPECT_EQ(SignCrash(r, "url_parse").text, "Timeout | (no frames in url_parse)");
  EXPECT_NE(SignCrash(r, "url_parse").bug_id, SignCrash(r, "enc_hex").bug_id);
}

TEST(NormalizeFunctionName, DropsWhatChangesBetweenBuilds) {
  EXPECT_EQ(NormalizeFunctionName("DecodeLayer3(char const*, unsigned long)"), "DecodeLayer3");
  EXPECT_EQ(NormalizeFunctionName("ns::Foo<int, std::less<int>>::bar(char const*) const"), "ns::Foo::bar");
  EXPECT_EQ(NormalizeFunctionName("void ns::Parse<char>(std::basic_string_view<char>)"), "ns::Parse");
  EXPECT_EQ(NormalizeFunctionName("Foo::operator()(int) const"), "Foo::operator()");
  EXPECT_EQ(NormalizeFunctionName("operator<<(std::ostream&, Foo const&)"), "operator<<");
  EXPECT_EQ(NormalizeFunctionName("Foo::operator->() const"), "Foo::operator->");
  EXPECT_EQ(NormalizeFunctionName("operator new[](unsigned long)"), "operator new[]");
  EXPECT_EQ(NormalizeFunctionName("(anonymous namespace)::Helper(int)"), "(anonymous namespace)::Helper");
  EXPECT_EQ(NormalizeFunctionName("Run(int) [clone .cold]"), "Run");
  EXPECT_EQ(NormalizeFunctionName("Outer()::$_12::operator()() const"), "Outer()::$_::operator()");
  EXPECT_EQ(NormalizeFunctionName("llhttp__internal__n_header_value"), "llhttp__internal__n_header_value");
}

TEST(ParseFrameLine, ReadsEveryFrameShape) {
  StackFrame f;
  ASSERT_TRUE(ParseFrameLine("    #4 0x5573ecd4b4dd in CheckInvariant(bool) /src/buggy_target.cc:114:15", f));
  EXPECT_EQ(f.function, "CheckInvariant(bool)");
  EXPECT_EQ(f.location, "/src/buggy_target.cc:114:15");
  ASSERT_TRUE(ParseFrameLine("    #9 0x5573ecc69282 in main (/tmp/bin/t+0x6a282) (BuildId: 6f14c76e)", f));
  EXPECT_EQ(f.function, "main");
  EXPECT_EQ(f.module, "/tmp/bin/t");
  EXPECT_EQ(f.module_offset, 0x6a282u);
  ASSERT_TRUE(ParseFrameLine("    #3 0x7f72e3e5af8f  (/lib/x86_64-linux-gnu/libc.so.6+0x3bf8f) (BuildId: 1234)", f));
  EXPECT_EQ(f.function, "");
  EXPECT_EQ(f.module, "/lib/x86_64-linux-gnu/libc.so.6");
  ASSERT_TRUE(ParseFrameLine("#1 0x1 in operator new[](unsigned long) /llvm/compiler-rt/lib/asan/asan_new_delete.cpp:98:3", f));
  EXPECT_EQ(f.function, "operator new[](unsigned long)");
  EXPECT_FALSE(ParseFrameLine("SUMMARY: AddressSanitizer: heap-buffer-overflow", f));
  EXPECT_FALSE(ParseFrameLine("#define X 1", f));
}

TEST(Severity, FollowsTheDocumentedTable) {
  EXPECT_EQ(RateSeverity("Heap-buffer-overflow", "WRITE", "").level, "High");
  EXPECT_EQ(RateSeverity("Heap-buffer-overflow", "READ", "").level, "Medium");
  EXPECT_EQ(RateSeverity("Heap-use-after-free", "READ", "").level, "High");
  EXPECT_EQ(RateSeverity("Null-dereference", "READ", "").level, "Low");
  EXPECT_FALSE(RateSeverity("Null-dereference", "READ", "").security);
  EXPECT_EQ(RateSeverity("Timeout", "", "").level, "Low");
  EXPECT_EQ(RateSeverity("Direct-leak", "", "").level, "Low");
  EXPECT_EQ(RateSeverity("Oracle", "", "http.framing.boundary").level, "High");
  EXPECT_TRUE(RateSeverity("Oracle", "", "http.framing.boundary").security);
  EXPECT_EQ(RateSeverity("Oracle", "", "http.lenient.headers.obs-fold").level, "Medium");
  EXPECT_EQ(RateSeverity("Oracle", "", "enc.hex-bounds").level, "High");
  EXPECT_FALSE(RateSeverity("Oracle", "", "enc.base64-model").security);
}

}  // namespace
}  // namespace nodefuzz::triage
