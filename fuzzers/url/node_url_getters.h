// The values Node's URL getters give. Node's URL class does not call ada's getters: it keeps the
// href and url_aggregator's components (byte offsets into it, which ada hands over through
// get_components()), and its getters (lib/internal/url.js, Node 18.17 to 24) slice the href with
// them, with JavaScript's String.prototype.slice. url.node-getters compares these with ada's
// getters, so an offset ada's own getters do not read still shows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "ada.h"

namespace nodefuzz::url {

struct NodeUrlGetters {
  std::string_view protocol, username, password, host, hostname;
  std::string port;  // Node prints the number
  std::string_view pathname, search, hash;
};

// String.prototype.slice on an ASCII href (every href is ASCII), with its clamping: a negative
// bound counts from the end, and an end before the start gives "".
inline std::string_view JsSlice(std::string_view s, int64_t from, int64_t to) {
  const int64_t size = static_cast<int64_t>(s.size());
  const auto clamp = [&](int64_t at) {
    return at < 0 ? std::max<int64_t>(size + at, 0) : std::min(at, size);
  };
  from = clamp(from);
  to = clamp(to);
  return to <= from ? std::string_view() : s.substr(from, to - from);
}

// The views point into `u`'s href.
inline NodeUrlGetters NodeGetters(const ada::url_aggregator& u) {
  const std::string_view href = u.get_href();
  const ada::url_components& c = u.get_components();
  constexpr uint32_t kOmitted = ada::url_components::omitted;
  const int64_t size = static_cast<int64_t>(href.size());
  const int64_t protocol_end = c.protocol_end, username_end = c.username_end;
  const int64_t host_start = c.host_start, host_end = c.host_end;
  // host_start is at the '@' that ends the credentials, when there are any.
  const int64_t host_from = host_start + (host_start < size && href[host_start] == '@');
  const bool has_search = c.search_start != kOmitted, has_hash = c.hash_start != kOmitted;
  const int64_t search_to = has_hash ? int64_t{c.hash_start} : size;
  NodeUrlGetters g;
  g.protocol = JsSlice(href, 0, protocol_end);
  if (protocol_end + 2 < username_end) g.username = JsSlice(href, protocol_end + 2, username_end);
  if (host_start - username_end > 0) g.password = JsSlice(href, username_end + 1, host_start);
  if (host_from != host_end) g.host = JsSlice(href, host_from, c.pathname_start);
  g.hostname = JsSlice(href, host_from, host_end);
  if (c.port != kOmitted) g.port = std::to_string(c.port);
  g.pathname = JsSlice(href, c.pathname_start,
                       has_search ? int64_t{c.search_start}
                       : has_hash ? int64_t{c.hash_start}
                                  : size);
  if (has_search && search_to - c.search_start > 1)
    g.search = JsSlice(href, c.search_start, search_to);
  if (has_hash && size - c.hash_start > 1) g.hash = JsSlice(href, c.hash_start, size);
  return g;
}

}  // namespace nodefuzz::url
