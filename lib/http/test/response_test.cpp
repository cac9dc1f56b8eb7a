// HeadWriter and error_response: exact bytes.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "mcustd/http/date.hpp"
#include "mcustd/http/response.hpp"

namespace mcustd::http {
namespace {

std::string body_text(const Response& r) {
    return {reinterpret_cast<const char*>(r.body.memory.data()), r.body.memory.size()};
}

// The head without its Date line, which must be there (the host clock is set) and say now.
std::string without_date(std::string_view head) {
    const std::size_t at = head.find("\r\nDate: ");
    EXPECT_NE(at, std::string_view::npos) << head;
    if (at == std::string_view::npos) {
        return std::string(head);
    }
    const std::size_t end = head.find("\r\n", at + 2);
    const auto date = parse_http_date(head.substr(at + 8, end - at - 8));
    const auto now = wall_clock_now();
    EXPECT_TRUE(date && now) << head;
    if (date && now) {
        EXPECT_LE(*date, *now);
        EXPECT_GE(*date, *now - 2);
    }
    return std::string(head.substr(0, at)) + std::string(head.substr(end));
}

TEST(HeadWriter, ExactBytes) {
    std::array<char, 256> buf{};
    HeadWriter w(buf);
    w.status_line(200);
    w.field("Content-Type", "text/plain");
    EXPECT_EQ(without_date(w.finish(12, true, false)),
              "HTTP/1.1 200 OK\r\nServer: mcustd\r\nContent-Type: text/plain\r\n"
              "Content-Length: 12\r\n\r\n");
}

TEST(HeadWriter, EmptyValueWithNullData) {
    std::array<char, 256> buf{};
    HeadWriter w(buf);
    w.status_line(200);
    w.field("X-Empty", std::string_view());
    EXPECT_EQ(without_date(w.finish(0, true, false)),
              "HTTP/1.1 200 OK\r\nServer: mcustd\r\nX-Empty: \r\nContent-Length: 0\r\n\r\n");
}

TEST(HeadWriter, ConnectionFields) {
    std::array<char, 256> buf{};
    HeadWriter a(buf);
    a.status_line(404);
    EXPECT_EQ(without_date(a.finish(0, false, false)),
              "HTTP/1.1 404 Not Found\r\nServer: mcustd\r\nContent-Length: 0\r\n"
              "Connection: close\r\n\r\n");
    HeadWriter b(buf);
    b.status_line(200);
    EXPECT_EQ(without_date(b.finish(18446744073709551615ull, true, true)),
              "HTTP/1.1 200 OK\r\nServer: mcustd\r\nContent-Length: 18446744073709551615\r\n"
              "Connection: keep-alive\r\n\r\n");
}

TEST(HeadWriter, TooSmallBufferGivesEmptyHead) {
    std::array<char, 20> buf{};
    HeadWriter w(buf);
    w.status_line(200);
    EXPECT_FALSE(w.ok());
    EXPECT_EQ(w.finish(1, true, false), "");
}

TEST(ErrorResponse, EveryStatusHasHtmlBodyAndLength) {
    for (int status : {400, 404, 405, 413, 414, 431, 500, 503, 505}) {
        std::array<char, kMinHeadBuffer> buf{};
        Response r = error_response(status, buf, false);
        EXPECT_EQ(r.status, status);
        EXPECT_FALSE(r.keep_alive);
        ASSERT_EQ(r.body.kind, Body::Kind::Memory);
        const std::string body = body_text(r);
        EXPECT_NE(body.find(std::to_string(status)), std::string::npos);
        EXPECT_NE(body.find(std::string(reason_phrase(status))), std::string::npos);
        const std::string head(r.head);
        EXPECT_EQ(head.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0), 0u) << head;
        EXPECT_NE(head.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
                  std::string::npos);
        EXPECT_NE(head.find("Content-Type: text/html"), std::string::npos);
        EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
        EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);
        EXPECT_EQ(head.find("Allow:") != std::string::npos, status == 405);
    }
}

TEST(ErrorResponse, HeadOnlyKeepsLengthDropsBody) {
    std::array<char, kMinHeadBuffer> buf{};
    Response r = error_response(405, buf, true, true);
    EXPECT_EQ(r.body.kind, Body::Kind::None);
    EXPECT_EQ(r.body.size(), 0u);
    EXPECT_TRUE(r.keep_alive);
    const std::string head(r.head);
    EXPECT_NE(head.find("Allow: GET, HEAD\r\n"), std::string::npos);
    EXPECT_EQ(head.find("Content-Length: 0"), std::string::npos);
    EXPECT_EQ(head.find("Connection:"), std::string::npos);
}

}  // namespace
}  // namespace mcustd::http
