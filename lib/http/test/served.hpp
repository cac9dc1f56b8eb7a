// The static handler's test harness: a request through the parser and the handler, the
// response head parsed back into fields, and the sample site every handler suite serves (as a
// romfs image and as a directory: the Handler fixture is instantiated for both).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/romfs_site.hpp"
#include "test_site.hpp"

namespace mcustd::http::test {

struct Served {
    int status = 0;
    std::string head;
    std::map<std::string, std::string> fields;  // lower-case names
    std::string body;
    Body::Kind kind = Body::Kind::None;
    std::uint64_t body_size = 0;
    bool keep_alive = false;
};

inline std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// `buffer_size` 0: the handler's own buffer_size(), as the engines allocate it.
inline Served serve(const Site& site, const std::string& request_head,
                    std::size_t buffer_size = 0) {
    RequestParser parser;
    ParseResult p = parser.parse(request_head);
    EXPECT_EQ(p.status, ParseStatus::Complete) << request_head;
    const StaticHandler handler(site);
    std::vector<char> buf(buffer_size == 0 ? handler.buffer_size() : buffer_size);
    Response r = handler.handle(p.request, buf);
    Served s;
    s.status = r.status;
    s.head = std::string(r.head);
    s.kind = r.body.kind;
    s.body_size = r.body.size();
    s.body = read_body(r.body);
    s.keep_alive = r.keep_alive;
    // Parse the head back: status line, then "Name: value" lines, then the empty line.
    EXPECT_EQ(s.head.rfind("HTTP/1.1 " + std::to_string(r.status) + " ", 0), 0u) << s.head;
    EXPECT_EQ(s.head.find("\r\n\r\n"), s.head.size() - 4) << s.head;
    std::size_t pos = s.head.find("\r\n") + 2;
    while (pos < s.head.size() - 2) {
        const std::size_t end = s.head.find("\r\n", pos);
        const std::string line = s.head.substr(pos, end - pos);
        const std::size_t colon = line.find(": ");
        EXPECT_NE(colon, std::string::npos) << line;
        EXPECT_EQ(s.fields.count(lower(line.substr(0, colon))), 0u) << "duplicate " << line;
        s.fields[lower(line.substr(0, colon))] = line.substr(colon + 2);
        pos = end + 2;
    }
    return s;
}

inline Served get(const Site& site, const std::string& target, const std::string& extra = "",
                  const std::string& method = "GET", const std::string& version = "HTTP/1.1") {
    return serve(site, method + " " + target + " " + version + "\r\nHost: t\r\n" + extra + "\r\n");
}

inline const std::string kIndex = "<html>index</html>\n";
inline const std::string kHello = "<h1>hello</h1>\n";
inline const std::string kNotFound = "<html>custom 404</html>\n";

inline void populate(const TempDir& d) {
    d.write("index.html", kIndex);
    d.write("hello.html", kHello);
    d.write("404.html", kNotFound);
    d.write("style.css", "body{}");
    d.write("app.js", "1;");
    d.write("data.json", "{}");
    d.write("notes.txt", "text");
    d.write("img.png", "png");
    d.write("photo.JPG", "jpg");
    d.write("anim.gif", "gif");
    d.write("logo.svg", "<svg/>");
    d.write("favicon.ico", "ico");
    d.write("mod.wasm", "wasm");
    d.write("blob.bin", std::string(65536, 'b'));
    d.write("noext", "x");
    d.write("a b.txt", "spaced");
    d.write("docs/index.html", "<html>docs</html>");
    d.write("docs/deep/page.html", "deep");
    d.write("empty/.keep", "");
}

class Handler : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        populate(dir_);
        if (GetParam() == "romfs") {
            image_ = make_romfs(dir_.path());
            auto site = RomfsSite::create(image_);
            ASSERT_TRUE(site) << site.error().message();
            site_ = std::move(*site);
        } else {
            auto site = DirSite::create(dir_.path().string());
            ASSERT_TRUE(site) << site.error().message();
            site_ = std::move(*site);
        }
    }
    const Site& site() const { return *site_; }

    TempDir dir_;
    std::vector<std::byte> image_;
    std::unique_ptr<Site> site_;
};

}  // namespace mcustd::http::test
