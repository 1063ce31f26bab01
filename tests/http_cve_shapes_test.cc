// One test per known llhttp CVE shape: the seed file corpora/<target>/cve-<shape>, parsed in
// strict mode (no lenient flags, one execute() call, Node's limits), must end as the llhttp in
// use is known to end it. A change in llhttp's answer fails here, so it is looked at.
//
// Where the expected answer is HPE_OK the shape is accepted: a known bug of that llhttp, written
// up in docs/FINDINGS.md.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "http_input.h"
#include "http_session.h"

namespace nodefuzz::http {
namespace {

struct Shape {
  const char* target;
  const char* file;
  llhttp_errno_t strict_v6;  // llhttp 6.x (Node 18)
  llhttp_errno_t strict_v9;  // llhttp 9.x (Node 20.12+, 22, main)
};

// The error strict mode must end with, per llhttp major version.
const Shape kShapes[] = {
    {"http_request", "cve-space-before-colon", HPE_INVALID_HEADER_TOKEN, HPE_INVALID_HEADER_TOKEN},
    {"http_request", "cve-bare-lf-header-line", HPE_INVALID_HEADER_TOKEN, HPE_CR_EXPECTED},
    {"http_request", "cve-chunk-extension-bare-lf", HPE_STRICT, HPE_CR_EXPECTED},
    {"http_request", "cve-te-chunkedchunked", HPE_INVALID_TRANSFER_ENCODING,
     HPE_INVALID_TRANSFER_ENCODING},
    {"http_request", "cve-te-chunked-deflate", HPE_INVALID_TRANSFER_ENCODING,
     HPE_INVALID_TRANSFER_ENCODING},
    {"http_request", "cve-te-second-line", HPE_INVALID_TRANSFER_ENCODING,
     HPE_INVALID_TRANSFER_ENCODING},
    {"http_request", "cve-te-folded", HPE_INVALID_HEADER_TOKEN, HPE_INVALID_HEADER_TOKEN},
    {"http_request", "cve-empty-value-bare-lf", HPE_INVALID_HEADER_TOKEN, HPE_INVALID_HEADER_TOKEN},
    {"http_request", "cve-empty-value-bare-cr", HPE_STRICT, HPE_STRICT},
    {"http_request", "cve-space-before-header-name", HPE_INVALID_HEADER_TOKEN,
     HPE_INVALID_HEADER_TOKEN},
    // Accepted by llhttp 6: CVE-2025-23167, see docs/FINDINGS.md.
    {"http_request", "cve-header-end-cr-x", HPE_OK, HPE_STRICT},
    {"http_request", "cve-unbounded-chunk-extension", HPE_USER, HPE_USER},
    {"http_response", "cve-space-before-colon", HPE_INVALID_HEADER_TOKEN, HPE_INVALID_HEADER_TOKEN},
    {"http_response", "cve-bare-lf-header-line", HPE_INVALID_HEADER_TOKEN, HPE_CR_EXPECTED},
    // Correct, not a bug: a response whose coding is not chunked is read until EOF (RFC 9112 6.3).
    {"http_response", "cve-te-chunked-deflate", HPE_OK, HPE_OK},
    {"http_response", "cve-header-end-cr-x", HPE_OK, HPE_STRICT},
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class CveShape : public testing::TestWithParam<Shape> {};

TEST_P(CveShape, StrictModeGivesTheKnownAnswer) {
  const Shape& shape = GetParam();
  const std::string path =
      std::string(NODEFUZZ_CORPORA_DIR) + "/" + shape.target + "/" + shape.file;
  const std::string bytes = ReadFile(path);
  ASSERT_FALSE(bytes.empty()) << "cannot read " << path;

  HttpInput input;
  const llhttp_type_t type =
      std::string(shape.target) == "http_request" ? HTTP_REQUEST : HTTP_RESPONSE;
  DecodeHttpInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), type, input);
  ParseOptions strict;
  strict.type = type;
  const Trace trace = Parse(input.stream, strict);

  const llhttp_errno_t want = LLHTTP_VERSION_MAJOR >= 9 ? shape.strict_v9 : shape.strict_v6;
  EXPECT_EQ(llhttp_errno_name(static_cast<llhttp_errno_t>(trace.error)),
            std::string(llhttp_errno_name(want)))
      << shape.file << " on llhttp " << LLHTTP_VERSION_MAJOR << "." << LLHTTP_VERSION_MINOR
      << ": reason \"" << trace.error_reason << "\" at offset " << trace.error_offset;
}

INSTANTIATE_TEST_SUITE_P(Seeds, CveShape, testing::ValuesIn(kShapes),
                         [](const testing::TestParamInfo<Shape>& info) {
                           std::string name =
                               std::string(info.param.target) + "_" + info.param.file;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace nodefuzz::http
