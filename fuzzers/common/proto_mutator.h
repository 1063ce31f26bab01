// A small structure-aware mutator for protobuf inputs, through reflection: it changes one field
// of a message (a number, a string, an enum, a flag; adds, drops or copies a repeated element; sets
// or clears a sub-message) or splices sub-messages from another input. Used by the targets that
// define LLVMFuzzerCustomMutator over a proto when libprotobuf-mutator is not installed.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nodefuzz {

class ProtoMutator {
 public:
  // `tokens`: strings worth inserting into string fields (a dictionary).
  ProtoMutator(uint32_t seed, std::vector<std::string> tokens);

  // Starts again from `seed`: the same mutations as a new ProtoMutator(seed, tokens), without
  // building one per input.
  void Reseed(uint32_t seed) { rng_.seed(seed); }

  // Changes `message` in one place.
  void Mutate(google::protobuf::Message& message);

  // Copies one sub-message of `from` into `into`, where a field of the same type is (replacing a
  // singular one, inserting into a repeated one), or appends a repeated element of the same field.
  void CrossOver(const google::protobuf::Message& from, google::protobuf::Message& into);

 private:
  // What the mutator asks of a field, asked of libprotobuf once per field for the process: with
  // the generated pool's lazily resolved types, each FieldDescriptor::cpp_type() is a call_once,
  // whose thread-local bookkeeping ASan intercepts, and it was the mutator's largest cost.
  struct FieldFacts {
    const google::protobuf::FieldDescriptor* field;
    google::protobuf::FieldDescriptor::CppType type;
    bool repeated;
    const google::protobuf::Descriptor* message_type;  // null unless type is CPPTYPE_MESSAGE
  };
  const std::vector<FieldFacts>& FactsOf(const google::protobuf::Descriptor* descriptor);

  struct Site {
    google::protobuf::Message* message;
    const FieldFacts* facts;
    int index;  // repeated: the element, or -1 for the field as a whole; singular: -1
  };
  void CollectSites(google::protobuf::Message& message, std::vector<Site>& sites, int depth);
  void CollectMessages(const google::protobuf::Message& message,
                       std::vector<const google::protobuf::Message*>& out, int depth);
  void MutateSite(const Site& site);
  void MutateRepeated(google::protobuf::Message& message, const FieldFacts& field);
  uint64_t MutateNumber(uint64_t value, uint64_t max);
  void MutateString(std::string& s);
  size_t Below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::mt19937 rng_;
  std::vector<std::string> tokens_;
  std::vector<Site> sites_;  // Mutate's and CrossOver's, kept so their capacity is reused
  std::vector<Site> fitting_;
  std::vector<const google::protobuf::Message*> donors_;
  // Per message type; a handful of types, so a list. A deque: adding a type while CollectSites
  // walks another's facts (a sub-message seen for the first time) moves no list it is walking.
  std::deque<std::pair<const google::protobuf::Descriptor*, std::vector<FieldFacts>>> facts_;
};

}  // namespace nodefuzz
