// The oracles of http_request and http_response: llhttp against itself (docs/TARGETS.md lists them:
// http.split-invariance, http.span-bounds, http.strict-subset, http.body-length).
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>

namespace nodefuzz::http {

// Runs every HTTP oracle on one input (http_input.h's layout); reports through NODEFUZZ_ORACLE
// (abort) on a violation.
void CheckHttpOracles(const uint8_t* data, size_t size, llhttp_type_t type);

}  // namespace nodefuzz::http
