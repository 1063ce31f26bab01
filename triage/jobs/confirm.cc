#include "jobs/confirm.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "running/scratch.h"
#include "running/script_process.h"

namespace nodefuzz::triage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// confirm/*.mjs, embedded when nodefuzz-triage is built (triage/CMakeLists.txt): the binary runs
// them from a scratch directory, wherever it is installed.
struct EmbeddedScript {
  const char* name;
  const char* text;
};
constexpr EmbeddedScript kScripts[] = {
#include "confirm_scripts.inc"
};

const char* ScriptText(std::string_view name) {
  for (const EmbeddedScript& s : kScripts) {
    if (name == s.name) return s.text;
  }
  return nullptr;
}

// A JSON string of code points U+0000..U+00FF (the scenario's bytes) back to bytes.
std::string FromLatin1(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0xc0 && c < 0xc4 && i + 1 < utf8.size()) {
      out += static_cast<char>((c & 0x03) << 6 | (static_cast<unsigned char>(utf8[++i]) & 0x3f));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Bytes made readable in one line: C escapes, cut at `max` bytes.
std::string Readable(std::string_view bytes, size_t max = 80) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (bytes.size() > max) out += "...";
  return out;
}

std::string Quoted(std::string_view bytes, size_t max = 80) {
  return "\"" + Readable(bytes, max) + "\"";
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Ordinal(size_t n) {
  static const char* const kWords[] = {"first", "second", "third", "fourth", "fifth", "sixth"};
  if (n >= 1 && n <= 6) return kWords[n - 1];
  return std::to_string(n) + "th";
}

// The explain tool that decodes the inputs of `target`.
std::string ExplainTool(const std::string& target) {
  if (target == "http_request" || target == "http_response") return "http_explain";
  if (target.starts_with("http_framing")) return "http_framing_explain";
  if (target.starts_with("url_")) return "url_explain";
  if (target.starts_with("enc_")) return "enc_explain";
  return "";
}

// ---- HTTP: Node's reading of the stream against RFC 9112's ------------------------------------

// One message as a model or Node frames it, in terms both have.
struct Message {
  std::string start;  // "GET /smuggled" or "200"
  bool complete = false;
  uint64_t body = 0;
};

struct Reading {
  std::vector<Message> messages;
  std::string
      stop;  // how it ends, for a sentence: "rejects the rest at byte 27 (bare-cr.header-end)"
  // The reading stopped on an error: a model's rule, Node's parse error (not a time-out).
  bool rejected = false;
};

int StatusOf(const std::string& start_line) {
  const size_t space = start_line.find(' ');
  if (space == std::string::npos || space + 4 > start_line.size()) return 0;
  return std::atoi(start_line.substr(space + 1, 3).c_str());
}

bool Interim(int status) { return status >= 100 && status < 200 && status != 101; }

Reading ModelReading(const json& model, bool client) {
  Reading r;
  for (const json& m : model["messages"]) {
    if (!m.value("headers_done", false)) continue;
    const std::string line = FromLatin1(m.value("start_line", ""));
    if (client && Interim(StatusOf(line))) continue;
    Message message;
    if (client) {
      message.start = std::to_string(StatusOf(line));
    } else {
      message.start =
          line.substr(0, line.rfind(' ') == std::string::npos ? line.size() : line.rfind(' '));
    }
    message.complete = m.value("complete", false);
    message.body = m.value("length", 0);
    r.messages.push_back(message);
  }
  const std::string stop = model.value("stop", "");
  if (stop == "rejected") {
    r.rejected = true;
    r.stop = std::string(r.messages.empty() ? "rejects it" : "rejects the rest") + " at byte " +
             std::to_string(model.value("offset", 0)) + " (" + model.value("rule", "") + ")";
  } else if (stop == "closed") {
    r.stop = "closes the connection after it (" + model.value("rule", "") + ")";
  } else if (stop == "protocol-switch") {
    r.stop = "switches protocols after it";
  }
  return r;
}

Reading NodeServerReading(const json& record) {
  Reading r;
  for (const json& q : record["requests"]) {
    Message m;
    m.start = q.value("method", "") + " " + q.value("url", "");
    m.complete = q.value("complete", false);
    m.body = FromLatin1(q.value("body", "")).size();
    r.messages.push_back(m);
  }
  for (const json& e : record["client_errors"]) {
    r.stop = "clientError " + e.value("code", "?") + " (" + e.value("reason", "") + ") at byte " +
             std::to_string(e.value("bytesParsed", 0));
    r.rejected = true;
    break;
  }
  return r;
}

Reading NodeClientReading(const json& record) {
  Reading r;
  for (const json& q : record["responses"]) {
    Message m;
    m.start = std::to_string(q.value("statusCode", 0));
    m.complete = q.value("complete", false);
    m.body = FromLatin1(q.value("body", "")).size();
    r.messages.push_back(m);
  }
  for (const json& e : record["errors"]) {
    r.stop = e.value("code", "?") + " (" + e.value("message", "") + ") on request " +
             std::to_string(e.value("request", 0) + 1);
    r.rejected = e.value("code", "") != "TIMEOUT";  // a time-out is a client waiting for more
    break;
  }
  return r;
}

std::string ListStarts(const std::vector<Message>& messages) {
  std::string out;
  for (size_t i = 0; i < messages.size() && i < 4; ++i)
    out += (i ? ", " : "") + Readable(messages[i].start, 40);
  if (messages.size() > 4) out += ", ...";
  return out;
}

enum class Relation { kSame, kDiffers, kStricter };

struct Comparison {
  Relation relation = Relation::kSame;
  std::string text;  // Node's reading beside the model's
};

// How Node read the stream, against a model's reading of it. `what` names Node's side
// ("Node v20.20.2 served", "Node v20.20.2's client read").
Comparison Compare(const Reading& model, const Reading& node, const std::string& who, bool client,
                   const std::string& model_name) {
  const std::string noun = client ? "response" : "request";
  const std::string nouns = client ? "responses" : "requests";
  const std::string served = who + (client ? "'s client read " : " served ");
  const std::string node_side =
      served + Plural(node.messages.size(), noun, nouns) +
      (node.messages.empty() ? "" : " (" + ListStarts(node.messages) + ")") +
      (node.stop.empty() ? "" : ", then " + node.stop);
  const std::string model_side =
      model_name + " frames " +
      (model.messages.empty() ? "none" : std::to_string(model.messages.size())) +
      (model.stop.empty() ? "" : " and " + model.stop);
  for (size_t i = 0; i < node.messages.size() && i < model.messages.size(); ++i) {
    const Message& n = node.messages[i];
    const Message& m = model.messages[i];
    const std::string which =
        "the " + Ordinal(i + 1) + " " + noun + " (" + Readable(n.start, 40) + ")";
    if (n.complete && m.complete && n.body != m.body) {
      return {Relation::kDiffers, node_side + "; " + which + " has " +
                                      Plural(n.body, "body byte", "body bytes") + " where " +
                                      model_name + " frames " + std::to_string(m.body)};
    }
    const bool last_of_node = i + 1 == node.messages.size(),
               last_of_model = i + 1 == model.messages.size();
    if (m.complete && !n.complete) {
      // Node's parse stopped on an error inside it: stricter than the model, not a longer framing.
      if (last_of_node && node.rejected)
        return {Relation::kStricter, node_side + "; " + model_side + " (Node is stricter here)"};
      return {Relation::kDiffers, node_side + "; " + which + " is still unfinished after " +
                                      Plural(n.body, "body byte", "body bytes") + " where " +
                                      model_name + " ends it after " + std::to_string(m.body)};
    }
    if (n.complete && !m.complete) {
      return {Relation::kDiffers,
              node_side + "; " + which + " ends where " + model_name +
                  (last_of_model && model.rejected ? " " + model.stop : " needs more bytes")};
    }
  }
  if (node.messages.size() > model.messages.size()) {
    // Past what the model frames: a request a front end reading as RFC 9112 does never sees.
    const size_t first_extra = model.messages.size();
    if (first_extra == 0) return {Relation::kDiffers, node_side + "; " + model_side};
    return {Relation::kDiffers,
            node_side + "; " + model_side + ": the " + Ordinal(first_extra + 1) + " " + noun +
                " (" + Readable(node.messages[first_extra].start, 40) + ") is " +
                (client ? "read from bytes " + model_name + " does not frame as a response"
                        : "smuggled")};
  }
  if (node.messages.size() < model.messages.size()) {
    return {Relation::kStricter, node_side + "; " + model_side + " (Node is stricter here)"};
  }
  return {Relation::kSame, node_side + "; " + model_side + ": the same reading"};
}

std::string OptionsText(const json& options) {
  std::string out;
  for (const auto& [k, v] : options.items()) {
    out += (out.empty() ? "" : ", ") + k + ": " +
           (v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump());
  }
  return out;
}

std::string FlagList(const json& flags) {
  std::string out;
  for (const auto& f : flags)
    out += (out.empty() ? "lenient_" : ", lenient_") + f.get<std::string>();
  return out;
}

// "insecureHTTPParser: true (it sets every lenient flag)", "httpValidation: 'relaxed' (it sets
// lenient_header_value_relaxed)".
std::string OptionWithFlags(const json& options, const json& sets) {
  // lib/_http_common.js: insecureHTTPParser sets every flag the Node's llhttp has.
  if (options.value("insecureHTTPParser", false))
    return OptionsText(options) + " (it sets every lenient flag)";
  return OptionsText(options) + " (it sets " + FlagList(sets) + ")";
}

void JudgeHttp(const json& scenario, NodeVerdict& v) {
  const bool client = scenario.value("side", "") == "client";
  const std::string who = "Node " + v.node_version;
  const Reading strict = ModelReading(scenario["model"], client);
  const json& flags = scenario["lenient_flags"];
  bool unhonoured = false;
  std::string unhonoured_text, documented_text, first_text;
  for (const json& run : v.runs) {
    const json options = run.value("options", json::object());
    const std::string with =
        options.empty() ? "with default options" : "with " + OptionsText(options);
    if (run.value("hang", false)) {
      v.verdict = "confirmed";
      v.detail = with + ": " + who +
                 " stopped — after the bytes were sent its event loop never ran again (no " +
                 "timer fired in " + run.value("seconds", std::string("?")) +
                 " s): the parser does not return";
      return;
    }
    const json& record = run["record"];
    // false: the Node ignores the option; null: not checked (its client), taken as honoured.
    const json honoured = record.value("option_honoured", json(true));
    if (honoured.is_boolean() && !honoured.get<bool>() && !options.empty()) {
      unhonoured = true;
      unhonoured_text = who + " ignores " + OptionsText(options) +
                        " (a header value with a control octet is "
                        "still refused with it): it has no option that sets " +
                        FlagList(run.value("sets", json::array())) + " alone";
      continue;
    }
    const Reading node = client ? NodeClientReading(record) : NodeServerReading(record);
    const Comparison against_rfc = Compare(strict, node, who, client, "RFC 9112");
    if (options.empty()) {
      first_text = against_rfc.text;
      if (against_rfc.relation == Relation::kDiffers) {
        v.verdict = "confirmed";
        v.detail = with + ": " + against_rfc.text;
        return;
      }
      continue;
    }
    // A lenient option: Node does more than the flags it sets document, or only what they do.
    const Reading documented = ModelReading(run["documented_model"], client);
    const Comparison against_docs =
        Compare(documented, node, who, client, "what those flags document");
    if (against_docs.relation == Relation::kDiffers) {
      v.verdict = "confirmed";
      v.detail = "with " + OptionWithFlags(options, run.value("sets", json::array())) + ": " +
                 against_docs.text;
      return;
    }
    if (documented_text.empty()) {
      documented_text =
          with + ": " + against_rfc.text +
          (against_rfc.relation == Relation::kDiffers ? ", as the lenient flags it sets document"
                                                      : "");
    }
  }
  std::string alone;
  if (!flags.empty() && !unhonoured) {
    bool settable = false;
    for (const json& run : v.runs) {
      if (run.value("sets", json::array()) == flags) settable = true;
    }
    if (!settable) alone = " (Node has no option that sets only " + FlagList(flags) + ")";
  }
  if (unhonoured) {
    v.verdict = "not-applicable";
    v.detail = unhonoured_text + "; with default options: " + first_text;
    if (!documented_text.empty()) v.detail += "; " + documented_text;
    return;
  }
  v.verdict = "not-reproduced";
  v.detail = "with default options: " + first_text +
             (documented_text.empty() ? "" : "; " + documented_text) + alone;
}

// ---- URL and Buffer: each call's observation against what the standard gives -----------------

std::string Short(const json& value) {
  std::string text = value.dump();
  if (text.size() > 90) text = text.substr(0, 87) + "...";
  return text;
}

std::string CallText(const json& step, const json& observations) {
  const std::string op = step.value("op", "");
  const auto arg = [&](const char* key) { return Short(step.value(key, json())); };
  if (op == "parse")
    return "new URL(" + arg("input") + (step.contains("base") ? ", " + arg("base") : "") + ")";
  if (op == "reparse") return "new URL(url.href)";
  if (op == "set") return "url." + step.value("property", "?") + " = " + arg("value");
  if (op == "params") return "new URLSearchParams(" + arg("input") + ")";
  if (op.starts_with("params-")) {
    const std::string call = op.substr(7) == "delete-pair" ? "delete"
                             : op.substr(7) == "rebuild"   ? ""
                                                           : op.substr(7);
    if (call.empty()) return "new URLSearchParams(params.toString())";
    if (call == "sort") return "params.sort()";
    return "params." + call + "(" + arg("name") +
           (op == "params-append" || op == "params-set" || op == "params-delete-pair"
                ? ", " + arg("value")
                : "") +
           ")";
  }
  if (op == "domainToASCII" || op == "domainToUnicode") {
    if (step.contains("input_from")) {
      const size_t from = step["input_from"];
      const json input =
          from < observations.size() ? observations[from].value("value", json()) : json();
      return "url." + op + "(" + Short(input) + ")";
    }
    return "url." + op + "(" + arg("input") + ")";
  }
  if (op == "buffer-from")
    return "Buffer.from(<string of " + std::to_string(step["string"].size()) + " units>, '" +
           step.value("encoding", "") + "')";
  if (op == "buffer-write")
    return "buf.write(<string>, 0, " + std::to_string(step.value("length", 0)) + ", '" +
           step.value("encoding", "") + "')";
  if (op == "buffer-to-string") return "buf.toString('" + step.value("encoding", "") + "')";
  if (op == "atob") return "atob(<string of " + std::to_string(step["string"].size()) + " units>)";
  if (op == "is-utf8") return "buffer.isUtf8(buf)";
  if (op == "is-ascii") return "buffer.isAscii(buf)";
  if (op == "text-decode")
    return std::string("new TextDecoder('utf-8'") +
           (step.value("fatal", false) ? ", {fatal: true}" : "") + ").decode(buf)";
  return op;
}

bool HasDotSegment(const std::string& pathname) {
  std::stringstream segments(pathname);
  for (std::string s; std::getline(segments, s, '/');) {
    for (size_t at;
         (at = s.find("%2e")) != std::string::npos || (at = s.find("%2E")) != std::string::npos;) {
      s.replace(at, 3, ".");
    }
    if (s == "." || s == "..") return true;
  }
  return false;
}

bool AsciiLowercase(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool IsEmpty(const json& v) {
  return v.is_null() || (v.is_string() && v.get<std::string>().empty());
}

// The first check Node's observations break, as a sentence; empty when none; `checked` counts them.
// `other` is set when Node's answer is neither the standard's nor the one this build's parser
// gave (the check's "harness"): Node deviates, but not as the finding does.
std::string FirstBrokenCheck(const json& scenario, const json& observations, int& checked,
                             bool& other) {
  const json& steps = scenario["steps"];
  for (const json& check : scenario["checks"]) {
    const size_t step = check.value("step", 0);
    if (step >= observations.size()) continue;
    const json& seen = observations[step];
    if (seen.contains("skipped")) continue;
    if (check.contains("skip_if_empty")) {
      const json& cond = check["skip_if_empty"];
      const size_t other = cond.value("step", 0);
      if (other < observations.size() &&
          IsEmpty(observations[other].value(cond.value("key", ""), json())))
        continue;
    }
    ++checked;
    const std::string call = CallText(steps[step], observations);
    const std::string basis =
        " (" + check.value("basis", "") + "; oracle " + check.value("oracle", "") + ")";
    const auto gives = [&](const std::string& key, const json& got) {
      if (key != "ok" && seen.value("ok", true) == false)
        return "throws (" + seen.value("error", std::string("?")) + ")";
      return "gives " + key + " " + Short(got);
    };
    if (check.contains("expect")) {
      const json& expect = check["expect"];
      const json harness = check.value("harness", json::object());
      const auto not_the_findings = [&](const std::string& key, const json& got) -> std::string {
        // Only where this build deviates itself: one with the parser fixed has no answer of it.
        const json want = expect.value(key, json());
        if (!harness.contains(key) || harness[key] == got || harness[key] == want) return "";
        other = true;
        return "; this build's parser gave " + Short(harness[key]) + ", the finding's answer";
      };
      // "ok" first: a call that throws where it should not (or the other way) says so plainly.
      if (expect.contains("ok") && seen.value("ok", true) != expect["ok"].get<bool>()) {
        const bool should = expect["ok"].get<bool>();
        return call +
               (should ? " throws (" + seen.value("error", std::string("?")) + ")"
                       : " succeeds" + (seen.contains("href") ? " as " + Short(seen["href"])
                                                              : std::string())) +
               "; the standard says it " + (should ? "succeeds" : "fails") +
               not_the_findings("ok", seen.value("ok", true)) + basis;
      }
      for (const auto& [key, want] : expect.items()) {
        const json got = seen.value(key, json());
        if (got != want)
          return call + " " + gives(key, got) + "; the standard gives " + Short(want) +
                 not_the_findings(key, got) + basis;
      }
    } else if (check.contains("same_as")) {
      const size_t other = check["same_as"].value("step", 0);
      if (other >= observations.size()) continue;
      for (const auto& key : check["same_as"]["keys"]) {
        const json got = seen.value(key.get<std::string>(), json());
        const json want = observations[other].value(key.get<std::string>(), json());
        if (got != want) {
          return call + " " + gives(key, got) + " where " + CallText(steps[other], observations) +
                 " gave " + Short(want) + basis;
        }
      }
    } else if (check.contains("holds")) {
      const std::string key = check.value("key", "");
      const std::string value = seen.value(key, "");
      const std::string holds = check["holds"];
      if ((holds == "no-dot-segments" && HasDotSegment(value)) ||
          (holds == "ascii-lowercase" && !AsciiLowercase(value))) {
        return call + " gives " + key + " " + Short(value) +
               ", which the standard does not allow (" + holds + ")" + basis;
      }
    }
  }
  return "";
}

void JudgeCalls(const json& scenario, const ConfirmOptions& options, NodeVerdict& v) {
  const json& run = v.runs.at(0);
  const std::string who =
      "Node " + v.node_version +
      (scenario.contains("simdutf_kernel")
           ? " on simdutf's " + scenario["simdutf_kernel"].get<std::string>() + " kernel"
           : "");
  if (run.value("hang", false)) {
    v.verdict = "confirmed";
    v.detail =
        who + " did not finish the calls within " + run.value("seconds", std::string("?")) + " s";
    return;
  }
  int checked = 0;
  bool other = false;
  const std::string broken = FirstBrokenCheck(
      scenario, run["record"].value("observations", json::array()), checked, other);
  if (!broken.empty() && other) {
    v.verdict = "not-reproduced";
    v.detail = who + " deviates otherwise: " + broken;
    return;
  }
  if (!broken.empty()) {
    v.verdict = "confirmed";
    v.detail = who + ": " + broken;
    return;
  }
  if (checked == 0) {
    v.verdict = "not-applicable";
    v.detail =
        "the input gives " + who + " nothing to check (no call has an answer the standard fixes)";
    return;
  }
  if (options.sanitizer_report) {
    v.verdict = "not-applicable";
    v.detail =
        "a sanitizer report (undefined behaviour inside the parser), which a release Node cannot "
        "show; " +
        who + " gives the standard's answer to every call (" + Plural(checked, "check", "checks") +
        ")";
    return;
  }
  v.verdict = "not-reproduced";
  v.detail = who + " gives the standard's answer to every call (" +
             Plural(checked, "check", "checks") + ")";
}

// ---- running the scripts --------------------------------------------------------------------

struct ScriptOutcome {
  json record;  // the record event, null when there is none
  bool hang = false;
  double seconds = 0;
};

ScriptOutcome RunNodeScript(const std::string& node, const fs::path& script, const json& input,
                            const ConfirmOptions& options,
                            const std::vector<std::string>& env = {}) {
  const ScratchDir cwd("confirm-run");
  const ScriptRun r =
      RunScript({node, script.string()}, input.dump(), env,
                cwd.ok() ? cwd.path() : fs::temp_directory_path(), options.timeout_seconds);
  if (!r.started) {
    throw ConfirmError("cannot run " + node + " (" + r.err +
                       ") — pass --node with the path of a node binary");
  }
  ScriptOutcome outcome;
  outcome.seconds = r.seconds;
  bool started = false;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    json event = json::parse(line, nullptr, false);
    if (event.is_discarded() || !event.is_object()) continue;
    if (event.value("event", "") == "started") started = true;
    if (event.value("event", "") == "record") outcome.record = event;
  }
  if (!started) {
    std::string why = r.err.substr(0, r.err.find('\n'));
    if (why.empty())
      why = r.timed_out ? "no output within " +
                              std::to_string(static_cast<int>(options.timeout_seconds)) + " s"
                        : "no output";
    throw ConfirmError(
        "the confirm script " + script.filename().string() + " did not start under " + node + " (" +
        (r.timed_out ? std::string("timed out") : "exit " + std::to_string(r.exit_code)) + ": " +
        why + ") — pass --node with a Node.js 18 or newer");
  }
  if (outcome.record.is_null()) {
    if (!r.timed_out) {
      std::string why = r.err.substr(0, r.err.find('\n'));
      throw ConfirmError("the confirm script " + script.filename().string() + " stopped under " +
                         node + " (exit " + std::to_string(r.exit_code) +
                         (why.empty() ? "" : ": " + why) + ") before it recorded anything");
    }
    outcome.hang = true;
  }
  return outcome;
}

json RunRecord(const ScriptOutcome& outcome, json run) {
  if (outcome.hang) {
    run["hang"] = true;
    char seconds[16];
    std::snprintf(seconds, sizeof seconds, "%.0f", outcome.seconds);
    run["seconds"] = std::string(seconds);
  } else {
    run["record"] = outcome.record;
  }
  return run;
}

}  // namespace

json ScenarioOf(const std::string& target, const fs::path& input, const ConfirmOptions& options) {
  const std::string tool = ExplainTool(target);
  if (tool.empty()) {
    throw ConfirmError("no Node-level scenario for the target '" + target +
                       "' — confirm knows the http_*, url_* and enc_* targets");
  }
  const fs::path binary = options.explain_dir / tool;
  if (access(binary.c_str(), X_OK) != 0) {
    throw ConfirmError("no " + tool + " in " + options.explain_dir.string() +
                       " — build it (cmake --build build/replay --target " + tool +
                       ") or pass --bin-dir with the build's bin directory");
  }
  const ScratchDir cwd("confirm-explain");
  const ScriptRun r =
      RunScript({binary.string(), "--scenario", target, fs::absolute(input).string()}, "",
                {"NODEFUZZ_KNOWN_FINDINGS=skip", "ASAN_OPTIONS=detect_leaks=0"},
                cwd.ok() ? cwd.path() : fs::temp_directory_path(), 60);
  const json scenario = json::parse(r.out, nullptr, false);
  if (r.exit_code != 0 || scenario.is_discarded()) {
    throw ConfirmError(
        tool + " --scenario " + target + " failed (" +
        (r.timed_out ? std::string("timed out") : "exit " + std::to_string(r.exit_code)) + ": " +
        r.err.substr(0, r.err.find('\n')) + ") — is " + input.string() + " an input of " + target +
        "?");
  }
  return scenario;
}

std::string DescribeScenario(const json& s) {
  const std::string kind = s.value("kind", "");
  if (kind == "http") {
    const bool client = s.value("side", "") == "client";
    const std::string stream = FromLatin1(s.value("stream", ""));
    std::string out =
        std::string(client ? "responses to Node's client" : "requests to Node's server") + ", " +
        Plural(stream.size(), "byte", "bytes") + " " + Quoted(stream, 120);
    const Reading model = ModelReading(s["model"], client);
    out += "; RFC 9112 frames " +
           (model.messages.empty() ? std::string("none") : std::to_string(model.messages.size())) +
           (model.stop.empty() ? "" : " and " + model.stop);
    if (!s["lenient_flags"].empty()) out += "; lenient flags: " + FlagList(s["lenient_flags"]);
    return out;
  }
  std::string out = Plural(s["steps"].size(), "call", "calls");
  json none = json::array();
  for (size_t i = 0; i < s["steps"].size() && i < 3; ++i)
    out += (i ? "; " : ": ") + CallText(s["steps"][i], none);
  if (s["steps"].size() > 3) out += "; ...";
  return out + " (" + Plural(s["checks"].size(), "check", "checks") + ")";
}

std::string ResolveNode(const std::string& node) {
  if (node.find('/') != std::string::npos) {
    std::error_code ec;
    if (!fs::is_regular_file(node, ec) || access(node.c_str(), X_OK) != 0) {
      throw ConfirmError("no node at " + node + " — pass --node with the path of a node binary");
    }
    return fs::absolute(node).string();
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / node;
    if (access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate))
      return candidate.string();
  }
  throw ConfirmError("no " + node +
                     " on PATH — install Node.js, or pass --node with the path of a node binary");
}

std::string ParserVersionIn(const json& scenario, const json& versions) {
  const std::string kind = scenario.value("kind", "");
  const char* parser = kind == "http" ? "llhttp" : kind == "url" ? "ada" : "simdutf";
  return std::string(parser) + " " + versions.value(parser, "?");
}

void JudgeRuns(const json& scenario, const ConfirmOptions& options, NodeVerdict& v) {
  if (scenario.value("kind", "") == "http") {
    JudgeHttp(scenario, v);
  } else {
    JudgeCalls(scenario, options, v);
  }
}

NodeVerdict ConfirmOnNode(const json& scenario, const std::string& node,
                          const ConfirmOptions& options) {
  const std::string kind = scenario.value("kind", "");
  const std::string script_name =
      kind == "http"
          ? (scenario.value("side", "") == "client" ? "http_client.mjs" : "http_server.mjs")
      : kind == "url" ? "url.mjs"
                      : "buffer.mjs";
  const ScratchDir dir("confirm");
  if (!dir.ok())
    throw ConfirmError(
        "cannot make a scratch directory in /tmp — free space or fix its permissions");
  const fs::path script = dir.path() / script_name;
  std::ofstream(script) << ScriptText(script_name);

  NodeVerdict v;
  v.node = node;
  v.runs = json::array();
  if (kind == "http") {
    // Default options first, then each Node option that sets a lenient flag the input needs.
    json runs = json::array(
        {{{"options", json::object()}, {"exchanges", scenario.value("exchanges", json::array())}}});
    for (const json& o : scenario.value("node_options", json::array())) {
      runs.push_back({{"options", o["options"]},
                      {"sets", o["sets"]},
                      {"documented_model", o["documented_model"]},
                      {"exchanges", o.value("exchanges", json::array())}});
    }
    for (json run : runs) {
      const json input = {{"stream", scenario.value("stream", "")},
                          {"options", run["options"]},
                          {"upgrade_listener", scenario.value("upgrade_listener", false)},
                          {"exchanges", run["exchanges"]}};
      run.erase("exchanges");
      v.runs.push_back(RunRecord(RunNodeScript(node, script, input, options), run));
    }
  } else {
    // The simdutf kernel the target ran Node's calls on, which simdutf's own variable makes
    // Node run too.
    std::vector<std::string> env;
    if (scenario.contains("simdutf_kernel"))
      env.push_back("SIMDUTF_FORCE_IMPLEMENTATION=" +
                    scenario["simdutf_kernel"].get<std::string>());
    v.runs.push_back(
        RunRecord(RunNodeScript(node, script, {{"steps", scenario["steps"]}}, options, env),
                  env.empty() ? json::object() : json{{"env", env}}));
  }
  // The version the script reported (a hung run reports none: the version from another run).
  for (const json& run : v.runs) {
    if (run.contains("record")) {
      v.node_version = run["record"].value("node", "");
      v.versions = run["record"].value("versions", json::object());
      break;
    }
  }
  if (v.node_version.empty()) {
    const ScratchDir cwd("confirm-version");
    const ScriptRun r = RunScript({node, "--version"}, "", {},
                                  cwd.ok() ? cwd.path() : fs::temp_directory_path(), 10);
    v.node_version = r.out.substr(0, r.out.find('\n'));
    const ScriptRun p = RunScript({node, "-p", "JSON.stringify(process.versions)"}, "", {},
                                  cwd.ok() ? cwd.path() : fs::temp_directory_path(), 10);
    v.versions = json::parse(p.out, nullptr, false);
    if (v.versions.is_discarded()) v.versions = json::object();
  }
  JudgeRuns(scenario, options, v);
  return v;
}

}  // namespace nodefuzz::triage
