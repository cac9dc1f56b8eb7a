#include "mcustd/httpd/access_log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <string>

namespace {

using mcustd::httpd::AccessLog;

// A pipe whose read end never blocks: what the log wrote so far, and nothing more.
class Pipe {
  public:
    Pipe() {
        EXPECT_EQ(::pipe(fds_), 0);
        ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    }
    ~Pipe() {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    int write_fd() const { return fds_[1]; }
    std::string drain() {
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) {
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

  private:
    int fds_[2] = {-1, -1};
};

TEST(AccessLog, WritesCommonLogFormat) {
    Pipe p;
    AccessLog log(p.write_fd());
    log.log("127.0.0.1", "GET", "/hello.html?x=1", "HTTP/1.1", 200, 214);
    log.log("::1", {}, {}, {}, 400, 0);
    log.flush();
    std::string out = p.drain();
    // "127.0.0.1 - - [25/Nov/2026:02:50:41 +0000] "GET ..." 200 214\n" then the second line.
    auto first_end = out.find('\n');
    ASSERT_NE(first_end, std::string::npos) << out;
    std::string first = out.substr(0, first_end);
    std::string second = out.substr(first_end + 1);
    ASSERT_EQ(first.substr(0, 15), "127.0.0.1 - - [") << first;
    std::string stamp = first.substr(15, 26);  // dd/Mon/yyyy:hh:mm:ss +0000
    for (std::size_t i : {0u, 1u, 7u, 8u, 9u, 10u, 12u, 13u, 15u, 16u, 18u, 19u}) {
        EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(stamp[i]))) << stamp;
    }
    EXPECT_EQ(stamp.substr(2, 1) + stamp.substr(6, 1) + stamp.substr(11, 1), "//:") << stamp;
    EXPECT_EQ(stamp.substr(20), " +0000") << stamp;
    EXPECT_EQ(first.substr(41), "] \"GET /hello.html?x=1 HTTP/1.1\" 200 214");
    EXPECT_EQ(second.substr(0, 9), "::1 - - [") << second;
    EXPECT_EQ(second.substr(second.size() - 10), "\"-\" 400 0\n") << second;
}

// A '"' in the URL must not end the quoted request field (forging status and size for log
// parsers); backslashes and non-printable bytes are escaped the same way, as nginx writes them.
TEST(AccessLog, EscapesRequestBytesThatCouldForgeFields) {
    Pipe p;
    AccessLog log(p.write_fd());
    log.log("127.0.0.1", "GET", "/a\" 200 1 \"x\\y\x01\x7f\xff", "HTTP/1.1", 404, 5);
    log.flush();
    const std::string out = p.drain();
    const std::size_t at = out.find("] ");
    ASSERT_NE(at, std::string::npos) << out;
    EXPECT_EQ(out.substr(at + 2),
              "\"GET /a\\x22 200 1 \\x22x\\x5Cy\\x01\\x7F\\xFF HTTP/1.1\" 404 5\n");
}

TEST(AccessLog, BuffersUntilTheFlushInterval) {
    Pipe p;
    AccessLog log(p.write_fd(), 4096, std::chrono::milliseconds(500));
    auto now = AccessLog::Clock::now();
    log.log("10.0.0.1", "HEAD", "/", "HTTP/1.0", 304, 0);
    log.maybe_flush(now);  // the line is younger than the interval: stays buffered
    EXPECT_EQ(p.drain(), "");
    EXPECT_GT(log.until_flush(now), AccessLog::Clock::duration::zero());
    log.maybe_flush(now + std::chrono::seconds(1));
    EXPECT_NE(p.drain().find("\"HEAD / HTTP/1.0\" 304 0\n"), std::string::npos);
    EXPECT_EQ(log.until_flush(now), AccessLog::Clock::duration::max());
}

TEST(AccessLog, WritesWhenTheBufferFillsAndLosesNothing) {
    Pipe p;
    std::string all;
    {
        AccessLog log(p.write_fd(), 512, std::chrono::hours(1));
        for (int i = 0; i < 40; ++i) {
            log.log("127.0.0.1", "GET", "/page" + std::to_string(i), "HTTP/1.1", 200, 1024);
        }
        all = p.drain();
        EXPECT_GT(all.size(), 0u) << "a full buffer must be written without waiting";
    }  // the destructor flushes the rest
    all += p.drain();
    int lines = 0;
    for (char c : all) {
        lines += c == '\n';
    }
    EXPECT_EQ(lines, 40);
    EXPECT_NE(all.find("\"GET /page39 HTTP/1.1\" 200 1024\n"), std::string::npos);
}

}  // namespace
