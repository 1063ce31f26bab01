// The "parser" of the deliberately buggy targets: the code under test, listed in the
// parser-sources.txt beside their bin directories (CMakeLists.txt), as a real parser's files are in
// build/<preset>/parser-sources.txt. Each function has one bug; the harnesses (buggy_target.cc,
// buggy_second_target.cc) pick which to call.
#pragma once

#include <cstddef>
#include <cstdint>

#define BUGGY_FRAME __attribute__((noinline, disable_tail_calls))

// Results go through volatiles so that no read, write or allocation can be optimized away.
extern volatile char g_byte_sink;
extern volatile int g_int_sink;

// ASan and UBSan.
BUGGY_FRAME char ReadPastEnd();          // heap-buffer-overflow READ, 1 byte past new char[8]
BUGGY_FRAME void WritePastEnd();         // heap-buffer-overflow WRITE
BUGGY_FRAME char ReadAfterFree();        // heap-use-after-free READ
BUGGY_FRAME int ReadThroughNull();       // SEGV on address 0 (READ)
BUGGY_FRAME int AddPastIntMax();         // UBSan signed integer overflow
BUGGY_FRAME void LeakBuffer();           // direct leak of a malloc()ed block
BUGGY_FRAME void LeakArray();            // direct leak of a new[]ed block
BUGGY_FRAME void DeleteArrayAsScalar();  // new[] freed with delete: alloc-dealloc-mismatch
BUGGY_FRAME void SpinForever();          // timeout
BUGGY_FRAME void HoardMemory();          // out-of-memory, 64 MiB blocks
BUGGY_FRAME void FillHeader();           // with FillTrailer: two bugs, same top frame (WriteSlot)
BUGGY_FRAME void FillTrailer();
BUGGY_FRAME char DecodeLayer1(const char* buf, size_t len);  // -> 2 -> 3: overflowing read
BUGGY_FRAME void CrashEveryOtherRun();  // flaky (TRIAGE_BUGGY_FLAKY_COUNTER names its counter)
BUGGY_FRAME void ValidateSelector(uint8_t selector);  // a failing assert() with a message
BUGGY_FRAME void GiveUp();                            // abort()
BUGGY_FRAME void ThrowUnexpected();                   // an exception nobody catches
BUGGY_FRAME void QuitEarly();                         // exit() inside the target

// Recursion to stack overflow: NestValue and NestList call each other, each allocating on the
// way down, until the stack runs out. `detour` (0-9) spends some stack before the recursion, so
// the overflow hits a different place in the cycle: the same bug at different depths.
BUGGY_FRAME void ParseNested(int detour);
// Self-recursion that allocates at every level: the stack often runs out inside the allocator.
BUGGY_FRAME void NestAllocating(int depth);

// MemorySanitizer: a branch on heap bytes never written (harmless under the other sanitizers).
BUGGY_FRAME void BranchOnUninitialized();

// libc++ with hardening only: an index past a std::vector's end stops at libc++'s assertion.
// Elsewhere it returns without reading.
BUGGY_FRAME void IndexPastVector();
