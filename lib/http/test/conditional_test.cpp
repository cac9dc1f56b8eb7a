// Ranges, validators and redirects of the static handler (both sites), and HTTP dates.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <string>

#include "mcustd/http/date.hpp"
#include "served.hpp"

namespace mcustd::http {
namespace {

using test::get;
using test::Handler;
using test::kHello;
using test::Served;

const std::string kBlob(65536, 'b');  // blob.bin: a File body on the directory site

std::string date_text(std::int64_t t) {
    std::array<char, kHttpDateSize> buf{};
    format_http_date(t, buf);
    return {buf.data(), buf.size()};
}

TEST(HttpDate, FormatsKnownInstants) {
    EXPECT_EQ(date_text(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(date_text(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");   // RFC 9110's example
    EXPECT_EQ(date_text(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");   // 400-year leap day
    EXPECT_EQ(date_text(4107542399), "Sun, 28 Feb 2100 23:59:59 GMT");  // 2100: no leap day
    EXPECT_EQ(date_text(4107542400), "Mon, 01 Mar 2100 00:00:00 GMT");
    EXPECT_EQ(date_text(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(HttpDate, ParsesTheThreeFormsAndRoundTrips) {
    EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
    EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
    EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);
    for (std::int64_t t : {0LL, 951782400LL, 1700000000LL, 4107542399LL, 253402300799LL}) {
        EXPECT_EQ(parse_http_date(date_text(t)), t) << t;
    }
}

TEST(HttpDate, RefusesMalformedDates) {
    for (const char* bad : {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Nov 1994 08:49:37 GMT",
                            "Sun, 29 Feb 1900 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                            "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                            "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 19x4 08:49:37 GMT",
                            "1994-11-06T08:49:37Z", "Sun Nov  6 08:49:37 94"}) {
        EXPECT_FALSE(parse_http_date(bad)) << bad;
    }
}

TEST(HttpDate, UnsetClockSendsNoDate) {
    EXPECT_FALSE(valid_wall_clock(0));
    EXPECT_FALSE(valid_wall_clock(3600));  // an MCU's clock an hour after boot
    EXPECT_FALSE(valid_wall_clock(kWallClockFloor - 1));
    EXPECT_EQ(valid_wall_clock(kWallClockFloor), kWallClockFloor);
    EXPECT_TRUE(wall_clock_now());  // the host's clock is set
}

TEST_P(Handler, DirectoryWithoutSlashRedirects) {
    for (const auto& [target, location] :
         std::initializer_list<std::pair<std::string, std::string>>{
             {"/docs", "/docs/"},
             {"/docs?x=1&y", "/docs/?x=1&y"},
             {"//docs", "/docs/"},  // never a scheme-relative "//docs/"
             {"///docs", "/docs/"},
             {"/docs/deep", "/docs/deep/"},
             {"/d%6Fcs", "/d%6Fcs/"},
             {"http://h/docs?q", "/docs/?q"}}) {
        Served s = get(site(), target);
        EXPECT_EQ(s.status, 301) << target;
        EXPECT_EQ(s.fields["location"], location) << target;
        EXPECT_EQ(s.fields["content-length"], std::to_string(s.body.size()));
    }
    Served h = get(site(), "/docs", "", "HEAD");
    EXPECT_EQ(h.status, 301);
    EXPECT_TRUE(h.body.empty());
    EXPECT_EQ(get(site(), "/docs/").status, 200);
    // A directory name near the limit: the Location does not fit a small buffer → 414.
    EXPECT_EQ(
        test::serve(site(), "GET /docs?" + std::string(900, 'q') + " HTTP/1.1\r\nHost: t\r\n\r\n",
                    kMinHandlerBuffer)
            .status,
        414);
}

TEST_P(Handler, SingleRanges) {
    struct Case {
        const char* range;
        std::uint64_t first;
        std::uint64_t last;
    };
    for (const Case& c : {Case{"bytes=0-99", 0, 99}, Case{"bytes=100-", 100, 65535},
                          Case{"bytes=-10", 65526, 65535}, Case{"bytes=-100000", 0, 65535},
                          Case{"bytes=65535-99999999999999999999", 65535, 65535},
                          Case{"BYTES = 5-5", 5, 5}, Case{"bytes=0-9,10-19", 0, 19},
                          Case{"bytes=0-9,50-59", 0, 59}, Case{"bytes=0-99,10-19", 0, 99},
                          Case{"bytes=0-9,70000-", 0, 9}, Case{"bytes=,0-9,", 0, 9}}) {
        Served s = get(site(), "/blob.bin", std::string("Range: ") + c.range + "\r\n");
        ASSERT_EQ(s.status, 206) << c.range;
        const std::uint64_t n = c.last - c.first + 1;
        EXPECT_EQ(s.fields["content-range"],
                  "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/65536");
        EXPECT_EQ(s.fields["content-length"], std::to_string(n));
        EXPECT_EQ(s.body, kBlob.substr(c.first, n));
        EXPECT_EQ(s.body_size, n);
        EXPECT_FALSE(s.fields["etag"].empty());
    }
    // The body kind is kept: a File body stays one for sendfile, a span stays a span.
    Served s = get(site(), "/blob.bin", "Range: bytes=1000-1999\r\n");
    EXPECT_EQ(s.kind, GetParam() == "dir" ? Body::Kind::File : Body::Kind::Memory);
    Served small = get(site(), "/hello.html", "Range: bytes=1-3\r\n");
    EXPECT_EQ(small.status, 206);
    EXPECT_EQ(small.body, kHello.substr(1, 3));
    EXPECT_EQ(small.fields["content-type"], "text/html; charset=utf-8");
}

TEST_P(Handler, UnsatisfiableAndMalformedRangesAre416) {
    for (const char* r : {"bytes=65536-", "bytes=70000-80000", "bytes=-0", "bytes=5-2", "bytes=abc",
                          "bytes=", "bytes=1-2-3", "bytes=-", "bytes=x-5", "bytes=0-9,zz"}) {
        Served s = get(site(), "/blob.bin", std::string("Range: ") + r + "\r\n");
        EXPECT_EQ(s.status, 416) << r;
        EXPECT_EQ(s.fields["content-range"], "bytes */65536") << r;
        EXPECT_EQ(s.fields["content-length"], std::to_string(s.body.size()));
    }
}

TEST_P(Handler, IgnoredRangesGiveTheWholeFile) {
    std::string many = "bytes=";
    for (int i = 0; i < 17; ++i) {
        many += std::to_string(i * 10) + "-" + std::to_string(i * 10 + 1) + ",";
    }
    for (const std::string& extra :
         {std::string("Range: items=0-5\r\n"), std::string("Range: bytes=0-9,1000-1009\r\n"),
          "Range: " + many + "\r\n", std::string("Range: bytes=0-1\r\nRange: bytes=2-3\r\n")}) {
        Served s = get(site(), "/blob.bin", extra);
        EXPECT_EQ(s.status, 200) << extra;
        EXPECT_EQ(s.body_size, 65536u);
        EXPECT_EQ(s.fields["accept-ranges"], "bytes");
    }
    // HEAD and other methods: Range is defined for GET only (RFC 9110 14.2).
    Served h = get(site(), "/blob.bin", "Range: bytes=0-9\r\n", "HEAD");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.fields["content-length"], "65536");
}

TEST_P(Handler, IfRange) {
    const Served full = get(site(), "/blob.bin");
    const std::string etag = full.fields.at("etag");
    EXPECT_EQ(get(site(), "/blob.bin", "Range: bytes=0-9\r\nIf-Range: " + etag + "\r\n").status,
              206);
    for (const std::string& stale :
         {std::string("\"other\""), "W/" + etag, std::string("Sun, 06 Nov 1994 08:49:37 GMT"),
          std::string("garbage")}) {
        Served s = get(site(), "/blob.bin", "Range: bytes=0-9\r\nIf-Range: " + stale + "\r\n");
        EXPECT_EQ(s.status, 200) << stale;
        EXPECT_EQ(s.body_size, 65536u);
    }
    if (full.fields.count("last-modified") != 0) {
        EXPECT_EQ(get(site(), "/blob.bin",
                      "Range: bytes=0-9\r\nIf-Range: " + full.fields.at("last-modified") + "\r\n")
                      .status,
                  206);
    }
}

TEST_P(Handler, IfMatchAndIfUnmodifiedSince) {
    const Served full = get(site(), "/hello.html");
    const std::string etag = full.fields.at("etag");
    for (const std::string& ok : {etag, std::string("*"), "\"x\", " + etag}) {
        EXPECT_EQ(get(site(), "/hello.html", "If-Match: " + ok + "\r\n").status, 200) << ok;
    }
    EXPECT_EQ(get(site(), "/hello.html", "If-Match: \"x\"\r\nIf-Match: " + etag + "\r\n").status,
              200);
    for (const std::string& bad : {std::string("\"nomatch\""), "W/" + etag}) {
        Served s = get(site(), "/hello.html", "If-Match: " + bad + "\r\n");
        EXPECT_EQ(s.status, 412) << bad;
        EXPECT_NE(s.body.find("412"), std::string::npos);
    }
    // If-Match wins over If-Unmodified-Since; a missing file is 404, not 412.
    EXPECT_EQ(get(site(), "/hello.html",
                  "If-Match: " + etag + "\r\nIf-Unmodified-Since: " + date_text(0) + "\r\n")
                  .status,
              200);
    EXPECT_EQ(get(site(), "/missing", "If-Match: \"x\"\r\n").status, 404);
    const bool has_time = full.fields.count("last-modified") != 0;
    EXPECT_EQ(get(site(), "/hello.html", "If-Unmodified-Since: " + date_text(0) + "\r\n").status,
              has_time ? 412 : 200);
    EXPECT_EQ(
        get(site(), "/hello.html", "If-Unmodified-Since: " + date_text(4107542400) + "\r\n").status,
        200);
}

TEST_P(Handler, LastModifiedAndIfModifiedSince) {
    const Served full = get(site(), "/hello.html");
    if (GetParam() == "romfs") {
        EXPECT_EQ(full.fields.count("last-modified"), 0u);  // the image carries no time
        EXPECT_EQ(get(site(), "/hello.html", "If-Modified-Since: " + date_text(4107542400) + "\r\n")
                      .status,
                  200);
        return;
    }
    struct stat st {};
    ASSERT_EQ(::stat((dir_.path() / "hello.html").c_str(), &st), 0);
    const std::string lm = date_text(st.st_mtim.tv_sec);
    EXPECT_EQ(full.fields.at("last-modified"), lm);
    Served same = get(site(), "/hello.html", "If-Modified-Since: " + lm + "\r\n");
    EXPECT_EQ(same.status, 304);
    EXPECT_EQ(same.fields["last-modified"], lm);
    EXPECT_TRUE(same.body.empty());
    EXPECT_EQ(get(site(), "/hello.html",
                  "If-Modified-Since: " + date_text(st.st_mtim.tv_sec - 1) + "\r\n")
                  .status,
              200);
    EXPECT_EQ(get(site(), "/hello.html", "If-Modified-Since: not a date\r\n").status, 200);
    // If-None-Match present: If-Modified-Since is not looked at (RFC 9110 13.1.3).
    EXPECT_EQ(
        get(site(), "/hello.html", "If-None-Match: \"x\"\r\nIf-Modified-Since: " + lm + "\r\n")
            .status,
        200);
}

TEST(RomfsBuildTime, IsEveryFilesLastModified) {
    test::TempDir d;
    d.write("a.txt", "a");
    const std::vector<std::byte> image = test::make_romfs(d.path());
    auto site = RomfsSite::create(image, 1700000000);
    ASSERT_TRUE(site);
    Served s = get(**site, "/a.txt");
    EXPECT_EQ(s.fields["last-modified"], "Tue, 14 Nov 2023 22:13:20 GMT");
    EXPECT_EQ(get(**site, "/a.txt", "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT\r\n").status,
              304);
}

TEST_P(Handler, DateOnEveryResponse) {
    for (const char* target : {"/hello.html", "/missing", "/docs", "/%00"}) {
        Served s = get(site(), target);
        ASSERT_EQ(s.fields.count("date"), 1u) << target;
        const auto date = parse_http_date(s.fields["date"]);
        const auto now = wall_clock_now();
        ASSERT_TRUE(date && now);
        EXPECT_LE(*now - *date, 2);
    }
}

}  // namespace
}  // namespace mcustd::http
