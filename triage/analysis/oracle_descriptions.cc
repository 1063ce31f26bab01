#include "analysis/oracle_descriptions.h"

#include <map>
#include <regex>
#include <sstream>

namespace nodefuzz::triage {

namespace {

// The TSV, as a string literal (oracle_descriptions_data.inc, made by triage/CMakeLists.txt).
constexpr const char* kDescriptionsTsv =
#include "oracle_descriptions_data.inc"
    ;

struct Pattern {
  std::regex id;
  std::vector<std::string> parts;  // the names of its <parts>, in order
  std::string description;
};

struct Table {
  std::vector<std::pair<std::string, std::string>> entries;
  std::map<std::string, std::string, std::less<>> exact;
  std::vector<Pattern> patterns;
};

// "http.lenient.<flag>.<rule>" -> ^http\.lenient\.([a-z0-9_]+)\.([a-z0-9._-]+)$
Pattern CompilePattern(const std::string& key, const std::string& description) {
  Pattern p;
  p.description = description;
  std::string re = "^";
  for (size_t i = 0; i < key.size();) {
    if (key[i] == '<') {
      const size_t end = key.find('>', i);
      const std::string name = key.substr(i + 1, end - i - 1);
      p.parts.push_back(name);
      re += name == "flag" ? "([a-z0-9_]+)" : "([a-z0-9._-]+)";
      i = end + 1;
      continue;
    }
    if (std::string_view(".^$|()[]{}*+?\\").find(key[i]) != std::string_view::npos) re += '\\';
    re += key[i++];
  }
  p.id = std::regex(re + "$");
  return p;
}

const Table& Descriptions() {
  static const Table table = [] {
    Table t;
    std::istringstream in{std::string(kDescriptionsTsv)};
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::string key = line.substr(0, tab), description = line.substr(tab + 1);
      t.entries.emplace_back(key, description);
      if (key.find('<') == std::string::npos) {
        t.exact.emplace(key, description);
      } else {
        t.patterns.push_back(CompilePattern(key, description));
      }
    }
    return t;
  }();
  return table;
}

std::optional<std::string> Describe(std::string_view id, int depth) {
  const Table& t = Descriptions();
  if (const auto it = t.exact.find(id); it != t.exact.end()) return it->second;
  if (depth > 4) return std::nullopt;
  const std::string subject(id);
  for (const Pattern& p : t.patterns) {
    std::smatch m;
    if (!std::regex_match(subject, m, p.id)) continue;
    std::string text = p.description;
    for (size_t k = 0; k < p.parts.size(); ++k) {
      const std::string placeholder = "<" + p.parts[k] + ">";
      for (size_t at; (at = text.find(placeholder)) != std::string::npos;) {
        text.replace(at, placeholder.size(), m[k + 1].str());
      }
    }
    // {id}: another id's description, the whole of it.
    bool complete = true;
    for (size_t open; (open = text.find('{')) != std::string::npos;) {
      const size_t close = text.find('}', open);
      if (close == std::string::npos) break;
      const std::optional<std::string> inner =
          Describe(text.substr(open + 1, close - open - 1), depth + 1);
      if (!inner) {
        complete = false;
        break;
      }
      text.replace(open, close - open + 1, *inner);
    }
    if (complete) return text;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> OracleDescription(std::string_view oracle_id) {
  return Describe(oracle_id, 0);
}

const std::vector<std::pair<std::string, std::string>>& OracleDescriptionEntries() {
  return Descriptions().entries;
}

}  // namespace nodefuzz::triage
