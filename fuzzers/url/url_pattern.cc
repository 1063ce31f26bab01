// url_pattern: ada's URLPattern (WHATWG URL Pattern), what Node 24's URLPattern class runs
// (node_url_pattern.cc): new URLPattern(input[, baseURL][, {ignoreCase}]), the component getters,
// then test() and exec() on a URL. Node compiles each component's regular expression with V8;
// here a stand-in (LiteralRegex) keeps the expression ada generates and matches only a literal
// one. What is fuzzed is ada's part: tokenizing and parsing the pattern, canonicalizing the
// components, generating their expressions and pattern strings, and reading the input URL.
//
// Input layout (InputReader; missing bytes read as zero):
//   u8  flags    bit 0: a base URL follows; bit 1: ignoreCase; bit 2: the pattern is a
//                URLPatternInit dictionary rather than a string
//   u16 length, then the base URL (bit 0)
//   the pattern: a u16 length and the string; or (bit 2) eight fields, each a u8 length and its
//                bytes (255: the field is absent): protocol, username, password, hostname, port,
//                pathname, search, hash
//   rest         the URL test() and exec() are given
// Every string is made valid UTF-8 first (usv_string.h), as Node hands them to ada.
//
// No oracle of its own: ASan and UBSan. A round trip looked like one (a pattern built from the
// component strings of another has the same components), but the standard does not keep it:
// "http://[\:\:1]:80\uFFFD" has the port "80" (the default port is only dropped before the
// port is canonicalized, which cuts it at the U+FFFD), and a pattern of port "80" has "". The
// component strings are still built into a second pattern, for the URLPatternInit path.
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ada.h"
#include "exact_copy.h"
#include "fuzz_entry.h"
#include "input_reader.h"
#include "usv_string.h"

namespace url = nodefuzz::url;

namespace {

// A regular expression ada generated, matched only when it is a literal ("^http$"): enough for
// the special-scheme test ada makes while compiling a pattern, without a regex engine here.
class LiteralRegex {
 public:
  struct regex_type {
    std::string source;
    bool ignore_case = false;
  };
  static std::optional<regex_type> create_instance(std::string_view pattern, bool ignore_case) {
    return regex_type{std::string(pattern), ignore_case};
  }
  static std::optional<std::vector<std::optional<std::string>>> regex_search(
      std::string_view input, const regex_type& pattern) {
    if (!regex_match(input, pattern)) return std::nullopt;
    return std::vector<std::optional<std::string>>{};
  }
  static bool regex_match(std::string_view input, const regex_type& pattern) {
    std::string_view s = pattern.source;
    if (!s.starts_with('^') || !s.ends_with('$') || s.size() < 2) return false;
    s = s.substr(1, s.size() - 2);
    if (s.find_first_of("\\.*+?()[]{}|^$") != std::string_view::npos) return false;
    if (s.size() != input.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(input[i]);
      if (a != b && !(pattern.ignore_case && std::tolower(a) == std::tolower(b))) return false;
    }
    return true;
  }
};

using Pattern = ada::url_pattern<LiteralRegex>;

std::array<std::string_view, 8> Components(const Pattern& p) {
  return {p.get_protocol(), p.get_username(), p.get_password(), p.get_hostname(),
          p.get_port(),     p.get_pathname(), p.get_search(),   p.get_hash()};
}

ada::url_pattern_init InitOf(const std::array<std::string, 8>& fields,
                             const std::array<bool, 8>& present) {
  ada::url_pattern_init init;
  std::optional<std::string>* slots[] = {&init.protocol, &init.username, &init.password,
                                         &init.hostname, &init.port,     &init.pathname,
                                         &init.search,   &init.hash};
  for (size_t i = 0; i < 8; ++i) {
    if (present[i]) *slots[i] = fields[i];
  }
  return init;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::InputReader reader(data, size);
  const uint8_t flags = reader.TakeByte();
  std::optional<nodefuzz::ExactCopy> base;
  if (flags & 1) base.emplace(url::AsUsvString(reader.Take(reader.TakeU16())));
  ada::url_pattern_options options;
  options.ignore_case = flags & 2;

  std::optional<std::string> pattern_string;
  std::array<std::string, 8> fields;
  std::array<bool, 8> present{};
  if (flags & 4) {
    for (size_t i = 0; i < 8; ++i) {
      const uint8_t length = reader.TakeByte();
      present[i] = length != 255;
      if (present[i]) fields[i] = url::AsUsvString(reader.Take(length));
    }
  } else {
    pattern_string = url::AsUsvString(reader.Take(reader.TakeU16()));
  }
  const nodefuzz::ExactCopy input(url::AsUsvString(reader.Rest()));

  std::string_view base_view;
  if (base) base_view = base->view();
  const std::string_view* base_arg = base ? &base_view : nullptr;
  auto pattern = pattern_string ? ada::parse_url_pattern<LiteralRegex>(
                                      std::string_view(*pattern_string), base_arg, &options)
                                : ada::parse_url_pattern<LiteralRegex>(InitOf(fields, present),
                                                                       base_arg, &options);
  if (!pattern) return 0;

  // test() and exec() of a URL string, as `pattern.test(input)` calls them.
  const std::string_view input_view = input.view();
  (void)pattern->test(input_view, nullptr);
  (void)pattern->exec(input_view, nullptr);
  (void)pattern->has_regexp_groups();

  const std::array<std::string_view, 8> components = Components(*pattern);
  std::array<std::string, 8> again_fields;
  for (size_t i = 0; i < 8; ++i) again_fields[i] = std::string(components[i]);
  std::array<bool, 8> all;
  all.fill(true);
  (void)ada::parse_url_pattern<LiteralRegex>(InitOf(again_fields, all), nullptr, &options);
  return 0;
}
