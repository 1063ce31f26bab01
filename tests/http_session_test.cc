// The HTTP oracles' machinery: the trace, its comparison, the input layout, Node's limits.
#include "http_session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http_input.h"
#include "lenient_flags.h"
#include "oracle.h"

namespace nodefuzz::http {
namespace {

ParseOptions Request() {
  ParseOptions o;
  o.type = HTTP_REQUEST;
  return o;
}

std::vector<std::string> Describe(const Trace& t) {
  std::vector<std::string> out;
  for (const Event& e : t.events) {
    std::string s = EventName(e.kind);
    if (IsSpan(e.kind)) s += "=" + std::string(t.SpanBytes(e));
    if (e.kind == EventKind::kChunkHeader) s += "=" + std::to_string(e.length);
    out.push_back(s);
  }
  return out;
}

TEST(HttpSession, RecordsEveryEventOfAChunkedRequest) {
  const Trace t = Parse(
      "POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: v\r\n\r\n",
      Request());
  EXPECT_TRUE(t.Clean()) << llhttp_errno_name(static_cast<llhttp_errno_t>(t.error));
  std::vector<std::string> want = {"message_begin"};
#if LLHTTP_VERSION_MAJOR >= 8
  want.insert(want.end(), {"method=POST", "method_complete"});
#endif
  want.insert(want.end(), {"url=/up", "url_complete"});
#if LLHTTP_VERSION_MAJOR >= 8
  want.insert(want.end(), {"version=1.1", "version_complete"});
#endif
  want.insert(want.end(), {"header_field=Transfer-Encoding", "header_field_complete",
                           "header_value=chunked", "header_value_complete", "headers_complete"});
#if LLHTTP_VERSION_MAJOR >= 8
  want.insert(want.end(), {"chunk_extension_name=x", "chunk_extension_name_complete",
                           "chunk_extension_value=1", "chunk_extension_value_complete"});
#else
  want.insert(want.end(), {"chunk_extension_name=x=1"});
#endif
  want.insert(want.end(), {"chunk_header=3", "body=abc", "chunk_complete", "chunk_header=0",
                           "header_field=T", "header_field_complete", "header_value=v",
                           "header_value_complete", "chunk_complete", "message_complete"});
  EXPECT_EQ(Describe(t), want);
}

TEST(HttpSession, SplittingAtEveryOffsetGivesTheSameTrace) {
  const std::string stream =
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody"
      "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;e=f\r\nxy\r\n0\r\n\r\n";
  const Trace whole = Parse(stream, Request());
  ASSERT_TRUE(whole.Clean());
  for (size_t at = 1; at < stream.size(); ++at) {
    const size_t splits[] = {at};
    ParseOptions o = Request();
    o.split_points = splits;
    EXPECT_EQ(FirstDifference(whole, Parse(stream, o)), "") << "split at " << at;
  }
}

TEST(HttpSession, PausingAfterEachMessageGivesTheSameTrace) {
  const std::string stream = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
  ParseOptions paused = Request();
  paused.pause_after_message = true;
  EXPECT_EQ(FirstDifference(Parse(stream, Request()), Parse(stream, paused)), "");
}

TEST(HttpSession, FirstDifferenceNamesTheEventThatDiffers) {
  const Trace a = Parse("GET /a HTTP/1.1\r\n\r\n", Request());
  const Trace b = Parse("GET /b HTTP/1.1\r\n\r\n", Request());
  const std::string diff = FirstDifference(a, b);
  EXPECT_NE(diff.find("url \"/a\" vs url \"/b\""), std::string::npos) << diff;
}

TEST(HttpSession, FirstDifferenceComparesTheFinalError) {
  const Trace ok = Parse("GET / HTTP/1.1\r\n\r\n", Request());
  const Trace bad = Parse("GET / HTTP/1.1\r\n\r\nXYZ\x01", Request());
  EXPECT_FALSE(bad.Clean());
  EXPECT_TRUE(bad.error_in_execute);
  EXPECT_NE(FirstDifference(ok, bad), "");
}

TEST(HttpSession, DropUnfinishedSpanRemovesOnlyATrailingSpanBeforeAnExecuteError) {
  // Split inside "Hos", then an invalid header-name byte: the split parse has reported "Ho".
  const std::string stream = "GET / HTTP/1.1\r\nHos\x01t: h\r\n\r\n";
  const size_t splits[] = {18};
  ParseOptions o = Request();
  o.split_points = splits;
  Trace split = Parse(stream, o);
  Trace whole = Parse(stream, Request());
  ASSERT_EQ(split.error, HPE_INVALID_HEADER_TOKEN);
  EXPECT_NE(FirstDifference(whole, split), "");
  const size_t before = split.events.size();
  DropUnfinishedSpan(split);
  DropUnfinishedSpan(whole);
  EXPECT_EQ(split.events.size(), before - 1);
  EXPECT_EQ(FirstDifference(whole, split), "");
  // A clean trace keeps its spans.
  Trace clean = Parse("GET / HTTP/1.1\r\n\r\n", Request());
  const size_t n = clean.events.size();
  DropUnfinishedSpan(clean);
  EXPECT_EQ(clean.events.size(), n);
}

TEST(HttpSession, AppliesNodesHeaderSizeLimit) {
  const std::string under = "GET / HTTP/1.1\r\nX: " + std::string(16000, 'a') + "\r\n\r\n";
  EXPECT_TRUE(Parse(under, Request()).Clean());
  const std::string over = "GET / HTTP/1.1\r\nX: " + std::string(16384, 'a') + "\r\n\r\n";
  const Trace t = Parse(over, Request());
  EXPECT_EQ(t.error, HPE_USER);
  EXPECT_TRUE(t.hit_node_limit);
  EXPECT_STREQ(t.error_reason, "HPE_HEADER_OVERFLOW:Header overflow");
}

TEST(HttpSession, AppliesNodesChunkExtensionLimit) {
  const std::string over = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" +
                           std::string(16385, 'e') + "\r\nx\r\n0\r\n\r\n";
  const Trace t = Parse(over, Request());
  EXPECT_EQ(t.error, HPE_USER);
  EXPECT_STREQ(t.error_reason, "HPE_CHUNK_EXTENSIONS_OVERFLOW:Chunk extensions overflow");
}

TEST(HttpSession, HeadResponsesHaveNoBody) {
  const std::string stream =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
      "2\r\n\r\nhi";
  ParseOptions o;
  o.type = HTTP_RESPONSE;
  o.head_response_mask = 1;
  const Trace t = Parse(stream, o);
  EXPECT_TRUE(t.Clean());
  int bodies = 0;
  for (const Event& e : t.events) bodies += e.kind == EventKind::kBody;
  EXPECT_EQ(bodies, 1);
}

TEST(HttpSession, UpgradeHandsTheRestOfTheStreamOver) {
  const std::string stream = "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\nTLS bytes";
  const Trace t = Parse(stream, Request());
  ASSERT_FALSE(t.events.empty());
  EXPECT_EQ(t.events.back().kind, EventKind::kUpgrade);
  EXPECT_EQ(t.events.back().length, stream.find("TLS"));
  EXPECT_TRUE(t.Clean());
}

TEST(HttpInput, DecodesOptionsAndKeepsSplitsInsideTheStream) {
  const uint8_t data[] = {0xff, 0xff, 0x13, 3,   5,   0,   5,   0,  0xe8,
                          0x03, 'G',  'E',  'T', ' ', '/', ' ', 'H'};
  HttpInput in;
  DecodeHttpInput(data, sizeof data, HTTP_RESPONSE, in);
  EXPECT_EQ(in.options.lenient_flags, SupportedLenientFlags());
  EXPECT_TRUE(in.options.pause_after_message);
  EXPECT_TRUE(in.options.upgrade_listener);
  EXPECT_EQ(in.options.head_response_mask, 1);
  EXPECT_EQ(in.stream, "GET / H");
  // 5 twice is one split; 1000 % 8 == 0 is the stream's start, not a split.
  EXPECT_EQ(in.splits, std::vector<size_t>{5});
  EXPECT_EQ(in.options.split_points.size(), 1u);
}

TEST(HttpInput, ShortInputsMeanDefaults) {
  const uint8_t data[] = {0};
  HttpInput in;
  DecodeHttpInput(data, sizeof data, HTTP_REQUEST, in);
  EXPECT_EQ(in.options.lenient_flags, 0);
  EXPECT_TRUE(in.splits.empty());
  EXPECT_TRUE(in.stream.empty());
}

TEST(Oracle, PrintsTheStableLineAndAborts) {
  EXPECT_DEATH(ReportOracleViolation("test.oracle-id", "detail text"),
               "==NODEFUZZ-ORACLE== test\\.oracle-id: detail text");
}

TEST(Oracle, PrintableEscapesControlBytesAndCuts) {
  EXPECT_EQ(Printable("a\r\n\x01\"", 10), "a\\r\\n\\x01\\\"");
  EXPECT_EQ(Printable("abcdef", 3), "abc...(+3 bytes)");
}

}  // namespace
}  // namespace nodefuzz::http
