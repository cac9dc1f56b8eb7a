// HTTP dates (RFC 9110 5.6.7) and the wall clock they come from. Formatting and parsing are pure
// arithmetic: no gmtime/strftime/strptime, which would link newlib's time-zone code on the MCU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mcustd::http {

// "Sun, 06 Nov 1994 08:49:37 GMT" is always this long.
inline constexpr std::size_t kHttpDateSize = 29;

// Writes the IMF-fixdate of `seconds` since the Unix epoch (UTC; 0001..9999 CE).
void format_http_date(std::int64_t seconds, std::span<char, kHttpDateSize> out) noexcept;

// Parses the three forms a recipient must accept (IMF-fixdate, RFC 850 "Sunday, 06-Nov-94
// 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994"); nullopt for anything else. The weekday is
// not checked against the date.
[[nodiscard]] std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

// Clocks before this (2024-01-01T00:00:00Z) are taken as never set: the MCU's realtime clock
// starts at the epoch plus uptime until something (the shell's `date`, SNTP) sets it.
inline constexpr std::int64_t kWallClockFloor = 1704067200;

// `seconds` if a wall clock reading that far past the epoch is plausibly set, else nullopt.
[[nodiscard]] constexpr std::optional<std::int64_t> valid_wall_clock(
    std::int64_t seconds) noexcept {
    return seconds >= kWallClockFloor ? std::optional<std::int64_t>(seconds) : std::nullopt;
}

// The system's wall clock (CLOCK_REALTIME) in seconds, if it has been set (valid_wall_clock).
// Host: always. MCU: once clock_settime ran. The Date field is sent only when this has a value.
[[nodiscard]] std::optional<std::int64_t> wall_clock_now() noexcept;

}  // namespace mcustd::http
