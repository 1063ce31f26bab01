// url_search_params: ada::url_search_params driven by an input-chosen sequence of calls, checked
// after each against search_params_model.h.
//
// Input layout (InputReader; missing bytes read as zero):
//   u16 init length, then the init string (as `new URLSearchParams(string)`)
//   then steps, each: u8 call (mod 6: append, set, delete name, delete name+value, sort,
//   rebuild from toString()), u8 name length, name, u8 value length, value.
// The init string, names and values are made valid UTF-8 first (usv_string.h), as Node would.
// Oracles:
//   url.search-params-model      entries, get() and has() equal the model's
//   url.search-params-serialize  toString() equals the model's serialization
//   url.search-params-roundtrip  toString() → new URLSearchParams → toString() is the same string
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "ada.h"
#include "exact_copy.h"
#include "fuzz_entry.h"
#include "input_reader.h"
#include "known_ada_bugs.h"
#include "oracle.h"
#include "search_params_model.h"
#include "usv_string.h"

using nodefuzz::ExactCopy;
using nodefuzz::Printable;
namespace url = nodefuzz::url;

namespace {

constexpr int kMaxSteps = 8;  // calls per input: enough to build any list, keeps an input fast
constexpr const char* kCalls[] = {"append", "set",    "delete", "delete(name, value)",
                                  "sort",   "rebuild"};

std::string Describe(const url::SearchEntries& entries) {
  std::string out = "[";
  for (const auto& [name, value] : entries) {
    if (out.size() > 1) out += ", ";
    out += "\"" + Printable(name, 40) + "\"=\"" + Printable(value, 40) + "\"";
  }
  return out + "]";
}

size_t FirstDifference(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

url::SearchEntries Entries(const ada::url_search_params& params) {
  return url::SearchEntries(params.begin(), params.end());
}

// `after` names the step for a report; it is called only when an oracle fires.
template <typename After>
void CheckSerialization(const std::string& actual, const url::SearchEntries& model, After after) {
  const std::string expected = url::SerializeUrlencoded(model);
  if (actual == expected) return;
  // ada.search-params-backslash ('\' left unencoded) is read as %5C, so only another difference is
  // reported.
  const std::string compared = url::WithKnownSerializeBugCorrected(actual);
  const size_t at = FirstDifference(compared, expected);
  NODEFUZZ_ORACLE(
      compared == expected, "url.search-params-serialize",
      "after " + after() + " toString() differs from the spec from byte " + std::to_string(at) +
          ": \"" + Printable(compared.substr(at), 60) + "\" where the spec says \"" +
          Printable(expected.substr(at), 60) + "\"" +
          (compared == actual ? "" : " (each '\\' shown as %5C: ada.search-params-backslash)"));
}

template <typename After>
void CheckRoundTrip(const std::string& serialized, After after) {
  const ExactCopy copy(serialized);
  const std::string again = ada::url_search_params(copy.view()).to_string();
  NODEFUZZ_ORACLE(again == serialized, "url.search-params-roundtrip",
                  "after " + after() + ": \"" + Printable(serialized) +
                      "\" parses and serializes as \"" + Printable(again) + "\"");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nodefuzz::InputReader reader(data, size);
  const ExactCopy init(url::AsUsvString(reader.Take(reader.TakeU16())));
  ada::url_search_params params(init.view());

  // The constructor drops one leading '?'. The spec decodes names and values as UTF-8 with
  // U+FFFD replacement; ada keeps the percent-decoded bytes. Where they are valid UTF-8 both
  // agree and the model applies; otherwise only the round trip is checked for this input.
  std::string_view init_query = init.view();
  if (!init_query.empty() && init_query.front() == '?') init_query.remove_prefix(1);
  url::SearchEntries model = url::ParseUrlencoded(init_query);
  bool model_applies = true;
  for (const auto& [name, value] : model) {
    model_applies = model_applies && url::IsValidUtf8(name) && url::IsValidUtf8(value);
  }
  if (model_applies) {
    NODEFUZZ_ORACLE(Entries(params) == model, "url.search-params-model",
                    "new URLSearchParams(\"" + Printable(init.view()) + "\") holds " +
                        Describe(Entries(params)) + ", the spec says " + Describe(model));
  }
  const auto constructor = [] { return std::string("the constructor"); };
  const std::string constructed = params.to_string();
  if (model_applies) CheckSerialization(constructed, model, constructor);
  CheckRoundTrip(constructed, constructor);

  for (int step = 0; step < kMaxSteps && !reader.Rest().empty(); ++step) {
    const int call = reader.TakeByte() % 6;
    const std::string name = url::AsUsvString(reader.Take(reader.TakeByte()));
    const std::string value = url::AsUsvString(reader.Take(reader.TakeByte()));
    switch (call) {
      case 0:
        params.append(name, value);
        model.emplace_back(name, value);
        break;
      case 1: {
        params.set(name, value);
        auto first =
            std::find_if(model.begin(), model.end(), [&](auto& e) { return e.first == name; });
        if (first == model.end()) {
          model.emplace_back(name, value);
        } else {
          first->second = value;
          model.erase(
              std::remove_if(first + 1, model.end(), [&](auto& e) { return e.first == name; }),
              model.end());
        }
        break;
      }
      case 2:
        params.remove(name);
        std::erase_if(model, [&](auto& e) { return e.first == name; });
        break;
      case 3:
        params.remove(name, value);
        std::erase_if(model, [&](auto& e) { return e.first == name && e.second == value; });
        break;
      case 4: {
        params.sort();
        if (!model_applies) break;
        const url::SearchEntries before = model;
        url::SortByName(model);
        // ada.search-params-sort-utf8 (sorted by UTF-8 bytes): take ada's order and go on checking
        // the next steps.
        if (Entries(params) != model && url::IsKnownSortBug(before, Entries(params)))
          model = Entries(params);
        break;
      }
      default: {
        const ExactCopy serialized(params.to_string());
        params = ada::url_search_params(serialized.view());
        break;
      }
    }
    // Built only when an oracle fires: this runs up to 8 times per input.
    const auto after = [&] {
      return std::string(kCalls[call]) + "(\"" + Printable(name, 40) + "\", \"" +
             Printable(value, 40) + "\")";
    };
    if (model_applies) {
      NODEFUZZ_ORACLE(Entries(params) == model, "url.search-params-model",
                      "after " + after() + " the entries are " + Describe(Entries(params)) +
                          ", the spec says " + Describe(model));
      const auto first =
          std::find_if(model.begin(), model.end(), [&](auto& e) { return e.first == name; });
      const auto got = params.get(name);
      NODEFUZZ_ORACLE(got.has_value() == (first != model.end()) && (!got || *got == first->second),
                      "url.search-params-model",
                      "after " + after() + " get(\"" + Printable(name, 40) + "\") is " +
                          (got ? "\"" + Printable(*got, 40) + "\"" : std::string("null")) +
                          ", the spec says " +
                          (first != model.end() ? "\"" + Printable(first->second, 40) + "\""
                                                : std::string("null")));
      NODEFUZZ_ORACLE(
          params.has(name) == (first != model.end()), "url.search-params-model",
          "after " + after() + " has(\"" + Printable(name, 40) + "\") disagrees with the spec");
    }
    const std::string serialized = params.to_string();
    if (model_applies) CheckSerialization(serialized, model, after);
    CheckRoundTrip(serialized, after);
  }
  return 0;
}
