// A Site with one file, "/x", whose bytes are kOneFileBody in static storage: the engine tests'
// site, so they exercise lib/httpd and not a file system.
#pragma once

#include <span>
#include <string_view>

#include "mcustd/http/site.hpp"

namespace mcustd::httpd::test {

inline constexpr std::string_view kOneFileBody = "hello from memory\n";

class OneFileSite final : public http::Site {
  public:
    http::FileLookup lookup(std::string_view path, std::span<char>) const override {
        http::FileLookup out;
        if (path == "/x") {
            out.kind = http::FileLookup::Kind::File;
            out.body.kind = http::Body::Kind::Memory;
            out.body.memory = std::as_bytes(std::span(kOneFileBody.data(), kOneFileBody.size()));
            out.set_etag("\"x1\"");
        }
        return out;
    }
};

}  // namespace mcustd::httpd::test
