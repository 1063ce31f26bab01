#include "proto_mutator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <limits>
#include <utility>

namespace nodefuzz {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {
constexpr int kMaxDepth = 8;
}

ProtoMutator::ProtoMutator(uint32_t seed, std::vector<std::string> tokens)
    : rng_(seed), tokens_(std::move(tokens)) {
  if (tokens_.empty()) tokens_.push_back("x");
}

const std::vector<ProtoMutator::FieldFacts>& ProtoMutator::FactsOf(const Descriptor* d) {
  for (const auto& [descriptor, facts] : facts_) {
    if (descriptor == d) return facts;
  }
  std::vector<FieldFacts> facts;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const FieldDescriptor::CppType type = f->cpp_type();
    facts.push_back({f, type, f->is_repeated(),
                     type == FieldDescriptor::CPPTYPE_MESSAGE ? f->message_type() : nullptr});
  }
  facts_.emplace_back(d, std::move(facts));
  return facts_.back().second;
}

void ProtoMutator::CollectSites(Message& message, std::vector<Site>& sites, int depth) {
  const Reflection* r = message.GetReflection();
  for (const FieldFacts& facts : FactsOf(message.GetDescriptor())) {
    const FieldDescriptor* f = facts.field;
    const bool is_message = facts.type == FieldDescriptor::CPPTYPE_MESSAGE;
    if (facts.repeated) {
      sites.push_back({&message, &facts, -1});
      const int n = r->FieldSize(message, f);
      if (!is_message) {
        for (int k = 0; k < n; ++k) sites.push_back({&message, &facts, k});
      } else if (depth < kMaxDepth) {
        for (int k = 0; k < n; ++k)
          CollectSites(*r->MutableRepeatedMessage(&message, f, k), sites, depth + 1);
      }
      continue;
    }
    sites.push_back({&message, &facts, -1});
    if (is_message && depth < kMaxDepth && r->HasField(message, f)) {
      CollectSites(*r->MutableMessage(&message, f), sites, depth + 1);
    }
  }
}

void ProtoMutator::Mutate(Message& message) {
  sites_.clear();
  CollectSites(message, sites_, 0);
  if (sites_.empty()) return;
  MutateSite(sites_[Below(sites_.size())]);
}

uint64_t ProtoMutator::MutateNumber(uint64_t value, uint64_t max) {
  static constexpr uint64_t kInteresting[] = {0,
                                              1,
                                              2,
                                              9,
                                              10,
                                              15,
                                              16,
                                              99,
                                              100,
                                              101,
                                              199,
                                              204,
                                              255,
                                              256,
                                              304,
                                              0x7fff,
                                              0xffff,
                                              0x7fffffff,
                                              0xffffffff,
                                              0x100000000,
                                              0x7fffffffffffffff,
                                              std::numeric_limits<uint64_t>::max()};
  switch (Below(4)) {
    case 0:
      value += 1;
      break;
    case 1:
      value -= 1;
      break;
    case 2:
      value = Below(64);
      break;
    default:
      value = kInteresting[Below(std::size(kInteresting))];
      break;
  }
  return value > max ? value % (max + 1) : value;
}

void ProtoMutator::MutateString(std::string& s) {
  const std::string& token = tokens_[Below(tokens_.size())];
  switch (Below(7)) {
    case 0:
      s.insert(Below(s.size() + 1), token);
      break;
    case 1:
      s.insert(Below(s.size() + 1), 1, static_cast<char>(Below(256)));
      break;
    case 2:
      if (!s.empty()) {
        const size_t at = Below(s.size());
        s.erase(at, 1 + Below(s.size() - at));
      }
      break;
    case 3:
      if (!s.empty()) s[Below(s.size())] = static_cast<char>(Below(256));
      break;
    case 4:
      s = token;
      break;
    case 5:
      s.clear();
      break;
    default:
      if (!s.empty()) {
        const size_t at = Below(s.size());
        s.insert(Below(s.size() + 1), s.substr(at, 1 + Below(s.size() - at)));
      }
      break;
  }
}

void ProtoMutator::MutateRepeated(Message& message, const FieldFacts& facts) {
  const FieldDescriptor* f = facts.field;
  const Reflection* r = message.GetReflection();
  const int n = r->FieldSize(message, f);
  switch (n == 0 ? 0 : Below(4)) {
    case 0: {  // add a new element, at the end
      switch (facts.type) {
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          Message* added = r->AddMessage(&message, f);
          if (n > 0 && Below(2))
            added->CopyFrom(r->GetRepeatedMessage(message, f, static_cast<int>(Below(n))));
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING:
          r->AddString(&message, f, tokens_[Below(tokens_.size())]);
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          r->AddInt32(&message, f, 0);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->AddInt64(&message, f, 0);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          r->AddUInt32(&message, f, 0);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          r->AddUInt64(&message, f, 0);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          r->AddBool(&message, f, true);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          r->AddEnum(&message, f, f->enum_type()->value(0));
          break;
        default:
          break;
      }
      // Move it to a random place.
      for (int k = r->FieldSize(message, f) - 1; k > 0 && Below(2); --k)
        r->SwapElements(&message, f, k, k - 1);
      break;
    }
    case 1:  // drop one
      r->SwapElements(&message, f, static_cast<int>(Below(n)), n - 1);
      r->RemoveLast(&message, f);
      break;
    case 2:  // swap two
      r->SwapElements(&message, f, static_cast<int>(Below(n)), static_cast<int>(Below(n)));
      break;
    default:  // duplicate one (messages), or drop (scalars)
      if (facts.type == FieldDescriptor::CPPTYPE_MESSAGE) {
        r->AddMessage(&message, f)
            ->CopyFrom(r->GetRepeatedMessage(message, f, static_cast<int>(Below(n))));
      } else {
        r->RemoveLast(&message, f);
      }
      break;
  }
}

void ProtoMutator::MutateSite(const Site& site) {
  Message& m = *site.message;
  const Reflection* r = m.GetReflection();
  const FieldDescriptor* f = site.facts->field;
  const bool repeated = site.facts->repeated;
  if (repeated && site.index < 0) return MutateRepeated(m, *site.facts);
  const int i = site.index;
  // Singular fields are sometimes cleared: an absent field means the converter's default.
  if (!repeated && r->HasField(m, f) && Below(8) == 0) return r->ClearField(&m, f);
  switch (site.facts->type) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (!r->HasField(m, f)) {
        r->MutableMessage(&m, f);  // set it (default contents)
      } else {
        r->ClearField(&m, f);
      }
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = repeated ? r->GetRepeatedString(m, f, i) : r->GetString(m, f);
      MutateString(s);
      repeated ? r->SetRepeatedString(&m, f, i, s) : r->SetString(&m, f, s);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = repeated ? r->GetRepeatedBool(m, f, i) : r->GetBool(m, f);
      repeated ? r->SetRepeatedBool(&m, f, i, !v) : r->SetBool(&m, f, !v);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value =
          f->enum_type()->value(static_cast<int>(Below(f->enum_type()->value_count())));
      repeated ? r->SetRepeatedEnum(&m, f, i, value) : r->SetEnum(&m, f, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t v = repeated ? r->GetRepeatedUInt32(m, f, i) : r->GetUInt32(m, f);
      const auto nv = static_cast<uint32_t>(MutateNumber(v, std::numeric_limits<uint32_t>::max()));
      repeated ? r->SetRepeatedUInt32(&m, f, i, nv) : r->SetUInt32(&m, f, nv);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t v = repeated ? r->GetRepeatedUInt64(m, f, i) : r->GetUInt64(m, f);
      const uint64_t nv = MutateNumber(v, std::numeric_limits<uint64_t>::max());
      repeated ? r->SetRepeatedUInt64(&m, f, i, nv) : r->SetUInt64(&m, f, nv);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t v = repeated ? r->GetRepeatedInt32(m, f, i) : r->GetInt32(m, f);
      const auto nv = static_cast<int32_t>(
          MutateNumber(static_cast<uint32_t>(v), std::numeric_limits<uint32_t>::max()));
      repeated ? r->SetRepeatedInt32(&m, f, i, nv) : r->SetInt32(&m, f, nv);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = repeated ? r->GetRepeatedInt64(m, f, i) : r->GetInt64(m, f);
      const auto nv = static_cast<int64_t>(
          MutateNumber(static_cast<uint64_t>(v), std::numeric_limits<uint64_t>::max()));
      repeated ? r->SetRepeatedInt64(&m, f, i, nv) : r->SetInt64(&m, f, nv);
      break;
    }
    default:
      break;  // float and double: none in our protos
  }
}

// Every sub-message of `m` (not `m` itself), depth-first.
void ProtoMutator::CollectMessages(const Message& m, std::vector<const Message*>& out, int depth) {
  if (depth >= kMaxDepth) return;
  const Reflection* r = m.GetReflection();
  for (const FieldFacts& facts : FactsOf(m.GetDescriptor())) {
    if (facts.type != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const FieldDescriptor* f = facts.field;
    if (facts.repeated) {
      const int n = r->FieldSize(m, f);
      for (int k = 0; k < n; ++k) {
        const Message& element = r->GetRepeatedMessage(m, f, k);
        out.push_back(&element);
        CollectMessages(element, out, depth + 1);
      }
    } else if (r->HasField(m, f)) {
      const Message& field = r->GetMessage(m, f);
      out.push_back(&field);
      CollectMessages(field, out, depth + 1);
    }
  }
}

void ProtoMutator::CrossOver(const Message& from, Message& into) {
  donors_.clear();
  CollectMessages(from, donors_, 0);
  if (donors_.empty()) return;
  const Message& donor = *donors_[Below(donors_.size())];
  // The places in `into` where a message of the donor's type fits.
  sites_.clear();
  fitting_.clear();
  CollectSites(into, sites_, 0);
  const Descriptor* donor_type = donor.GetDescriptor();
  for (const Site& s : sites_) {
    if (s.index < 0 && s.facts->message_type == donor_type) fitting_.push_back(s);
  }
  if (fitting_.empty()) return;
  const Site& s = fitting_[Below(fitting_.size())];
  const FieldDescriptor* f = s.facts->field;
  const Reflection* r = s.message->GetReflection();
  if (!s.facts->repeated) {
    r->MutableMessage(s.message, f)->CopyFrom(donor);
    return;
  }
  r->AddMessage(s.message, f)->CopyFrom(donor);
  for (int k = r->FieldSize(*s.message, f) - 1; k > 0 && Below(2); --k) {
    r->SwapElements(s.message, f, k, k - 1);
  }
}

}  // namespace nodefuzz
