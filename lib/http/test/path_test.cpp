// normalise_path: every traversal trick is refused; legal paths come out decoded and collapsed.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "mcustd/http/path.hpp"

namespace mcustd::http {
namespace {

struct PathCase {
    std::string raw;
    PathStatus status;
    std::string path;  // expected with Ok
    bool trailing_slash = false;
};

class NormalisePath : public ::testing::TestWithParam<PathCase> {};

TEST_P(NormalisePath, Table) {
    const PathCase& c = GetParam();
    std::array<char, 256> out{};
    NormalisedPath n = normalise_path(c.raw, out);
    EXPECT_EQ(n.status, c.status) << c.raw;
    if (c.status == PathStatus::Ok) {
        EXPECT_EQ(n.path, c.path) << c.raw;
        EXPECT_EQ(n.trailing_slash, c.trailing_slash) << c.raw;
    }
}

constexpr PathStatus kOk = PathStatus::Ok;
constexpr PathStatus kBad = PathStatus::BadRequest;

INSTANTIATE_TEST_SUITE_P(
    Legal, NormalisePath,
    ::testing::Values(
        PathCase{"/", kOk, "/", true}, PathCase{"/index.html", kOk, "/index.html"},
        PathCase{"/a/b/c.txt", kOk, "/a/b/c.txt"}, PathCase{"/docs/", kOk, "/docs/", true},
        PathCase{"//a///b//", kOk, "/a/b/", true}, PathCase{"/a%20b.txt", kOk, "/a b.txt"},
        PathCase{"/hello%2Ehtml", kOk, "/hello.html"}, PathCase{"/%7euser", kOk, "/~user"},
        PathCase{"/caf%C3%A9", kOk, "/caf\xc3\xa9"}, PathCase{"/...", kOk, "/..."},
        PathCase{"/..a", kOk, "/..a"}, PathCase{"/a..", kOk, "/a.."},
        PathCase{"/.hidden", kOk, "/.hidden"}, PathCase{"/a+b", kOk, "/a+b"}));

INSTANTIATE_TEST_SUITE_P(
    Traversal, NormalisePath,
    ::testing::Values(PathCase{"", kBad, ""}, PathCase{"a/b", kBad, ""}, PathCase{"/..", kBad, ""},
                      PathCase{"/../etc/passwd", kBad, ""},
                      PathCase{"/a/../../etc/passwd", kBad, ""}, PathCase{"/a/..", kBad, ""},
                      PathCase{"/a/../b", kBad, ""}, PathCase{"/.", kBad, ""},
                      PathCase{"/./a", kBad, ""}, PathCase{"/a/./", kBad, ""},
                      PathCase{"/%2e%2e/etc/passwd", kBad, ""}, PathCase{"/%2E%2E/x", kBad, ""},
                      PathCase{"/.%2e/x", kBad, ""}, PathCase{"/%2e./x", kBad, ""},
                      PathCase{"/a/%2e%2e", kBad, ""}, PathCase{"/%2e", kBad, ""},
                      PathCase{"/..%2fetc", kBad, ""}, PathCase{"/a%2f..%2f..%2fetc", kBad, ""},
                      PathCase{"/%2F", kBad, ""}, PathCase{"/..\\etc", kBad, ""},
                      PathCase{"/a\\b", kBad, ""}, PathCase{"/%5c..%5cetc", kBad, ""},
                      PathCase{"/a%00.html", kBad, ""}, PathCase{"/%00", kBad, ""},
                      PathCase{"/%0a", kBad, ""}, PathCase{"/%7f", kBad, ""},
                      PathCase{"/%", kBad, ""}, PathCase{"/%2", kBad, ""},
                      PathCase{"/%zz", kBad, ""}, PathCase{"/%%32%65%2e", kBad, ""},
                      PathCase{"/%252e%252e/x", kOk, "/%2e%2e/x"}));  // decoded once only

TEST(NormalisePath, TooLongForTheBuffer) {
    std::array<char, 8> out{};
    EXPECT_EQ(normalise_path("/1234567", out).status, PathStatus::Ok);
    EXPECT_EQ(normalise_path("/12345678", out).status, PathStatus::TooLong);
    EXPECT_EQ(normalise_path("/a/b/c/d/", out).status, PathStatus::TooLong);
}

}  // namespace
}  // namespace mcustd::http
