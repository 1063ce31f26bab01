// An independent model of URLSearchParams (WHATWG URL §5 and §6), written from the spec text:
// what url_search_params must hold after each call, and the exact string it must serialize to.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nodefuzz::url {

using SearchEntries = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded parsing (§5.1) of the bytes, without a leading '?' strip.
// Names and values stay bytes: the spec then decodes them as UTF-8 with replacement, which the
// caller accounts for (IsValidUtf8 in usv_string.h).
SearchEntries ParseUrlencoded(std::string_view input);

// application/x-www-form-urlencoded serializing (§5.2): every byte but ASCII alphanumerics and
// *-._ percent-encoded in upper-case hex, space as '+', pairs joined by '&'.
std::string SerializeUrlencoded(const SearchEntries& entries);

// sort() (§6.2): stable, by the UTF-16 code units of the names, not by their UTF-8 bytes.
// Names must be valid UTF-8.
void SortByName(SearchEntries& entries);

}  // namespace nodefuzz::url
