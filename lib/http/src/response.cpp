#include "mcustd/http/response.hpp"

#include "mcustd/http/date.hpp"

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>

namespace mcustd::http {

using namespace std::string_view_literals;

void FileHandle::reset(int fd) noexcept {
    if (fd_ >= 0) {
        ::close(fd_);  // nothing useful to do on failure: the descriptor is gone either way
    }
    fd_ = fd;
}

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200:
            return "OK"sv;
        case 202:
            return "Accepted"sv;
        case 206:
            return "Partial Content"sv;
        case 301:
            return "Moved Permanently"sv;
        case 304:
            return "Not Modified"sv;
        case 400:
            return "Bad Request"sv;
        case 403:
            return "Forbidden"sv;
        case 404:
            return "Not Found"sv;
        case 405:
            return "Method Not Allowed"sv;
        case 408:
            return "Request Timeout"sv;
        case 411:
            return "Length Required"sv;
        case 412:
            return "Precondition Failed"sv;
        case 413:
            return "Content Too Large"sv;
        case 414:
            return "URI Too Long"sv;
        case 416:
            return "Range Not Satisfiable"sv;
        case 429:
            return "Too Many Requests"sv;
        case 431:
            return "Request Header Fields Too Large"sv;
        case 500:
            return "Internal Server Error"sv;
        case 501:
            return "Not Implemented"sv;
        case 503:
            return "Service Unavailable"sv;
        case 505:
            return "HTTP Version Not Supported"sv;
        default:
            return "Unknown"sv;
    }
}

namespace {

// The status lines of the answers a static site gives most (200, 304), whole with the Server field:
// one copy instead of six (the head is written for every request; bench/mcu.sh's profile).
#define MCUSTD_STATUS_LINE(code, text) "HTTP/1.1 " #code " " text "\r\nServer: mcustd\r\n"
constexpr std::string_view kStatus200 = MCUSTD_STATUS_LINE(200, "OK");
constexpr std::string_view kStatus304 = MCUSTD_STATUS_LINE(304, "Not Modified");
#undef MCUSTD_STATUS_LINE
static_assert(kStatus200.find(kServerName) != std::string_view::npos);

}  // namespace

void HeadWriter::status_line(int status) noexcept {
    if (status == 200 || status == 304) {
        append(status == 200 ? kStatus200 : kStatus304);
    } else {
        const std::array<char, 4> code = {static_cast<char>('0' + status / 100 % 10),
                                          static_cast<char>('0' + status / 10 % 10),
                                          static_cast<char>('0' + status % 10), ' '};
        append("HTTP/1.1 "sv);
        append({code.data(), code.size()});
        append(reason_phrase(status));
        append("\r\nServer: "sv);
        append(kServerName);
        append("\r\n"sv);
    }
    // RFC 9110 6.6.1: an origin server with a clock must send Date; one never set (an MCU after
    // boot) is no clock.
    if (const auto now = wall_clock_now()) {
        std::array<char, kHttpDateSize> date;  // NOLINT(cppcoreguidelines-pro-type-member-init)
        format_http_date(*now, date);
        field("Date"sv, {date.data(), date.size()});
    }
}

void HeadWriter::field(std::string_view name, std::string_view value) noexcept {
    const std::size_t size = name.size() + value.size() + 4;
    if (!ok_ || size > buf_.size() - len_) {
        ok_ = false;
        return;
    }
    // Two copies and the separators as bytes: the four appends this was cost twice as much.
    char* p = buf_.data() + len_;
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = ':';
    *p++ = ' ';
    if (!value.empty()) {  // an empty view may have a null data(), which memcpy must not get
        std::memcpy(p, value.data(), value.size());
        p += value.size();
    }
    *p++ = '\r';
    *p = '\n';
    len_ += size;
}

std::string_view HeadWriter::finish(std::uint64_t content_length, bool keep_alive,
                                    bool say_keep_alive) noexcept {
    char digits[24];
    // 24 characters hold any uint64_t; 32-bit when it fits: a uint64_t costs the MCU a library
    // division per two digits.
    char* const end = content_length <= UINT32_MAX
                          ? std::to_chars(digits, digits + sizeof digits,
                                          static_cast<std::uint32_t>(content_length))
                                .ptr
                          : std::to_chars(digits, digits + sizeof digits, content_length).ptr;
    append("Content-Length: "sv);
    append({digits, static_cast<std::size_t>(end - digits)});
    if (!keep_alive) {
        append("\r\nConnection: close\r\n\r\n"sv);
    } else if (say_keep_alive) {
        append("\r\nConnection: keep-alive\r\n\r\n"sv);
    } else {
        append("\r\n\r\n"sv);
    }
    return ok_ ? std::string_view(buf_.data(), len_) : std::string_view();
}

namespace {

#define MCUSTD_ERROR_PAGE(code, text)                                                       \
    "<!DOCTYPE html>\n<html><head><title>" code " " text "</title></head>\n<body><h1>" code \
    " " text "</h1></body></html>\n"

std::string_view error_page(int status) noexcept {
    switch (status) {
        case 400:
            return MCUSTD_ERROR_PAGE("400", "Bad Request");
        case 403:
            return MCUSTD_ERROR_PAGE("403", "Forbidden");
        case 404:
            return MCUSTD_ERROR_PAGE("404", "Not Found");
        case 405:
            return MCUSTD_ERROR_PAGE("405", "Method Not Allowed");
        case 408:
            return MCUSTD_ERROR_PAGE("408", "Request Timeout");
        case 301:
            return MCUSTD_ERROR_PAGE("301", "Moved Permanently");
        case 411:
            return MCUSTD_ERROR_PAGE("411", "Length Required");
        case 412:
            return MCUSTD_ERROR_PAGE("412", "Precondition Failed");
        case 413:
            return MCUSTD_ERROR_PAGE("413", "Content Too Large");
        case 414:
            return MCUSTD_ERROR_PAGE("414", "URI Too Long");
        case 416:
            return MCUSTD_ERROR_PAGE("416", "Range Not Satisfiable");
        case 431:
            return MCUSTD_ERROR_PAGE("431", "Request Header Fields Too Large");
        case 501:
            return MCUSTD_ERROR_PAGE("501", "Not Implemented");
        case 503:
            return MCUSTD_ERROR_PAGE("503", "Service Unavailable");
        case 505:
            return MCUSTD_ERROR_PAGE("505", "HTTP Version Not Supported");
        default:
            return MCUSTD_ERROR_PAGE("500", "Internal Server Error");
    }
}

#undef MCUSTD_ERROR_PAGE

}  // namespace

Response error_response(int status, std::span<char> head_buffer, bool keep_alive, bool head_only,
                        bool say_keep_alive, HeaderField extra) noexcept {
    Response r;
    r.status = status;
    r.keep_alive = keep_alive;
    const std::string_view page = error_page(status);
    HeadWriter w(head_buffer);
    w.status_line(status);
    w.field("Content-Type"sv, "text/html; charset=utf-8"sv);
    if (status == 405 && !iequals(extra.name, "allow"sv)) {
        w.field("Allow"sv, "GET, HEAD"sv);
    }
    if (!extra.name.empty()) {
        w.field(extra.name, extra.value);
    }
    r.head = w.finish(page.size(), keep_alive, say_keep_alive);
    if (!head_only) {
        r.body.kind = Body::Kind::Memory;
        r.body.memory = std::as_bytes(std::span<const char>(page.data(), page.size()));
    }
    return r;
}

}  // namespace mcustd::http
