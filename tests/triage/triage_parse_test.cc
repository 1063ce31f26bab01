// The output parser and the signature on real sanitizer outputs (sanitizer_outputs/README.md says
// how each was produced): crash type, access, and the frames that sign.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/code_under_test.h"
#include "analysis/crash_report.h"
#include "analysis/frames.h"
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
    {"asan-heap-buffer-overflow-read",
     "Heap-buffer-overflow READ | ReadPastEnd | LLVMFuzzerTestOneInput", 1},
    {"asan-heap-buffer-overflow-write",
     "Heap-buffer-overflow WRITE | WritePastEnd | LLVMFuzzerTestOneInput", 1},
    {"asan-heap-use-after-free",
     "Heap-use-after-free READ | ReadAfterFree | LLVMFuzzerTestOneInput", 1},
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
    {"shared-top-frame-1",
     "Heap-buffer-overflow WRITE | WriteSlot | FillHeader | LLVMFuzzerTestOneInput", 1},
    {"shared-top-frame-2",
     "Heap-buffer-overflow WRITE | WriteSlot | FillTrailer | LLVMFuzzerTestOneInput", 1},
    // One bug through two paths: the top three frames agree, the fourth is not read.
    {"two-paths-1", "Heap-buffer-overflow READ | DecodeLayer3 | DecodeLayer2 | DecodeLayer1", 1},
    {"two-paths-2", "Heap-buffer-overflow READ | DecodeLayer3 | DecodeLayer2 | DecodeLayer1", 1},
    {"asan-heap-buffer-overflow-read-afl",
     "Heap-buffer-overflow READ | ReadPastEnd | LLVMFuzzerTestOneInput", 1},
    {"lsan-direct-leak-afl", "Direct-leak | LeakBuffer | LLVMFuzzerTestOneInput"},
    {"asan-heap-buffer-overflow-replay",
     "Heap-buffer-overflow READ | ReadPastHeapArray | LLVMFuzzerTestOneInput", 1},
    {"asan-double-free", "Double-free | FreeTwice | LLVMFuzzerTestOneInput"},
    {"asan-bad-free", "Bad-free | FreeGlobalArray | LLVMFuzzerTestOneInput"},
    {"asan-alloc-dealloc-mismatch",
     "Alloc-dealloc-mismatch | NewArrayThenFree | LLVMFuzzerTestOneInput"},
    {"asan-stack-buffer-overflow",
     "Stack-buffer-overflow READ | ReadPastStackArray | LLVMFuzzerTestOneInput", 1},
    {"asan-global-buffer-overflow",
     "Global-buffer-overflow READ | ReadPastGlobalArray | LLVMFuzzerTestOneInput", 4},
    {"asan-stack-use-after-return",
     "Stack-use-after-return READ | UseStackAfterReturn | LLVMFuzzerTestOneInput", 4},
    {"asan-stack-use-after-scope",
     "Stack-use-after-scope READ | UseStackAfterScope | LLVMFuzzerTestOneInput", 4},
    // A stack overflow signs by its recursion's cycle, wherever the stack ran out.
    {"asan-stack-overflow", "Stack-overflow | RecurseForever"},
    {"asan-stack-overflow-in-leaf", "Stack-overflow | NestList | NestValue"},
    {"asan-stack-overflow-in-cycle", "Stack-overflow | NestList | NestValue"},
    {"asan-stack-overflow-in-allocator", "Stack-overflow | NestAllocating"},
    {"ubsan-stack-overflow", "Stack-overflow | NestList | NestValue"},
    {"msan-stack-overflow", "Stack-overflow | NestList | NestValue"},
    // Allocator and C++ runtime frames never sign: operator new[], operator delete, the
    // terminate handlers of libstdc++ and libc++abi, libc++'s verbose abort, exit handlers.
    {"asan-new-array-leak", "Direct-leak | LeakArray | LLVMFuzzerTestOneInput"},
    {"asan-new-delete-mismatch",
     "Alloc-dealloc-mismatch | DeleteArrayAsScalar | LLVMFuzzerTestOneInput"},
    {"libfuzzer-exit", "Unexpected-exit | QuitEarly | LLVMFuzzerTestOneInput"},
    {"msan-libfuzzer-exit", "Unexpected-exit | QuitEarly | LLVMFuzzerTestOneInput"},
    {"asan-uncaught-exception", "Uncaught-exception | ThrowUnexpected | LLVMFuzzerTestOneInput"},
    {"ubsan-uncaught-exception", "Uncaught-exception | ThrowUnexpected | LLVMFuzzerTestOneInput"},
    // MemorySanitizer's false report inside Debian's uninstrumented libstdc++ terminate handler
    // is still the uncaught exception, at the frame that threw.
    {"msan-uncaught-exception", "Uncaught-exception | ThrowUnexpected | LLVMFuzzerTestOneInput"},
    {"libcxx-uncaught-exception", "Uncaught-exception | ThrowUnexpected | LLVMFuzzerTestOneInput"},
    {"libcxx-shared-uncaught-exception",
     "Uncaught-exception | ThrowUnexpected | LLVMFuzzerTestOneInput"},
    {"libcxx-hardening-assertion", "Assertion-failure | IndexPastVector | LLVMFuzzerTestOneInput"},
    {"msan-assert", "Assertion-failure | ValidateSelector | LLVMFuzzerTestOneInput"},
    {"msan-use-of-uninitialized-value",
     "Use-of-uninitialized-value | BranchOnUninitialized | LLVMFuzzerTestOneInput"},
    // musl's assert names the function after the expression, and no sanitizer reports it.
    {"musl-assert", "Assertion-failure | (no frames in buggy)"},
    {"asan-memcpy-param-overlap",
     "Memcpy-param-overlap | CopyOverlapping | LLVMFuzzerTestOneInput"},
    {"asan-negative-size-param", "Negative-size-param | MoveNegativeSize | LLVMFuzzerTestOneInput"},
    {"asan-allocation-size-too-big",
     "Allocation-size-too-big | MallocTooBig | LLVMFuzzerTestOneInput"},
    {"asan-calloc-overflow", "Calloc-overflow | CallocOverflow | LLVMFuzzerTestOneInput"},
    {"asan-segv-wild-write",
     "Segv-on-unknown-address WRITE | WriteWildAddress | LLVMFuzzerTestOneInput"},
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
    {"ubsan-unreachable",
     "Unreachable-code | ReachUnreachable | CallUnreachable | LLVMFuzzerTestOneInput"},
    {"ubsan-implicit-conversion",
     "Implicit-conversion | NarrowImplicitly | LLVMFuzzerTestOneInput"},
};

TEST(TriageParseCrashOutput, EveryStoredOutputSignsAsExpected) {
  for (const Expected& e : kExpected) {
    const CrashReport r = ParseCrashOutput(Fixture(e.fixture));
    ASSERT_TRUE(r.found) << e.fixture;
    EXPECT_EQ(SignCrash(r, "buggy").text, e.signature) << e.fixture;
    EXPECT_EQ(r.access_size, e.access_size) << e.fixture;
  }
}

TEST(TriageParseCrashOutput, OutputsWithoutAFindingAreNotCrashes) {
  EXPECT_FALSE(ParseCrashOutput(Fixture("no-crash-libfuzzer")).found);
  EXPECT_FALSE(ParseCrashOutput(Fixture("no-crash-afl-stdin-without-dash")).found);
  EXPECT_FALSE(ParseCrashOutput("").found);
}

TEST(TriageParseCrashOutput, OracleKeepsItsIdAndHeadline) {
  const CrashReport r = ParseCrashOutput(Fixture("oracle-libfuzzer"));
  EXPECT_EQ(r.crash_type, "Oracle");
  EXPECT_EQ(r.oracle_id, "test.oracle");
  EXPECT_EQ(r.headline, "==NODEFUZZ-ORACLE== test.oracle: detail text");
}

TEST(TriageParseCrashOutput, StackStopsBeforeFreedBySections) {
  // The use-after-free output goes on with "freed by" and "previously allocated by" stacks; their
  // frames (operator delete, the allocating function) must not join the crashing stack.
  const CrashReport r = ParseCrashOutput(Fixture("asan-heap-use-after-free"));
  for (const StackFrame& f : r.stack) {
    EXPECT_EQ(f.function.find("operator delete"), std::string::npos);
    EXPECT_EQ(f.function.find("operator new"), std::string::npos);
  }
}

TEST(TriageSignature, SameBugSameIdAcrossBuilds) {
  // Addresses, BuildIds and paths differ between builds; the id must not.
  const std::string a = Fixture("two-paths-1"), b = Fixture("two-paths-2");
  EXPECT_EQ(SignCrash(ParseCrashOutput(a), "x").bug_id, SignCrash(ParseCrashOutput(b), "x").bug_id);
  EXPECT_NE(SignCrash(ParseCrashOutput(Fixture("shared-top-frame-1")), "x").bug_id,
            SignCrash(ParseCrashOutput(Fixture("shared-top-frame-2")), "x").bug_id);
  EXPECT_EQ(SignCrash(ParseCrashOutput(a), "x").bug_id.size(), 12u);
}

TEST(TriageParseCrashOutput, NamesTheExceptionOrAssertionThatStoppedTheProcess) {
  EXPECT_EQ(ParseCrashOutput(Fixture("asan-uncaught-exception")).headline,
            "terminate called after throwing an instance of 'std::runtime_error' — what(): "
            "selector 'e' throws and nothing catches it");
  EXPECT_EQ(ParseCrashOutput(Fixture("libcxx-uncaught-exception")).headline,
            "libc++abi: terminating due to uncaught exception of type std::runtime_error: "
            "selector 'e' throws and nothing catches it");
  const CrashReport hardening = ParseCrashOutput(Fixture("libcxx-hardening-assertion"));
  EXPECT_EQ(hardening.crash_type, "Assertion-failure");
  EXPECT_NE(
      hardening.headline.find(": assertion __n < size() failed: vector[] index out of bounds"),
      std::string::npos)
      << hardening.headline;
  // glibc's line starts with the program's name; musl's ends with the function.
  EXPECT_TRUE(
      ParseCrashOutput(Fixture("msan-assert")).headline.starts_with("triage_buggy_target_msan: "));
  EXPECT_EQ(ParseCrashOutput(Fixture("musl-assert")).crash_type, "Assertion-failure");
  // The BSDs' and macOS's wording (no such libc here to run): the function in the middle.
  const CrashReport bsd =
      ParseCrashOutput("Assertion failed: (n < size), function Parse, file parser.c, line 12.\n");
  EXPECT_TRUE(bsd.found);
  EXPECT_EQ(bsd.crash_type, "Assertion-failure");
  EXPECT_EQ(ParseCrashOutput(Fixture("msan-use-of-uninitialized-value")).crash_type,
            "Use-of-uninitialized-value");
}

TEST(TriageSignature, AStackOverflowSignsByItsCycleWhereverTheStackRanOut) {
  // The same input, two runs: the stack ran out in the leaf the recursion calls, or in the cycle
  // itself. Their top frames differ; the recursion does not.
  const CrashReport leaf = ParseCrashOutput(Fixture("asan-stack-overflow-in-leaf"));
  const CrashReport cycle = ParseCrashOutput(Fixture("asan-stack-overflow-in-cycle"));
  EXPECT_NE(SignificantFrames(leaf.stack, 3), SignificantFrames(cycle.stack, 3));
  EXPECT_EQ(SignCrash(leaf, "x").text, SignCrash(cycle, "x").text);
  EXPECT_TRUE(SignCrash(leaf, "x").recursion);
  // Inside the allocator: the runtime's frames above the recursion never sign.
  const CrashReport in_allocator = ParseCrashOutput(Fixture("asan-stack-overflow-in-allocator"));
  EXPECT_EQ(SignificantFrames(in_allocator.stack, 1), std::vector<std::string>{"NestAllocating"});
}

TEST(TriageSignature, RecurringCycleIsTheSameForEveryRotation) {
  using Frames = std::vector<std::string>;
  EXPECT_EQ(RecurringCycle({"Leaf", "A", "B", "A", "B", "A", "B", "A"}), (Frames{"A", "B"}));
  EXPECT_EQ(RecurringCycle({"B", "A", "B", "A", "B", "A"}), (Frames{"A", "B"}));
  EXPECT_EQ(RecurringCycle({"C", "A", "B", "C", "A", "B", "C", "A", "B"}), (Frames{"A", "B", "C"}));
  EXPECT_EQ(RecurringCycle({"A", "A", "A", "Entry", "Main"}), (Frames{"A"}));
  // Fewer than three repeats is no recursion.
  EXPECT_EQ(RecurringCycle({"Leaf", "A", "B", "A", "B", "Entry"}), Frames{});
  EXPECT_EQ(RecurringCycle({"A", "B", "C"}), Frames{});
}

// Frames of a harness (fuzzers/) and of the parser it tests, as the build lists the parser's
// sources (parser-sources.txt).
StackFrame Frame(const std::string& function, const std::string& file) {
  StackFrame f;
  f.function = function;
  f.location = file + ":10:3";
  return f;
}

TEST(TriageSignature, ParserFramesSignWhereTheBuildListsThem) {
  const CodeUnderTest code = CodeUnderTest::FromText(
      "simdutf\t/src/node/deps/simdutf\n"
      "node-encoding\t/src/node/src/base64-inl.h\n");
  ASSERT_TRUE(code.known());
  CrashReport through_utf8, through_latin1;
  through_utf8.found = through_latin1.found = true;
  through_utf8.crash_type = through_latin1.crash_type = "Integer-overflow";
  const StackFrame kernel = Frame(
      "simdutf::icelake::implementation::validate_utf16le(char16_t const*, "
      "unsigned long) const",
      "/src/node/deps/simdutf/simdutf.cpp");
  through_utf8.stack = {
      kernel,
      Frame("(anonymous namespace)::Checker::Run(int)",
            "/src/nodefuzz/fuzzers/encoding/enc_utf8.cc"),
      Frame("LLVMFuzzerTestOneInput", "/src/nodefuzz/fuzzers/encoding/enc_utf8.cc")};
  through_latin1.stack = {
      kernel,
      Frame("(anonymous namespace)::CheckString(std::string_view)",
            "/src/nodefuzz/fuzzers/encoding/enc_latin1_ucs2.cc"),
      Frame("LLVMFuzzerTestOneInput", "/src/nodefuzz/fuzzers/encoding/enc_latin1_ucs2.cc")};
  EXPECT_EQ(SignCrash(through_utf8, "enc_utf8", code).text,
            "Integer-overflow | simdutf::icelake::implementation::validate_utf16le");
  EXPECT_EQ(SignCrash(through_utf8, "enc_utf8", code).bug_id,
            SignCrash(through_latin1, "enc_latin1_ucs2", code).bug_id);
  EXPECT_EQ(code.ParserOf(kernel), "simdutf");
  EXPECT_EQ(code.ParserOf(Frame("node::base64_decode", "/src/node/src/base64-inl.h")),
            "node-encoding");
  EXPECT_EQ(code.ParserOf(Frame("node::base64_decode", "/src/node/src/base64-inl.h.orig")), "");
  // No parser frame: the harness's frames sign, as when the sources are unknown.
  CrashReport harness_bug = through_utf8;
  harness_bug.stack.erase(harness_bug.stack.begin());
  EXPECT_EQ(SignCrash(harness_bug, "enc_utf8", code).text,
            "Integer-overflow | (anonymous namespace)::Checker::Run | LLVMFuzzerTestOneInput");
  // ...except for a timeout or an out-of-memory, which stay apart per target.
  harness_bug.crash_type = "Timeout";
  EXPECT_EQ(SignCrash(harness_bug, "enc_utf8", code).text, "Timeout | (no frames in enc_utf8)");
  EXPECT_EQ(SignCrash(harness_bug, "enc_utf8").text,
            "Timeout | (anonymous namespace)::Checker::Run | LLVMFuzzerTestOneInput");
}

TEST(TriageSignature, NoFramesKeepsCrashesApartPerTarget) {
  CrashReport r;
  r.found = true;
  r.crash_type = "Timeout";
  EXPECT_EQ(SignCrash(r, "url_parse").text, "Timeout | (no frames in url_parse)");
  EXPECT_NE(SignCrash(r, "url_parse").bug_id, SignCrash(r, "enc_hex").bug_id);
}

TEST(TriageNormalizeFunctionName, DropsWhatChangesBetweenBuilds) {
  EXPECT_EQ(NormalizeFunctionName("DecodeLayer3(char const*, unsigned long)"), "DecodeLayer3");
  EXPECT_EQ(NormalizeFunctionName("ns::Foo<int, std::less<int>>::bar(char const*) const"),
            "ns::Foo::bar");
  EXPECT_EQ(NormalizeFunctionName("void ns::Parse<char>(std::basic_string_view<char>)"),
            "ns::Parse");
  EXPECT_EQ(NormalizeFunctionName("Foo::operator()(int) const"), "Foo::operator()");
  EXPECT_EQ(NormalizeFunctionName("operator<<(std::ostream&, Foo const&)"), "operator<<");
  EXPECT_EQ(NormalizeFunctionName("Foo::operator->() const"), "Foo::operator->");
  EXPECT_EQ(NormalizeFunctionName("operator new[](unsigned long)"), "operator new[]");
  EXPECT_EQ(NormalizeFunctionName("(anonymous namespace)::Helper(int)"),
            "(anonymous namespace)::Helper");
  EXPECT_EQ(NormalizeFunctionName("Run(int) [clone .cold]"), "Run");
  EXPECT_EQ(NormalizeFunctionName("Outer()::$_12::operator()() const"), "Outer()::$_::operator()");
  EXPECT_EQ(NormalizeFunctionName("llhttp__internal__n_header_value"),
            "llhttp__internal__n_header_value");
}

TEST(TriageParseFrameLine, ReadsEveryFrameShape) {
  StackFrame f;
  ASSERT_TRUE(ParseFrameLine(
      "    #4 0x5573ecd4b4dd in CheckInvariant(bool) /src/buggy_target.cc:114:15", f));
  EXPECT_EQ(f.function, "CheckInvariant(bool)");
  EXPECT_EQ(f.location, "/src/buggy_target.cc:114:15");
  ASSERT_TRUE(
      ParseFrameLine("    #9 0x5573ecc69282 in main (/tmp/bin/t+0x6a282) (BuildId: 6f14c76e)", f));
  EXPECT_EQ(f.function, "main");
  EXPECT_EQ(f.module, "/tmp/bin/t");
  EXPECT_EQ(f.module_offset, 0x6a282u);
  ASSERT_TRUE(ParseFrameLine(
      "    #3 0x7f72e3e5af8f  (/lib/x86_64-linux-gnu/libc.so.6+0x3bf8f) (BuildId: 1234)", f));
  EXPECT_EQ(f.function, "");
  EXPECT_EQ(f.module, "/lib/x86_64-linux-gnu/libc.so.6");
  ASSERT_TRUE(ParseFrameLine(
      "#1 0x1 in operator new[](unsigned long) /llvm/compiler-rt/lib/asan/asan_new_delete.cpp:98:3",
      f));
  EXPECT_EQ(f.function, "operator new[](unsigned long)");
  EXPECT_FALSE(ParseFrameLine("SUMMARY: AddressSanitizer: heap-buffer-overflow", f));
  EXPECT_FALSE(ParseFrameLine("#define X 1", f));
}

TEST(TriageParseFrameLine, KeepsOperatorsWholeAndTellsModulesFromFunctions) {
  StackFrame f;
  // No location: the name keeps its parameter list, spaces and all.
  ASSERT_TRUE(ParseFrameLine("    #1 0x4f2b61 in operator new(unsigned long)", f));
  EXPECT_EQ(f.function, "operator new(unsigned long)");
  EXPECT_EQ(f.location, "");
  ASSERT_TRUE(ParseFrameLine("    #5 0x4f2b61 in std::__terminate(void (*)())", f));
  EXPECT_EQ(NormalizeFunctionName(f.function), "std::__terminate");
  // An offset into the function, which sanitizers print when there is no source location.
  ASSERT_TRUE(ParseFrameLine(
      "    #2 0x7f01 in operator delete(void*)+0x1c (/usr/lib/libc++abi.so.1+0x2e1f8)", f));
  EXPECT_EQ(f.function, "operator delete(void*)");
  EXPECT_EQ(f.module, "/usr/lib/libc++abi.so.1");
  EXPECT_EQ(NormalizeFunctionName(f.function), "operator delete");
  // An object file as the location (libc++abi's static archive, AFL++'s driver).
  ASSERT_TRUE(ParseFrameLine(
      "    #4 0x558b3c95bf4c in demangling_terminate_handler() cxa_default_handlers.cpp.o", f));
  EXPECT_EQ(f.function, "demangling_terminate_handler()");
  EXPECT_EQ(f.location, "cxa_default_handlers.cpp.o");
  // Frames that name only a module.
  ASSERT_TRUE(ParseFrameLine("    #3 0x7ffd1a9e1b3f  ([vdso]+0xb3f)", f));
  EXPECT_EQ(f.module, "[vdso]");
  EXPECT_TRUE(IsNoiseFrame(f));
  ASSERT_TRUE(ParseFrameLine("    #7 0x7f2e  (libc.so.6+0x29d8f)", f));
  EXPECT_EQ(f.module, "libc.so.6");
  EXPECT_TRUE(IsNoiseFrame(f));
  ASSERT_TRUE(ParseFrameLine("    #0 0x0  (<unknown module>)", f));
  EXPECT_EQ(f.module, "");
  EXPECT_TRUE(IsNoiseFrame(f));
}

TEST(TriageIsNoiseFrame, RuntimeAllocatorAndExitFramesAreNoiseCodeIsNot) {
  auto noise = [](const std::string& line) {
    StackFrame f;
    EXPECT_TRUE(ParseFrameLine(line, f)) << line;
    return IsNoiseFrame(f);
  };
  for (const char* line : {
           "#0 0x1 in operator new[](unsigned long) (/out/url_parse+0x14aaed)",
           "#0 0x1 in operator new(unsigned long, std::nothrow_t const&)",
           "#0 0x1 in operator delete(void*, unsigned long) (/out/url_parse+0x14b642)",
           "#0 0x1 in __interceptor_malloc (/out/url_parse+0x9a1e2)",
           "#0 0x1 in __libc_malloc (/lib/x86_64-linux-gnu/libc.so.6+0x9a1e2)",
           "#0 0x1 in xmalloc /src/util.c:12:3",
           "#0 0x1 in g_malloc0 (/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0+0x5d1e2)",
           "#0 0x1 in abort_message (/out/t+0x13ab3a)",
           "#0 0x1 in __cxa_throw (/lib/x86_64-linux-gnu/libstdc++.so.6+0xa90d7)",
           "#0 0x1 in __cxxabiv1::failed_throw(__cxxabiv1::__cxa_exception*) cxa_exception.cpp.o",
           "#0 0x1 in __gnu_cxx::__verbose_terminate_handler() "
           "(/lib/x86_64-linux-gnu/libstdc++.so.6+0xaae47)",
           "#0 0x1 in __run_exit_handlers stdlib/exit.c:116:8",
           "#0 0x1 in exit (/lib/x86_64-linux-gnu/libc.so.6+0x3c699)",
           "#0 0x1 in MSanAtExitWrapper() (/out/t+0xadc7c)",
           "#0 0x1 in fuzzer::Fuzzer::ExitCallback() (/out/t+0x4ff8c)",
           "#0 0x1 in url_parse!? (/out/url_parse+0x1234)",
       }) {
    EXPECT_TRUE(noise(line)) << line;
  }
  for (const char* line :
       {"#0 0x1 in ada::url_aggregator::parse_port(std::string_view) "
        "/src/ada/src/url_aggregator.cpp:12",
        "#0 0x1 in LLVMFuzzerTestOneInput /src/nodefuzz/fuzzers/url/url_parse.cc:40:3",
        "#0 0x1 in llhttp__internal__n_header_value (/out/http_framing+0x1234)"}) {
    EXPECT_FALSE(noise(line)) << line;
  }
}

TEST(TriageSeverity, FollowsTheDocumentedTable) {
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
  EXPECT_EQ(RateSeverity("Use-of-uninitialized-value", "", "").level, "Medium");
  EXPECT_TRUE(RateSeverity("Use-of-uninitialized-value", "", "").security);
  EXPECT_EQ(RateSeverity("Uncaught-exception", "", "").level, "Low");
}

}  // namespace
}  // namespace nodefuzz::triage
