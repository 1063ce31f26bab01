// A fuzz target that is wrong on purpose: the fixture nodefuzz-triage is tested against. This file
// is its harness; the bugs are in buggy_parser.cc, the code under test.
//
// The first byte of the input picks one bug (the second byte too for 's', 'p', 'd', 'D' and 'T');
// every other byte is ignored, so libFuzzer's -minimize_crash shrinks "r" + junk down to "r".
// Anything else returns without a bug. The slow new shapes take two bytes, so that a minimizer's
// one-byte mutations seldom wander into them.
//
//   r  heap-buffer-overflow READ (1 byte past new char[8])   b  UBSan signed integer overflow
//   w  heap-buffer-overflow WRITE                              l  leak (malloc never freed)
//   u  heap-use-after-free READ                                L  leak (new[] never freed)
//   n  null dereference (READ)                                 M  new[] freed with delete
//   t  timeout (endless loop)                                  m  out-of-memory (64 MiB blocks)
//   TT timeout in the harness itself (no parser frame)         o  oracle "test.oracle"
//   a  failing assert() with a message                         x  abort() from GiveUp
//   e  an uncaught exception                                   q  exit(3) inside the target
//   U  use of uninitialized memory (MemorySanitizer)           h  libc++ hardening assertion
//   d0 ... d9  recursion to stack overflow (NestValue <-> NestList), reached at ten depths
//   DD recursion to stack overflow that allocates at every level (NestAllocating)
//   f  flaky: a heap-buffer-overflow READ in CrashEveryOtherRun on the 1st, 3rd, 5th... run,
//      counted in the file TRIAGE_BUGGY_FLAKY_COUNTER names (no crash without it)
//   s1 / s2  two different bugs with the same top frame: WriteSlot from FillHeader / FillTrailer
//   p1 / p2  one bug reached two ways: EntryFromRequest / EntryFromResponse, both through
//            DecodeLayer1 -> DecodeLayer2 -> DecodeLayer3 (the overflowing read)
//
// Built with TRIAGE_BUGGY_FIXED, 'r' is fixed: the build `verify` is tested with.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "buggy_parser.h"
#include "oracle.h"

namespace {

volatile unsigned g_harness_spins;

}  // namespace

// The oracle is the harness's, as in the real targets.
BUGGY_FRAME void CheckInvariant(bool holds) {
  if (!holds) nodefuzz::ReportOracleViolation("test.oracle", "detail text");
}

BUGGY_FRAME void EntryFromRequest() {
  char* request = new char[24];
  std::memset(request, 'q', 24);
  g_byte_sink = DecodeLayer1(request, 24);
  delete[] request;
}

BUGGY_FRAME void EntryFromResponse() {
  char* response = new char[40];
  std::memset(response, 'R', 40);
  g_byte_sink = DecodeLayer1(response, 40);
  delete[] response;
}

BUGGY_FRAME void WaitInHarness() {
  for (;;) g_harness_spins = g_harness_spins + 1;
}

extern "C" BUGGY_FRAME int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t second = size > 1 ? data[1] : 0;
  switch (data[0]) {
    case 'r':
      g_byte_sink = ReadPastEnd();
      break;
    case 'w':
      WritePastEnd();
      break;
    case 'u':
      g_byte_sink = ReadAfterFree();
      break;
    case 'n':
      g_int_sink = ReadThroughNull();
      break;
    case 'b':
      g_int_sink = AddPastIntMax();
      break;
    case 'l':
      LeakBuffer();
      break;
    case 'L':
      LeakArray();
      break;
    case 'M':
      DeleteArrayAsScalar();
      break;
    case 't':
      SpinForever();
      break;
    case 'T':
      if (second == 'T') WaitInHarness();
      break;
    case 'm':
      HoardMemory();
      break;
    case 'o':
      CheckInvariant(false);
      break;
    case 's':
      if (second == '1') FillHeader();
      if (second == '2') FillTrailer();
      break;
    case 'p':
      if (second == '1') EntryFromRequest();
      if (second == '2') EntryFromResponse();
      break;
    case 'd':
      if (second >= '0' && second <= '9') ParseNested(second - '0');
      break;
    case 'D':
      if (second == 'D') NestAllocating(0);
      break;
    case 'a':
      ValidateSelector(data[0]);
      break;
    case 'x':
      GiveUp();
      break;
    case 'e':
      ThrowUnexpected();
      break;
    case 'q':
      QuitEarly();
      break;
    case 'U':
      BranchOnUninitialized();
      break;
    case 'h':
      IndexPastVector();
      break;
    case 'f':
      CrashEveryOtherRun();
      break;
    default:
      break;
  }
  return 0;
}
