#include "mcustd/httpd/access_log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <string>
#include <thread>

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

// Reads from the pipe until `want` appears or 5 s pass: the drainer writes on its own schedule.
std::string wait_for(Pipe& p, const std::string& want) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (out.find(want) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        out += p.drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling a pipe, bounded
    }
    return out;
}

TEST(AccessLog, TheDrainerWritesWithinTheFlushInterval) {
    Pipe p;
    AccessLog log(p.write_fd(), 4096, std::chrono::milliseconds(50));
    const auto start = std::chrono::steady_clock::now();
    log.log("10.0.0.1", "HEAD", "/", "HTTP/1.0", 304, 0);
    const std::string out = wait_for(p, "\"HEAD / HTTP/1.0\" 304 0\n");
    EXPECT_NE(out.find("\"HEAD / HTTP/1.0\" 304 0\n"), std::string::npos) << out;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// An output that takes nothing (a pipe nobody reads: a stalled UART, a stopped terminal) must
// not stall log(): lines that do not fit are dropped and counted, never waited for, and the
// count is reported once the output moves again.
TEST(AccessLog, AFullOutputDropsLinesInsteadOfBlocking) {
    Pipe p;
    ASSERT_EQ(::fcntl(p.write_fd(), F_SETPIPE_SZ, 4096), 4096);
    AccessLog log(p.write_fd(), 1024, std::chrono::milliseconds(1));
    // Fill the pipe so that the drainer's write() blocks.
    const std::string filler(4096, 'x');
    ASSERT_EQ(::write(p.write_fd(), filler.data(), filler.size()), 4096);
    const auto start = std::chrono::steady_clock::now();
    constexpr int kLines = 5000;
    for (int i = 0; i < kLines; ++i) {
        log.log("127.0.0.1", "GET", "/page" + std::to_string(i), "HTTP/1.1", 200, 1024);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2))
        << "log() waited for the output";
    const std::uint64_t dropped = log.dropped();
    EXPECT_GT(dropped, 0u);
    EXPECT_LT(dropped, static_cast<std::uint64_t>(kLines));
    // Unblock: the drainer writes the lines it kept and then the report of the others.
    std::string out = wait_for(p, " lines dropped\n");
    log.flush();
    out += p.drain();
    EXPECT_NE(out.find("access log: " + std::to_string(dropped) + " lines dropped\n"),
              std::string::npos)
        << out.substr(out.size() > 300 ? out.size() - 300 : 0);
    int lines = 0;
    for (char c : out.substr(filler.size())) {
        lines += c == '\n';
    }
    EXPECT_EQ(static_cast<std::uint64_t>(lines), kLines - dropped + 1);  // + the report
}

TEST(AccessLog, LosesNothingThatFitsAndTheDestructorWritesTheRest) {
    Pipe p;
    std::string all;
    {
        AccessLog log(p.write_fd(), 8192, std::chrono::hours(1));
        for (int i = 0; i < 40; ++i) {
            log.log("127.0.0.1", "GET", "/page" + std::to_string(i), "HTTP/1.1", 200, 1024);
        }
        EXPECT_EQ(log.dropped(), 0u);
    }  // the destructor writes the rest
    all += p.drain();
    int lines = 0;
    for (char c : all) {
        lines += c == '\n';
    }
    EXPECT_EQ(lines, 40);
    EXPECT_NE(all.find("\"GET /page39 HTTP/1.1\" 200 1024\n"), std::string::npos);
}

}  // namespace
