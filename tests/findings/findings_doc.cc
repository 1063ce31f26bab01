// Keeps docs/FINDINGS.md in step with fuzzers/known_findings.json: the index at the top and each
// entry's "Versions" line are generated from the registry, and every entry's heading must be the
// registry's number and title, in order. An entry whose finding has "node_checks" (written by
// scripts/confirm-findings from nodefuzz-triage confirm and affected) also gets an "On real
// Nodes" and an "Affected trees" line, right after its Versions line.
//
//   findings_doc <registry.json> <FINDINGS.md> --check   exit 1, saying what is out of date
//   findings_doc <registry.json> <FINDINGS.md> --write   rewrite the generated parts in place
//   findings_doc <registry.json> <fuzzers dir> --check-code
//                 every key the targets ask for (KnownFinding*("...") in fuzzers/) is registered,
//                 every registered key is asked for, and every kernel function is a SIMDUTF_CALL
// (scripts/findings-doc runs --write; ctest runs both checks.)
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

constexpr std::string_view kIndexBegin =
    "<!-- index: generated from fuzzers/known_findings.json by scripts/findings-doc; do not edit "
    "-->";
constexpr std::string_view kIndexEnd = "<!-- end of index -->";
constexpr std::string_view kVersions = "- **Versions:** ";
constexpr std::string_view kOnNodes = "- **On real Nodes:** ";
constexpr std::string_view kAffected = "- **Affected trees:** ";

std::string Join(const json& list, std::string_view sep) {
  std::string out;
  for (const auto& v : list) out += (out.empty() ? "" : std::string(sep)) + v.get<std::string>();
  return out;
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
std::string Anchor(const std::string& heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_' || c >= 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

std::string Cell(std::string text) {
  for (size_t at = 0; (at = text.find('|', at)) != std::string::npos; at += 2)
    text.replace(at, 1, "\\|");
  return text;
}

std::string VersionsLine(const json& f) {
  const std::string parser = f["parser"];
  std::string line = std::string(kVersions) + parser + " " + Join(f["has"], ", ") + " has it";
  if (f.contains("fixed_in")) {
    line += "; fixed in " + f["fixed_in"].get<std::string>();
  } else {
    line += "; no fixed release known (newer versions are unverified until checked)";
  }
  if (f.contains("not_in")) line += "; checked without it: " + Join(f["not_in"], ", ");
  return line + ".";
}

std::string Words(std::string verdict) {
  for (char& c : verdict) c = c == '-' ? ' ' : c;
  return verdict;
}

// The lines nodefuzz-triage confirm and affected give a finding (its "node_checks"), each ending
// in a newline; empty when it has none.
std::string NodeCheckLines(const json& f) {
  if (!f.contains("node_checks")) return "";
  const json& checks = f["node_checks"];
  std::string on_nodes, affected;
  for (const json& c : checks.value("confirm", json::array())) {
    on_nodes += (on_nodes.empty() ? "" : "; ") + c["node"].get<std::string>() + " (" +
                c["parser"].get<std::string>() + "): " + Words(c["verdict"]) + " — " +
                c["detail"].get<std::string>();
  }
  for (const json& a : checks.value("affected", json::array())) {
    affected += (affected.empty() ? "" : "; ") + a["tree"].get<std::string>() +
                (a.value("parser", "").empty() ? "" : " (" + a["parser"].get<std::string>() + ")") +
                ": " + Words(a["outcome"]);
  }
  std::string out;
  if (!on_nodes.empty()) out += std::string(kOnNodes) + on_nodes + ".\n";
  if (!affected.empty()) out += std::string(kAffected) + affected + ".\n";
  return out;
}

std::string Index(const json& findings) {
  std::string out = std::string(kIndexBegin) + "\n\n";
  out += "| # | finding | parser | has it | fixed in | upstream | security |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const json& f : findings) {
    const std::string n = std::to_string(f["number"].get<int>());
    const std::string title = f["title"];
    out += "| " + n + " | [" + Cell(title) + "](#" + Anchor(n + ". " + title) + ") | " +
           f["parser"].get<std::string>() + " | " + Join(f["has"], ", ") + " | " +
           (f.contains("fixed_in") ? f["fixed_in"].get<std::string>() : "—") + " | " +
           f["upstream"]["state"].get<std::string>() + " | " + f["security"].get<std::string>() +
           " |\n";
  }
  return out + "\n" + std::string(kIndexEnd);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The registry's keys against the code that asks for them (a typo on either side would silently
// turn a skip off, and a run would stop on a known bug again).
int CheckCode(const json& findings, const std::filesystem::path& fuzzers) {
  std::set<std::string> registered, kernel_functions;
  for (const json& f : findings) {
    const json known = f.value("known_as", json::object());
    for (const char* kind : {"oracle_ids", "shapes"}) {
      for (const auto& k : known.value(kind, json::array()))
        registered.insert(k.get<std::string>());
    }
    for (const auto& kf : known.value("kernel_functions", json::array())) {
      kernel_functions.insert(kf[1].get<std::string>());
    }
  }
  const std::regex asked(R"re(KnownFinding(?:InThisBuild)?\("([^"]+)"\))re");
  const std::regex called(R"re(SIMDUTF_CALL\([^,]+,\s*(\w+))re");
  std::set<std::string> asked_for, calls;
  std::map<std::string, std::string> where;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fuzzers)) {
    const std::string ext = entry.path().extension();
    if (ext != ".cc" && ext != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string code = text.str();
    for (std::sregex_iterator m(code.begin(), code.end(), asked), e; m != e; ++m) {
      asked_for.insert((*m)[1]);
      where[(*m)[1]] = entry.path().string();
    }
    for (std::sregex_iterator m(code.begin(), code.end(), called), e; m != e; ++m)
      calls.insert((*m)[1]);
  }
  int problems = 0;
  for (const std::string& key : asked_for) {
    if (registered.count(key)) continue;
    std::cerr << "findings_doc: " << where[key] << " asks for the known finding \"" << key
              << "\", which fuzzers/known_findings.json does not register\n";
    ++problems;
  }
  for (const std::string& key : registered) {
    // Framing oracle ids are asked for by the id the divergence builds ("http.framing." + kind).
    if (asked_for.count(key) || key.starts_with("http.framing.") ||
        key.starts_with("http.lenient."))
      continue;
    std::cerr << "findings_doc: fuzzers/known_findings.json registers \"" << key
              << "\", but no target asks for it (KnownFinding(\"" << key << "\"))\n";
    ++problems;
  }
  for (const std::string& function : kernel_functions) {
    if (calls.count(function)) continue;
    std::cerr << "findings_doc: the kernel function " << function
              << " is registered, but no target calls it through SIMDUTF_CALL\n";
    ++problems;
  }
  if (problems == 0) {
    std::cout << "findings_doc: " << asked_for.size() << " keys asked for, " << registered.size()
              << " registered, " << kernel_functions.size() << " kernel functions: consistent\n";
  }
  return problems == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 4 ? argv[3] : "";
  if (mode != "--check" && mode != "--write" && mode != "--check-code") {
    std::cerr << "usage: findings_doc <known_findings.json> <FINDINGS.md> --check|--write\n"
                 "       findings_doc <known_findings.json> <fuzzers dir> --check-code\n";
    return 2;
  }
  if (mode == "--check-code") {
    std::ifstream registry_file(argv[1]);
    if (!registry_file) {
      std::cerr << "findings_doc: cannot read " << argv[1] << "\n";
      return 2;
    }
    return CheckCode(json::parse(registry_file)["findings"], argv[2]);
  }
  const bool write = std::string(argv[3]) == "--write";
  std::ifstream registry_file(argv[1]), doc_file(argv[2]);
  if (!registry_file || !doc_file) {
    std::cerr << "findings_doc: cannot read " << (registry_file ? argv[2] : argv[1]) << "\n";
    return 2;
  }
  json registry;
  try {
    registry = json::parse(registry_file);
  } catch (const json::exception& e) {
    std::cerr << "findings_doc: " << argv[1] << " is not valid JSON — " << e.what() << "\n";
    return 2;
  }
  const json& findings = registry["findings"];
  std::stringstream doc_text;
  doc_text << doc_file.rdbuf();
  const std::string doc = doc_text.str();

  std::vector<std::string> problems;
  std::string out;
  const size_t begin = doc.find(kIndexBegin), end = doc.find(kIndexEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    std::cerr << "findings_doc: " << argv[2] << " has no index markers (" << kIndexBegin << " ... "
              << kIndexEnd << ")\n";
    return 2;
  }
  const std::string index = Index(findings);
  if (doc.compare(begin, end + kIndexEnd.size() - begin, index) != 0)
    problems.push_back("the index");
  const std::string rest = doc.substr(0, begin) + index + doc.substr(end + kIndexEnd.size());

  // Entries: "## <n>. <title>" headings, in registry order; each has one Versions line.
  size_t next = 0;  // the registry entry the next numbered heading must be
  int current = -1;
  bool versions_seen = true;
  // The current entry's On real Nodes / Affected trees lines as they are, and as generated.
  std::string node_lines_found, node_lines_wanted;
  const auto end_entry = [&] {
    if (current > 0 && node_lines_found != node_lines_wanted) {
      problems.push_back("the On real Nodes and Affected trees lines of finding " +
                         std::to_string(current));
    }
    node_lines_found.clear();
    node_lines_wanted.clear();
  };
  for (const std::string& line : Lines(rest)) {
    std::string written = line;
    if (line.starts_with("## ")) end_entry();
    if (current > 0 && (line.starts_with(kOnNodes) || line.starts_with(kAffected))) {
      node_lines_found += line + "\n";  // written again after the Versions line
      continue;
    }
    if (line.starts_with("## ") && line.size() > 3 &&
        std::isdigit(static_cast<unsigned char>(line[3]))) {
      if (!versions_seen)
        problems.push_back("finding " + std::to_string(current) + " has no Versions line");
      if (next >= findings.size()) {
        problems.push_back("heading \"" + line + "\" has no entry in the registry");
      } else {
        const json& f = findings[next++];
        current = f["number"].get<int>();
        const std::string number = "## " + std::to_string(current) + ". ";
        const std::string want = number + f["title"].get<std::string>();
        if (line != want) problems.push_back("heading \"" + line + "\" should be \"" + want + "\"");
        // A title is rewritten from the registry; a number never is: a heading with another
        // number means an entry is missing or out of order, which only a person can sort out.
        if (!line.starts_with(number)) {
          std::cerr << "findings_doc: " << argv[2] << ": heading \"" << line
                    << "\" is where finding " << current
                    << " should be — add its entry, or renumber, by hand\n";
          return 1;
        }
        written = want;
        versions_seen = false;
      }
    } else if (line.starts_with("## ")) {
      if (!versions_seen)
        problems.push_back("finding " + std::to_string(current) + " has no Versions line");
      current = -1;
      versions_seen = true;
    } else if (current > 0 && line.starts_with(kVersions)) {
      const std::string want = VersionsLine(findings[next - 1]);
      if (line != want)
        problems.push_back("the Versions line of finding " + std::to_string(current));
      node_lines_wanted = NodeCheckLines(findings[next - 1]);
      written = want + "\n" + node_lines_wanted;
      written.pop_back();
      versions_seen = true;
    }
    out += written + "\n";
  }
  end_entry();
  if (!versions_seen)
    problems.push_back("finding " + std::to_string(current) + " has no Versions line");
  if (next != findings.size()) {
    problems.push_back("findings " + std::to_string(next + 1) + " to " +
                       std::to_string(findings.size()) + " of the registry have no entry");
  }

  if (write) {
    std::ofstream(argv[2]) << out;
    std::cout << "findings_doc: " << argv[2] << " "
              << (problems.empty() ? "was current" : "updated") << "\n";
    return 0;
  }
  if (problems.empty()) {
    std::cout << "findings_doc: " << argv[2] << " is current with " << argv[1] << " ("
              << findings.size() << " findings)\n";
    return 0;
  }
  for (const std::string& p : problems) std::cerr << "findings_doc: out of date: " << p << "\n";
  std::cerr << "findings_doc: run scripts/findings-doc to regenerate the index, the headings, the "
               "Versions lines and the On real Nodes / Affected trees lines from "
               "fuzzers/known_findings.json\n";
  return 1;
}
