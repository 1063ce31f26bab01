// What each oracle id means, in one line for the maintainer of the parser: "llhttp accepts chunk
// data not followed by CRLF — RFC 9112 7.1". From fuzzers/oracle_descriptions.tsv, embedded when
// nodefuzz-triage is built; the file's header explains its patterns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nodefuzz::triage {

// nullopt for an id no line describes (the test oracles, or an oracle added without a line).
std::optional<std::string> OracleDescription(std::string_view oracle_id);

// The file's entries as written (id or pattern, description), for tests and checks.
const std::vector<std::pair<std::string, std::string>>& OracleDescriptionEntries();

}  // namespace nodefuzz::triage
