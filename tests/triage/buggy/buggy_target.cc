// A fuzz target that is wrong on purpose: the fixture nodefuzz-triage is tested against.
//
// The first byte of the input picks one bug (the second byte too for 's' and 'p'); every other
// byte is ignored, so libFuzzer's -minimize_crash shrinks "r" + junk down to "r". Anything else
// returns without a bug.
//
//   r  heap-buffer-overflow READ (1 byte past new char[8])   b  UBSan signed integer overflow
//   w  heap-buffer-overflow WRITE                              l  leak (malloc never freed)
//   u  heap-use-after-free READ                                t  timeout (endless loop)
//   n  null dereference (READ)                                 m  out-of-memory (64 MiB blocks)
//   o  oracle violation "test.oracle" from CheckInvariant      a  failing assert()
//   x  abort() from GiveUp
//   f  flaky: a heap-buffer-overflow READ in CrashEveryOtherRun on the 1st, 3rd, 5th... run,
//      counted in the file TRIAGE_BUGGY_FLAKY_COUNTER names (no crash without it)
//   s1 / s2  two different bugs with the same top frame: WriteSlot from FillHeader / FillTrailer
//   p1 / p2  one bug reached two ways: EntryFromRequest / EntryFromResponse, both through
//            DecodeLayer1 -> DecodeLayer2 -> DecodeLayer3 (the overflowing read)
//
// Built with TRIAGE_BUGGY_FIXED, 'r' is fixed: the build `verify` is tested with.
//
// Every helper is a frame of its own (never inlined, never a tail call) and has external linkage
// and a name that says what it does, so the stacks are the same at -O1 on every build.

#undef NDEBUG  // the 'a' selector needs assert(), whatever the build type says
#include <cassert>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "oracle.h"

#define BUGGY_FRAME __attribute__((noinline, disable_tail_calls))

// Results go through volatiles so that no read, write or allocation can be optimized away.
volatile char g_byte_sink;
volatile int g_int_sink;
void* volatile g_leak_sink;
volatile unsigned g_spin_counter;
void* g_hoard[256];  // 256 x 64 MiB = 16 GiB at most

// --- r, w, u: heap misuse --------------------------------------------------------------------

BUGGY_FRAME char ReadPastEnd() {
  char* buf = new char[8];
  std::memset(buf, 'r', 8);
#ifdef TRIAGE_BUGGY_FIXED
  volatile size_t index = 7;  // the last byte: the fix
#else
  volatile size_t index = 8;  // one past the end
#endif
  const char c = buf[index];
  delete[] buf;
  return c;
}

BUGGY_FRAME void WritePastEnd() {
  char* buf = new char[8];
  std::memset(buf, 'w', 8);
  volatile size_t index = 8;
  buf[index] = 'W';
  g_byte_sink = buf[0];
  delete[] buf;
}

BUGGY_FRAME char ReadAfterFree() {
  char* buf = new char[8];
  std::memset(buf, 'u', 8);
  delete[] buf;
  volatile size_t index = 3;
  return buf[index];
}

// --- n: null dereference -----------------------------------------------------------------------

// UBSan's null check would report "load of null pointer" first; this one is for ASan's SEGV.
__attribute__((no_sanitize("null"))) BUGGY_FRAME int ReadThroughNull() {
  int* volatile hidden = nullptr;  // the compiler cannot know it is null
  int* p = hidden;
  return *p;
}

// --- b: UBSan signed integer overflow ----------------------------------------------------------

BUGGY_FRAME int AddPastIntMax() {
  volatile int max = INT_MAX;
  const int value = max;
  return value + 1;
}

// --- l: leak -------------------------------------------------------------------------------------

BUGGY_FRAME void LeakBuffer() {
  void* block = std::malloc(48);
  std::memset(block, 'l', 48);
  g_leak_sink = block;  // escapes, so the allocation stays...
  g_leak_sink = nullptr;  // ...and then nothing points to it
}

// --- t: timeout ----------------------------------------------------------------------------------

BUGGY_FRAME void SpinForever() {
  for (;;) g_spin_counter = g_spin_counter + 1;
}

// --- m: out-of-memory ----------------------------------------------------------------------------

BUGGY_FRAME void HoardMemory() {
  constexpr size_t kBlock = size_t{64} << 20;
  for (size_t i = 0; i < sizeof g_hoard / sizeof g_hoard[0]; ++i) {
    void* block = std::malloc(kBlock);
    if (block == nullptr) return;
    std::memset(block, 0xA5, kBlock);
    g_hoard[i] = block;
  }
}

// --- o: oracle violation -------------------------------------------------------------------------

BUGGY_FRAME void CheckInvariant(bool holds) {
  if (!holds) nodefuzz::ReportOracleViolation("test.oracle", "detail text");
}

// --- s1 / s2: two bugs, same top frame -----------------------------------------------------------

BUGGY_FRAME void WriteSlot(char* buf, size_t i) { buf[i] = 'S'; }

BUGGY_FRAME void FillHeader() {
  char* header = new char[16];
  WriteSlot(header, 0);
  WriteSlot(header, 16);  // one past the end
  g_byte_sink = header[0];
  delete[] header;
}

BUGGY_FRAME void FillTrailer() {
  char* trailer = new char[32];
  WriteSlot(trailer, 31);
  WriteSlot(trailer, 36);  // five past the end
  g_byte_sink = trailer[31];
  delete[] trailer;
}

// --- p1 / p2: one bug, two paths -----------------------------------------------------------------

BUGGY_FRAME char DecodeLayer3(const char* buf, size_t len) {
  char checksum = 0;
  for (size_t i = 0; i <= len; ++i) checksum = static_cast<char>(checksum ^ buf[i]);  // <= : one too far
  return checksum;
}

BUGGY_FRAME char DecodeLayer2(const char* buf, size_t len) {
  const char checksum = DecodeLayer3(buf, len);
  return static_cast<char>(checksum + 2);
}

BUGGY_FRAME char DecodeLayer1(const char* buf, size_t len) {
  const char checksum = DecodeLayer2(buf, len);
  return static_cast<char>(checksum + 1);
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

// --- f: flaky ----------------------------------------------------------------------------------

BUGGY_FRAME void CrashEveryOtherRun() {
  const char* counter_path = std::getenv("TRIAGE_BUGGY_FLAKY_COUNTER");
  if (counter_path == nullptr) return;
  long runs = 0;
  std::ifstream(counter_path) >> runs;
  std::ofstream(counter_path, std::ios::trunc) << ++runs;
  if (runs % 2 == 0) return;
  char* buf = new char[4];
  std::memset(buf, 'f', 4);
  volatile size_t index = 4;  // one past the end (not fixed in the TRIAGE_BUGGY_FIXED build)
  g_byte_sink = buf[index];
  delete[] buf;
}

// --- a, x: assert and abort ----------------------------------------------------------------------

BUGGY_FRAME void ValidateSelector(uint8_t selector) {
  assert(selector != 'a' && "selector 'a' is not allowed");
  g_byte_sink = static_cast<char>(selector);
}

BUGGY_FRAME void GiveUp() { std::abort(); }

// --- the entry point -----------------------------------------------------------------------------

extern "C" BUGGY_FRAME int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t second = size > 1 ? data[1] : 0;
  switch (data[0]) {
    case 'r': g_byte_sink = ReadPastEnd(); break;
    case 'w': WritePastEnd(); break;
    case 'u': g_byte_sink = ReadAfterFree(); break;
    case 'n': g_int_sink = ReadThroughNull(); break;
    case 'b': g_int_sink = AddPastIntMax(); break;
    case 'l': LeakBuffer(); break;
    case 't': SpinForever(); break;
    case 'm': HoardMemory(); break;
    case 'o': CheckInvariant(false); break;
    case 's':
      if (second == '1') FillHeader();
      if (second == '2') FillTrailer();
      break;
    case 'p':
      if (second == '1') EntryFromRequest();
      if (second == '2') EntryFromResponse();
      break;
    case 'a': ValidateSelector(data[0]); break;
    case 'x': GiveUp(); break;
    case 'f': CrashEveryOtherRun(); break;
    default: break;
  }
  return 0;
}
