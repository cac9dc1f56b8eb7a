// Site: where static files come from. Two implementations: RomfsSite (a genromfs image in memory,
// bodies are zero-copy spans of it) and DirSite (a directory on disk, bodies are open fds).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "mcustd/http/response.hpp"

namespace mcustd::http {

// The outcome of looking up one normalised path.
struct FileLookup {
    enum class Kind : std::uint8_t { NotFound, File, Directory, TooLong };
    Kind kind = Kind::NotFound;
    Body body;  // Kind::File: the file's bytes (Memory or File), body.size() = its length
    // Quoted entity tag, e.g. "\"1a2b-40\"" (stored inline: a lookup owns no heap memory).
    std::array<char, 48> etag_storage{};
    std::uint8_t etag_size = 0;
    // Seconds since the Unix epoch of the file's last change, where the site knows one (a file
    // system's mtime; a romfs image only if its build stamped one). Sent as Last-Modified.
    std::optional<std::int64_t> last_modified;

    [[nodiscard]] std::string_view etag() const noexcept {
        return {etag_storage.data(), etag_size};
    }
    void set_etag(std::string_view quoted) noexcept;
};

class Site {
  public:
    virtual ~Site() = default;
    // `path` is normalised (see path.hpp): starts with '/', no "." or ".." segments, no "//",
    // percent-decoded, no NUL or backslash. Const and thread-safe: workers share one Site.
    // `scratch` may be used to build a file-system path.
    [[nodiscard]] virtual FileLookup lookup(std::string_view path,
                                            std::span<char> scratch) const = 0;
    // Scratch bytes lookup() needs for a path of `path_size` bytes (the handler sizes its buffer
    // from it: see StaticHandler::buffer_size()).
    [[nodiscard]] virtual std::size_t scratch_size(std::size_t path_size) const noexcept {
        (void)path_size;
        return 0;
    }
};

}  // namespace mcustd::http
