#include "mcustd/http/response.hpp"

#include "mcustd/http/date.hpp"

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>

namespace mcustd::http {

void FileHandle::reset(int fd) noexcept {
    if (fd_ >= 0) {
        ::close(fd_);  // nothing useful to do on failure: the descriptor is gone either way
    }
    fd_ = fd;
}

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200:
            return "OK";
        case 202:
            return "Accepted";
        case 206:
            return "Partial Content";
        case 301:
            return "Moved Permanently";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 411:
            return "Length Required";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Content Too Large";
        case 414:
            return "URI Too Long";
        case 416:
            return "Range Not Satisfiable";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Unknown";
    }
}

void HeadWriter::append(std::string_view s) noexcept {
    if (!ok_ || s.size() > buf_.size() - len_) {
        ok_ = false;
        return;
    }
    std::memcpy(buf_.data() + len_, s.data(), s.size());
    len_ += s.size();
}

void HeadWriter::status_line(int status) noexcept {
    char code[4] = {static_cast<char>('0' + status / 100 % 10),
                    static_cast<char>('0' + status / 10 % 10), static_cast<char>('0' + status % 10),
                    ' '};
    append("HTTP/1.1 ");
    append({code, sizeof code});
    append(reason_phrase(status));
    append("\r\nServer: ");
    append(kServerName);
    append("\r\n");
    // RFC 9110 6.6.1: an origin server with a clock must send Date; one never set (an MCU after
    // boot) is no clock.
    if (const auto now = wall_clock_now()) {
        std::array<char, kHttpDateSize> date{};
        format_http_date(*now, date);
        field("Date", {date.data(), date.size()});
    }
}

void HeadWriter::field(std::string_view name, std::string_view value) noexcept {
    append(name);
    append(": ");
    append(value);
    append("\r\n");
}

std::string_view HeadWriter::finish(std::uint64_t content_length, bool keep_alive,
                                    bool say_keep_alive) noexcept {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, content_length);
    (void)ec;  // 24 characters hold any uint64_t
    append("Content-Length: ");
    append({digits, static_cast<std::size_t>(end - digits)});
    if (!keep_alive) {
        append("\r\nConnection: close\r\n\r\n");
    } else if (say_keep_alive) {
        append("\r\nConnection: keep-alive\r\n\r\n");
    } else {
        append("\r\n\r\n");
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
    w.field("Content-Type", "text/html; charset=utf-8");
    if (status == 405 && !iequals(extra.name, "allow")) {
        w.field("Allow", "GET, HEAD");
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
