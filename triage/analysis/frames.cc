#include "analysis/frames.h"

#include <cctype>
#include <initializer_list>

namespace nodefuzz::triage {

namespace {

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.starts_with(p)) return true;
  }
  return false;
}

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

// Removes every " [clone .cold.3]"-style and "[abi:cxx11]" bracket group.
std::string WithoutBracketTags(std::string s) {
  for (const char* tag : {" [clone ", "[clone ", "[abi:"}) {
    for (size_t at; (at = s.find(tag)) != std::string::npos;) {
      const size_t end = s.find(']', at);
      s.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
    }
  }
  return s;
}

// "operator<", "operator<<", "operator->", "operator<=>": the '<' or '>' is the name, not a
// template.
bool IsOperatorAt(const std::string& s, size_t i) {
  size_t k = i;
  while (k > 0 && std::string_view("<>-=").find(s[k - 1]) != std::string_view::npos) --k;
  return std::string_view(s).substr(0, k).ends_with("operator");
}

std::string WithoutTemplateArguments(const std::string& s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c == '<' || c == '>') && IsOperatorAt(s, i)) {
      if (depth == 0) out += c;
      continue;
    }
    if (c == '<') {
      ++depth;
    } else if (c == '>' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

// Drops the parameter list: the balanced "(...)" group that ends the name, with any cv/ref
// qualifiers after it. "(anonymous namespace)" inside the name stays.
std::string WithoutParameters(std::string s) {
  for (const char* suffix : {" const", " volatile", " &&", " &"}) {
    while (s.ends_with(suffix)) s.erase(s.size() - std::string_view(suffix).size());
  }
  if (!s.ends_with(")")) return s;
  int depth = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == ')') ++depth;
    if (s[i] == '(' && --depth == 0) {
      // "operator()" itself is a name: its "()" is kept, the list after it is not.
      if (std::string_view(s).substr(0, i).ends_with("operator")) return s;
      return s.substr(0, i);
    }
  }
  return s;
}

// A template function's demangled name starts with its return type: "void ns::Foo".
std::string WithoutReturnType(const std::string& s) {
  int depth = 0;
  for (size_t i = s.size(); i-- > 0;) {
    const char c = s[i];
    if (c == ')' || c == '}') ++depth;
    if (c == '(' || c == '{') --depth;
    if (c != ' ' || depth != 0) continue;
    const std::string_view before = std::string_view(s).substr(0, i);
    if (before.ends_with("operator")) continue;  // "operator new", "operator delete[]"
    return s.substr(i + 1);
  }
  return s;
}

// "$_12" (clang lambdas) and "#3" ({lambda()#3}) are numbered by position in the file: drop them.
std::string WithoutLambdaNumbers(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    const bool numbered = (s[i] == '_' && i > 0 && s[i - 1] == '$') || s[i] == '#';
    if (numbered) {
      while (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ++i;
    }
  }
  return out;
}

// The last component of a path or module: "/lib/x86_64-linux-gnu/libc.so.6" -> "libc.so.6".
std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Sanitizer and fuzzing-engine runtimes, by where they were compiled from or linked.
bool IsRuntimeLocation(std::string_view location, std::string_view module) {
  for (std::string_view where :
       {"compiler-rt/lib/", "/sanitizer_common/", "libclang_rt.", "aflpp_driver", "afl-compiler-rt",
        "libAFLDriver", "/FuzzerMain.cpp", "/fuzzer/Fuzzer"}) {
    if (Contains(location, where) || Contains(module, where)) return true;
  }
  return false;
}

// libc, the loader, the C++ runtimes, the unwinder, the kernel's vDSO and the sanitizers' own
// shared libraries, by file name: a frame in one of them is never the bug.
bool IsSystemLibrary(std::string_view module) {
  const std::string_view name = BaseName(module);
  return StartsWithAny(
      name,
      {"libc.so",    "libc-",   "ld-linux", "ld-",     "libstdc++",  "libc++",    "libgcc_s",
       "libpthread", "libm.so", "libm-",    "libdl",   "librt",      "libunwind", "libasan",
       "libubsan",   "libmsan", "liblsan",  "libtsan", "linux-vdso", "[vdso]",    "[vsyscall]"});
}

// glibc's sources, as its debug information names them ("nptl/pthread_kill.c",
// "csu/../sysdeps/nptl/libc_start_call_main.h", "stdlib/exit.c").
bool IsGlibcSource(std::string_view location) {
  if (location.starts_with("./")) location.remove_prefix(2);
  return StartsWithAny(location,
                       {"csu/", "sysdeps/", "nptl/", "stdlib/", "assert/", "signal/", "libio/",
                        "string/", "malloc/", "elf/", "posix/", "misc/", "debug/", "wcsmbs/"}) ||
         Contains(location, "/glibc-") || Contains(location, "/glibc/");
}

// Allocation, string and memory functions, and the wrappers around them: the sanitizers
// intercept them and their callers are where a bug is. Each base name also counts with the
// prefixes allocators and wrappers give it (__libc_malloc, __interceptor_free, xmalloc,
// g_malloc0, je_calloc, ...).
bool IsAllocationOrMemoryFunction(std::string_view name) {
  if (IsOneOf(name, {"operator new", "operator new[]", "operator delete", "operator delete[]",
                     "node::Malloc", "node::Calloc", "node::Realloc", "node::UncheckedMalloc",
                     "node::UncheckedCalloc", "node::UncheckedRealloc"})) {
    return true;
  }
  // Itanium-mangled operator new / delete, when a symbolizer gave linkage names.
  if (StartsWithAny(name, {"_Znw", "_Zna", "_Zdl", "_Zda"})) return true;
  static constexpr std::string_view kBases[] = {"malloc",
                                                "calloc",
                                                "realloc",
                                                "reallocarray",
                                                "reallocf",
                                                "free",
                                                "cfree",
                                                "memalign",
                                                "posix_memalign",
                                                "aligned_alloc",
                                                "valloc",
                                                "pvalloc",
                                                "malloc_usable_size",
                                                "strdup",
                                                "strndup",
                                                "wcsdup",
                                                "memcpy",
                                                "memmove",
                                                "memset",
                                                "memcmp",
                                                "bcmp",
                                                "bzero",
                                                "memchr",
                                                "memrchr",
                                                "strlen",
                                                "strnlen",
                                                "wcslen",
                                                "strcmp",
                                                "strncmp",
                                                "strcasecmp",
                                                "strncasecmp",
                                                "strcpy",
                                                "strncpy",
                                                "stpcpy",
                                                "strcat",
                                                "strncat",
                                                "strchr",
                                                "strrchr",
                                                "strstr",
                                                "strspn",
                                                "strcspn",
                                                "strpbrk",
                                                "strtok",
                                                "mmap",
                                                "munmap"};
  static constexpr std::string_view kPrefixes[] = {"",
                                                   "__libc_",
                                                   "__interceptor_",
                                                   "___interceptor_",
                                                   "__wrap_",
                                                   "__real_",
                                                   "x",
                                                   "g_",
                                                   "je_",
                                                   "tc_",
                                                   "mi_",
                                                   "dl",
                                                   "__"};
  for (std::string_view prefix : kPrefixes) {
    if (!name.starts_with(prefix)) continue;
    std::string_view base = name.substr(prefix.size());
    if (base.ends_with("0")) base.remove_suffix(1);  // g_malloc0
    for (std::string_view b : kBases) {
      if (base == b) return true;
    }
  }
  return false;
}

// libc and the loader: starting, stopping, signals, exit handlers and assertions.
bool IsLibcControlFunction(std::string_view name) {
  return IsOneOf(name, {"abort", "raise", "gsignal", "exit", "_exit", "_Exit", "quick_exit",
                        "atexit", "main", "_start", "pthread_kill", "terminate"}) ||
         StartsWithAny(name, {"__libc_", "__GI_", "__pthread_kill", "__restore_rt",
                              "__run_exit_handlers", "__call_tls_dtors", "_dl_", "__assert",
                              "__libc_start", "MSanAtExitWrapper", "killpg", "__kill"});
}

// The C++ runtime and standard library: exceptions, unwinding, std::terminate and the messages
// libc++abi and libstdc++ print before they abort.
bool IsCxxRuntimeFunction(std::string_view name, std::string_view location) {
  if (Contains(location, "/include/c++/")) return true;
  if (StartsWithAny(name, {"std::", "__gnu_cxx::", "__cxxabiv1::", "__cxa_", "__cxa", "_Unwind_",
                           "__gxx_personality", "__gcc_personality", "__clang_call_terminate",
                           "__libcpp_", "__cxx_"})) {
    return true;
  }
  // libc++abi's helpers have internal linkage and sometimes an "(anonymous namespace)::".
  for (std::string_view helper :
       {"abort_message", "demangling_terminate_handler", "demangling_unexpected_handler",
        "default_terminate_handler", "default_unexpected_handler"}) {
    if (name == helper || name.ends_with("::" + std::string(helper))) return true;
  }
  return false;
}

}  // namespace

std::string NormalizeFunctionName(std::string_view name) {
  std::string s = WithoutBracketTags(std::string(name));
  s = WithoutTemplateArguments(s);
  s = WithoutParameters(s);
  s = WithoutReturnType(s);
  s = WithoutLambdaNumbers(s);
  return s;
}

bool IsNoiseFrame(const StackFrame& frame) {
  const std::string name = NormalizeFunctionName(frame.function);
  const std::string_view location = frame.location, module = frame.module;
  // A frame that names only a module ("(libc.so.6+0x29d8f)", "([vdso]+0x...)", "binary!?")
  // carries nothing stable: offsets move with every build.
  if (name.empty() || name == "??" || name == "?" || name == "<unknown>" || name.ends_with("!?")) {
    return true;
  }
  if (IsRuntimeLocation(location, module) || IsSystemLibrary(module) || IsGlibcSource(location)) {
    return true;
  }
  if (IsCxxRuntimeFunction(name, location) || IsAllocationOrMemoryFunction(name) ||
      IsLibcControlFunction(name)) {
    return true;
  }
  if (StartsWithAny(name, {"__asan", "__lsan", "__ubsan", "__msan", "__tsan", "__hwasan", "__dfsan",
                           "__sanitizer", "__interceptor", "___interceptor", "__interception",
                           "__afl", "afl_", "fuzzer::"}) ||
      name == "LLVMFuzzerRunDriver") {
    return true;
  }
  // Our own harness helpers: the oracle macro's reporter, the replay driver, input readers.
  return name.starts_with("nodefuzz::ReportOracleViolation") ||
         name.starts_with("nodefuzz::RunOneInput") || Contains(location, "fuzzers/common/");
}

std::string_view FrameSourceFile(const StackFrame& frame) {
  std::string_view loc = frame.location;
  if (loc.empty() || loc.starts_with("(")) return {};
  // "file:line:col" or "file:line": drop the numbers.
  for (int part = 0; part < 2; ++part) {
    const size_t colon = loc.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == loc.size()) break;
    if (loc.substr(colon + 1).find_first_not_of("0123456789") != std::string_view::npos) break;
    loc = loc.substr(0, colon);
  }
  return loc;
}

}  // namespace nodefuzz::triage
