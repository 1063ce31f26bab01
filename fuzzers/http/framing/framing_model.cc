#include "framing_model.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include "ascii.h"

namespace nodefuzz::http {

const char* BodyKindName(BodyKind kind) {
  switch (kind) {
    case BodyKind::kNone:
      return "none";
    case BodyKind::kLength:
      return "content-length";
    case BodyKind::kChunked:
      return "chunked";
    case BodyKind::kUntilClose:
      return "until-close";
  }
  return "?";
}

namespace {

// The octet classes the model tests on every byte of a header section, as tables: a compare chain
// per octet would be a call into libFuzzer's compare hooks each (the model is instrumented), which
// made these the model's largest cost.
struct OctetClasses {
  bool tchar[256] = {};       // RFC 9110 5.6.2: tchar
  bool visible[256] = {};     // VCHAR
  bool field_text[256] = {};  // RFC 9110 5.5: VCHAR, obs-text, SP and HTAB
};
constexpr OctetClasses kOctets = [] {
  OctetClasses t;
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    t.tchar[c] = alnum || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                              std::string_view::npos;
    t.visible[c] = c >= 0x21 && c <= 0x7e;
    t.field_text[c] = t.visible[c] || c >= 0x80 || c == ' ' || c == '\t';
  }
  return t;
}();
bool IsTchar(unsigned char c) { return kOctets.tchar[c]; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsWhitespace(unsigned char c) { return c == ' ' || c == '\t'; }  // OWS / BWS / RWS
bool IsVisible(unsigned char c) { return kOctets.visible[c]; }
bool IsFieldText(unsigned char c) { return kOctets.field_text[c]; }
std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && IsWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

// Calls f(element) for each non-empty element of a comma-separated list (RFC 9110 5.6.1: empty
// elements are ignored), with surrounding whitespace trimmed.
template <typename F>
void ForEachListElement(std::string_view list, F f) {
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view element = TrimWhitespace(list.substr(0, comma));
    if (!element.empty()) f(element);
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// How a line ended: the line is everything before the first CR or LF.
enum class LineEnd { kCrlf, kBareCr, kBareLf, kEndOfStream };

// The framing-relevant fields of one header section.
struct FramingFields {
  int content_length_lines = 0;
  std::string_view content_length;  // the value of the last Content-Length line
  bool transfer_encoding = false;
  bool transfer_encoding_blank = true;  // every Transfer-Encoding value was empty or whitespace
  bool empty_coding_elements = false;   // "chunked," or ", chunked": RFC 9110 5.6.1 ignores them
  bool tab_in_codings = false;          // HTAB is whitespace (OWS) like SP
  bool coding_syntax_error = false;
  bool last_coding_malformed = false;  // "chunked\xff" names no coding, chunked least of all
  bool connection_close = false, connection_keep_alive = false, connection_upgrade = false;
  // Every "close" option came after a control octet in its Connection field (only lenient_headers
  // admits one): llhttp stops reading options there, finding 18.
  bool close_only_after_control_octet = false;
  // The same for "upgrade" (llhttp then reads on as HTTP/1.1), and for "chunked" in a
  // Transfer-Encoding field (llhttp misses that coding).
  bool upgrade_only_after_control_octet = false;
  bool chunked_after_control_octet = false;
  // A "chunked" followed by whitespace with an HTAB in it: llhttp does not read that coding as
  // chunked (finding 17), so it misses it as the coding applied twice or not last too.
  bool chunked_before_tab = false;
  bool upgrade = false;
};

// What the model keeps from one run to the next: the targets frame a stream several times per
// input, and under ASan every container grown afresh is a costly allocation.
struct FramerStorage {
  std::vector<std::string_view> codings;  // the message's transfer codings, in order
  // Unfolded field values (kLenientObsFold), the message's views into them stay valid: each
  // string stays where it is, and keeps its capacity for the next message's.
  std::vector<std::unique_ptr<std::string>> folded;
  size_t folded_used = 0;

  void StartMessage() {
    codings.clear();
    folded_used = 0;
  }
  std::string& StartFolded(std::string_view first_line_value) {
    if (folded_used == folded.size()) folded.push_back(std::make_unique<std::string>());
    std::string& value = *folded[folded_used++];
    value.assign(first_line_value);
    return value;
  }
  std::string& LastFolded() { return *folded[folded_used - 1]; }
};

class Framer {
 public:
  Framer(std::string_view stream, const ModelOptions& options, ModelResult& result,
         FramerStorage& storage)
      : s_(stream), options_(options), result_(result), storage_(storage) {}

  void Run() {
    while (true) {
      if (!SkipEmptyLinesBeforeRequest()) return;
      if (pos_ == s_.size()) return;  // every message ended at a boundary
      if (!ParseMessage()) return;
      const ModelMessage& m = result_.messages.back();
      if (m.switches_protocol) {
        result_.stop = ModelStop::kProtocolSwitch;
        // Named only where llhttp is known to read on (finding 18).
        if (switch_reason_) result_.rule = switch_reason_;
        return;
      }
      if (m.closes && pos_ < s_.size()) {
        result_.stop = ModelStop::kClosed;
        result_.rule.assign("data-after-close.").append(close_reason_);
        result_.offset = pos_;
        return;
      }
    }
  }

 private:
  bool Has(uint32_t tolerance) const { return options_.tolerances & tolerance; }

  // The rule's name is `rule` followed by `suffix`.
  bool Reject(std::string_view rule, size_t at, std::string_view suffix = {}) {
    result_.stop = ModelStop::kRejected;
    result_.rule.assign(rule).append(suffix);
    result_.offset = at;
    result_.rejected_in_body = in_body_;
    return false;
  }
  // The stream ended inside a message: nothing is wrong with what was there.
  bool OutOfBytes() {
    result_.stop = ModelStop::kEndOfStream;
    return false;
  }

  // The content of the line starting at pos_, and how it ended. Does not move pos_.
  LineEnd PeekLine(std::string_view& content, size_t& next) const {
    // memchr, not a loop: a line is scanned once per model run, octet by octet otherwise.
    const char* begin = s_.data() + pos_;
    const size_t left = s_.size() - pos_;
    const void* cr = left ? std::memchr(begin, '\r', left) : nullptr;
    const size_t before_cr = cr ? static_cast<size_t>(static_cast<const char*>(cr) - begin) : left;
    const void* lf = before_cr ? std::memchr(begin, '\n', before_cr) : nullptr;
    const size_t i =
        pos_ + (lf ? static_cast<size_t>(static_cast<const char*>(lf) - begin) : before_cr);
    content = s_.substr(pos_, i - pos_);
    if (i == s_.size()) return LineEnd::kEndOfStream;
    if (s_[i] == '\n') {
      if (!Has(kLenientBareLfEndsLine)) return LineEnd::kBareLf;
      next = i + 1;
      return LineEnd::kCrlf;
    }
    if (i + 1 == s_.size()) return LineEnd::kEndOfStream;  // CR, and the LF may still come
    if (s_[i + 1] != '\n') {
      if (!Has(kLenientCrEndsLine)) return LineEnd::kBareCr;
      next = i + 1;
      return LineEnd::kCrlf;
    }
    next = i + 2;
    return LineEnd::kCrlf;
  }

  // Rejects a line that did not end in CRLF; `place` names the line in the rule.
  bool RejectLineEnd(LineEnd end, std::string_view content, const char* place) {
    const size_t at = static_cast<size_t>(content.data() - s_.data()) + content.size();
    if (end == LineEnd::kBareCr) return Reject("bare-cr.", at + 1, place);
    if (end == LineEnd::kBareLf) return Reject("bare-lf.", at, place);
    return OutOfBytes();
  }

  size_t OffsetOf(const char* p) const { return static_cast<size_t>(p - s_.data()); }

  // RFC 9112 2.2: a server SHOULD ignore at least one empty line (CRLF) before a request-line.
  bool SkipEmptyLinesBeforeRequest() {
    if (options_.response) {
      // RFC 9112 2.2 asks a server, not a client, to skip empty lines; llhttp skips them either
      // way.
      while (Has(kSkipCrLfBeforeResponse) && pos_ < s_.size() &&
             (s_[pos_] == '\r' || s_[pos_] == '\n')) {
        ++pos_;
      }
      return true;
    }
    while (pos_ < s_.size()) {
      if (Has(kSkipBareLfBeforeRequest) && (s_[pos_] == '\r' || s_[pos_] == '\n')) {
        ++pos_;
        continue;
      }
      if (s_[pos_] != '\r') return true;
      if (pos_ + 1 == s_.size()) return OutOfBytes();
      if (s_[pos_ + 1] != '\n') return Reject("bare-cr.before-request-line", pos_ + 1);
      pos_ += 2;
    }
    return true;
  }

  bool ParseMessage() {
    ModelMessage& m = result_.messages.emplace_back();
    m.begin = pos_;
    in_body_ = false;
    fields_ = FramingFields{};
    storage_.StartMessage();
    if (!(options_.response ? ParseStatusLine() : ParseRequestLine())) return false;
    if (!ParseFieldLines("field-line")) return false;
    m.headers_done = true;
    m.headers_end = pos_;
    if (!DecideBody(m)) return false;
    in_body_ = true;
    switch (m.body) {
      case BodyKind::kNone:
        break;
      case BodyKind::kLength:
        if (s_.size() - pos_ < m.length) return OutOfBytes();
        pos_ += m.length;
        break;
      case BodyKind::kUntilClose:
        m.length = s_.size() - pos_;
        pos_ = s_.size();
        break;
      case BodyKind::kChunked:
        if (!ParseChunkedBody(m)) return false;
        break;
    }
    m.complete = true;
    m.end = pos_;
    ++message_index_;
    return true;
  }

  // RFC 9112 3: method SP request-target SP HTTP-version CRLF.
  bool ParseRequestLine() {
    std::string_view line;
    size_t next = 0;
    const LineEnd end = PeekLine(line, next);
    size_t i = 0;
    while (i < line.size() && IsTchar(line[i])) ++i;
    if (i == 0 && !line.empty()) return Reject("method", OffsetOf(line.data()));
    method_ = line.substr(0, i);
    if (i < line.size() && line[i] != ' ') return Reject("method", OffsetOf(line.data() + i));
    if (i == line.size())
      return end == LineEnd::kCrlf
                 ? Reject("request-line.missing-target", OffsetOf(line.data() + i))
                 : RejectLineEnd(end, line, "request-line");
    ++i;  // the single SP
    if (Has(kExtraSpacesInRequestLine)) {
      while (i < line.size() && line[i] == ' ') ++i;
    }
    const size_t target_begin = i;
    while (i < line.size() &&
           (IsVisible(line[i]) ||
            (Has(kHighOctetsInTarget) && (static_cast<unsigned char>(line[i]) >= 0x80 ||
                                          line[i] == '\t' || line[i] == '\f')))) {
      ++i;
    }
    if (i == target_begin && i < line.size())
      return Reject("request-target", OffsetOf(line.data() + i));
    if (i < line.size() && line[i] != ' ')
      return Reject("request-target", OffsetOf(line.data() + i));
    if (i == line.size()) {
      // An HTTP/0.9 request-line may end in a bare LF, too.
      const bool ended =
          end == LineEnd::kCrlf || (end == LineEnd::kBareLf && Has(kHttp09RequestLine));
      if (!ended) return RejectLineEnd(end, line, "request-line");
      if (!Has(kHttp09RequestLine)) {
        return Reject(i == target_begin ? "request-target" : "http-version.missing",
                      OffsetOf(line.data() + i));
      }
      if (end == LineEnd::kBareLf) next = OffsetOf(line.data() + line.size()) + 1;
      http_major_ = 0;
      http_minor_ = 9;
      pos_ = next;
      return true;
    }
    ++i;
    if (Has(kExtraSpacesInRequestLine)) {
      while (i < line.size() && line[i] == ' ') ++i;
    }
    if (!ParseVersion(line.substr(i), end)) return false;
    if (end != LineEnd::kCrlf) return RejectLineEnd(end, line, "request-line");
    pos_ = next;
    return true;
  }

  // HTTP-version = "HTTP/" DIGIT "." DIGIT, the whole of `text`.
  bool ParseVersion(std::string_view text, LineEnd end) {
    constexpr std::string_view kName = "HTTP/";
    const size_t at = OffsetOf(text.data());
    const bool whole_line_seen = end != LineEnd::kEndOfStream;
    for (size_t k = 0; k < text.size() && k < kName.size(); ++k) {
      if (text[k] != kName[k]) return Reject("http-version", at + k);
    }
    if (text.size() < 8)
      return whole_line_seen ? Reject("http-version", at + text.size()) : OutOfBytes();
    if (!IsDigit(text[5]) || text[6] != '.' || !IsDigit(text[7]) || text.size() != 8) {
      return Reject("http-version", at + 5);
    }
    http_major_ = text[5] - '0';
    http_minor_ = text[7] - '0';
    const bool http2 = http_major_ == 2 && http_minor_ == 0 && Has(kHttp2Version);
    const bool http09 = http_major_ == 0 && http_minor_ == 9 &&
                        Has(options_.response ? kHttp09StatusLine : kHttp09RequestLine);
    if (http_major_ != 1 && !http2 && !http09 && !Has(kLenientVersion))
      return Reject("http-version.major", at + 5);
    return true;
  }

  // RFC 9112 4: HTTP-version SP status-code SP [ reason-phrase ] CRLF.
  bool ParseStatusLine() {
    std::string_view line;
    size_t next = 0;
    const LineEnd end = PeekLine(line, next);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      if (end == LineEnd::kEndOfStream) {
        // Check what has arrived of the version so far.
        constexpr std::string_view kName = "HTTP/";
        for (size_t k = 0; k < line.size() && k < kName.size(); ++k) {
          if (line[k] != kName[k]) return Reject("http-version", OffsetOf(line.data() + k));
        }
        return OutOfBytes();
      }
      return Reject("status-line.missing-status", OffsetOf(line.data() + line.size()));
    }
    if (!ParseVersion(line.substr(0, space), LineEnd::kCrlf)) return false;
    std::string_view rest = line.substr(space + 1);
    for (size_t k = 0; k < 3; ++k) {
      if (k == rest.size()) {
        return end == LineEnd::kCrlf ? Reject("status-code", OffsetOf(rest.data() + k))
                                     : RejectLineEnd(end, line, "status-line");
      }
      if (!IsDigit(rest[k])) return Reject("status-code", OffsetOf(rest.data() + k));
    }
    // status-code = 3DIGIT (RFC 9112 4): 000-099 are well-formed, if meaningless, and are framed
    // like any other final response.
    status_ = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(3);
    if (rest.empty()) {
      if (end == LineEnd::kCrlf && !Has(kStatusLineWithoutReason)) {
        return Reject("status-line.missing-space", OffsetOf(rest.data()));
      }
    } else {
      if (rest[0] != ' ') return Reject("status-code", OffsetOf(rest.data()));
      for (size_t k = 1; k < rest.size(); ++k) {
        const unsigned char c = rest[k];
        if (!IsWhitespace(c) && !IsVisible(c) && c < 0x80 && !Has(kAnyOctetsInReasonPhrase)) {
          return Reject("reason-phrase", OffsetOf(rest.data() + k));
        }
      }
    }
    if (end != LineEnd::kCrlf) return RejectLineEnd(end, line, "status-line");
    pos_ = next;
    return true;
  }

  // RFC 9112 5: *( field-line CRLF ) CRLF, for the header section and the trailer section.
  bool ParseFieldLines(const char* place) {
    const bool trailer = std::string_view(place) == "trailer";
    bool first = true;
    // The field being read: a folded line (with kLenientObsFold) still adds to its value.
    std::string_view pending_name, pending_value;  // views into the stream, or into storage_.folded
    bool folded = false;
    auto flush = [&] {
      // Trailer fields never frame a message (RFC 9110 6.5.1).
      if (!trailer && !pending_name.empty()) NoteFramingField(pending_name, pending_value);
      pending_name = {};
    };
    while (true) {
      std::string_view line;
      size_t next = 0;
      const LineEnd end = PeekLine(line, next);
      if (line.empty()) {
        if (end == LineEnd::kCrlf) {
          flush();
          pos_ = next;
          return true;
        }
        return RejectLineEnd(end, line, trailer ? "trailer-end" : "header-end");
      }
      if (IsWhitespace(line[0])) {
        // RFC 9112 2.2 (whitespace before the first field) and 5.2 (obs-fold): rejecting is
        // one of the two choices the RFC gives a server.
        if (first || !Has(kLenientObsFold)) {
          const char* rule = !first    ? "obs-fold"
                             : trailer ? "whitespace-before-first-trailer-field"
                                       : "whitespace-before-first-field";
          return Reject(rule, OffsetOf(line.data()));
        }
        if (!CheckFieldValue(line)) return false;
        if (end != LineEnd::kCrlf) return RejectLineEnd(end, line, place);
        // Unfolded, "Connection: keep-alive" + " x" is the one invalid option "keep-alive x";
        // llhttp reads a new option. Only a comma at the fold makes both readings the same.
        const std::string_view before = TrimWhitespace(pending_value), after = TrimWhitespace(line);
        if (EqualsIgnoreAsciiCase(pending_name, "connection") && !before.empty() &&
            !after.empty() && before.back() != ',' && after.front() != ',') {
          return Reject("obs-fold.connection-list", OffsetOf(line.data()));
        }
        // The unfolded value is new text: keep it where FramingFields' views stay valid.
        std::string& unfolded =
            folded ? storage_.LastFolded() : storage_.StartFolded(pending_value);
        folded = true;
        unfolded += ' ';
        unfolded += TrimWhitespace(line);
        pending_value = unfolded;
        pos_ = next;
        continue;
      }
      first = false;
      flush();
      const size_t colon = line.find(':');
      std::string_view name = line.substr(0, colon);
      if (Has(kLenientSpaceBeforeColon) && colon != std::string_view::npos)
        name = TrimWhitespace(name);
      for (size_t k = 0; k < name.size(); ++k) {
        if (IsWhitespace(name[k])) {
          // Whitespace right before the colon (RFC 9112 5.1: MUST reject) or inside the name.
          const bool before_colon =
              colon != std::string_view::npos && TrimWhitespace(name.substr(k)).empty();
          return Reject(before_colon ? "space-before-colon" : "whitespace-in-field-name",
                        OffsetOf(name.data() + k));
        }
        if (!IsTchar(name[k])) return Reject("field-name", OffsetOf(name.data() + k));
      }
      if (colon == std::string_view::npos) {
        return end == LineEnd::kEndOfStream
                   ? OutOfBytes()
                   : Reject("field-line.no-colon", OffsetOf(line.data() + line.size()));
      }
      if (name.empty()) return Reject("empty-field-name", OffsetOf(line.data()));
      const std::string_view raw_value = line.substr(colon + 1);
      if (!CheckFieldValue(raw_value)) return false;
      if (end != LineEnd::kCrlf) return RejectLineEnd(end, line, place);
      pending_name = name;
      pending_value = raw_value;
      folded = false;
      pos_ = next;
    }
  }

  // RFC 9110 5.5: field-value = *field-content: VCHAR, obs-text, SP and HTAB.
  bool CheckFieldValue(std::string_view value) {
    for (size_t k = 0; k < value.size(); ++k) {
      const unsigned char c = value[k];
      if (IsFieldText(c)) continue;
      // NUL (like CR and LF) must be rejected or replaced; other controls MAY be kept.
      if (Has(kLenientFieldValueChars) || (c != 0 && Has(kControlCharsInFieldValue))) continue;
      return Reject(c == 0 ? "nul-in-field-value" : "control-in-field-value",
                    OffsetOf(value.data() + k));
    }
    return true;
  }

  // Only lenient_headers and header_value_relaxed admit one in a field value.
  static bool HasControlOctet(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) {
      return (c < 0x20 && c != '\t') || c == 0x7f;
    });
  }

  // raw_value: as on the line, with its leading and trailing whitespace.
  void NoteFramingField(std::string_view name, std::string_view raw_value) {
    FramingFields& f = fields_;
    const std::string_view value = TrimWhitespace(raw_value);
    if (EqualsIgnoreAsciiCase(name, "content-length")) {
      ++f.content_length_lines;
      f.content_length = value;
    } else if (EqualsIgnoreAsciiCase(name, "transfer-encoding")) {
      f.transfer_encoding = true;
      if (!value.empty()) f.transfer_encoding_blank = false;
      if (raw_value.find('\t') != std::string_view::npos)
        f.tab_in_codings = true;  // trailing OWS too
      size_t elements = 0;
      bool control_octet_before = false;
      ForEachListElement(value, [&](std::string_view coding) {
        ++elements;
        if (control_octet_before && EqualsIgnoreAsciiCase(TrimWhitespace(coding), "chunked"))
          f.chunked_after_control_octet = true;
        if (EqualsIgnoreAsciiCase(coding, "chunked")) {
          const char* const end = raw_value.data() + raw_value.size();
          for (const char* c = coding.data() + coding.size(); c < end && IsWhitespace(*c); ++c)
            f.chunked_before_tab |= *c == '\t';
        }
        control_octet_before |= HasControlOctet(coding);
        // transfer-coding = token *( OWS ";" OWS transfer-parameter ): the name decides.
        size_t k = 0;
        while (k < coding.size() && IsTchar(coding[k])) ++k;
        const std::string_view rest = TrimWhitespace(coding.substr(k));
        const bool malformed = k == 0 || (!rest.empty() && rest[0] != ';');
        f.coding_syntax_error |= malformed;
        // RFC 9112 7: chunked defines no parameters and their presence SHOULD be an error, so
        // "chunked;a=b" does not frame a chunked body (nor does it for llhttp).
        f.last_coding_malformed =
            malformed || (!rest.empty() && EqualsIgnoreAsciiCase(coding.substr(0, k), "chunked"));
        // Such an element names no coding: kept whole, it never compares equal to "chunked".
        storage_.codings.push_back(f.last_coding_malformed ? coding : coding.substr(0, k));
      });
      // n commas separate n + 1 elements; ForEachListElement skips the empty ones.
      const size_t commas = static_cast<size_t>(std::count(value.begin(), value.end(), ','));
      if (commas > 0 && elements < commas + 1) f.empty_coding_elements = true;
    } else if (EqualsIgnoreAsciiCase(name, "connection") ||
               (Has(kProxyConnectionAsConnection) &&
                EqualsIgnoreAsciiCase(name, "proxy-connection"))) {
      bool control_octet_before = false;
      ForEachListElement(value, [&](std::string_view option) {
        if (EqualsIgnoreAsciiCase(option, "close")) {
          f.close_only_after_control_octet =
              control_octet_before && (f.close_only_after_control_octet || !f.connection_close);
          f.connection_close = true;
        }
        control_octet_before |= HasControlOctet(option);
        if (EqualsIgnoreAsciiCase(option, "keep-alive")) f.connection_keep_alive = true;
        if (EqualsIgnoreAsciiCase(option, "upgrade")) {
          f.upgrade_only_after_control_octet =
              control_octet_before &&
              (f.upgrade_only_after_control_octet || !f.connection_upgrade);
          f.connection_upgrade = true;
        }
      });
    } else if (EqualsIgnoreAsciiCase(name, "upgrade")) {
      // RFC 9110 7.8: Upgrade = #protocol. A field that names no protocol ("Upgrade:", "Upgrade:
      // ,") offers nothing to switch to, so the connection stays HTTP/1.1 (as llhttp reads it).
      ForEachListElement(value, [&](std::string_view) { f.upgrade = true; });
    }
  }

  // RFC 9112 6.3 (message body length) and 9.3 (persistence).
  bool DecideBody(ModelMessage& m) {
    const FramingFields& f = fields_;
    const size_t at = m.headers_end;
    uint64_t content_length = 0;
    if (f.content_length_lines > 0) {
      // RFC 9110 8.6: Content-Length = 1*DIGIT. A list or repeated lines are invalid; the RFC
      // lets a recipient repair identical values, the model rejects them.
      if (f.content_length_lines > 1 || f.content_length.find(',') != std::string_view::npos) {
        return Reject("multiple-content-length", at);
      }
      if (f.content_length.empty()) return Reject("invalid-content-length", at);
      for (char c : f.content_length) {
        if (!IsDigit(c)) return Reject("invalid-content-length", at);
        if (content_length > (std::numeric_limits<uint64_t>::max() - 9) / 10) {
          return Reject("content-length-overflow", at);
        }
        content_length = content_length * 10 + static_cast<uint64_t>(c - '0');
      }
    }
    bool chunked = false;
    if (f.transfer_encoding) {
      // A blank field is still present: RFC 9112 6.3 gives the message no reliable length (a
      // request must end in chunked). Its own rule, since no lenient flag documents it.
      if (f.transfer_encoding_blank) return Reject("transfer-encoding-empty", at);
      // RFC 9110 9.3.6: a CONNECT request has no content; the tunnel starts after the header
      // section whatever its framing fields say (llhttp reads no body), so the codings frame
      // nothing and a rule they break ("chunked" twice) smuggles nothing.
      if (!options_.response && method_ == "CONNECT") {
        m.switches_protocol = true;
        return true;
      }
      // Whether the final coding is chunked decides the framing; the syntax of the codings is
      // checked after it, so one framing decision keeps one rule name.
      const bool ends_chunked = !storage_.codings.empty() && !f.last_coding_malformed &&
                                EqualsIgnoreAsciiCase(storage_.codings.back(), "chunked");
      const bool switches = (f.upgrade && f.connection_upgrade) || method_ == "CONNECT";
      if (!ends_chunked && !options_.response && switches && f.content_length_lines == 0 &&
          Has(kUpgradeBeforeTransferEncodingCheck)) {
        m.switches_protocol = true;  // no body to read first: the new protocol starts here
        return true;
      }
      if (!ends_chunked && !options_.response && !Has(kLenientTransferEncoding)) {
        return Reject("transfer-encoding-not-chunked", at);
      }
      if (f.coding_syntax_error && !Has(kLenientTransferEncoding) &&
          !Has(kUncheckedTransferCodings)) {
        return Reject("transfer-coding", at);
      }
      for (size_t k = 0; k + 1 < storage_.codings.size() && !Has(kLenientTransferEncoding); ++k) {
        if (!EqualsIgnoreAsciiCase(storage_.codings[k], "chunked")) continue;
        // RFC 9112 6.1: chunked is applied at most once. A response may apply a coding after it
        // (it is then read until close); a request must end in chunked.
        // A chunked after a control octet is one llhttp does not see (finding 18).
        const std::string_view hidden =
            f.chunked_after_control_octet ? ".chunked-after-control-octet"
            : f.chunked_before_tab        ? ".chunked-with-tab-whitespace"
                                          : "";
        if (ends_chunked && !(options_.response && Has(kChunkedTwiceInResponse))) {
          return Reject("chunked-applied-twice", at, hidden);
        }
        if (!options_.response) return Reject("chunked-not-last", at, hidden);
      }
      chunked = ends_chunked;
      m.empty_coding_elements = f.empty_coding_elements;
      m.tab_in_codings = f.tab_in_codings;
      m.chunked_after_control_octet = f.chunked_after_control_octet;
      // RFC 9112 6.1: both is a smuggling attempt; a server MAY reject. The model does.
      if (f.content_length_lines > 0 && !Has(kLenientContentLengthWithChunked)) {
        return Reject("content-length-with-transfer-encoding", at);
      }
    }

    // HTTP/1.1 and later persist unless closed; HTTP/1.0 (and what kHttp2Version and lenient
    // versions admit: any minor 0) only with keep-alive.
    const bool http11 = http_major_ >= 1 && http_minor_ >= 1;
    m.closes = http11 ? f.connection_close : !f.connection_keep_alive;
    close_reason_ = !http11                            ? (http_major_ == 0 ? "http09" : "http10")
                    : f.close_only_after_control_octet ? "connection-close-after-control-octet"
                                                       : "connection-close";

    if (!options_.response) {
      if (method_ == "CONNECT") {
        m.switches_protocol = true;  // RFC 9110 9.3.6: the tunnel starts after the header section
        return true;
      }
      if (f.transfer_encoding) {
        // RFC 9112 6.3: a request whose final coding is not chunked has no reliable length.
        if (!chunked) {
          if (!Has(kLenientTransferEncoding)) return Reject("transfer-encoding-not-chunked", at);
          m.body = BodyKind::kUntilClose;
        } else {
          m.body = BodyKind::kChunked;
        }
      } else if (f.content_length_lines > 0) {
        m.body = BodyKind::kLength;
        m.length = content_length;
      }
    } else {
      const bool answers_head =
          message_index_ < 32 && (options_.head_response_mask >> message_index_ & 1);
      if (status_ == 101 &&
          (!Has(kInterim101WithoutUpgrade) || (f.upgrade && f.connection_upgrade))) {
        m.switches_protocol =
            true;  // RFC 9110 15.2.2: the new protocol starts after the header section
        return true;
      }
      m.bodiless_status = status_ / 100 == 1 || status_ == 204 || status_ == 304;
      if (answers_head || m.bodiless_status) {
        m.body = BodyKind::kNone;
      } else if (f.transfer_encoding) {
        m.body = chunked ? BodyKind::kChunked : BodyKind::kUntilClose;
      } else if (f.content_length_lines > 0) {
        m.body = BodyKind::kLength;
        m.length = content_length;
      } else {
        m.body = BodyKind::kUntilClose;
      }
    }
    if (m.body == BodyKind::kLength && m.length == 0) m.body = BodyKind::kNone;
    if (m.body == BodyKind::kUntilClose) {
      m.closes = true;
      close_reason_ = "read-until-close";
    }
    // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing; the recipient
    // MUST close the connection after processing it.
    if (f.transfer_encoding && !http11) {
      m.closes = true;
      close_reason_ = "http10-transfer-encoding";
    }
    if (Has(kLenientKeepAlive)) m.closes = false;
    // RFC 9110 7.8: a request to switch protocols; the server answers 101 and the new protocol
    // starts after this message (llhttp hands the rest of the stream over).
    if (!options_.response && f.upgrade && f.connection_upgrade) {
      m.switches_protocol = true;
      if (f.upgrade_only_after_control_octet)
        switch_reason_ = "connection-upgrade-after-control-octet";
    }
    return true;
  }

  // RFC 9112 7.1: *chunk last-chunk trailer-section CRLF.
  bool ParseChunkedBody(ModelMessage& m) {
    while (true) {
      std::string_view line;
      size_t next = 0;
      const LineEnd end = PeekLine(line, next);
      uint64_t size = 0;
      size_t k = 0;
      for (; k < line.size() && HexDigitValue(line[k]) >= 0; ++k) {
        if (size > std::numeric_limits<uint64_t>::max() >> 4)
          return Reject("chunk-size-overflow", OffsetOf(line.data() + k));
        size = size << 4 | static_cast<uint64_t>(HexDigitValue(line[k]));
      }
      if (k == 0) {
        if (line.empty() && end == LineEnd::kEndOfStream) return OutOfBytes();
        return line.empty() ? RejectLineEnd(end, line, "chunk-size-line")
                            : Reject("chunk-size", OffsetOf(line.data()));
      }
      if (Has(kLenientSpacesAfterChunkSize)) {
        while (k < line.size() && IsWhitespace(line[k])) ++k;
      }
      if (!CheckChunkExtensions(line.substr(k), end)) return false;
      if (end != LineEnd::kCrlf) return RejectLineEnd(end, line, "chunk-size-line");
      pos_ = next;
      if (size == 0) return ParseFieldLines("trailer");
      if (s_.size() - pos_ < size) {
        m.length += s_.size() - pos_;
        return OutOfBytes();
      }
      pos_ += size;
      m.length += size;
      if (pos_ == s_.size()) return OutOfBytes();
      if (s_[pos_] != '\r' && Has(kLenientNoCrlfAfterChunk)) continue;
      // lenient_optional_cr_before_lf documents an LF alone as the end of chunk data too.
      if (s_[pos_] == '\n' && Has(kLenientBareLfEndsLine)) {
        ++pos_;
        continue;
      }
      if (s_[pos_] != '\r') return Reject("chunk-data-end", pos_);
      if (pos_ + 1 == s_.size()) return OutOfBytes();
      // lenient_optional_crlf_after_chunk lets the CRLF after chunk data be missing, and so its
      // LF: llhttp reads a CR alone there and goes on to the next chunk-size line.
      if (s_[pos_ + 1] != '\n' && Has(kLenientNoCrlfAfterChunk)) {
        ++pos_;
        continue;
      }
      if (s_[pos_ + 1] != '\n') return Reject("bare-cr.chunk-data-end", pos_ + 1);
      pos_ += 2;
    }
  }

  // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), the value a token
  // or a quoted-string.
  bool CheckChunkExtensions(std::string_view ext, LineEnd end) {
    const bool whole = end != LineEnd::kEndOfStream;
    size_t k = 0;
    if (Has(kAnyOctetsInChunkExtensions)) {
      while (k < ext.size() && IsWhitespace(ext[k])) ++k;
      if (k < ext.size() && ext[k] == ';')
        return true;  // the line is already known to hold no CR or LF
      k = 0;
    }
    auto skip_bws = [&] {
      while (k < ext.size() && IsWhitespace(ext[k])) ++k;
    };
    auto fail = [&](const char* rule) {
      return whole || k < ext.size() ? Reject(rule, OffsetOf(ext.data() + k)) : OutOfBytes();
    };
    while (true) {
      skip_bws();
      if (k == ext.size()) {
        // BWS is only allowed before ";" and "=": trailing whitespace is an error once the line
        // ended.
        if (k == 0 || !IsWhitespace(ext[k - 1])) return true;
        return whole ? Reject("chunk-extension.trailing-whitespace", OffsetOf(ext.data() + k - 1))
                     : OutOfBytes();
      }
      if (ext[k] != ';')
        return Reject(k == 0 ? "chunk-size" : "chunk-extension", OffsetOf(ext.data() + k));
      ++k;
      skip_bws();
      const size_t name_begin = k;
      while (k < ext.size() && IsTchar(ext[k])) ++k;
      if (k == name_begin) {
        // A name left out before "=" or ";" (";;x", ";=v") is its own rule: llhttp 9 takes it.
        const bool left_out = k < ext.size() && (ext[k] == '=' || ext[k] == ';');
        const char* rule = left_out ? "chunk-extension.empty-name" : "chunk-extension";
        return fail(rule);
      }
      skip_bws();
      if (k == ext.size() || ext[k] != '=') continue;
      ++k;
      skip_bws();
      if (k < ext.size() && ext[k] == '"') {
        ++k;
        while (true) {
          if (k == ext.size()) return fail("chunk-extension.quoted-string");
          const unsigned char c = ext[k];
          if (c == '"') break;
          if (c == '\\') {
            ++k;
            if (k == ext.size()) return fail("chunk-extension.quoted-string");
            const unsigned char q = ext[k];
            if (!IsWhitespace(q) && !IsVisible(q) && q < 0x80)
              return Reject("chunk-extension.quoted-string", OffsetOf(ext.data() + k));
          } else if (!IsWhitespace(c) && !IsVisible(c) && c < 0x80) {
            return Reject("chunk-extension.quoted-string", OffsetOf(ext.data() + k));
          }
          ++k;
        }
        ++k;  // closing quote
      } else {
        const size_t value_begin = k;
        while (k < ext.size() && IsTchar(ext[k])) ++k;
        if (k == value_begin) {
          // The same for a value left out ("a=;b", "a=" at the line's end).
          const bool left_out = k == ext.size() || ext[k] == ';';
          const char* rule = left_out ? "chunk-extension.empty-value" : "chunk-extension";
          return fail(rule);
        }
        // A token running into a quoted-string ('a=b"c"'), which llhttp 9 reads as one value.
        if (k < ext.size() && ext[k] == '"') {
          const char* rule = "chunk-extension.token-then-quoted-string";
          return Reject(rule, OffsetOf(ext.data() + k));
        }
      }
    }
  }

  std::string_view s_;
  const ModelOptions& options_;
  ModelResult& result_;
  size_t pos_ = 0;
  bool in_body_ = false;
  unsigned message_index_ = 0;
  std::string_view method_;
  int http_major_ = 1, http_minor_ = 1, status_ = 0;
  FramingFields fields_;
  FramerStorage& storage_;
  const char* close_reason_ = "";
  const char* switch_reason_ = nullptr;
};

}  // namespace

void ModelResult::Reset() {
  std::vector<ModelMessage> kept_messages = std::move(messages);
  std::string kept_rule = std::move(rule);
  *this = ModelResult{};  // every other field, whatever fields are added later
  messages = std::move(kept_messages);
  messages.clear();
  rule = std::move(kept_rule);
  rule.clear();
}

void FrameStream(std::string_view stream, const ModelOptions& options, ModelResult& result) {
  thread_local FramerStorage storage;
  result.Reset();
  Framer(stream, options, result, storage).Run();
}

ModelResult FrameStream(std::string_view stream, const ModelOptions& options) {
  ModelResult result;
  FrameStream(stream, options, result);
  return result;
}

}  // namespace nodefuzz::http
