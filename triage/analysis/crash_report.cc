#include "analysis/crash_report.h"

#include <cctype>
#include <cstdlib>
#include <optional>

namespace nodefuzz::triage {

namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// The text after `marker` on the line, or nullopt.
std::optional<std::string_view> After(std::string_view line, std::string_view marker) {
  const size_t at = line.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  return line.substr(at + marker.size());
}

// "heap-buffer-overflow" -> "Heap-buffer-overflow": ClusterFuzz's spelling of crash types.
std::string Capitalized(std::string_view kind) {
  std::string out(kind);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

uint64_t ParseHex(std::string_view s) {
  if (s.starts_with("0x")) s.remove_prefix(2);
  uint64_t v = 0;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) break;
    v = v * 16 + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(c))
                                           ? c - '0'
                                           : (std::tolower(c) - 'a' + 10));
  }
  return v;
}

// ASan names a kind in its SUMMARY line ("SUMMARY: AddressSanitizer: double-free ..."), more
// uniformly than in its ERROR line ("attempting double-free on ..."); both are handled.
std::string AsanKind(std::string_view error_rest, std::string_view summary_rest) {
  std::string_view token = summary_rest.empty() ? error_rest : summary_rest;
  token = token.substr(0, token.find(' '));
  if (summary_rest.empty()) {
    if (error_rest.starts_with("attempting double-free")) return "Double-free";
    if (error_rest.starts_with("attempting free on address which was not malloc"))
      return "Bad-free";
    if (error_rest.starts_with("requested allocation size")) return "Allocation-size-too-big";
    if (error_rest.starts_with("calloc parameters overflow")) return "Calloc-overflow";
    if (error_rest.starts_with("out of memory")) return "Out-of-memory";
    if (error_rest.starts_with("attempting to call malloc_usable_size"))
      return "Bad-malloc-usable-size";
  }
  if (token == "SEGV" || token == "BUS") return "";  // decided by the address: see ReadSanitizer
  if (token == "ABRT") return "Abrt";
  if (token == "FPE") return "Floating-point-exception";
  if (token == "ILL") return "Illegal-instruction";
  if (token == "out-of-memory") return "Out-of-memory";
  return Capitalized(token);
}

// UBSan's "runtime error: <message>" to a crash type.
std::string UbsanKind(std::string_view m) {
  struct Rule {
    std::string_view part;
    const char* kind;
  };
  static constexpr Rule kRules[] = {
      {"signed integer overflow", "Integer-overflow"},
      {"unsigned integer overflow", "Integer-overflow"},
      {"negation of", "Integer-overflow"},
      {"shift exponent", "Invalid-shift"},
      {"left shift of", "Invalid-shift"},
      {"division by zero", "Divide-by-zero"},
      {"out of bounds for type", "Index-out-of-bounds"},
      {"which is not a valid value for type 'bool'", "Invalid-bool-value"},
      {"which is not a valid value for type", "Invalid-enum-value"},
      {"misaligned address", "Misaligned-address"},
      {"alignment assumption", "Misaligned-address"},
      {"member access within null pointer", "Null-member-access"},
      {"member call on null pointer", "Null-member-access"},
      {"reference binding to null pointer", "Null-reference"},
      {"null pointer passed as argument", "Null-argument"},
      {"declared to never return null", "Null-return"},
      {"null pointer", "Null-dereference"},
      {"pointer overflow", "Pointer-overflow"},
      {"pointer index expression", "Pointer-overflow"},
      {"applying non-zero offset", "Pointer-overflow"},
      {"applying zero offset to null pointer", "Pointer-overflow"},
      {"offset to null pointer", "Pointer-overflow"},
      {"unreachable program point", "Unreachable-code"},
      {"end of a value-returning function", "No-return-value"},
      {"implicit conversion", "Implicit-conversion"},
      {"outside the range of representable values", "Float-cast-overflow"},
      {"through pointer to incorrect function type", "Bad-function-call"},
      {"which does not point to an object of type", "Bad-cast"},
      {"variable length array bound", "Non-positive-vla-bound"},
      {"passing zero to", "Invalid-builtin-use"},
  };
  for (const Rule& r : kRules) {
    if (Contains(m, r.part)) return r.kind;
  }
  return "Undefined-behavior";
}

// The first stack at or after line `from` (frames #0, #1, ... in a row); only a few lines of
// preamble ("READ of size 4 ...", "The signal is caused by ...") may come before it.
std::vector<StackFrame> StackAfter(const std::vector<std::string_view>& lines, size_t from) {
  std::vector<StackFrame> stack;
  constexpr size_t kMaxPreamble = 12;
  size_t i = from;
  StackFrame frame;
  while (i < lines.size() && i < from + kMaxPreamble && !ParseFrameLine(lines[i], frame)) ++i;
  for (; i < lines.size(); ++i) {
    if (!ParseFrameLine(lines[i], frame)) break;
    // A second "#0" starts another thread's or another allocation's stack.
    if (!stack.empty() && Trim(lines[i]).starts_with("#0 ")) break;
    stack.push_back(frame);
  }
  return stack;
}

struct Header {
  size_t line = 0;
  enum Kind { kSanitizer, kLsan, kLibFuzzer, kUbsan } kind = kSanitizer;
};

// The sanitizers whose reports read alike: "ERROR: <name>: <kind> ...", a stack, and a
// "SUMMARY: <name>: <kind> ..." line. MemorySanitizer announces its own finding as a WARNING.
constexpr std::string_view kSanitizerNames[] = {"AddressSanitizer", "MemorySanitizer",
                                                "UndefinedBehaviorSanitizer"};

std::optional<Header> FindHeader(const std::vector<std::string_view>& lines, size_t from) {
  for (size_t i = from; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    for (std::string_view name : kSanitizerNames) {
      if (Contains(l, "ERROR: " + std::string(name) + ": ")) return Header{i, Header::kSanitizer};
    }
    if (Contains(l, "WARNING: MemorySanitizer: ")) return Header{i, Header::kSanitizer};
    if (Contains(l, "ERROR: LeakSanitizer: ")) return Header{i, Header::kLsan};
    if (Contains(l, "ERROR: libFuzzer: ")) return Header{i, Header::kLibFuzzer};
    if (Contains(l, ": runtime error: ")) return Header{i, Header::kUbsan};
  }
  return std::nullopt;
}

void ReadSanitizer(const std::vector<std::string_view>& lines, size_t at, CrashReport& r) {
  const std::string_view header = lines[at];
  std::string_view name = "AddressSanitizer";
  for (std::string_view n : kSanitizerNames) {
    if (Contains(header, std::string(n) + ": ")) name = n;
  }
  const std::string_view rest = *After(header, std::string(name) + ": ");
  const std::string summary_marker = "SUMMARY: " + std::string(name) + ": ";
  std::string_view summary;
  for (size_t i = at + 1; i < lines.size(); ++i) {
    if (auto s = After(lines[i], summary_marker)) {
      summary = *s;
      break;
    }
  }
  r.crash_type = AsanKind(rest, summary);
  // "READ of size 4 at 0x... thread T0", or for a signal "The signal is caused by a WRITE memory
  // access."
  for (size_t i = at + 1; i < lines.size() && i < at + 6; ++i) {
    const std::string_view l = Trim(lines[i]);
    for (const char* access : {"READ", "WRITE"}) {
      if (l.starts_with(std::string(access) + " of size ")) {
        r.access = access;
        const std::string size(l.substr(std::string_view(access).size() + 9));
        r.access_size = std::strtoull(size.c_str(), nullptr, 10);
      } else if (Contains(l, std::string("caused by a ") + access + " memory access")) {
        r.access = access;
      }
    }
  }
  if (r.crash_type.empty()) {
    // A signal on an address below one page is a null dereference (ClusterFuzz's rule).
    const auto address = After(rest, "on unknown address ");
    const bool zero_page = address && ParseHex(*address) < 4096;
    r.crash_type = zero_page ? "Null-dereference" : "Segv-on-unknown-address";
  }
  r.stack = StackAfter(lines, at + 1);
}

void ReadLsan(const std::vector<std::string_view>& lines, size_t at, CrashReport& r) {
  // A direct leak is the bug; indirect ones hang off it. The first direct leak's stack signs.
  for (const char* kind : {"Direct leak of ", "Indirect leak of "}) {
    for (size_t i = at + 1; i < lines.size(); ++i) {
      if (!Contains(lines[i], kind)) continue;
      r.crash_type = kind[0] == 'D' ? "Direct-leak" : "Indirect-leak";
      r.headline = std::string(Trim(lines[i]));
      r.stack = StackAfter(lines, i + 1);
      return;
    }
  }
  r.crash_type = "Direct-leak";
}

void ReadLibFuzzer(const std::vector<std::string_view>& lines, size_t at, CrashReport& r) {
  const std::string_view rest = *After(lines[at], "ERROR: libFuzzer: ");
  if (rest.starts_with("timeout")) {
    r.crash_type = "Timeout";
  } else if (rest.starts_with("out-of-memory")) {
    r.crash_type = "Out-of-memory";
  } else if (rest.starts_with("deadly signal")) {
    r.crash_type = "Deadly-signal";
  } else if (rest.starts_with("fuzz target exited")) {
    r.crash_type = "Unexpected-exit";
  } else if (rest.starts_with("fuzz target overwrites its const input")) {
    r.crash_type = "Overwrites-const-input";
  } else {
    r.crash_type = "LibFuzzer-" + std::string(rest.substr(0, rest.find(' ')));
  }
  r.stack = StackAfter(lines, at + 1);
  if (r.crash_type == "Deadly-signal") {
    for (const StackFrame& f : r.stack) {
      if (f.function.starts_with("abort") || f.function.starts_with("__GI_abort"))
        r.crash_type = "Abrt";
    }
  }
}

}  // namespace

namespace {

// "file.cc:12:3", "file.cc:12", "/abs/file.cc", "aflpp_driver.o", "cxa_default_handlers.cpp.o":
// the token a frame line ends with when it names a source or object file. A parameter list's
// tail ("long)", "delete(void*)") never does.
bool LooksLikeFileLocation(std::string_view token) {
  if (token.empty() || token.find_first_of("()<>,*&") != std::string_view::npos) return false;
  if (token.find('/') != std::string_view::npos) return true;
  // A line number (and column) at the end.
  std::string_view t = token;
  for (int part = 0; part < 2; ++part) {
    const size_t colon = t.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == t.size()) break;
    const std::string_view digits = t.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) break;
    if (colon > 0 && t[colon - 1] != ':') return true;
    t = t.substr(0, colon);
  }
  // An extension of a source or object file.
  const size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view ext = token.substr(dot + 1);
  for (std::string_view known : {"o", "c", "cc", "cpp", "cxx", "h", "hh", "hpp", "inc", "S", "s"}) {
    if (ext == known) return true;
  }
  return false;
}

// The start of the balanced "(...)" group that ends `s` (s ends with ')'), or npos.
size_t OpeningOfLastGroup(std::string_view s) {
  int depth = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == ')') ++depth;
    if (s[i] == '(' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// "Foo(int)+0x1c": the offset into the function, which the sanitizers print when they have no
// source location.
std::string_view WithoutFunctionOffset(std::string_view function) {
  const size_t plus = function.rfind("+0x");
  if (plus == std::string_view::npos || plus == 0) return function;
  const std::string_view hex = function.substr(plus + 3);
  if (hex.empty() || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
    return function;
  }
  return Trim(function.substr(0, plus));
}

}  // namespace

bool ParseFrameLine(std::string_view line, StackFrame& frame) {
  std::string_view l = Trim(line);
  if (l.size() < 3 || l[0] != '#' || !std::isdigit(static_cast<unsigned char>(l[1]))) return false;
  size_t k = 1;
  while (k < l.size() && std::isdigit(static_cast<unsigned char>(l[k]))) ++k;
  l = Trim(l.substr(k));
  if (!l.starts_with("0x")) return false;
  const size_t after_pc = l.find_first_of(" \t");
  l = Trim(l.substr(after_pc == std::string_view::npos ? l.size() : after_pc));
  frame = StackFrame{};
  // Newer sanitizers end an unsymbolized frame with "(BuildId: 8f2e...)".
  if (l.ends_with(")")) {
    const size_t open = l.rfind("(BuildId: ");
    if (open != std::string_view::npos) l = Trim(l.substr(0, open));
  }
  std::string_view function, location = l;
  if (l.starts_with("in ")) {
    l = Trim(l.substr(3));
    // What follows the name, if anything: "(module+0x...)", "(<unknown module>)", or a file
    // ("file:line[:col]", a path, an object file). Names hold spaces and parentheses of their
    // own ("operator new(unsigned long)", "std::__terminate(void (*)())"), so the location is
    // only what has the shape of one.
    location = {};
    function = l;
    const size_t open = l.ends_with(")") ? OpeningOfLastGroup(l) : std::string_view::npos;
    const std::string_view group = open == std::string_view::npos
                                       ? std::string_view()
                                       : l.substr(open + 1, l.size() - open - 2);
    if (open != std::string_view::npos && open > 0 && l[open - 1] == ' ' &&
        (Contains(group, "+0x") || group == "<unknown module>" || group.starts_with("/"))) {
      function = Trim(l.substr(0, open));
      location = l.substr(open);
    } else if (const size_t space = l.rfind(' ');
               space != std::string_view::npos && LooksLikeFileLocation(l.substr(space + 1))) {
      function = Trim(l.substr(0, space));
      location = l.substr(space + 1);
    }
    function = WithoutFunctionOffset(function);
  }
  frame.function = std::string(function);
  frame.location = std::string(location);
  if (location.starts_with("(") && location.ends_with(")")) {
    const std::string_view inner = location.substr(1, location.size() - 2);
    const size_t plus = inner.rfind("+0x");
    if (plus != std::string_view::npos) {
      frame.module = std::string(inner.substr(0, plus));
      frame.module_offset = ParseHex(inner.substr(plus + 1));
    } else if (inner != "<unknown module>") {
      frame.module = std::string(inner);
    }
  }
  return true;
}

namespace {

// glibc: "prog: file.cc:12: void f(int): Assertion `x' failed." (the program and function may be
// missing); libc++ 17 and later: "file:12: assertion x failed: message"; libc++ before:
// "file:12: _LIBCPP_ASSERT 'x' failed. message"; musl and the BSDs: "Assertion failed: x (...)".
bool IsAssertionLine(std::string_view l) {
  if (Contains(l, "Assertion `") && Contains(l, "' failed.")) return true;
  if (Contains(l, "_LIBCPP_ASSERT '") && Contains(l, "' failed.")) return true;
  if (Trim(l).starts_with("Assertion failed: ")) return true;
  const size_t at = l.find(": assertion ");
  if (at == std::string_view::npos || l.find(" failed: ", at) == std::string_view::npos) {
    return false;
  }
  // "...vector:1436: assertion ...": a line number right before it.
  const std::string_view before = l.substr(0, at);
  const size_t colon = before.rfind(':');
  return colon != std::string_view::npos && colon + 1 < before.size() &&
         before.substr(colon + 1).find_first_not_of("0123456789") == std::string_view::npos;
}

// The C++ runtime's last words before it aborts on an exception nobody caught: libstdc++'s
// verbose terminate handler, and libc++abi's (whose wording changed in LLVM 15).
bool IsUncaughtExceptionLine(std::string_view l) {
  return Contains(l, "terminate called after throwing an instance of ") ||
         Contains(l, "libc++abi: terminating due to uncaught exception") ||
         Contains(l, "libc++abi: terminating with uncaught exception");
}

// A line that names the finding before the report that holds its stack: each aborts, so an
// ABRT or deadly-signal report follows. The first oracle line wins, then an assertion, then an
// uncaught exception.
struct Announcement {
  size_t line = 0;
  const char* crash_type = nullptr;
};

std::optional<Announcement> FindAnnouncement(const std::vector<std::string_view>& lines) {
  std::optional<Announcement> assertion, exception;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (Contains(lines[i], "==NODEFUZZ-ORACLE== ")) return Announcement{i, "Oracle"};
    if (!assertion && IsAssertionLine(lines[i])) assertion = Announcement{i, "Assertion-failure"};
    if (!exception && IsUncaughtExceptionLine(lines[i])) {
      exception = Announcement{i, "Uncaught-exception"};
    }
  }
  return assertion ? assertion : exception;
}

}  // namespace

CrashReport ParseCrashOutput(std::string_view output) {
  const std::vector<std::string_view> lines = SplitLines(output);
  CrashReport r;
  const std::optional<Announcement> announced = FindAnnouncement(lines);
  const std::optional<Header> header = FindHeader(lines, announced ? announced->line : 0);
  if (!announced && !header) return r;
  r.found = true;
  if (header) {
    r.headline = std::string(Trim(lines[header->line]));
    switch (header->kind) {
      case Header::kSanitizer:
        ReadSanitizer(lines, header->line, r);
        break;
      case Header::kLsan:
        ReadLsan(lines, header->line, r);
        break;
      case Header::kLibFuzzer:
        ReadLibFuzzer(lines, header->line, r);
        break;
      case Header::kUbsan: {
        const std::string_view message = *After(lines[header->line], ": runtime error: ");
        r.crash_type = UbsanKind(message);
        r.stack = StackAfter(lines, header->line + 1);
        break;
      }
    }
  }
  if (!announced) return r;
  const std::string_view line = Trim(lines[announced->line]);
  r.crash_type = announced->crash_type;
  r.access.clear();
  r.access_size = 0;
  r.headline = std::string(line);
  if (r.crash_type == "Oracle") {
    const std::string_view rest = *After(line, "==NODEFUZZ-ORACLE== ");
    r.oracle_id = std::string(Trim(rest.substr(0, rest.find(':'))));
  } else if (r.crash_type == "Uncaught-exception" && announced->line + 1 < lines.size()) {
    // libstdc++ gives the exception's what() on a line of its own.
    if (const auto what = After(lines[announced->line + 1], "  what():  ")) {
      r.headline += " — what(): " + std::string(Trim(*what));
    }
  }
  return r;
}

}  // namespace nodefuzz::triage
