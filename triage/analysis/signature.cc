#include "analysis/signature.h"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <cstdio>

namespace nodefuzz::triage {

namespace {

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

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

// "operator<", "operator<<", "operator->", "operator<=>": the '<' or '>' is the name, not a template.
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

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.starts_with(p)) return true;
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
  const std::string_view loc = frame.location, module = frame.module;
  // Sanitizer and fuzzing-engine runtimes, by where they were compiled from or linked.
  for (std::string_view where : {"compiler-rt/lib/", "/sanitizer_common/", "libclang_rt.", "aflpp_driver",
                                 "afl-compiler-rt", "libAFLDriver", "/FuzzerMain.cpp", "/fuzzer/Fuzzer"}) {
    if (Contains(loc, where) || Contains(module, where)) return true;
  }
  // libc, the dynamic loader and the C++ runtime, by library or glibc source path.
  for (std::string_view lib : {"/libc.so", "/libc-", "/ld-linux", "/libstdc++", "/libc++", "/libgcc_s",
                               "/libpthread", "/libm.so"}) {
    if (Contains(module, lib) || Contains(loc, lib)) return true;
  }
  for (std::string_view glibc : {"csu/", "sysdeps/", "nptl/", "stdlib/abort.c", "assert/assert.c", "signal/"}) {
    if (loc.starts_with(glibc) || Contains(loc, std::string("/") + std::string(glibc))) return true;
  }
  // The C++ standard library's headers and runtime.
  if (Contains(loc, "/include/c++/") || StartsWithAny(name, {"std::", "__gnu_cxx::", "__cxa", "__cxxabiv1::", "_Unwind"})) {
    return true;
  }
  if (StartsWithAny(name, {"__asan", "__lsan", "__ubsan", "__sanitizer", "__interceptor", "___interceptor",
                           "__msan", "__tsan", "__afl", "afl_", "fuzzer::", "LLVMFuzzerRunDriver",
                           "__libc_", "__GI_", "__assert_fail", "__pthread_kill", "pthread_kill", "__restore_rt"})) {
    return true;
  }
  // Allocation and string functions the sanitizers intercept: the caller is where the bug is.
  static constexpr std::string_view kIntercepted[] = {
      "malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc", "memalign", "valloc",
      "operator new", "operator new[]", "operator delete", "operator delete[]", "memcpy", "memmove",
      "memset", "memcmp", "bcmp", "strlen", "strnlen", "strcmp", "strncmp", "strcpy", "strncpy", "strcat",
      "strchr", "strrchr", "strstr", "memchr", "abort", "raise", "gsignal", "_start", "main"};
  for (std::string_view f : kIntercepted) {
    if (name == f) return true;
  }
  // Our own harness helpers: the oracle macro's reporter, the replay driver, input readers.
  if (name.starts_with("nodefuzz::ReportOracleViolation") || name.starts_with("nodefuzz::RunOneInput") ||
      Contains(loc, "fuzzers/common/")) {
    return true;
  }
  // An unsymbolized frame of a system library (no name, a module under /lib or /usr/lib).
  if (name.empty() && (module.starts_with("/lib") || module.starts_with("/usr/lib"))) return true;
  return false;
}

std::vector<std::string> SignificantFrames(const std::vector<StackFrame>& stack, size_t max) {
  std::vector<std::string> out;
  for (const StackFrame& f : stack) {
    if (out.size() == max) break;
    if (IsNoiseFrame(f)) continue;
    std::string name = NormalizeFunctionName(f.function);
    if (name.empty()) {
      // Not symbolized: the module's file name is all that is stable (offsets move per build).
      const std::string_view m = f.module;
      name = m.empty() ? "?" : std::string(m.substr(m.rfind('/') == std::string_view::npos ? 0 : m.rfind('/') + 1)) + "!?";
    }
    out.push_back(std::move(name));
  }
  return out;
}

Signature SignCrash(const CrashReport& report, std::string_view target) {
  Signature s;
  if (report.crash_type == "Oracle") {
    s.crash_type = "oracle:" + report.oracle_id;
    s.frames = SignificantFrames(report.stack, 1);
  } else {
    s.crash_type = report.crash_type.empty() ? "Unknown-crash" : report.crash_type;
    if (!report.access.empty()) s.crash_type += " " + report.access;
    s.frames = SignificantFrames(report.stack, kSignatureFrames);
  }
  s.text = s.crash_type;
  for (const std::string& f : s.frames) s.text += " | " + f;
  if (s.frames.empty()) s.text += " | (no frames in " + std::string(target) + ")";
  s.bug_id = Sha256Hex(s.text).substr(0, 12);
  return s;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace nodefuzz::triage
