// The standard's port setter, the model url.port-setter checks url_aggregator against
// (url_setters.cc), and what nodefuzz-triage confirm expects of Node's url.port (url_explain).
#pragma once

#include <string>
#include <string_view>

namespace nodefuzz::url {

// The port setter (WHATWG URL, `port` setter, then the port state with state override), from the
// standard's text. `before` is the port before the call, "" when null.
inline std::string ExpectedPort(std::string_view protocol, std::string_view hostname,
                                std::string_view before, std::string_view value) {
  // A URL without a host, or a file URL, cannot have a port: the setter returns.
  if (hostname.empty() || protocol == "file:") return std::string(before);
  if (value.empty()) return "";  // checked before tab and newline are removed
  std::string input;
  for (const char c : value) {
    if (c != '\t' && c != '\n' && c != '\r') input += c;
  }
  size_t digits = 0;
  while (digits < input.size() && input[digits] >= '0' && input[digits] <= '9') ++digits;
  // The port state stops at the first other code point (or the end) and, with an empty buffer
  // and a state override, returns without changing anything.
  if (digits == 0) return std::string(before);
  const std::string_view number = std::string_view(input).substr(0, digits);
  const size_t first_significant = number.find_first_not_of('0');
  const std::string_view significant =
      first_significant == std::string_view::npos ? "0" : number.substr(first_significant);
  if (significant.size() > 5) return std::string(before);  // > 65535: failure
  const unsigned long port = std::stoul(std::string(significant));
  if (port > 65535) return std::string(before);
  const unsigned long default_port = protocol == "http:" || protocol == "ws:"     ? 80
                                     : protocol == "https:" || protocol == "wss:" ? 443
                                     : protocol == "ftp:"                         ? 21
                                                                                  : 65536;
  return port == default_port ? std::string() : std::to_string(port);
}

}  // namespace nodefuzz::url
