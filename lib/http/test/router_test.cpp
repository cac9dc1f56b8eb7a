// JsonWriter output and misuse, and Router: routes before the static site, methods, bodies.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "mcustd/http/json.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/router.hpp"

namespace mcustd::http {
namespace {

TEST(JsonWriter, WritesNestedValuesWithCommasAndEscapes) {
    std::array<char, 256> buf{};
    JsonWriter j(buf);
    j.begin_object()
        .key("name")
        .value("a\"b\\c\n\x01")
        .key("n")
        .value(-42)
        .key("big")
        .value(std::uint64_t{18446744073709551615ull})
        .key("list")
        .begin_array()
        .value(true)
        .value(false)
        .null()
        .begin_object()
        .end_object()
        .end_array()
        .key("utf8")
        .value("\xc3\xa9")
        .end_object();
    EXPECT_TRUE(j.complete());
    EXPECT_EQ(j.text(),
              "{\"name\":\"a\\\"b\\\\c\\u000a\\u0001\",\"n\":-42,\"big\":18446744073709551615,"
              "\"list\":[true,false,null,{}],\"utf8\":\"\xc3\xa9\"}");
}

// A default string_view has a null data(): writing it must not hand memcpy a null pointer
// (UBSan in the host-asan build saw one from a thread whose state could not be read).
TEST(JsonWriter, EmptyViewsWithNullData) {
    std::array<char, 64> buf{};
    JsonWriter j(buf);
    j.begin_object().key("s").value(std::string_view()).end_object();
    EXPECT_TRUE(j.complete());
    EXPECT_EQ(j.text(), "{\"s\":\"\"}");
}

TEST(JsonWriter, OverflowAndMisuseTurnNotOk) {
    std::array<char, 8> small{};
    JsonWriter a(small);
    a.begin_array().value("longer than eight").end_array();
    EXPECT_FALSE(a.ok());
    EXPECT_LE(a.text().size(), small.size());

    std::array<char, 64> buf{};
    JsonWriter no_key(buf);
    no_key.begin_object().value(1);  // a member without a key
    EXPECT_FALSE(no_key.ok());
    JsonWriter mismatched(buf);
    mismatched.begin_array().end_object();
    EXPECT_FALSE(mismatched.ok());
    JsonWriter open(buf);
    open.begin_object().key("a").value(1);
    EXPECT_TRUE(open.ok());
    EXPECT_FALSE(open.complete());  // still open
    JsonWriter two(buf);
    two.value(1).value(2);
    EXPECT_FALSE(two.ok());
    JsonWriter deep(buf);
    for (int i = 0; i < 33; ++i) {
        deep.begin_array();
    }
    EXPECT_FALSE(deep.ok());
}

// Answers everything with 299 so a test can tell it from a route.
class Fallback final : public Handler {
  public:
    Response handle(const Request& req, std::span<char> buffer) const override {
        Response r = error_response(404, buffer.first(512), req.keep_alive);
        r.status = 299;
        return r;
    }
    std::size_t buffer_size() const noexcept override { return 1024; }
};

struct Answer {
    int status = 0;
    std::string head;  // the whole contiguous response (head + body)
    std::string body;
};

Answer call(const Router& router, const std::string& raw) {
    RequestParser parser;
    ParseResult p = parser.parse(raw);
    EXPECT_EQ(p.status, ParseStatus::Complete) << raw;
    std::vector<char> buf(router.buffer_size());
    Response r = router.handle(p.request, buf);
    Answer a;
    a.status = r.status;
    a.head = std::string(r.head);
    const std::size_t end = a.head.find("\r\n\r\n");
    a.body = end == std::string::npos ? "" : a.head.substr(end + 4);
    EXPECT_EQ(r.body.kind, r.status == 299 || r.status >= 400 ? r.body.kind : Body::Kind::None);
    return a;
}

class RouterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.get("/api/status", [this](const Request&, Reply& reply) {
            ++calls_;
            reply.json().begin_object().key("calls").value(calls_).end_object();
        });
        router_.post("/api/echo", [](const Request& req, Reply& reply) {
            reply.set_status(201);
            reply.json().begin_object().key("got").value(req.body).end_object();
        });
        router_.get("/api/big", [](const Request&, Reply& reply) {
            reply.text(std::string(kMaxReplyBody + 1, 'x'));
        });
        router_.get("/api/text", [](const Request&, Reply& reply) { reply.text("plain"); });
    }
    Fallback fallback_;
    Router router_{fallback_};
    int calls_ = 0;
};

TEST_F(RouterTest, RoutesFirstTheRestFallsThrough) {
    Answer a = call(router_, "GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, "{\"calls\":1}");
    EXPECT_NE(a.head.find("Content-Type: application/json\r\n"), std::string::npos);
    EXPECT_NE(a.head.find("Content-Length: 11\r\n"), std::string::npos);
    EXPECT_NE(a.head.find("Cache-Control: no-store\r\n"), std::string::npos);
    EXPECT_EQ(call(router_, "GET /api/status?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").body,
              "{\"calls\":2}");
    EXPECT_EQ(call(router_, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").status, 299);
    EXPECT_EQ(call(router_, "GET /api/other HTTP/1.1\r\nHost: x\r\n\r\n").status, 299);
    Answer t = call(router_, "GET /api/text HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(t.body, "plain");
    EXPECT_NE(t.head.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
}

TEST_F(RouterTest, HeadGetsTheHeadOnly) {
    Answer a = call(router_, "HEAD /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, "");
    EXPECT_NE(a.head.find("Content-Length: 11\r\n"), std::string::npos);
}

TEST_F(RouterTest, MethodsAndBodies) {
    Answer e =
        call(router_, "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nhi \"x\"");
    EXPECT_EQ(e.status, 201);
    EXPECT_EQ(e.body, "{\"got\":\"hi \\\"x\\\"\"}");
    Answer wrong = call(router_, "DELETE /api/echo HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_NE(wrong.head.find("Allow: POST\r\n"), std::string::npos);
    EXPECT_EQ(wrong.head.find("Allow: GET, HEAD\r\n"), std::string::npos);
    EXPECT_EQ(call(router_, "POST /api/status HTTP/1.1\r\nHost: x\r\n\r\n").status, 405);
    EXPECT_EQ(call(router_, "BREW /api/status HTTP/1.1\r\nHost: x\r\n\r\n").status, 501);
    // A body too large to be delivered, or a chunked one: refused before the route runs.
    EXPECT_EQ(call(router_, "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                std::to_string(kMaxBufferedBody + 1) + "\r\n\r\n")
                  .status,
              413);
    EXPECT_EQ(
        call(router_, "POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            .status,
        411);
}

TEST_F(RouterTest, OverflowingReplyIs500) {
    EXPECT_EQ(call(router_, "GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n").status, 500);
    EXPECT_GE(router_.buffer_size(), 512 + kMaxReplyBody);
}

}  // namespace
}  // namespace mcustd::http
