// One way for every target to report a semantic bug: a stable line triage can sign, then abort().
//
//   ==NODEFUZZ-ORACLE== <oracle-id>: <detail>
//
// The id is short and stable (triage signs on it); the detail is for the human reading the report.
#pragma once

#include <string>
#include <string_view>

namespace nodefuzz {

[[noreturn]] void ReportOracleViolation(const char* oracle_id, const std::string& detail);

// Bytes made readable for a one-line report: C escapes, cut to max_bytes with a note of the rest.
std::string Printable(std::string_view bytes, size_t max_bytes = 160);

}  // namespace nodefuzz

// The detail expression is evaluated only when the oracle fires, so it may be costly.
#define NODEFUZZ_ORACLE(condition, oracle_id, detail)       \
  do {                                                      \
    if (!(condition)) [[unlikely]]                          \
      ::nodefuzz::ReportOracleViolation(oracle_id, detail); \
  } while (0)
