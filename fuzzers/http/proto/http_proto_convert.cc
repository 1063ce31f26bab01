#include "http_proto_convert.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace nodefuzz::http {

namespace {

using proto::LineEnding;

void AppendEnding(std::string& out, LineEnding ending, std::string_view custom) {
  switch (ending) {
    case proto::CRLF:
      out += "\r\n";
      break;
    case proto::LF:
      out += '\n';
      break;
    case proto::CR:
      out += '\r';
      break;
    case proto::NO_ENDING:
      break;
    case proto::CR_CR_LF:
      out += "\r\r\n";
      break;
    case proto::CUSTOM_ENDING:
      out += custom;
      break;
  }
}

const char* MethodName(proto::Method m) {
  switch (m) {
    case proto::GET:
      return "GET";
    case proto::HEAD:
      return "HEAD";
    case proto::POST:
      return "POST";
    case proto::PUT:
      return "PUT";
    case proto::DELETE:
      return "DELETE";
    case proto::OPTIONS:
      return "OPTIONS";
    case proto::CONNECT:
      return "CONNECT";
    case proto::PATCH:
      return "PATCH";
    case proto::TRACE:
      return "TRACE";
    case proto::PRI:
      return "PRI";
    case proto::CUSTOM_METHOD:
      return "";
  }
  return "";
}

std::string_view VersionText(const proto::Message& m) {
  switch (m.version()) {
    case proto::HTTP_1_1:
      return "HTTP/1.1";
    case proto::HTTP_1_0:
      return "HTTP/1.0";
    case proto::HTTP_0_9:
      return "HTTP/0.9";
    case proto::HTTP_2_0:
      return "HTTP/2.0";
    case proto::NO_VERSION:
      return "";
    case proto::CUSTOM_VERSION:
      return m.custom_version();
  }
  return "";
}

const char* FieldNameText(proto::FieldName n) {
  switch (n) {
    case proto::HOST:
      return "Host";
    case proto::CONTENT_LENGTH:
      return "Content-Length";
    case proto::TRANSFER_ENCODING:
      return "Transfer-Encoding";
    case proto::CONNECTION:
      return "Connection";
    case proto::UPGRADE:
      return "Upgrade";
    case proto::TRAILER:
      return "Trailer";
    case proto::EXPECT:
      return "Expect";
    case proto::KEEP_ALIVE:
      return "Keep-Alive";
    case proto::CUSTOM_NAME:
      return "";
  }
  return "";
}

void AppendHeader(std::string& out, const proto::Header& h) {
  out += h.before_name();
  out += h.name() == proto::CUSTOM_NAME ? h.custom_name() : FieldNameText(h.name());
  switch (h.separator()) {
    case proto::COLON_SPACE:
      out += ": ";
      break;
    case proto::COLON:
      out += ':';
      break;
    case proto::SPACE_COLON_SPACE:
      out += " : ";
      break;
    case proto::COLON_TAB:
      out += ":\t";
      break;
    case proto::TAB_COLON:
      out += "\t:";
      break;
    case proto::NO_COLON:
      out += ' ';
      break;
    case proto::COLON_COLON:
      out += "::";
      break;
    case proto::CUSTOM_SEPARATOR:
      out += h.custom_separator();
      break;
  }
  out += h.value();
  out += h.after_value();
  for (const std::string& fold : h.folded()) {
    AppendEnding(out, h.ending(), h.custom_ending());
    out += ' ';
    out += fold;
  }
  AppendEnding(out, h.ending(), h.custom_ending());
}

// `piece` `count` times: appended in doubling runs, not piece by piece (mutated inputs often ask
// for the 65536 repeats of an unbounded chunk extension, and a loop of appends cost more than
// parsing the result).
void AppendRepeated(std::string& out, const std::string& piece, uint32_t count) {
  if (piece.empty() || count == 0) return;
  const size_t start = out.size(), total = piece.size() * count;
  out.reserve(start + total);
  out += piece;
  while (out.size() - start < total) {
    const size_t have = out.size() - start;
    out.append(out, start, std::min(have, total - have));
  }
}

// How many times an extension's value (or raw) is written: `repeat` (1 when unset), but no more
// than the stream's budget of repeated octets leaves room for (kRepeatBudget, shared by all its
// extensions), and once at least. The mutator sets repeat to any number: with 65536 repeats
// allowed per extension a 4 KiB input converted to 25 KB on average and up to 1 MB, which made
// most of an exec's time. llhttp reads every octet of an extension alike; the budget is just
// over Node's 16 KiB limit on chunk extensions, so a stream can still go past it (the
// unbounded-extension CVE needs 17000).
constexpr size_t kRepeatBudget = 20 << 10;

uint32_t RepeatCount(const proto::ChunkExtension& e, const std::string& piece,
                     size_t& repeat_budget) {
  const size_t fit = piece.empty() ? 1 : repeat_budget / piece.size();
  const size_t count =
      std::max<size_t>(std::min<size_t>(std::max<uint32_t>(e.repeat(), 1), fit), 1);
  repeat_budget -= std::min(repeat_budget, count * piece.size());
  return static_cast<uint32_t>(count);
}

void AppendExtensions(std::string& out,
                      const google::protobuf::RepeatedPtrField<proto::ChunkExtension>& extensions,
                      size_t& repeat_budget) {
  for (const proto::ChunkExtension& e : extensions) {
    out += ';';
    if (e.has_raw()) {
      AppendRepeated(out, e.raw(), RepeatCount(e, e.raw(), repeat_budget));
      continue;
    }
    out += e.name();
    if (!e.has_value()) continue;
    out += '=';
    if (e.quoted()) out += '"';
    AppendRepeated(out, e.value(), RepeatCount(e, e.value(), repeat_budget));
    if (e.quoted()) out += '"';
  }
}

void AppendChunked(std::string& out, const proto::Chunked& c, size_t& repeat_budget) {
  for (const proto::Chunk& chunk : c.chunks()) {
    if (chunk.has_size_text()) {
      out += chunk.size_text();
    } else {
      char size[24];
      std::snprintf(
          size, sizeof size, chunk.uppercase() ? "%llX" : "%llx",
          static_cast<unsigned long long>(chunk.has_size() ? chunk.size() : chunk.data().size()));
      out += size;
    }
    out += chunk.after_size();
    AppendExtensions(out, chunk.extensions(), repeat_budget);
    AppendEnding(out, chunk.size_ending(), chunk.custom_size_ending());
    out += chunk.data();
    AppendEnding(out, chunk.data_ending(), chunk.custom_data_ending());
  }
  if (!c.omit_last_chunk()) {
    out += c.has_last_chunk_size() ? c.last_chunk_size() : "0";
    AppendExtensions(out, c.last_extensions(), repeat_budget);
    AppendEnding(out, c.last_ending(), "");
  }
  for (const proto::Header& h : c.trailers()) AppendHeader(out, h);
  if (!c.omit_trailer_end()) AppendEnding(out, c.trailer_end(), "");
}

// Appends one message to `out`, which the stream's earlier messages fill before it. Written in
// place, with no temporary strings: the converter runs on every input.
void AppendMessage(std::string& out, const proto::Message& m, bool response,
                   size_t& repeat_budget) {
  const size_t start = out.size();
  const std::string_view spacing =
      m.has_start_line_spacing() ? std::string_view(m.start_line_spacing()) : " ";
  const std::string_view version = VersionText(m);
  if (response) {
    char status[16];
    std::snprintf(status, sizeof status, "%03u", m.has_status() ? m.status() : 200u);
    out += version;
    out += spacing;
    out += status;
    const std::string_view reason = m.has_reason() ? std::string_view(m.reason()) : "OK";
    if (!reason.empty()) {
      out += spacing;
      out += reason;
    }
  } else {
    out += m.method() == proto::CUSTOM_METHOD ? std::string_view(m.custom_method())
                                              : MethodName(m.method());
    out += spacing;
    out += m.has_target() ? std::string_view(m.target()) : "/";
    if (!version.empty()) {
      out += spacing;
      out += version;
    }
  }
  AppendEnding(out, m.start_line_ending(), "");
  for (const proto::Header& h : m.headers()) AppendHeader(out, h);

  std::string chunked;
  if (m.body().has_chunked()) AppendChunked(chunked, m.body().chunked(), repeat_budget);
  const std::string_view body =
      m.body().has_chunked() ? std::string_view(chunked) : std::string_view(m.body().raw());
  if (m.body().content_length() == proto::EXACT) {
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  AppendEnding(out, m.header_end(), m.custom_header_end());
  out += body;

  // Junk last, at offsets in the message as written: each insertion shifts what follows it.
  for (const proto::Junk& j : m.junk()) {
    out.insert(start + std::min<size_t>(j.offset(), out.size() - start), j.bytes());
  }
}

}  // namespace

ConvertedStream ConvertStream(const proto::Stream& stream) {
  ConvertedStream c;
  c.responses = stream.responses();
  size_t repeat_budget = kRepeatBudget;
  for (int i = 0; i < stream.messages_size(); ++i) {
    const proto::Message& m = stream.messages(i);
    AppendMessage(c.bytes, m, c.responses, repeat_budget);
    if (c.responses && i < 32 && m.answers_head()) c.head_response_mask |= 1u << i;
  }
  return c;
}

}  // namespace nodefuzz::http
