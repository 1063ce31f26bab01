// Runs WPT's urltestdata.json, as shipped in the Node tree in use, through the ada in use: each
// case's expected href and components, or its expected failure. A Node tree's WPT copy can be
// newer than its ada: ada's repository carries the WPT data that ada release was tested with
// (tests/wpt), and cases missing from it are skipped, each printed with that reason.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "ada.h"
#include "node_url_getters.h"

namespace {

// WPT strings may hold lone surrogates, which JSON parsers that produce UTF-8 reject. A JS string
// reaches ada through a UTF-8 conversion that turns each into U+FFFD, and the expected results
// assume that, so the escapes are rewritten the same way before parsing.
std::string ReplaceLoneSurrogates(const std::string& json) {
  auto unit_at = [&](size_t i) -> int {  // the code unit of a \uXXXX escape at i, or -1
    if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u') return -1;
    return std::stoi(json.substr(i + 2, 4), nullptr, 16);
  };
  std::string out;
  for (size_t i = 0; i < json.size();) {
    if (json[i] != '\\') {
      out += json[i++];
      continue;
    }
    const int unit = unit_at(i);
    if (unit < 0) {  // another escape: copy it whole, so "\\\\u" is not read as \u
      out += json.substr(i, 2);
      i += 2;
      continue;
    }
    const int next = unit_at(i + 6);
    if (unit >= 0xD800 && unit <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
      out += json.substr(i, 12);  // a valid pair
      i += 12;
    } else if (unit >= 0xD800 && unit <= 0xDFFF) {
      out += "\\uFFFD";
      i += 6;
    } else {
      out += json.substr(i, 6);
      i += 6;
    }
  }
  return out;
}

// What a case expects: failure, or the href (the components follow from it).
std::string Expectation(const nlohmann::json& c) {
  return c.value("failure", false) ? std::string("failure") : c.value("href", std::string());
}

nlohmann::json LoadCases(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "cannot read " << path << " — run scripts/bootstrap to fetch the Node tree";
    return nlohmann::json::array();
  }
  std::stringstream text;
  text << file.rdbuf();
  return nlohmann::json::parse(ReplaceLoneSurrogates(text.str()));
}

// Every case of ada's own WPT copy, (input, base) to what it expected; empty when ada comes
// without its tests.
std::map<std::pair<std::string, std::string>, std::string> CasesAdaWasTestedWith() {
  std::map<std::pair<std::string, std::string>, std::string> known;
  if (std::string(NODEFUZZ_ADA_URLTESTDATA).empty()) return known;
  for (const auto& c : LoadCases(NODEFUZZ_ADA_URLTESTDATA)) {
    if (c.is_object()) known[{c["input"], c["base"].dump()}] = Expectation(c);
  }
  return known;
}

TEST(UrlConformance, UrlTestDataAgreesWithAdaInUse) {
  const nlohmann::json cases = LoadCases(NODEFUZZ_URLTESTDATA);
  const auto tested_with = CasesAdaWasTestedWith();
  int checked = 0, skipped = 0, modelled_urls = 0;
  for (const auto& c : cases) {
    if (!c.is_object()) continue;  // comments
    const std::string input = c["input"];
    const nlohmann::json& base = c["base"];
    if (!tested_with.empty()) {
      const auto was = tested_with.find({input, base.dump()});
      if (was == tested_with.end() || was->second != Expectation(c)) {
        std::cout << "skipped input \"" << input << "\" base " << base.dump() << ": newer than ada "
                  << ADA_VERSION << " ("
                  << (was == tested_with.end()
                          ? "not in its tests/wpt/urltestdata.json"
                          : "its tests/wpt/urltestdata.json expected " + was->second)
                  << ")\n";
        ++skipped;
        continue;
      }
    }
    ++checked;
    std::optional<ada::result<ada::url_aggregator>> base_url;
    if (base.is_string()) base_url = ada::parse<ada::url_aggregator>(std::string(base));
    const bool base_failed = base_url && !*base_url;
    const auto url = base_failed
                         ? ada::result<ada::url_aggregator>(tl::unexpected(ada::errors{}))
                         : ada::parse<ada::url_aggregator>(input, base_url ? &**base_url : nullptr);
    const std::string label = "input \"" + input + "\" base " + base.dump();
    if (c.value("failure", false)) {
      EXPECT_FALSE(url.has_value()) << label << " must fail, ada gives " << url->get_href();
      continue;
    }
    if (!url) {
      ADD_FAILURE() << label << " must give " << c["href"] << ", ada fails";
      continue;
    }
    EXPECT_EQ(url->get_href(), c["href"].get<std::string>()) << label;
    for (const char* component : {"protocol", "username", "password", "host", "hostname", "port",
                                  "pathname", "search", "hash"}) {
      if (!c.contains(component)) continue;
      const std::string actual =
          component == std::string("protocol")   ? std::string(url->get_protocol())
          : component == std::string("username") ? std::string(url->get_username())
          : component == std::string("password") ? std::string(url->get_password())
          : component == std::string("host")     ? std::string(url->get_host())
          : component == std::string("hostname") ? std::string(url->get_hostname())
          : component == std::string("port")     ? std::string(url->get_port())
          : component == std::string("pathname") ? std::string(url->get_pathname())
          : component == std::string("search")   ? std::string(url->get_search())
                                                 : std::string(url->get_hash());
      EXPECT_EQ(actual, c[component].get<std::string>()) << label << " component " << component;
    }
    if (c.contains("origin")) EXPECT_EQ(url->get_origin(), c["origin"].get<std::string>()) << label;
    // url.node-getters' model: what Node's getters make of the same href and components.
    const nodefuzz::url::NodeUrlGetters node = nodefuzz::url::NodeGetters(*url);
    const std::pair<const char*, std::string_view> modelled[] = {
        {"protocol", node.protocol}, {"username", node.username}, {"password", node.password},
        {"host", node.host},         {"hostname", node.hostname}, {"port", node.port},
        {"pathname", node.pathname}, {"search", node.search},     {"hash", node.hash}};
    for (const auto& [component, value] : modelled) {
      if (c.contains(component))
        EXPECT_EQ(value, c[component].get<std::string>())
            << label << " component " << component << " as Node's getter slices it";
    }
    ++modelled_urls;
  }
  std::cout << "ada " << ADA_VERSION << ": " << checked << " WPT cases checked, " << skipped
            << " skipped\n";
  EXPECT_GT(checked, 500) << "urltestdata.json looks truncated";
  EXPECT_GT(modelled_urls, 400) << "too few parsed URLs to try Node's getters on";
}

}  // namespace
