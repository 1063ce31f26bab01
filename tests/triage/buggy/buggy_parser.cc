// The buggy targets' "parser" (buggy_parser.h): every function here is code under test.
//
// Every function is a frame of its own (never inlined, never a tail call) and has external
// linkage and a name that says what it does, so the stacks are the same at -O1 on every build.
#undef NDEBUG  // ValidateSelector needs assert(), whatever the build type says
#include "buggy_parser.h"

#include <alloca.h>

#include <cassert>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

volatile char g_byte_sink;
volatile int g_int_sink;
void* volatile g_leak_sink;
volatile unsigned g_spin_counter;
void* g_hoard[256];  // 256 x 64 MiB = 16 GiB at most

// --- heap misuse ---------------------------------------------------------------------------------

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

BUGGY_FRAME void DeleteArrayAsScalar() {
  char* buf = new char[16];
  std::memset(buf, 'M', 16);
  g_byte_sink = buf[3];
  delete buf;  // allocated with new[]: the mismatch
}

// UBSan's null check would report "load of null pointer" first; this one is for a SEGV.
__attribute__((no_sanitize("null"))) BUGGY_FRAME int ReadThroughNull() {
  int* volatile hidden = nullptr;  // the compiler cannot know it is null
  int* p = hidden;
  return *p;
}

BUGGY_FRAME int AddPastIntMax() {
  volatile int max = INT_MAX;
  const int value = max;
  return value + 1;
}

// --- leaks ---------------------------------------------------------------------------------------

BUGGY_FRAME void LeakBuffer() {
  void* block = std::malloc(48);
  std::memset(block, 'l', 48);
  g_leak_sink = block;    // escapes, so the allocation stays...
  g_leak_sink = nullptr;  // ...and then nothing points to it
}

BUGGY_FRAME void LeakArray() {
  char* block = new char[40];
  std::memset(block, 'L', 40);
  g_leak_sink = block;
  g_leak_sink = nullptr;
}

// --- resources -----------------------------------------------------------------------------------

BUGGY_FRAME void SpinForever() {
  for (;;) g_spin_counter = g_spin_counter + 1;
}

BUGGY_FRAME void HoardMemory() {
  constexpr size_t kBlock = size_t{64} << 20;
  for (size_t i = 0; i < sizeof g_hoard / sizeof g_hoard[0]; ++i) {
    void* block = std::malloc(kBlock);
    if (block == nullptr) return;
    std::memset(block, 0xA5, kBlock);
    g_hoard[i] = block;
  }
}

// --- two bugs, same top frame --------------------------------------------------------------------

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

// --- one bug, reached several ways ---------------------------------------------------------------

BUGGY_FRAME char DecodeLayer3(const char* buf, size_t len) {
  char checksum = 0;
  for (size_t i = 0; i <= len; ++i) checksum = static_cast<char>(checksum ^ buf[i]);  // one too far
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

// --- flaky ---------------------------------------------------------------------------------------

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

// --- the process stopping itself -----------------------------------------------------------------

BUGGY_FRAME void ValidateSelector(uint8_t selector) {
  assert(selector != 'a' && "selector 'a' is not allowed");
  g_byte_sink = static_cast<char>(selector);
}

BUGGY_FRAME void GiveUp() { std::abort(); }

BUGGY_FRAME void ThrowUnexpected() {
  g_int_sink = 1;
  throw std::runtime_error("selector 'e' throws and nothing catches it");
}

BUGGY_FRAME void QuitEarly() {
  g_int_sink = 2;
  std::exit(3);
}

// --- recursion to stack overflow -----------------------------------------------------------------

BUGGY_FRAME void NestList(int depth);

BUGGY_FRAME void NestValue(int depth) {
  volatile char value[24];
  value[depth % 24] = 'v';
  NestList(depth + 1);
  g_byte_sink = value[depth % 24];
}

// A leaf the recursion calls at each level: some overflows happen in it, above the cycle.
BUGGY_FRAME char ScanItems(const volatile char* items, int depth) {
  volatile char copy[64];
  for (int i = 0; i < 8; ++i) copy[i * 8] = items[(depth + i) % 40];
  return copy[depth % 8 * 8];
}

BUGGY_FRAME void NestList(int depth) {
  volatile char items[40];
  for (int i = 0; i < 40; ++i) items[i] = static_cast<char>('n' + i);
  g_byte_sink = ScanItems(items, depth);
  NestValue(depth + 1);
  g_byte_sink = items[0];
}

BUGGY_FRAME void ParseNested(int detour) {
  // 72 bytes per step: not a multiple of the cycle's frames, so each detour ends the stack at
  // another point of the NestValue / NestList cycle.
  volatile char* spent = static_cast<volatile char*>(alloca(72 * static_cast<size_t>(detour) + 1));
  spent[0] = 'd';
  NestValue(0);
  g_byte_sink = spent[0];
}

// The same recursion allocating at every level: overflows inside the allocator.
BUGGY_FRAME void NestAllocating(int depth) {
  char* item = new char[24];
  item[0] = static_cast<char>(depth);
  NestAllocating(depth + 1);
  g_byte_sink = item[0];
  delete[] item;
}

// --- MemorySanitizer -----------------------------------------------------------------------------

BUGGY_FRAME void BranchOnUninitialized() {
  int* volatile hidden = new int[4];  // never written
  int* values = hidden;
  if (values[2] == 42) {
    g_int_sink = 1;
  } else {
    g_int_sink = 2;
  }
  delete[] values;
}

// --- libc++ hardening ----------------------------------------------------------------------------

BUGGY_FRAME void IndexPastVector() {
#if defined(_LIBCPP_HARDENING_MODE) && _LIBCPP_HARDENING_MODE != _LIBCPP_HARDENING_MODE_NONE
  std::vector<int> values(4, 7);
  volatile size_t index = 4;
  g_int_sink = values[index];
#endif
}
