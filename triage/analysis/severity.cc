#include "analysis/severity.h"

namespace nodefuzz::triage {

namespace {

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

SeverityRating Rate(const char* level, bool security, const char* reason) {
  return {level, security, reason};
}

SeverityRating RateOracle(std::string_view id) {
  // Request smuggling: llhttp and another HTTP implementation frame a stream differently.
  if (id.starts_with("http.framing.")) {
    return Rate("High", true, "message framing differs from RFC 9112: request smuggling");
  }
  if (id.starts_with("http.lenient.")) {
    return Rate(
        "Medium", true,
        "framing differs with a lenient flag set: smuggling under --insecure-http-parser only");
  }
  if (id == "http.span-bounds" || id.ends_with("-bounds")) {
    return Rate("High", true, "the parser reported or wrote bytes outside its buffer");
  }
  if (id.starts_with("http.")) {
    return Rate("Medium", true,
                "the same bytes parse differently depending on how they arrive: framing confusion");
  }
  if (id.starts_with("url.") || id.starts_with("idna.")) {
    return Rate("Medium", true,
                "a URL means something other than the standard says: host or origin confusion");
  }
  if (id.starts_with("enc.")) {
    return Rate("Medium", false,
                "decoded or encoded bytes differ from the specified result: data corruption");
  }
  return Rate("Medium", false, "an oracle of this suite fired: a semantic bug without a crash");
}

}  // namespace

SeverityRating RateSeverity(std::string_view type, std::string_view access,
                            std::string_view oracle_id) {
  if (type == "Oracle") return RateOracle(oracle_id);
  const bool write = access == "WRITE";
  if (IsOneOf(type, {"Heap-use-after-free", "Double-free", "Stack-use-after-return",
                     "Stack-use-after-scope", "Use-after-poison"})) {
    return Rate("High", true, "use of freed or out-of-scope memory");
  }
  if (IsOneOf(type, {"Heap-buffer-overflow", "Stack-buffer-overflow", "Global-buffer-overflow",
                     "Stack-buffer-underflow", "Dynamic-stack-buffer-overflow",
                     "Container-overflow", "Unknown-crash", "Segv-on-unknown-address",
                     "Negative-size-param", "Memcpy-param-overlap", "Index-out-of-bounds"})) {
    return write ? Rate("High", true, "out-of-bounds write")
                 : Rate("Medium", true, "out-of-bounds read");
  }
  if (IsOneOf(type, {"Bad-free", "Alloc-dealloc-mismatch", "New-delete-type-mismatch", "Bad-cast",
                     "Bad-function-call"})) {
    return Rate("Medium", true, "heap or type confusion that may corrupt memory");
  }
  if (type == "Use-of-uninitialized-value") {
    return Rate("Medium", true, "a decision or output made of memory never written: an info leak");
  }
  if (IsOneOf(type,
              {"Null-dereference", "Null-member-access", "Null-reference", "Stack-overflow"})) {
    return Rate("Low", false, "a crash with no memory corruption: denial of service");
  }
  if (IsOneOf(type, {"Timeout", "Out-of-memory", "Allocation-size-too-big", "Calloc-overflow"})) {
    return Rate("Low", false, "resource exhaustion: denial of service");
  }
  if (IsOneOf(type, {"Direct-leak", "Indirect-leak"})) {
    return Rate("Low", false, "memory leak: slow resource exhaustion");
  }
  if (IsOneOf(type, {"Abrt", "Assertion-failure", "Uncaught-exception", "Deadly-signal",
                     "Unexpected-exit", "Unreachable-code"})) {
    return Rate("Low", false, "the process stopped itself: denial of service");
  }
  // Every other UBSan kind: undefined behaviour that did not corrupt memory yet.
  return Rate("Low", false, "undefined behaviour without a memory access out of bounds");
}

}  // namespace nodefuzz::triage
