#include "proto_mutator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <limits>
#include <utility>

namespace nodefuzz {

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

void ProtoMutator::CollectSites(Message& message, std::vector<Site>& sites, int depth) {
  const Reflection* r = message.GetReflection();
  const auto* d = message.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    // Asked once per field, not per element: each is a call into libprotobuf.
    const bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      sites.push_back({&message, f, -1});
      const int n = r->FieldSize(message, f);
      if (!is_message) {
        for (int k = 0; k < n; ++k) sites.push_back({&message, f, k});
      } else if (depth < kMaxDepth) {
        for (int k = 0; k < n; ++k)
          CollectSites(*r->MutableRepeatedMessage(&message, f, k), sites, depth + 1);
      }
      continue;
    }
    sites.push_back({&message, f, -1});
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

void ProtoMutator::MutateRepeated(Message& message, const FieldDescriptor* f) {
  const Reflection* r = message.GetReflection();
  const int n = r->FieldSize(message, f);
  switch (n == 0 ? 0 : Below(4)) {
    case 0: {  // add a new element, at the end
      switch (f->cpp_type()) {
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
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
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
  const FieldDescriptor* f = site.field;
  if (f->is_repeated() && site.index < 0) return MutateRepeated(m, f);
  const bool repeated = f->is_repeated();
  const int i = site.index;
  // Singular fields are sometimes cleared: an absent field means the converter's default.
  if (!repeated && r->HasField(m, f) && Below(8) == 0) return r->ClearField(&m, f);
  switch (f->cpp_type()) {
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

namespace {

// Every sub-message of `m` (not `m` itself), depth-first.
void CollectMessages(const Message& m, std::vector<const Message*>& out, int depth) {
  if (depth >= kMaxDepth) return;
  const Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int k = 0; k < r->FieldSize(m, f); ++k) {
        out.push_back(&r->GetRepeatedMessage(m, f, k));
        CollectMessages(r->GetRepeatedMessage(m, f, k), out, depth + 1);
      }
    } else {
      out.push_back(&r->GetMessage(m, f));
      CollectMessages(r->GetMessage(m, f), out, depth + 1);
    }
  }
}

}  // namespace

void ProtoMutator::CrossOver(const Message& from, Message& into) {
  std::vector<const Message*> donors;
  CollectMessages(from, donors, 0);
  if (donors.empty()) return;
  const Message& donor = *donors[Below(donors.size())];
  // The places in `into` where a message of the donor's type fits.
  std::vector<Site> sites, fitting;
  CollectSites(into, sites, 0);
  for (const Site& s : sites) {
    if (s.field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && s.index < 0 &&
        s.field->message_type() == donor.GetDescriptor()) {
      fitting.push_back(s);
    }
  }
  if (fitting.empty()) return;
  const Site& s = fitting[Below(fitting.size())];
  const Reflection* r = s.message->GetReflection();
  if (!s.field->is_repeated()) {
    r->MutableMessage(s.message, s.field)->CopyFrom(donor);
    return;
  }
  r->AddMessage(s.message, s.field)->CopyFrom(donor);
  for (int k = r->FieldSize(*s.message, s.field) - 1; k > 0 && Below(2); --k) {
    r->SwapElements(s.message, s.field, k, k - 1);
  }
}

}  // namespace nodefuzz
