// url_explain: a URL target's input as the calls a script makes on a real Node, and what the
// standard says each must give, for nodefuzz-triage confirm (confirm/url.mjs runs the calls).
//   usage: url_explain --scenario url_parse|url_setters|url_search_params|url_idna <input file>
// One line of JSON:
//   {"kind": "url", "target", "ada_version", "steps": [...], "checks": [...]}
// A step is one call: {"op": "parse", "input", "base"?} (new URL; it becomes the current URL),
// {"op": "reparse"} (new URL(current.href)), {"op": "set", "property", "value"} (current.x = v),
// {"op": "params", "input"} (new URLSearchParams), {"op": "params-append" | "params-set" |
// "params-delete" | "params-delete-pair", "name", "value"}, {"op": "params-sort"},
// {"op": "params-rebuild"} (new URLSearchParams(p.toString())), {"op": "domainToASCII" |
// "domainToUnicode", "input" or "input_from": the step whose value is the input}.
// A check says what one step's observation must be, and why (the oracle and its basis):
//   {"step", "expect": {key: value}}           these keys have these values
//   {"step", "same_as": {"step", "keys"}}       these keys equal another step's
//   {"step", "holds": "no-dot-segments" | "ascii-lowercase", "key"}
//   optionally "skip_if_empty": {"step", "key"}: not checked when that value is empty.
//   url.representations-agree checks also carry "harness": what this build's url_aggregator (the
//   representation Node uses) gave, so that confirm tells the finding's answer from another one.
// What the standard gives is this build's ada::url (ada's reference representation; Node uses
// the other, url_aggregator), overruled wherever an oracle has a rule or a model of its own: the
// port setter (port_setter_model.h), URLSearchParams (search_params_model.h), the opaque-base
// rule, no dot segments, a href that parses to itself, and the UTS #46 properties of url_idna.
// From a rule's verdict on, ada::url is not trusted for the rest of the input.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ada.h"
#include "input_reader.h"
#include "port_setter_model.h"
#include "search_params_model.h"
#include "url_checks.h"
#include "usv_string.h"

namespace {

using nlohmann::json;
namespace url = nodefuzz::url;

// url_setters' setter numbers (its input layout), as Node's property names.
constexpr const char* kProperties[] = {"href",     "protocol", "username", "password", "host",
                                       "hostname", "port",     "pathname", "search",   "hash"};
constexpr int kMaxSteps = 8;  // as the targets: no more steps are read from an input

class Scenario {
 public:
  explicit Scenario(std::string target) : target_(std::move(target)) {}

  size_t Step(json step) {
    steps_.push_back(std::move(step));
    return steps_.size() - 1;
  }
  void Check(json check, const char* oracle, const std::string& basis) {
    check["oracle"] = oracle;
    check["basis"] = basis;
    checks_.push_back(std::move(check));
  }
  json Json() const {
    return {{"kind", "url"},
            {"target", target_},
            {"ada_version", ADA_VERSION},
            {"steps", steps_},
            {"checks", checks_}};
  }

 private:
  std::string target_;
  json steps_ = json::array(), checks_ = json::array();
};

// ada::url's or url_aggregator's components, under Node's property names.
template <typename Url>
json Components(const Url& u) {
  return {{"href", u.get_href()},         {"origin", u.get_origin()},
          {"protocol", u.get_protocol()}, {"username", u.get_username()},
          {"password", u.get_password()}, {"host", u.get_host()},
          {"hostname", u.get_hostname()}, {"port", u.get_port()},
          {"pathname", u.get_pathname()}, {"search", u.get_search()},
          {"hash", u.get_hash()}};
}

// What this build's url_aggregator (the representation Node uses) gives for new URL(input, base).
json AggregatorParse(const std::string& input, const std::string* base) {
  std::optional<ada::url_aggregator> base_url;
  if (base) {
    auto parsed = ada::parse<ada::url_aggregator>(*base);
    if (!parsed) return {{"ok", false}};
    base_url = *parsed;
  }
  auto u = ada::parse<ada::url_aggregator>(input, base_url ? &*base_url : nullptr);
  json out = {{"ok", u.has_value()}};
  if (u) out.update(Components(*u));
  return out;
}

constexpr const char* kReference = "ada::url, the representation of the URL Node does not use";

// A parse and its reparse, with what the standard gives.
void ParseSteps(Scenario& s, const std::string& input, const std::string* base,
                const std::optional<ada::url>& reference, bool must_fail, const char* rule) {
  json step = {{"op", "parse"}, {"input", input}};
  if (base) step["base"] = *base;
  const size_t parsed = s.Step(step);
  if (must_fail) {
    s.Check({{"step", parsed}, {"expect", {{"ok", false}, {"canParse", false}}}}, "url.opaque-base",
            rule);
    return;
  }
  json expect = {{"ok", reference.has_value()}, {"canParse", reference.has_value()}};
  const bool dot_segments =
      reference && !reference->has_opaque_path && url::HasDotSegment(reference->get_pathname());
  if (reference && !dot_segments) expect.update(Components(*reference));
  s.Check({{"step", parsed}, {"expect", expect}, {"harness", AggregatorParse(input, base)}},
          "url.representations-agree", kReference);
  if (!reference) return;
  if (!reference->has_opaque_path) {
    s.Check({{"step", parsed}, {"holds", "no-dot-segments"}, {"key", "pathname"}},
            "url.no-dot-segments", "WHATWG URL, path state: every . and .. segment is removed");
  }
  const size_t again = s.Step({{"op", "reparse"}});
  s.Check({{"step", again}, {"expect", {{"ok", true}}}}, "url.reparse-stable",
          "the href of a URL parses again");
  s.Check({{"step", again}, {"same_as", {{"step", parsed}, {"keys", {"href"}}}}},
          "url.reparse-stable", "the href of a URL parses again to itself");
}

json UrlParse(nodefuzz::InputReader& reader) {
  Scenario s("url_parse");
  const bool with_base = reader.TakeByte() & 1;
  std::optional<std::string> base;
  if (with_base) base = url::AsUsvString(reader.Take(reader.TakeU16()));
  const std::string input = url::AsUsvString(reader.Rest());
  auto alone = ada::parse<ada::url>(input);
  ParseSteps(s, input, nullptr, alone ? std::optional<ada::url>(*alone) : std::nullopt, false, "");
  if (!base) return s.Json();
  auto base_url = ada::parse<ada::url>(*base);
  if (!base_url) {
    // new URL(input, base) throws before it reads the input.
    const size_t step = s.Step({{"op", "parse"}, {"input", input}, {"base", *base}});
    s.Check({{"step", step}, {"expect", {{"ok", false}, {"canParse", false}}}},
            "url.representations-agree", std::string(kReference) + ": the base does not parse");
    return s.Json();
  }
  auto against = ada::parse<ada::url>(input, &*base_url);
  // WHATWG URL, no scheme state: against a base with an opaque path only a fragment resolves.
  const bool must_fail =
      against && base_url->has_opaque_path && !alone && !url::StartsWithFragment(input);
  ParseSteps(
      s, input, &*base, against ? std::optional<ada::url>(*against) : std::nullopt, must_fail,
      "WHATWG URL, no scheme state: with a base that has an opaque path, an input without a scheme "
      "resolves only when it starts with #");
  return s.Json();
}

json UrlSetters(nodefuzz::InputReader& reader) {
  Scenario s("url_setters");
  // As the target: bit 15 of the href's length says a base follows the href.
  const uint16_t href_field = reader.TakeU16();
  const std::string href = url::AsUsvString(reader.Take(href_field & url::kSetterHrefLength));
  std::optional<std::string> base;
  if (href_field & url::kSetterBaseFollows) base = url::AsUsvString(reader.Take(reader.TakeU16()));
  json parse_step = {{"op", "parse"}, {"input", href}};
  if (base) parse_step["base"] = *base;
  std::optional<ada::url> base_reference;
  std::optional<ada::url_aggregator> base_harness;
  if (base) {
    auto parsed_base = ada::parse<ada::url>(*base);
    auto harness_base = ada::parse<ada::url_aggregator>(*base);
    if (!parsed_base) {
      // new URL(href, base) throws before it reads the href; the target stops here too.
      const size_t step = s.Step(parse_step);
      s.Check({{"step", step}, {"expect", {{"ok", false}}}}, "url.representations-agree",
              std::string(kReference) + ": the base does not parse");
      return s.Json();
    }
    base_reference = *parsed_base;
    if (harness_base) base_harness = *harness_base;
  }
  auto parsed = ada::parse<ada::url>(href, base_reference ? &*base_reference : nullptr);
  std::optional<ada::url> reference = parsed ? std::optional<ada::url>(*parsed) : std::nullopt;
  std::optional<ada::url_aggregator> harness;
  if (!base || base_harness) {
    auto parsed_harness =
        ada::parse<ada::url_aggregator>(href, base_harness ? &*base_harness : nullptr);
    if (parsed_harness) harness = *parsed_harness;
  }
  const size_t first = s.Step(parse_step);
  json expect = {{"ok", reference.has_value()}};
  if (reference) expect.update(Components(*reference));
  json found = {{"ok", harness.has_value()}};
  if (harness) found.update(Components(*harness));
  s.Check({{"step", first}, {"expect", expect}, {"harness", found}}, "url.representations-agree",
          kReference);
  if (!reference) return s.Json();  // the target stops here too
  bool trusted = true;
  for (int i = 0; i < kMaxSteps && !reader.Rest().empty(); ++i) {
    const int setter = reader.TakeByte() % url::kSetterCount;
    const std::string value = url::AsUsvString(reader.Take(reader.TakeByte()));
    const size_t step =
        s.Step({{"op", "set"}, {"property", kProperties[setter]}, {"value", value}});
    if (!trusted) continue;
    const std::string port =
        setter == 6 ? url::ExpectedPort(reference->get_protocol(), reference->get_hostname(),
                                        reference->get_port(), value)
                    : std::string();
    url::ApplySetter(*reference, setter, value);
    if (harness) url::ApplySetter(*harness, setter, value);
    if (setter == 6 && reference->get_port() != port) {
      s.Check({{"step", step}, {"expect", {{"port", port}}}}, "url.port-setter",
              "WHATWG URL, the port setter (port state with state override)");
      trusted = false;  // ada::url's port is wrong: its later state is no reference either
      continue;
    }
    json expect_after = Components(*reference);
    expect_after["ok"] = true;  // a setter never throws
    json found_after = harness ? Components(*harness) : json::object();
    found_after["ok"] = true;
    s.Check({{"step", step}, {"expect", expect_after}, {"harness", found_after}},
            "url.representations-agree", kReference);
  }
  return s.Json();
}

json ParamsObservation(const url::SearchEntries& model) {
  json entries = json::array();
  for (const auto& [name, value] : model) entries.push_back({name, value});
  return {{"entries", entries}, {"string", url::SerializeUrlencoded(model)}};
}

json UrlSearchParams(nodefuzz::InputReader& reader) {
  Scenario s("url_search_params");
  constexpr const char* kModel = "WHATWG URL §5-6, URLSearchParams (search_params_model.h)";
  const std::string init = url::AsUsvString(reader.Take(reader.TakeU16()));
  std::string_view query = init;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  url::SearchEntries model = url::ParseUrlencoded(query);
  // As the target: the model applies while every name and value is valid UTF-8 (the spec decodes
  // with replacement; Node's strings are that already).
  bool applies = std::all_of(model.begin(), model.end(), [](const auto& e) {
    return url::IsValidUtf8(e.first) && url::IsValidUtf8(e.second);
  });
  const size_t first = s.Step({{"op", "params"}, {"input", init}});
  if (applies)
    s.Check({{"step", first}, {"expect", ParamsObservation(model)}}, "url.search-params-model",
            kModel);
  constexpr const char* kOps[] = {"params-append",      "params-set",  "params-delete",
                                  "params-delete-pair", "params-sort", "params-rebuild"};
  for (int i = 0; i < kMaxSteps && !reader.Rest().empty(); ++i) {
    const int call = reader.TakeByte() % 6;
    const std::string name = url::AsUsvString(reader.Take(reader.TakeByte()));
    const std::string value = url::AsUsvString(reader.Take(reader.TakeByte()));
    const size_t step = s.Step({{"op", kOps[call]}, {"name", name}, {"value", value}});
    const auto named = [&](const auto& e) { return e.first == name; };
    switch (call) {
      case 0:
        model.emplace_back(name, value);
        break;
      case 1: {
        auto it = std::find_if(model.begin(), model.end(), named);
        if (it == model.end()) {
          model.emplace_back(name, value);
        } else {
          it->second = value;
          model.erase(std::remove_if(it + 1, model.end(), named), model.end());
        }
        break;
      }
      case 2:
        std::erase_if(model, named);
        break;
      case 3:
        std::erase_if(model, [&](const auto& e) { return e.first == name && e.second == value; });
        break;
      case 4:
        if (applies) url::SortByName(model);
        break;
      default: {
        const std::string serialized = url::SerializeUrlencoded(model);
        model = url::ParseUrlencoded(serialized);
        break;
      }
    }
    if (applies)
      s.Check({{"step", step}, {"expect", ParamsObservation(model)}}, "url.search-params-model",
              kModel);
  }
  return s.Json();
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Labels split at '.', the only separator in ASCII input and in ToUnicode output.
template <typename Visit>
bool AnyLabel(std::string_view domain, Visit visit) {
  for (size_t start = 0; start <= domain.size();) {
    const size_t dot = std::min(domain.find('.', start), domain.size());
    if (visit(domain.substr(start, dot - start))) return true;
    start = dot + 1;
  }
  return false;
}

bool HasPunycodeLabel(std::string_view domain) {
  return AnyLabel(domain,
                  [](std::string_view label) { return Lowered(label).starts_with("xn--"); });
}

// An xn-- label of a ToASCII result that decodes to ASCII only (UTS #46 before 15.1 accepts it).
bool DecodesToAsciiLabel(std::string_view ascii) {
  return AnyLabel(ascii, [](std::string_view label) {
    return label.starts_with("xn--") && IsAscii(ada::idna::to_unicode(label));
  });
}

json UrlIdna(std::string_view data) {
  Scenario s("url_idna");
  const std::string domain = url::AsUsvString(data);
  if (domain.empty()) return s.Json();  // the target reads nothing
  constexpr const char* kUts46 = "UTS #46 with WHATWG URL's options (fuzzers/url/url_idna.cc)";
  const size_t ascii = s.Step({{"op", "domainToASCII"}, {"input", domain}});
  const size_t again = s.Step({{"op", "domainToASCII"}, {"input_from", ascii}});
  const size_t unicode = s.Step({{"op", "domainToUnicode"}, {"input_from", ascii}});
  const size_t back = s.Step({{"op", "domainToASCII"}, {"input_from", unicode}});
  // Node's domainToASCII parses the domain as a URL host, which refuses forbidden code points
  // ToASCII keeps: an empty answer is that refusal, not a wrong ToASCII.
  const json if_accepted = {{"step", ascii}, {"key", "value"}};
  if (IsAscii(domain) && !HasPunycodeLabel(domain)) {
    s.Check(
        {{"step", ascii}, {"expect", {{"value", Lowered(domain)}}}, {"skip_if_empty", if_accepted}},
        "idna.ascii-only-input",
        std::string(kUts46) + ": ASCII without an xn-- label is only lower-cased");
  }
  s.Check({{"step", ascii},
           {"holds", "ascii-lowercase"},
           {"key", "value"},
           {"skip_if_empty", if_accepted}},
          "idna.ascii-output", std::string(kUts46) + ": a ToASCII result is lower-case ASCII");
  s.Check({{"step", again},
           {"same_as", {{"step", ascii}, {"keys", {"value"}}}},
           {"skip_if_empty", if_accepted}},
          "idna.idempotent", std::string(kUts46) + ": ToASCII of a ToASCII result is itself");
  // As the target: only where ToUnicode decodes every label to one that is not an A-label itself.
  const std::string result = ada::idna::to_ascii(domain);
  const std::string decoded = ada::idna::to_unicode(result);
  if (!result.empty() && !HasPunycodeLabel(decoded) && !DecodesToAsciiLabel(result)) {
    s.Check({{"step", back},
             {"same_as", {{"step", ascii}, {"keys", {"value"}}}},
             {"skip_if_empty", if_accepted}},
            "idna.unicode-roundtrip",
            std::string(kUts46) + ": ToASCII(ToUnicode(r)) is r for a ToASCII result r");
  }
  return s.Json();
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "url_explain: %s\nusage: url_explain --scenario "
               "url_parse|url_setters|url_search_params|url_idna "
               "<input file>\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::string(argv[1]) != "--scenario")
    return Usage("expected --scenario <target> <input file>");
  const std::string target = argv[2];
  std::ifstream in(argv[3], std::ios::binary);
  if (!in) return Usage((std::string("cannot read ") + argv[3] + " — check the path").c_str());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  nodefuzz::InputReader reader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  json scenario;
  if (target == "url_parse") {
    scenario = UrlParse(reader);
  } else if (target == "url_setters") {
    scenario = UrlSetters(reader);
  } else if (target == "url_search_params") {
    scenario = UrlSearchParams(reader);
  } else if (target == "url_idna") {
    scenario = UrlIdna(bytes);
  } else {
    return Usage(("no URL target '" + target + "'").c_str());
  }
  std::printf("%s\n", scenario.dump().c_str());
  return 0;
}
