// ada's contract is valid UTF-8 input ("must be valid ASCII or UTF-8", implementation.h), and
// Node only ever hands it that: a JavaScript string converted to UTF-8. Fuzz bytes that are not
// valid UTF-8 are therefore read as Latin-1 first, as a JS string of those characters would
// arrive. Valid UTF-8 stays as it is, so the fuzzer still reaches every code point.
#pragma once

#include <string>
#include <string_view>

namespace nodefuzz::url {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view bytes);

// The bytes unchanged when valid UTF-8, otherwise each byte as a Latin-1 character in UTF-8.
std::string AsUsvString(std::string_view bytes);

}  // namespace nodefuzz::url
