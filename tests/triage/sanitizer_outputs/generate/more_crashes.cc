// A throwaway program with one bug per sanitizer report kind, for the stored sanitizer outputs
// in tests/triage/sanitizer_outputs/ (generate.sh builds and runs it; it is not part of the build).
//
// The input is the name of the bug, e.g. "double-free" (trailing whitespace ignored); any other
// input does nothing. It is a libFuzzer-style target, linked by generate.sh with libFuzzer, with
// the project's replay driver (fuzzers/common/replay_main.cc) or, for "implicit-conversion",
// built with -fsanitize=implicit-conversion as well.
//
// Every helper is a frame of its own (never inlined, never a tail call) with a name that says
// what it does, so the top frames in the outputs are those names.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#define CRASH_FRAME __attribute__((noinline, disable_tail_calls))

// Results go through volatiles so that nothing below can be optimized away.
volatile int g_int_sink;
volatile char g_byte_sink;
void* volatile g_ptr_sink;
int* volatile g_dangling;

int g_table[4] = {1, 2, 3, 4};
char g_not_from_malloc[32];
unsigned char g_bool_storage = 7;  // neither 0 nor 1: not a valid bool

struct LeakNode {
  LeakNode* next;
  char payload[24];
};

struct Widget {
  int id;
  int size;
};

// --- the two kinds the replay build is run with -----------------------------------------------

CRASH_FRAME void ReadPastHeapArray() {
  char* buf = new char[8];
  std::memset(buf, 'h', 8);
  volatile size_t index = 8;
  g_byte_sink = buf[index];
  delete[] buf;
}

CRASH_FRAME void GiveUp() { std::abort(); }

// --- ASan ----------------------------------------------------------------------------------------

CRASH_FRAME void FreeTwice() {
  void* block = std::malloc(24);
  g_ptr_sink = block;
  std::free(block);
  std::free(g_ptr_sink);
}

CRASH_FRAME void FreeGlobalArray() {
  g_ptr_sink = g_not_from_malloc + 8;
  std::free(g_ptr_sink);
}

CRASH_FRAME void NewArrayThenFree() {
  char* buf = new char[16];
  g_ptr_sink = buf;
  std::free(g_ptr_sink);  // operator new[] vs free
}

CRASH_FRAME void ReadPastStackArray() {
  char buf[8];
  std::memset(buf, 's', sizeof buf);
  char* volatile p = buf;  // through a pointer: UBSan's bounds check sees arrays only
  volatile size_t index = 8;
  g_byte_sink = p[index];
}

CRASH_FRAME void ReadPastGlobalArray() {
  int* volatile p = g_table;
  volatile size_t index = 4;
  g_int_sink = p[index];
}

CRASH_FRAME void KeepLocalAddress() {
  int local[4] = {5, 6, 7, 8};
  g_dangling = &local[1];
  g_int_sink = local[0];
}

CRASH_FRAME void UseStackAfterReturn() {
  KeepLocalAddress();
  g_int_sink = *g_dangling;
}

CRASH_FRAME void UseStackAfterScope() {
  int* volatile p = nullptr;
  {
    int inner = 42;
    p = &inner;
    g_int_sink = *p;
  }
  g_int_sink = *p;
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winfinite-recursion"
CRASH_FRAME int RecurseForever(int depth) {
  volatile char frame_filler[256];
  frame_filler[0] = static_cast<char>(depth);
  const int below = RecurseForever(depth + 1);
  return below + frame_filler[0];
}
#pragma clang diagnostic pop

CRASH_FRAME void StartRecursion() { g_int_sink = RecurseForever(0); }

CRASH_FRAME void CopyOverlapping() {
  char buf[32];
  std::memset(buf, 'c', sizeof buf);
  volatile size_t length = 16;
  std::memcpy(buf, buf + 4, length);
  g_byte_sink = buf[0];
}

CRASH_FRAME void MoveNegativeSize() {
  char buf[16];
  std::memset(buf, 'n', sizeof buf);
  volatile ptrdiff_t length = -1;
  std::memmove(buf, buf + 1, static_cast<size_t>(length));
  g_byte_sink = buf[0];
}

CRASH_FRAME void MallocTooBig() {
  volatile size_t size = static_cast<size_t>(-1) / 2;
  g_ptr_sink = std::malloc(size);
  std::free(g_ptr_sink);
}

CRASH_FRAME void CallocOverflow() {
  volatile size_t count = static_cast<size_t>(-1) / 2;
  volatile size_t size = 4;
  g_ptr_sink = std::calloc(count, size);
  std::free(g_ptr_sink);
}

CRASH_FRAME void WriteWildAddress() {
  volatile uintptr_t address = 0x12345678;
  *reinterpret_cast<int*>(address) = 1;
}

CRASH_FRAME void MallocHundredMiB() {
  volatile size_t size = size_t{100} << 20;
  g_ptr_sink = std::malloc(size);
  std::free(g_ptr_sink);
}

CRASH_FRAME void LeakLinkedNodes() {
  auto* head = new LeakNode{};
  auto* tail = new LeakNode{};
  head->next = tail;
  g_ptr_sink = head;
  g_ptr_sink = nullptr;  // head leaks directly, tail only through head
}

CRASH_FRAME void LeakCycle() {
  auto* first = new LeakNode{};
  auto* second = new LeakNode{};
  first->next = second;
  second->next = first;
  g_ptr_sink = first;
  g_ptr_sink = nullptr;  // each is pointed to by the other: indirect leaks only
}

// --- UBSan ---------------------------------------------------------------------------------------

CRASH_FRAME void ShiftTooFar() {
  volatile int amount = 40;
  const int one = 1;
  g_int_sink = one << amount;
}

CRASH_FRAME void DivideByZero() {
  volatile int zero = 0;
  g_int_sink = 100 / zero;
}

CRASH_FRAME void IndexPastArray() {
  int local[4] = {1, 2, 3, 4};
  volatile int index = 4;
  g_int_sink = local[index];
}

CRASH_FRAME void LoadInvalidBool() {
  bool* volatile p = reinterpret_cast<bool*>(&g_bool_storage);
  g_int_sink = *p ? 1 : 2;
}

CRASH_FRAME void LoadMisaligned() {
  alignas(8) char buf[16] = {};
  char* volatile base = buf;
  g_int_sink = *reinterpret_cast<int*>(base + 1);
}

CRASH_FRAME void AccessNullMember() {
  Widget* volatile hidden = nullptr;
  Widget* widget = hidden;
  g_int_sink = widget->size;
}

CRASH_FRAME void LoadThroughNull() {
  int* volatile hidden = nullptr;
  int* p = hidden;
  g_int_sink = *p;
}

CRASH_FRAME void OverflowPointer() {
  volatile uintptr_t base = UINTPTR_MAX - 3;
  char* p = reinterpret_cast<char*>(base);
  volatile size_t offset = 16;
  g_ptr_sink = p + offset;
}

CRASH_FRAME int ReachUnreachable() {
  volatile int mode = 3;
  switch (mode) {
    case 0:
      return 10;
    case 1:
      return 20;
  }
  __builtin_unreachable();
}

CRASH_FRAME void CallUnreachable() { g_int_sink = ReachUnreachable(); }

CRASH_FRAME void NarrowImplicitly() {
  volatile int wide = 300;
  unsigned char narrow = wide;  // only -fsanitize=implicit-conversion reports this one
  g_int_sink = narrow;
}

// --- the entry point -----------------------------------------------------------------------------

namespace {

struct Bug {
  const char* name;
  void (*run)();
};

constexpr Bug kBugs[] = {
    {"heap-buffer-overflow", ReadPastHeapArray},
    {"abort", GiveUp},
    {"double-free", FreeTwice},
    {"bad-free", FreeGlobalArray},
    {"alloc-dealloc-mismatch", NewArrayThenFree},
    {"stack-buffer-overflow", ReadPastStackArray},
    {"global-buffer-overflow", ReadPastGlobalArray},
    {"stack-use-after-return", UseStackAfterReturn},
    {"stack-use-after-scope", UseStackAfterScope},
    {"stack-overflow", StartRecursion},
    {"memcpy-param-overlap", CopyOverlapping},
    {"negative-size-param", MoveNegativeSize},
    {"allocation-size-too-big", MallocTooBig},
    {"calloc-overflow", CallocOverflow},
    {"wild-write", WriteWildAddress},
    {"malloc-limit", MallocHundredMiB},
    {"indirect-leak", LeakLinkedNodes},
    {"indirect-leak-cycle", LeakCycle},
    {"shift-exponent", ShiftTooFar},
    {"divide-by-zero", DivideByZero},
    {"index-out-of-bounds", IndexPastArray},
    {"invalid-bool", LoadInvalidBool},
    {"misaligned-load", LoadMisaligned},
    {"null-member-access", AccessNullMember},
    {"null-load", LoadThroughNull},
    {"pointer-overflow", OverflowPointer},
    {"unreachable", CallUnreachable},
    {"implicit-conversion", NarrowImplicitly},
};

}  // namespace

extern "C" CRASH_FRAME int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty() && (input.back() == '\n' || input.back() == '\r' || input.back() == ' ')) {
    input.remove_suffix(1);
  }
  for (const Bug& bug : kBugs) {
    if (input == bug.name) {
      bug.run();
      break;
    }
  }
  return 0;
}
