// The framing model, the CVE-shape vectors through the framing oracle, the proto converter's bytes
// for every CVE shape, and the protobuf mutator.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "framing_check.h"
#include "framing_oracles.h"
#include "http_proto_convert.h"
#include "http_proto_input.h"
#include "llhttp_deviations.h"
#include "oracle.h"
#include "proto_mutator.h"

namespace nodefuzz::http {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
const std::string kCorpora = NODEFUZZ_CORPORA_DIR;

ModelResult Model(std::string_view stream, uint32_t tolerances = 0, bool response = false,
                  uint32_t head = 0) {
  ModelOptions o;
  o.response = response;
  o.head_response_mask = head;
  o.tolerances = tolerances;
  return FrameStream(stream, o);
}

// ---- The model on its own: boundaries, body lengths and rules, read off RFC 9112.

TEST(FramingModel, PipelinedRequestsEndWhereTheirFramingSays) {
  const ModelResult r = Model(
      "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "PUT / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3;a=\"b c\"\r\nxyz\r\n0\r\nT: "
      "1\r\n\r\n"
      "GET / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(r.stop, ModelStop::kEndOfStream) << r.rule;
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[0].end, 41u);
  EXPECT_EQ(r.messages[0].body, BodyKind::kLength);
  EXPECT_EQ(r.messages[1].body, BodyKind::kChunked);
  EXPECT_EQ(r.messages[1].length, 3u);
  EXPECT_EQ(r.messages[1].end, 41u + 51 + 28);
  EXPECT_TRUE(r.messages[2].complete);
}

TEST(FramingModel, RejectsWhatRfc9112Forbids) {
  const std::pair<const char*, const char*> cases[] = {
      {"GET / HTTP/1.1\r\nHost : h\r\n\r\n", "space-before-colon"},
      {"GET / HTTP/1.1\r\nA B: h\r\n\r\n", "whitespace-in-field-name"},
      {"GET / HTTP/1.1\r\n: h\r\n\r\n", "empty-field-name"},
      {"GET / HTTP/1.1\r\nHost: h\r\n\rX", "bare-cr.header-end"},
      {"GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n", "bare-lf.field-line"},
      {"GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", "obs-fold"},
      {"GET / HTTP/1.1\r\n A: b\r\n\r\n", "whitespace-before-first-field"},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
       "multiple-content-length"},
      {"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx", "invalid-content-length"},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
       "content-length-overflow"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
       "content-length-with-transfer-encoding"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
       "transfer-encoding-not-chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", "chunked-applied-twice"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\rXhello\r\n0\r\n\r\n",
       "bare-cr.chunk-size-line"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n",
       "chunk-data-end"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n",
       "chunk-extension.trailing-whitespace"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
       "chunk-size-overflow"},
      {"GET / HTTP/1.0\r\n\r\nGET / HTTP/1.1\r\n\r\n", "data-after-close.http10"},
      {"GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n",
       "data-after-close.connection-close"},
      {"POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: "
       "chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n",
       "data-after-close.http10-transfer-encoding"},
      {"GET / HTTP/3.0\r\n\r\n", "http-version.major"},
      {"GET /\r\n\r\n", "http-version.missing"},
      {"POST / HTTP/1.1\r\n Content-Length: 5\r\n\r\nhello", "whitespace-before-first-field"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: \t\r\nContent-Length: 1\r\n\r\nx",
       "transfer-encoding-empty"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: ,\r\n\r\n", "transfer-encoding-not-chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked@x\r\n\r\n0\r\n\r\n",
       "transfer-encoding-not-chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked;a=b\r\n\r\n0\r\n\r\n",
       "transfer-encoding-not-chunked"},
  };
  for (const auto& [stream, rule] : cases) {
    const ModelResult r = Model(stream);
    EXPECT_EQ(r.rule, rule) << Printable(stream);
    EXPECT_NE(r.stop, ModelStop::kEndOfStream) << Printable(stream);
  }
}

TEST(FramingModel, ResponsesFollowTheRequestMethodAndStatus) {
  const ModelResult r = Model(
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"  // answers HEAD: no body
      "HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n"
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nrest of the stream",
      0, true, 0b10);
  ASSERT_EQ(r.messages.size(), 4u);
  EXPECT_EQ(r.messages[1].body, BodyKind::kNone);
  EXPECT_EQ(r.messages[2].body, BodyKind::kNone);
  EXPECT_EQ(r.messages[3].body, BodyKind::kUntilClose);
  EXPECT_EQ(r.messages[3].length, 18u);
  EXPECT_TRUE(r.messages[3].closes);
  // An empty list (only a comma) is a coding list without chunked: read until close.
  const ModelResult listed = Model("HTTP/1.1 200 OK\r\nTransfer-Encoding: ,\r\n\r\nabc", 0, true);
  ASSERT_EQ(listed.messages.size(), 1u) << listed.rule;
  EXPECT_EQ(listed.messages[0].body, BodyKind::kUntilClose);
  EXPECT_EQ(Model("HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n", 0, true).rule,
            "transfer-encoding-empty");
  // llhttp's benign response deviations, each behind its tolerance.
  const char* leading = "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(Model(leading, 0, true).rule, "status-line.missing-status");
  EXPECT_EQ(Model(leading, kSkipCrLfBeforeResponse, true).messages.at(0).end, 40u);
  const char* reason = "HTTP/1.1 304 No\x19 Modified\r\n\r\n";
  EXPECT_EQ(Model(reason, 0, true).rule, "reason-phrase");
  EXPECT_EQ(Model(reason, kAnyOctetsInReasonPhrase, true).stop, ModelStop::kEndOfStream);
  const char* twice =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
      "chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(Model(twice, 0, true).rule, "chunked-applied-twice");
  EXPECT_EQ(Model(twice, kChunkedTwiceInResponse, true).messages.at(0).body, BodyKind::kChunked);
  const char* proxy =
      "GET / HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n";
  EXPECT_EQ(Model(proxy).rule, "data-after-close.http10");
  EXPECT_EQ(Model(proxy, kProxyConnectionAsConnection).messages.size(), 2u);
  // Empty list elements are ignored: "chunked," is chunked, and the message says it had them.
  const ModelResult comma =
      Model("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked,\r\n\r\n0\r\n\r\n", 0, true);
  ASSERT_EQ(comma.messages.size(), 1u) << comma.rule;
  EXPECT_EQ(comma.messages[0].body, BodyKind::kChunked);
  EXPECT_TRUE(comma.messages[0].empty_coding_elements);
  // status-code = 3DIGIT: a 0xx code is well-formed and framed like any final response.
  const ModelResult low =
      Model("HTTP/1.1 099 X\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n\r\n", 0, true);
  ASSERT_EQ(low.messages.size(), 2u) << low.rule;
  EXPECT_EQ(low.messages[0].end, 38u);
}

TEST(FramingModel, ProtocolSwitchEndsTheHttpStream) {
  EXPECT_EQ(Model("CONNECT h:443 HTTP/1.1\r\n\r\nbinary").stop, ModelStop::kProtocolSwitch);
  EXPECT_EQ(Model("GET / HTTP/1.1\r\nUpgrade: ws\r\nConnection: upgrade\r\n\r\nframes").stop,
            ModelStop::kProtocolSwitch);
  EXPECT_EQ(
      Model("HTTP/1.1 101 Switching\r\nUpgrade: ws\r\nConnection: upgrade\r\n\r\nframes", 0, true)
          .stop,
      ModelStop::kProtocolSwitch);
}

TEST(FramingModel, TolerancesOnlyWidenWhatIsAccepted) {
  EXPECT_EQ(Model("\nGET / HTTP/1.1\r\n\r\n").rule, "bare-lf.request-line");
  EXPECT_EQ(Model("\nGET / HTTP/1.1\r\n\r\n", kSkipBareLfBeforeRequest).stop,
            ModelStop::kEndOfStream);
  EXPECT_EQ(Model("GET  /  HTTP/1.1\r\n\r\n").rule, "request-target");
  EXPECT_EQ(Model("GET  /  HTTP/1.1\r\n\r\n", kExtraSpacesInRequestLine).stop,
            ModelStop::kEndOfStream);
  for (const char* target : {"/a\tb", "/a\fb",
                             "/a\x80"
                             "b"}) {
    const std::string stream = std::string("GET ") + target + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(Model(stream).rule, "request-target") << Printable(stream);
    EXPECT_EQ(Model(stream, kHighOctetsInTarget).stop, ModelStop::kEndOfStream)
        << Printable(stream);
  }
  // A status-line with "HTTP/0.9" is framed like HTTP/1.0: it closes the connection.
  EXPECT_EQ(Model("HTTP/0.9 200 OK\r\n\r\n", 0, true).rule, "http-version.major");
  const ModelResult http09 =
      Model("HTTP/0.9 200 OK\r\nContent-Length: 1\r\n\r\nx", kHttp09StatusLine, true);
  ASSERT_EQ(http09.messages.size(), 1u) << http09.rule;
  EXPECT_TRUE(http09.messages[0].closes);
  // Only the final coding frames the body; "g@zip" before chunked changes nothing.
  const char* odd_coding = "POST / HTTP/1.1\r\nTransfer-Encoding: g@zip, chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(Model(odd_coding).rule, "transfer-coding");
  EXPECT_EQ(Model(odd_coding, kUncheckedTransferCodings).messages.at(0).body, BodyKind::kChunked);
  // A malformed "chunked..." element is not chunked, so chunked is not applied twice here.
  const char* junk_chunked =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\xf9, chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(Model(junk_chunked, kUncheckedTransferCodings).messages.at(0).body, BodyKind::kChunked);
  // An upgrade request whose coding is not chunked ends the HTTP stream either way.
  const char* upgrade =
      "PUT / HTTP/1.1\r\nUpgrade: ws\r\nConnection: upgrade\r\nTransfer-Encoding: gzip\r\n\r\nxyz";
  EXPECT_EQ(Model(upgrade).rule, "transfer-encoding-not-chunked");
  EXPECT_EQ(Model(upgrade, kUpgradeBeforeTransferEncodingCheck).stop, ModelStop::kProtocolSwitch);
  EXPECT_EQ(Model("GET / HTTP/1.0\r\nConnection: keep-alive\r\n x\r\n\r\n", kLenientObsFold).rule,
            "obs-fold.connection-list");
  EXPECT_EQ(Model("GET / HTTP/1.0\r\nConnection: x,\r\n keep-alive\r\n\r\n", kLenientObsFold).stop,
            ModelStop::kEndOfStream);
  const ModelResult folded =
      Model("GET / HTTP/1.1\r\nX: a\r\nContent-Length: 1\r\n 2\r\n\r\n", kLenientObsFold);
  EXPECT_EQ(folded.rule, "invalid-content-length");  // "1 2" once unfolded
  // A "close" that follows a control octet in its Connection field gets its own reason (finding
  // 18); one anywhere else in the section keeps the plain one.
  const std::string hidden(
      "GET / HTTP/1.1\r\nConnection: a\x01"
      "b, close\r\n\r\nGET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(Model(hidden, kLenientFieldValueChars).rule,
            "data-after-close.connection-close-after-control-octet");
  const std::string plain(
      "GET / HTTP/1.1\r\nConnection: close\r\nConnection: a\x01"
      "b, close\r\n\r\nGET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(Model(plain, kLenientFieldValueChars).rule, "data-after-close.connection-close");
}

TEST(Deviations, EachHasAReasonAndAVersionRange) {
  for (const Deviation& d : LlhttpStrictDeviations()) {
    EXPECT_GT(std::string(d.why_benign).size(), 20u) << d.behaviour;
    EXPECT_LE(d.first_major, d.last_major) << d.behaviour;
  }
  EXPECT_TRUE(StrictTolerances(6) & kHighOctetsInTarget);
  EXPECT_FALSE(StrictTolerances(9) & kHighOctetsInTarget);
}

// ---- One vector per CVE shape of the HTTP issue, through the framing oracle: it must fire
// exactly where the llhttp in use accepts the shape.

struct CveShape {
  const char* file;
  bool accepted_by_v6;  // llhttp 6.1.1 (Node 18)
  bool accepted_by_v9;  // llhttp 9.x
};
const CveShape kCveShapes[] = {
    {"cve-space-before-colon", false, false},
    {"cve-bare-lf-header-line", false, false},
    {"cve-chunk-extension-bare-lf", false, false},
    {"cve-te-chunkedchunked", false, false},
    {"cve-te-chunked-deflate", false, false},
    {"cve-te-second-line", false, false},
    {"cve-te-folded", false, false},
    {"cve-empty-value-bare-lf", false, false},
    {"cve-empty-value-bare-cr", false, false},
    {"cve-space-before-header-name", false, false},
    {"cve-header-end-cr-x", true, false},  // CVE-2025-23167, docs/FINDINGS.md
    {"cve-unbounded-chunk-extension", false, false},
};

class CveVector : public testing::TestWithParam<CveShape> {};

TEST_P(CveVector, OracleFiresExactlyWhereLlhttpAcceptsTheShape) {
  const std::string stream = ReadFile(kCorpora + "/http_framing/" + GetParam().file);
  ASSERT_FALSE(stream.empty());
  FramingSetup setup;
  setup.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
  const Trace trace = ParseForFraming(stream, setup);
  const bool accepted = trace.error == HPE_OK;
  EXPECT_EQ(accepted,
            LLHTTP_VERSION_MAJOR >= 9 ? GetParam().accepted_by_v9 : GetParam().accepted_by_v6)
      << llhttp_errno_name(static_cast<llhttp_errno_t>(trace.error));
  const auto divergence = CompareFraming(ModelForFraming(stream, setup), trace);
  EXPECT_EQ(divergence.has_value(), accepted)
      << (divergence ? divergence->kind + ": " + divergence->detail : "");
}

INSTANTIATE_TEST_SUITE_P(Shapes, CveVector, testing::ValuesIn(kCveShapes), [](const auto& info) {
  std::string name = info.param.file;
  for (char& c : name) c = isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

// ---- http_framing_lenient parses again only with the flags that can change the parse: wherever
// it leaves one out, parsing with it stops where strict mode does. Over the lenient and framing
// seeds, the lenient findings and regressions, and every one-octet edit of their first 256 octets.

std::vector<std::string> LenientProbeStreams() {
  std::vector<std::string> streams;
  for (const std::string& dir : {kCorpora + "/http_framing_lenient", kCorpora + "/http_framing",
                                 std::string(NODEFUZZ_FINDINGS_DIR) + "/http_framing_lenient",
                                 std::string(NODEFUZZ_REGRESSIONS_DIR) + "/http_framing_lenient"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      streams.push_back(ReadFile(entry.path()));
  }
  const size_t seeds = streams.size();
  for (size_t k = 0; k < seeds; ++k) {
    const std::string seed = streams[k];
    for (size_t at = 0; at < std::min<size_t>(seed.size(), 256); ++at) {
      std::string deleted = seed;
      streams.push_back(deleted.erase(at, 1));
      for (const char c : {'\r', '\n', ' ', '\t', '\0', ':', 'x', '0'}) {
        std::string inserted = seed;
        streams.push_back(inserted.insert(at, 1, c));
      }
    }
  }
  return streams;
}

TEST(LenientFraming, FlagsLeftOutStopWhereStrictModeStops) {
  size_t rejected = 0, left_out = 0;
  for (const std::string& stream : LenientProbeStreams()) {
    FramingSetup strict;
    strict.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
    const Trace strict_trace = ParseForFraming(stream, strict);
    if (!strict_trace.error_in_execute) continue;
    ++rejected;
    for (const LenientFlag& flag : LenientFlags()) {
      if (HangsOnKnownBug(flag.flag, stream) || LenientFlagCanReopen(flag.flag, strict_trace))
        continue;
      ++left_out;
      FramingSetup lenient = strict;
      lenient.lenient_flags = flag.flag;
      const Trace trace = ParseForFraming(stream, lenient);
      EXPECT_TRUE(trace.error_in_execute && trace.frames.size() <= strict_trace.frames.size() &&
                  trace.error_offset == strict_trace.error_offset)
          << "lenient_" << flag.name << " was left out after strict mode's \""
          << strict_trace.error_reason << "\" at " << strict_trace.error_offset
          << ", but stops with \"" << trace.error_reason << "\" at " << trace.error_offset
          << " on \"" << Printable(stream, 300) << "\"";
    }
  }
  EXPECT_GT(rejected, 1000u);
  std::printf("%zu rejected streams, %zu lenient parses left out\n", rejected, left_out);
}

// The targets parse and model into results reused from the stream before: every result must be
// the one a fresh parse or model run gives, whatever the earlier stream left in it.
TEST(LenientFraming, ReusedResultsAreTheFreshOnes) {
  Trace reused_trace;
  ModelResult reused_model;
  size_t checked = 0, folded = 0;
  const std::vector<std::string> streams = LenientProbeStreams();
  for (size_t k = 0; k < streams.size(); k += 7) {  // a seventh of them keeps this quick
    const std::string& stream = streams[k];
    for (const LenientFlag& flag : LenientFlags()) {
      if (HangsOnKnownBug(flag.flag, stream)) continue;
      FramingSetup setup;
      setup.lenient_flags = flag.flag;
      setup.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR) | LenientTolerances(flag.flag);
      ParseForFraming(stream, setup, reused_trace);
      const Trace fresh_trace = ParseForFraming(stream, setup);
      ModelForFraming(stream, setup, reused_model);
      const ModelResult fresh_model = ModelForFraming(stream, setup);
      ++checked;
      folded += (setup.tolerances & kLenientObsFold) && stream.find("\r\n ") != std::string::npos;
      ASSERT_TRUE(reused_trace.frames == fresh_trace.frames && reused_trace.events.empty() &&
                  fresh_trace.events.empty() && reused_trace.error == fresh_trace.error &&
                  reused_trace.error_offset == fresh_trace.error_offset &&
                  std::string_view(reused_trace.error_reason) == fresh_trace.error_reason &&
                  reused_trace.error_in_execute == fresh_trace.error_in_execute &&
                  reused_trace.hit_node_limit == fresh_trace.hit_node_limit)
          << "lenient_" << flag.name << " on \"" << Printable(stream, 300) << "\"";
      ASSERT_TRUE(reused_model.messages == fresh_model.messages &&
                  reused_model.stop == fresh_model.stop && reused_model.rule == fresh_model.rule &&
                  reused_model.offset == fresh_model.offset &&
                  reused_model.rejected_in_body == fresh_model.rejected_in_body)
          << "model with lenient_" << flag.name << "'s tolerances on \"" << Printable(stream, 300)
          << "\": rule " << reused_model.rule << " vs " << fresh_model.rule;
    }
  }
  EXPECT_GT(checked, 10000u);
  EXPECT_GT(folded, 10u);  // the unfolded values, kept from stream to stream, were reused
}

bool SameFraming(const Trace& a, const Trace& b) {
  return a.frames == b.frames && a.error == b.error && a.error_offset == b.error_offset &&
         std::string_view(a.error_reason) == b.error_reason &&
         a.error_in_execute == b.error_in_execute && a.hit_node_limit == b.hit_node_limit;
}

// CheckLenientFraming pauses the strict parse after each line and carries every lenient parse on
// from its last pause: pausing must change nothing, and the carried-on parse must be the whole one.
TEST(LenientFraming, ParsesCarriedOnFromStrictModesLastPauseAreTheWholeParses) {
  size_t rejected = 0, resumed = 0, resumed_past_first_message = 0;
  for (const std::string& stream : LenientProbeStreams()) {
    FramingSetup strict;
    strict.tolerances = StrictTolerances(LLHTTP_VERSION_MAJOR);
    ResumePoint pause;
    Trace paused;
    ParseForFraming(stream, strict, paused, &pause);
    const Trace whole = ParseForFraming(stream, strict);
    ASSERT_TRUE(SameFraming(paused, whole))
        << "pausing after each line changed strict mode's parse of \"" << Printable(stream, 300)
        << "\": " << paused.error_reason << " at " << paused.error_offset << " vs "
        << whole.error_reason << " at " << whole.error_offset;
    if (!whole.error_in_execute || !LenientParseResumesFromStrictPause()) continue;
    ++rejected;
    for (const LenientFlag& flag : LenientFlags()) {
      if (HangsOnKnownBug(flag.flag, stream) || !LenientFlagCanReopen(flag.flag, whole)) continue;
      FramingSetup lenient = strict;
      lenient.lenient_flags = flag.flag;
      Trace carried_on;
      ResumeForFraming(stream, lenient, pause, paused, carried_on);
      const Trace from_start = ParseForFraming(stream, lenient);
      ASSERT_TRUE(SameFraming(carried_on, from_start))
          << "lenient_" << flag.name << " carried on from offset " << pause.offset << " of \""
          << Printable(stream, 300) << "\": " << carried_on.frames.size() << " messages, "
          << carried_on.error_reason << " at " << carried_on.error_offset << "; from the start "
          << from_start.frames.size() << " messages, " << from_start.error_reason << " at "
          << from_start.error_offset;
      resumed += pause.paused;
      resumed_past_first_message += pause.paused && pause.frames > 1;
    }
  }
  if (!LenientParseResumesFromStrictPause()) GTEST_SKIP() << "no lenient parse is carried on here";
  EXPECT_GT(rejected, 1000u);
  EXPECT_GT(resumed, 1000u);
  EXPECT_GT(resumed_past_first_message, 100u);
  std::printf("%zu rejected streams, %zu lenient parses carried on, %zu of them past message 1\n",
              rejected, resumed, resumed_past_first_message);
}

// ---- http.proto: every CVE shape is expressible; the fixture converts to the seed's exact bytes.

proto::Stream ParseTextProto(const std::string& path) {
  proto::Stream s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(ReadFile(path), &s)) << path;
  return s;
}

class ProtoFixture : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ProtoFixture, ConvertsToTheExactBytes) {
  const auto& [fixture, expected_file] = GetParam();
  const proto::Stream s =
      ParseTextProto(kCorpora + "/http_framing_proto/" + fixture + ".textproto");
  std::string expected = ReadFile(kCorpora + "/" + expected_file);
  ASSERT_FALSE(expected.empty()) << expected_file;
  if (std::string(expected_file).rfind("http_response/", 0) == 0)
    expected.erase(0, 4);  // option bytes
  const std::string bytes = ConvertStream(s).bytes;
  EXPECT_TRUE(bytes == expected) << Printable(bytes, 400) << "\n vs " << Printable(expected, 400);
}

INSTANTIATE_TEST_SUITE_P(
    CveShapes, ProtoFixture,
    testing::Values(
        std::pair{"cve-space-before-colon", "http_framing/cve-space-before-colon"},
        std::pair{"cve-bare-lf-header-line", "http_framing/cve-bare-lf-header-line"},
        std::pair{"cve-chunk-extension-bare-lf", "http_framing/cve-chunk-extension-bare-lf"},
        std::pair{"cve-te-chunkedchunked", "http_framing/cve-te-chunkedchunked"},
        std::pair{"cve-te-chunked-deflate", "http_framing/cve-te-chunked-deflate"},
        std::pair{"cve-te-second-line", "http_framing/cve-te-second-line"},
        std::pair{"cve-te-folded", "http_framing/cve-te-folded"},
        std::pair{"cve-empty-value-bare-lf", "http_framing/cve-empty-value-bare-lf"},
        std::pair{"cve-empty-value-bare-cr", "http_framing/cve-empty-value-bare-cr"},
        std::pair{"cve-space-before-header-name", "http_framing/cve-space-before-header-name"},
        std::pair{"cve-header-end-cr-x", "http_framing/cve-header-end-cr-x"},
        std::pair{"cve-unbounded-chunk-extension", "http_framing/cve-unbounded-chunk-extension"},
        std::pair{"cve-response-bare-lf-header-line", "http_response/cve-bare-lf-header-line"},
        std::pair{"cve-response-header-end-cr-x", "http_response/cve-header-end-cr-x"},
        std::pair{"cve-response-space-before-colon", "http_response/cve-space-before-colon"},
        std::pair{"cve-response-te-chunked-deflate", "http_response/cve-te-chunked-deflate"}),
    [](const auto& info) {
      std::string name = info.param.first;
      for (char& c : name) c = isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(ProtoConvert, HeadResponsesAndJunkOffsets) {
  proto::Stream s;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "responses: true messages { answers_head: true } messages { status: 204 reason: \"\" junk { "
      "offset: 0 bytes: \"J\" } }",
      &s));
  const ConvertedStream c = ConvertStream(s);
  EXPECT_EQ(c.head_response_mask, 1u);
  EXPECT_EQ(c.bytes, "HTTP/1.1 200 OK\r\n\r\nJHTTP/1.1 204\r\n\r\n");
}

TEST(ProtoConvert, RepeatedExtensionValues) {
  proto::Stream s;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "messages { body { chunked { chunks { data: \"x\" extensions { name: \"n\" value: \"ab\" "
      "quoted: true repeat: 5 } "
      "extensions { raw: \"xyz\" repeat: 3 } extensions { name: \"e\" value: \"\" repeat: 9 } } } "
      "} }",
      &s));
  EXPECT_EQ(ConvertStream(s).bytes,
            "GET / HTTP/1.1\r\n\r\n1;n=\"ababababab\";xyzxyzxyz;e=\r\nx\r\n0\r\n\r\n");
}

// A mutated repeat asks for any number: the stream's extensions share 20 KiB of repeats, just
// over Node's 16 KiB limit (the unbounded extension CVE needs 17000), each written once at least.
TEST(ProtoConvert, RepeatsShareABudgetOf20KiB) {
  const auto extensions = [](std::initializer_list<std::pair<std::string, uint32_t>> pieces) {
    proto::Stream s;
    proto::Chunk* chunk = s.add_messages()->mutable_body()->mutable_chunked()->add_chunks();
    for (const auto& [piece, repeat] : pieces) {
      proto::ChunkExtension* e = chunk->add_extensions();
      e->set_raw(piece);
      e->set_repeat(repeat);
    }
    const std::string bytes = ConvertStream(s).bytes;
    const size_t start = bytes.find(';');
    return bytes.substr(start, bytes.find("\r\n", start) - start);
  };
  const auto times = [](const std::string& piece, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += piece;
    return out;
  };
  EXPECT_EQ(extensions({{"a", 17000}}), ";" + std::string(17000, 'a'));
  EXPECT_EQ(extensions({{"a", 4000000000u}}), ";" + std::string(20480, 'a'));
  const std::string b(1000, 'b');
  EXPECT_EQ(extensions({{b, 65536}}), ";" + times(b, 20));  // 20,000 of 20,480 octets
  EXPECT_EQ(extensions({{"a", 17000}, {b, 10}, {"c", 9}}),  // 3,480 left for b, then 480 for c
            ";" + std::string(17000, 'a') + ";" + times(b, 3) + ";" + std::string(9, 'c'));
  EXPECT_EQ(extensions({{"a", 20480}, {"c", 9}}), ";" + std::string(20480, 'a') + ";c");
  EXPECT_EQ(extensions({{std::string(30000, 'd'), 3}, {"e", 2}}),
            ";" + std::string(30000, 'd') + ";e");  // each once at least
}

// ---- How inputs are read: text format (seeds, reproducers) or the binary wire format (fuzzing).

TEST(ProtoInput, TextInputsReadAsTextAndTheirWireFormatAsTheSameStream) {
  int files = 0;
  for (const std::string& dir : {kCorpora + "/http_framing_proto",
                                 std::string(NODEFUZZ_FINDINGS_DIR) + "/http_framing_proto"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string text = ReadFile(entry.path());
      proto::Stream from_text;
      StreamFormat format;
      ASSERT_TRUE(ReadStream(reinterpret_cast<const uint8_t*>(text.data()), text.size(), from_text,
                             &format))
          << entry.path();
      EXPECT_EQ(format, StreamFormat::kText) << entry.path();
      proto::Stream expected;
      ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &expected)) << entry.path();
      EXPECT_EQ(from_text.SerializeAsString(), expected.SerializeAsString()) << entry.path();

      const std::string wire = from_text.SerializeAsString();
      ArenaStream from_wire;
      ASSERT_TRUE(ReadStream(reinterpret_cast<const uint8_t*>(wire.data()), wire.size(),
                             from_wire.get(), &format));
      EXPECT_EQ(format, StreamFormat::kBinary) << entry.path();
      EXPECT_EQ(ConvertStream(from_wire.get()).bytes, ConvertStream(expected).bytes)
          << entry.path();
      proto::Stream back;
      ASSERT_TRUE(
          google::protobuf::TextFormat::ParseFromString(StreamAsText(from_wire.get()), &back));
      EXPECT_EQ(back.SerializeAsString(), wire) << entry.path();
      ++files;
    }
  }
  EXPECT_GT(files, 20);
}

TEST(ProtoInput, RejectsWhatIsNeitherFormat) {
  proto::Stream s;
  for (const std::string& bad : {std::string("messages { method: GETX }"),
                                 std::string("\x12\x05\x08"), std::string("\xff\xff")}) {
    EXPECT_FALSE(ReadStream(reinterpret_cast<const uint8_t*>(bad.data()), bad.size(), s))
        << Printable(bad);
  }
  // A Stream's wire format never looks like text: its first byte is the tag 0x08 or 0x12.
  proto::Stream one;
  one.add_messages()->set_target("/printable");
  const std::string wire = one.SerializeAsString();
  StreamFormat format;
  ASSERT_TRUE(ReadStream(reinterpret_cast<const uint8_t*>(wire.data()), wire.size(), s, &format));
  EXPECT_EQ(format, StreamFormat::kBinary);
  EXPECT_EQ(s.messages(0).target(), "/printable");
}

// ---- The protobuf mutator.

std::vector<std::string> Tokens() { return {"chunked", "\r\n", "0"}; }

TEST(ProtoMutator, SameSeedSameMutation) {
  proto::Stream a = ParseTextProto(kCorpora + "/http_framing_proto/pipelined-keepalive.textproto"),
                b = a;
  ProtoMutator m1(42, Tokens()), m2(42, Tokens());
  for (int i = 0; i < 50; ++i) {
    m1.Mutate(a);
    m2.Mutate(b);
  }
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
}

TEST(ProtoMutator, ReseedingIsANewMutator) {
  const proto::Stream seed =
      ParseTextProto(kCorpora + "/http_framing_proto/pipelined-keepalive.textproto");
  ProtoMutator reused(1, Tokens());
  for (uint32_t i = 0; i < 50; ++i) {
    proto::Stream a = seed, b = seed;
    reused.Reseed(i);
    ProtoMutator fresh(i, Tokens());
    for (int k = 0; k < 3; ++k) {
      reused.Mutate(a);
      fresh.Mutate(b);
    }
    EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString()) << "seed " << i;
  }
}

TEST(ProtoMutator, ReachesEveryKindOfFieldAndKeepsTheMessageValid) {
  const proto::Stream seed =
      ParseTextProto(kCorpora + "/http_framing_proto/pipelined-keepalive.textproto");
  std::set<std::string> changed;  // names of the fields seen to change
  ProtoMutator m(7, Tokens());
  size_t max_messages = 0;
  for (int i = 0; i < 3000; ++i) {
    proto::Stream s = seed;
    m.Mutate(s);
    ASSERT_TRUE(s.IsInitialized());
    std::string text;
    google::protobuf::TextFormat::PrintToString(s, &text);
    proto::Stream back;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &back));  // still a valid input
    if (s.SerializeAsString() == seed.SerializeAsString()) continue;
    max_messages = std::max<size_t>(max_messages, s.messages_size());
    if (s.responses() != seed.responses()) changed.insert("responses");
    for (int k = 0; k < std::min(s.messages_size(), seed.messages_size()); ++k) {
      const auto& a = s.messages(k);
      const auto& b = seed.messages(k);
      if (a.method() != b.method()) changed.insert("method");
      if (a.target() != b.target()) changed.insert("target");
      if (a.headers_size() != b.headers_size()) changed.insert("headers");
      if (a.body().SerializeAsString() != b.body().SerializeAsString()) changed.insert("body");
      if (a.status() != b.status()) changed.insert("status");
    }
  }
  for (const char* field : {"responses", "method", "target", "headers", "body", "status"}) {
    EXPECT_TRUE(changed.count(field)) << field << " never mutated";
  }
  EXPECT_GT(max_messages, static_cast<size_t>(seed.messages_size()));  // repeated fields grow
}

TEST(ProtoMutator, CrossOverTakesASubMessageFromTheOtherInput) {
  const proto::Stream donor =
      ParseTextProto(kCorpora + "/http_framing_proto/cve-te-folded.textproto");
  const proto::Stream base = ParseTextProto(kCorpora + "/http_framing_proto/get-simple.textproto");
  bool took_folded_header = false;
  for (uint32_t seed = 0; seed < 200 && !took_folded_header; ++seed) {
    proto::Stream into = base;
    ProtoMutator(seed, Tokens()).CrossOver(donor, into);
    for (const auto& msg : into.messages()) {
      for (const auto& h : msg.headers()) took_folded_header |= h.folded_size() > 0;
    }
  }
  EXPECT_TRUE(took_folded_header);
}

}  // namespace
}  // namespace nodefuzz::http
