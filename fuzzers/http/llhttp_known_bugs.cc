#include "llhttp_known_bugs.h"

#include <llhttp.h>

namespace nodefuzz::http {

namespace {

struct KnownBug {
  const char* oracle_id;
  int fixed_in_major;  // first llhttp major without it
  int finding;         // docs/FINDINGS.md
};

constexpr KnownBug kKnownBugs[] = {
    {"http.framing.bare-cr.header-end", 9, 20},
    {"http.framing.bare-cr.trailer-end", 9, 20},
    {"http.framing.bare-cr.chunk-size-line", 9, 21},
    {"http.framing.chunk-data-end", 9, 22},
    {"http.framing.bare-cr.chunk-data-end", 9, 22},
    {"http.framing.empty-field-name", 9, 23},
    {"http.framing.whitespace-in-field-name", 9, 24},
    {"http.framing.space-before-colon", 9, 24},
    {"http.framing.bare-lf.header-end", 9, 25},
    {"http.framing.bare-lf.request-line", 9, 25},
    {"http.framing.whitespace-before-first-field", 9, 27},
    {"http.framing.whitespace-before-first-trailer-field", 9, 27},
    {"http.framing.content-length-carryover", 9, 1},  // and 3
    {"http.framing.bodiless-status-body", 9, 32},
    {"http.framing.bare-lf.status-line", 9, 25},
    {"http.framing.bare-lf.trailer-end", 9, 25},
    {"http.framing.bare-cr.status-line", 9, 29},
    {"http.framing.status-code", 9, 36},
    // Not fixed as of llhttp 9.2.1.
    {"http.lenient.chunked_length.transfer-encoding-not-chunked", 99, 26},
    {"http.lenient.headers.obs-fold.connection-list", 99, 31},
    {"http.framing.transfer-encoding-empty", 99, 28},
    {"http.framing.data-after-close.http10-transfer-encoding", 99, 30},
    {"http.framing.chunked-with-empty-list-element", 99, 33},
    {"http.lenient.transfer_encoding.chunked-with-empty-list-element", 99, 33},
    {"http.framing.chunked-with-tab-whitespace", 99, 34},
    {"http.lenient.transfer_encoding.chunked-with-tab-whitespace", 99, 34},
    {"http.lenient.headers.data-after-close.connection-close-after-control-octet", 99, 35},
};

}  // namespace

bool IsKnownLlhttpBug(std::string_view oracle_id) {
  for (const KnownBug& bug : kKnownBugs) {
    if (LLHTTP_VERSION_MAJOR < bug.fixed_in_major && oracle_id == bug.oracle_id) return true;
  }
  return false;
}

}  // namespace nodefuzz::http
