// url_idna: ada's UTS #46 implementation (ada::idna), what the host parser runs on every
// non-ASCII host. The whole input is the domain, made valid UTF-8 first (usv_string.h) as Node
// hands it to ada. It is also given to Node's `url.domainToASCII()` and `url.domainToUnicode()`
// as node_url.cc implements them: the hostname setter of an ada::url parsed from "ws://x" (so
// the host parser of a special URL, IPv4 and forbidden code points included), then ToUnicode of
// the hostname for domainToUnicode.
//
// Oracles, each a property UTS #46 processing guarantees for the options WHATWG URL uses
// (CheckHyphens, VerifyDnsLength and UseSTD3ASCIIRules off; CheckBidi, CheckJoiners on;
// nontransitional):
//   idna.ascii-output     a successful ToASCII result is ASCII with no upper-case letter: every
//                         label is mapped (which lower-cases) and non-ASCII labels are Punycode.
//   idna.idempotent       ToASCII of a ToASCII result is itself: its ASCII labels are already
//                         mapped and valid, its xn-- labels decode to labels that passed the
//                         validity criteria, so processing them again changes nothing.
//   idna.unicode-roundtrip ToASCII(ToUnicode(r)) = r for a ToASCII result r: ToUnicode only
//                         decodes the xn-- labels back to the valid labels they came from.
//                         Not when a decoded label itself begins with "xn--" ("xn--xn--a--gua"):
//                         UTS #46 before 15.1 accepts such a label, but ToASCII of its decoded
//                         form tries to decode it again and fails (IdnaTestV2 in Node 18).
//                         Nor when an xn-- label decodes to ASCII only ("xn--abc-"): UTS #46
//                         before 15.1 accepts it too, and its decoded form stays ASCII.
//   idna.ascii-only-input for ASCII input without an "xn--" label, ToASCII only lower-cases:
//                         with UseSTD3ASCIIRules off every ASCII code point is valid or mapped
//                         to its lower case, and no other step applies to ASCII labels.
//   idna.host-idempotent  the hostname domainToASCII returns is a serialized host: the host parser
//                         gives it back unchanged (WHATWG URL: serializing a parsed host and
//                         parsing it again is the identity).
// ada reports failure as an empty result, so an empty result for a non-empty input is a failure.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ada.h"
#include "exact_copy.h"
#include "fuzz_entry.h"
#include "known_ada_bugs.h"
#include "oracle.h"
#include "usv_string.h"

using nodefuzz::ExactCopy;
using nodefuzz::Printable;

namespace {

bool IsAsciiLowered(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Labels split at '.', the only separator in ASCII input and in ToUnicode output; "xn--" in any
// case. Compared in place: this runs on every input, a lower-cased copy per label cost an
// allocation each.
bool HasPunycodeLabel(std::string_view domain) {
  for (size_t start = 0; start <= domain.size();) {
    const size_t dot = std::min(domain.find('.', start), domain.size());
    if (dot - start >= 4 && (domain[start] | 0x20) == 'x' && (domain[start + 1] | 0x20) == 'n' &&
        domain[start + 2] == '-' && domain[start + 3] == '-')
      return true;
    start = dot + 1;
  }
  return false;
}

// Whether an xn-- label of a ToASCII result decodes to ASCII only.
bool DecodesToAsciiLabel(std::string_view ascii) {
  for (size_t start = 0; start <= ascii.size();) {
    const size_t dot = std::min(ascii.find('.', start), ascii.size());
    const std::string_view label = ascii.substr(start, dot - start);
    if (label.starts_with("xn--") && IsAscii(ada::idna::to_unicode(label))) return true;
    start = dot + 1;
  }
  return false;
}

// url.domainToASCII(domain) as node_url.cc computes it; nullopt where it returns "".
std::optional<std::string> NodeDomainToAscii(std::string_view domain) {
  auto url = ada::parse<ada::url>("ws://x");
  if (!url || !url->set_hostname(domain)) return std::nullopt;
  return url->get_hostname();
}

void CheckNodeDomainFunctions(std::string_view domain) {
  const std::optional<std::string> host = NodeDomainToAscii(domain);
  if (!host) return;
  const std::string unicode = ada::idna::to_unicode(*host);  // url.domainToUnicode's last step
  (void)unicode;
  const ExactCopy host_copy(*host);
  const std::optional<std::string> again = NodeDomainToAscii(host_copy.view());
  if (again != host && nodefuzz::url::HasKnownXnXnLabelBug(*host)) return;
  NODEFUZZ_ORACLE(again == host, "idna.host-idempotent",
                  "url.domainToASCII(\"" + Printable(domain) + "\") is \"" + Printable(*host) +
                      "\" but url.domainToASCII of that is " +
                      (again ? "\"" + Printable(*again) + "\"" : std::string("\"\" (refused)")));
}

void CheckIdnaFunctions(const ExactCopy& domain) {
  const std::string ascii = ada::idna::to_ascii(domain.view());
  const std::string unicode = ada::idna::to_unicode(domain.view());  // must not crash either

  if (IsAscii(domain.view()) && !HasPunycodeLabel(domain.view())) {
    NODEFUZZ_ORACLE(ascii == Lowered(domain.view()), "idna.ascii-only-input",
                    "ToASCII(\"" + Printable(domain.view()) + "\") is \"" + Printable(ascii) +
                        "\", expected it lower-cased");
  }
  if (ascii.empty()) return;

  NODEFUZZ_ORACLE(IsAsciiLowered(ascii), "idna.ascii-output",
                  "ToASCII(\"" + Printable(domain.view()) + "\") is \"" + Printable(ascii) +
                      "\", not lower-case ASCII");
  // ToASCII and ToUnicode are pure, so a call on a string already passed to them is not made
  // again: its result is known. Every check stays; on a grown corpus this spares the last ToASCII
  // for about half of the inputs ToASCII accepts.
  const bool input_is_result = ascii == domain.view();
  const ExactCopy ascii_copy(ascii);
  const std::string again = input_is_result ? ascii : ada::idna::to_ascii(ascii_copy.view());
  if (again != ascii && nodefuzz::url::HasKnownXnXnLabelBug(ascii)) return;
  NODEFUZZ_ORACLE(again == ascii, "idna.idempotent",
                  "ToASCII(\"" + Printable(domain.view()) + "\") is \"" + Printable(ascii) +
                      "\" but ToASCII of that is \"" + Printable(again) + "\"");
  const std::string decoded = input_is_result ? unicode : ada::idna::to_unicode(ascii_copy.view());
  if (HasPunycodeLabel(decoded) || DecodesToAsciiLabel(ascii)) return;
  if (nodefuzz::url::HasKnownPunycodeBug(ascii)) return;  // ada.punycode-leading-delimiter
  // ToASCII(decoded) is known when decoded is the input (it is ascii) or the result (it is again).
  std::string encoded;
  if (decoded == domain.view()) {
    encoded = ascii;
  } else if (decoded == ascii) {
    encoded = again;
  } else {
    const ExactCopy decoded_copy(decoded);
    encoded = ada::idna::to_ascii(decoded_copy.view());
  }
  NODEFUZZ_ORACLE(encoded == ascii, "idna.unicode-roundtrip",
                  "ToASCII(\"" + Printable(domain.view()) + "\") is \"" + Printable(ascii) +
                      "\", ToUnicode of that is \"" + Printable(decoded) +
                      "\", and ToASCII of that \"" + Printable(encoded) + "\"");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ExactCopy domain(
      nodefuzz::url::AsUsvString(std::string_view(reinterpret_cast<const char*>(data), size)));
  if (domain.view().empty()) return 0;
  CheckIdnaFunctions(domain);
  CheckNodeDomainFunctions(domain.view());
  return 0;
}
