// The Node-level scenario of an HTTP fuzz input, for nodefuzz-triage confirm (docs/TRIAGE.md):
// the bytes a peer sends, which side of Node reads them (its server for requests, its client
// for responses), the lenient flags the input asks for and the Node options that set them, and
// how the RFC 9112 model and this build's llhttp frame the bytes. confirm/http_*.mjs send the
// bytes as given; this is the only place an input's layout is decoded for them.
//
// Bytes are JSON strings of code points U+0000 to U+00FF, one per byte (latin1).
#pragma once

#include <llhttp.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nodefuzz::http {

struct ScenarioRequest {
  std::string target;  // the fuzz target the input is for
  std::string_view stream;
  llhttp_type_t type = HTTP_REQUEST;
  uint32_t head_response_mask = 0;
  bool upgrade_listener = false;
  // The lenient flags the input sets (http_request, http_response), or those that change how
  // llhttp reads a stream strict mode rejects (http_framing_lenient).
  uint16_t lenient_flags = 0;
};

nlohmann::json HttpScenario(const ScenarioRequest& request);

// The lenient flags that change llhttp's reading of a stream strict mode rejects, each on its
// own: what http_framing_lenient tries (framing_oracles.h). A flag that would make llhttp loop
// forever on the stream (a known bug) counts: it changes the reading too.
uint16_t FlagsThatReopen(std::string_view stream, llhttp_type_t type);

// "GET / HTTP/1.1\r\n" as a JSON string (latin1: one code point per byte).
std::string Latin1(std::string_view bytes);

// `scenario` as one line of JSON on stdout, or the reason it cannot be printed on stderr: the
// exit status of the --scenario modes.
int PrintScenario(const nlohmann::json& scenario);

}  // namespace nodefuzz::http
