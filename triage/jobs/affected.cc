#include "jobs/affected.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "analysis/signature.h"
#include "jobs/verify.h"
#include "running/scratch.h"
#include "running/script_process.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string ReadText(const fs::path& path) {
  std::string text, error;
  ReadWholeFile(path, text, error);
  return text;
}

// The first capture of `pattern` in the file, joined with `sep` over its groups.
std::string VersionFrom(const fs::path& file, const std::string& pattern) {
  const std::string text = ReadText(file);
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "?";
  std::string out;
  for (size_t i = 1; i < m.size(); ++i) out += (i > 1 ? "." : "") + m[i].str();
  return out;
}

// Which library a target's findings are in: the one a single-library tree must replace.
std::string ParserOf(const std::string& target) {
  if (target.starts_with("http")) return "llhttp";
  if (target.starts_with("url")) return "ada";
  if (target.starts_with("enc")) return "simdutf";
  return "";
}

// A build directory name for the tree: readable, and different for different paths.
std::string BuildName(const Tree& tree) {
  std::string name;
  for (const char c : tree.label) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')
      name += c;
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name + "-" + Sha256Hex(fs::weakly_canonical(tree.path).string()).substr(0, 8);
}

// The line of a failed build a person needs: CMake's error message, or the compiler's first error.
std::string FirstError(const std::string& output) {
  std::istringstream lines(output);
  std::string line, message;
  bool in_cmake_error = false;
  while (std::getline(lines, line)) {
    if (in_cmake_error) {
      // CMake wraps its message over indented lines, up to a blank one.
      const size_t text = line.find_first_not_of(' ');
      if (text == std::string::npos || line.starts_with("Call Stack")) {
        if (!message.empty()) return "configure failed: " + message;
        continue;
      }
      message += (message.empty() ? "" : " ") + line.substr(text);
      continue;
    }
    if (line.starts_with("CMake Error")) {
      in_cmake_error = true;
    } else if (line.find(" error: ") != std::string::npos || line.starts_with("ninja: error:")) {
      return line.size() > 300 ? line.substr(0, 300) + "..." : line;
    }
  }
  if (!message.empty()) return "configure failed: " + message;
  return "no error line in the build's output";
}

bool Matches(const Expectation& e, const CrashReport& report, const Signature& s) {
  if (!e.bug_id.empty()) return s.bug_id == e.bug_id;
  if (e.report.empty()) return true;
  if (e.report == "timeout") return report.crash_type == "Timeout";
  if (e.report.starts_with("ubsan.") || e.report.starts_with("asan.") ||
      e.report.starts_with("msan.")) {
    return report.crash_type != "Oracle" && report.crash_type != "Timeout";
  }
  return report.crash_type == "Oracle" && report.oracle_id == e.report;
}

// Configures (once) and builds `build_target` for the tree; the binary, or the reason it did not
// build.
std::optional<fs::path> Build(const Tree& tree, const std::string& build_target,
                              const AffectedOptions& o, std::string& why, std::ostream& log) {
  const fs::path dir = o.build_root / BuildName(tree);
  // Two affected runs (or two tests) on one build root would build the same directory at once
  // and race on its files: each tree's build is theirs one at a time.
  std::error_code mkdir_error;  // a root that cannot be made fails the configure, which says so
  fs::create_directories(o.build_root, mkdir_error);
  const int lock = open((dir.string() + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (lock >= 0) flock(lock, LOCK_EX);
  struct Unlock {
    int fd;
    ~Unlock() {
      if (fd >= 0) close(fd);  // closing releases the lock
    }
  } unlock{lock};
  const double kHour = 3600;
  if (!fs::exists(dir / "build.ninja")) {
    std::vector<std::string> configure = {"cmake", "--preset",   "replay",
                                          "-B",    dir.string(), "-DNODEFUZZ_TREE_TESTS_ONLY=ON"};
    if (tree.kind == "node") configure.push_back("-DNODE_SOURCE_DIR=" + tree.path.string());
    if (tree.kind == "llhttp") configure.push_back("-DLLHTTP_SOURCE_DIR=" + tree.path.string());
    if (tree.kind == "ada") configure.push_back("-DADA_SOURCE_DIR=" + tree.path.string());
    if (tree.kind == "simdutf") configure.push_back("-DSIMDUTF_SOURCE_DIR=" + tree.path.string());
    log << "affected: configuring " << tree.label << " in " << dir.string() << "\n" << std::flush;
    const ScriptRun r = RunScript(configure, "", {}, o.source_dir, kHour);
    if (r.exit_code != 0) {
      why = FirstError(r.out + "\n" + r.err);
      // A failed configure is not cached: the next run tries again (the tree may be fixed).
      std::error_code ec;
      fs::remove(dir / "build.ninja", ec);
      return std::nullopt;
    }
  }
  log << "affected: building " << build_target << " against " << tree.label << "\n" << std::flush;
  const ScriptRun r = RunScript(
      {"cmake", "--build", dir.string(), "--target", build_target, "-j", std::to_string(o.jobs)},
      "", {}, o.source_dir, kHour);
  if (r.exit_code != 0) {
    const std::string output = r.out + "\n" + r.err;
    why = output.find("unknown target") != std::string::npos
              ? "the tree's build has no " + build_target +
                    " (its parser or option is not configured there)"
              : FirstError(output);
    return std::nullopt;
  }
  return dir / "bin" / build_target;
}

// "llhttp 9.3.0", "Node 18.20.4", or where the tree is when its version cannot be read.
Tree Named(const std::string& kind, const std::string& name, const std::string& version,
           const fs::path& path) {
  return Tree{kind, version == "?" ? name + " at " + path.string() : name + " " + version, path};
}

}  // namespace

std::optional<Tree> DescribeTree(const fs::path& dir, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error =
        dir.string() +
        " is not a directory — pass a nodejs/node checkout or an llhttp, ada or simdutf release";
    return std::nullopt;
  }
  const fs::path path = fs::absolute(dir);
  if (fs::exists(path / "src/node_version.h")) {
    return Named("node", "Node",
                 VersionFrom(path / "src/node_version.h",
                             R"(NODE_MAJOR_VERSION (\d+)[\s\S]*NODE_MINOR_VERSION (\d+))"
                             R"([\s\S]*NODE_PATCH_VERSION (\d+))"),
                 path);
  }
  if (fs::exists(path / "include/llhttp.h") && fs::exists(path / "src/llhttp.c")) {
    return Named("llhttp", "llhttp",
                 VersionFrom(path / "include/llhttp.h",
                             R"(LLHTTP_VERSION_MAJOR (\d+)[\s\S]*LLHTTP_VERSION_MINOR (\d+))"
                             R"([\s\S]*LLHTTP_VERSION_PATCH (\d+))"),
                 path);
  }
  for (const char* header : {"ada.h", "include/ada/ada_version.h", "include/ada.h"}) {
    if (fs::exists(path / header) &&
        (fs::exists(path / "ada.cpp") || fs::exists(path / "src/ada.cpp"))) {
      const fs::path version = fs::exists(path / "include/ada/ada_version.h")
                                   ? path / "include/ada/ada_version.h"
                                   : path / header;
      return Named("ada", "ada", VersionFrom(version, R"re(ADA_VERSION "([^"]+)")re"), path);
    }
  }
  if (fs::exists(path / "simdutf.h") && fs::exists(path / "simdutf.cpp")) {
    return Named("simdutf", "simdutf",
                 VersionFrom(path / "simdutf.h", R"re(SIMDUTF_VERSION "([^"]+)")re"), path);
  }
  error = dir.string() +
          " is neither a nodejs/node checkout (src/node_version.h) nor an llhttp "
          "(include/llhttp.h, src/llhttp.c), "
          "ada (ada.h, ada.cpp) or simdutf (simdutf.h, simdutf.cpp) release tree";
  return std::nullopt;
}

std::vector<Tree> BootstrapTrees(const fs::path& source_dir) {
  std::vector<Tree> trees;
  for (const char* dir : {".cache/node-v18.20.4", ".cache/node-v24.21.0", ".cache/llhttp-9.3.0"}) {
    std::string error;
    if (std::optional<Tree> t = DescribeTree(source_dir / dir, error)) {
      if (t->kind != "node") t->label += " (on the default tree)";
      trees.push_back(*t);
    }
  }
  return trees;
}

std::string ParserVersion(const std::string& target, const json& versions) {
  const std::string parser = ParserOf(target);
  if (parser.empty()) return "";
  return parser + " " + versions.value(parser, "?");
}

std::vector<TreeOutcome> RunAffected(const std::string& target, const fs::path& input,
                                     const Expectation& expectation, const std::vector<Tree>& trees,
                                     const AffectedOptions& options, std::ostream& log) {
  const std::string build_target = options.build_target.empty() ? target : options.build_target;
  std::vector<TreeOutcome> outcomes;
  for (const Tree& tree : trees) {
    TreeOutcome o;
    o.tree = tree;
    o.versions = json::object();
    if (tree.kind != "node" && tree.kind != ParserOf(target)) {
      o.outcome = "not-applicable";
      o.detail = "the tree replaces " + tree.kind + "; " + target + " tests " + ParserOf(target);
      outcomes.push_back(o);
      continue;
    }
    std::string why;
    std::optional<fs::path> binary = Build(tree, build_target, options, why, log);
    if (!binary && build_target != target && why.starts_with("the tree's build has no ")) {
      // A variant (enc_utf8_simdutf_checked) is configured only where the target itself lacks
      // what it adds (simdutf's sanitizer checks silenced); elsewhere the target is that build.
      binary = Build(tree, target, options, why, log);
    }
    if (!binary) {
      o.outcome = "does-not-build";
      o.detail = why;
      outcomes.push_back(o);
      continue;
    }
    std::string error;
    const std::optional<TargetBinary> t = InspectTarget(*binary, error);
    if (!t) {
      o.outcome = "does-not-build";
      o.detail = error;
      outcomes.push_back(o);
      continue;
    }
    for (const auto& [k, v] : t->build_info) o.versions[k] = v;
    const ReproducerRuns runs = RunReproducer(
        *t, input, options.tries, options.limits,
        [&](const CrashReport& r, const Signature& s) { return Matches(expectation, r, s); });
    o.tries = runs.tries;
    o.reproduced = runs.reproduced;
    o.outcome = runs.reproduced == 0            ? "does-not-reproduce"
                : runs.reproduced == runs.tries ? "reproduces"
                                                : "flaky";
    o.detail = std::to_string(runs.reproduced) + "/" + std::to_string(runs.tries) + " runs" +
               (runs.note.empty() ? "" : "; " + runs.note);
    log << "affected: " << tree.label << " (" << ParserVersion(target, o.versions)
        << "): " << o.outcome << "\n"
        << std::flush;
    outcomes.push_back(o);
  }
  return outcomes;
}

}  // namespace nodefuzz::triage
