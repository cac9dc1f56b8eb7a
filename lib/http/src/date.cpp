#include "mcustd/http/date.hpp"

#include <algorithm>
#include <chrono>

namespace mcustd::http {
namespace {

constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
constexpr std::string_view kDays = "SunMonTueWedThuFriSat";
constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date, counted in 400-year eras (146,097 days)
// from a March-based year so that the leap day is the year's last.
std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<int>(y - era * 400);
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

struct Civil {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};

Civil civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

char* put2(char* p, int v) noexcept {
    *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
    return p;
}

// Reads `n` digits at `s[at]`; -1 if any is not a digit.
int digits(std::string_view s, std::size_t at, std::size_t n) noexcept {
    if (at + n > s.size()) {
        return -1;
    }
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int month_index(std::string_view s) noexcept {
    for (int i = 0; i < 12; ++i) {
        if (s == kMonths.substr(static_cast<std::size_t>(i) * 3, 3)) {
            return i + 1;
        }
    }
    return 0;
}

bool is_day_name(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kDays.size(); i += 3) {
        if (s == kDays.substr(i, 3)) {
            return true;
        }
    }
    return false;
}

// "HH:MM:SS" at `s[at]` into seconds of the day; -1 if malformed.
std::int64_t time_of_day(std::string_view s, std::size_t at) noexcept {
    const int h = digits(s, at, 2);
    const int m = digits(s, at + 3, 2);
    const int sec = digits(s, at + 6, 2);
    if (h < 0 || m < 0 || sec < 0 || s[at + 2] != ':' || s[at + 5] != ':' || h > 23 || m > 59 ||
        sec > 60) {
        return -1;
    }
    return std::int64_t{h} * 3600 + std::int64_t{m} * 60 + sec;
}

std::optional<std::int64_t> combine(std::int64_t year, int month, int day,
                                    std::int64_t tod) noexcept {
    if (month == 0 || day < 1 || tod < 0) {
        return std::nullopt;
    }
    const int next_month = month == 12 ? 1 : month + 1;
    const std::int64_t length = days_from_civil(month == 12 ? year + 1 : year, next_month, 1) -
                                days_from_civil(year, month, 1);
    if (day > length) {
        return std::nullopt;
    }
    return days_from_civil(year, month, day) * kSecondsPerDay + tod;
}

}  // namespace

void format_http_date(std::int64_t seconds, std::span<char, kHttpDateSize> out) noexcept {
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t tod = seconds % kSecondsPerDay;
    if (tod < 0) {
        tod += kSecondsPerDay;
        --days;
    }
    const Civil c = civil_from_days(days);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 11) % 7);  // 1970-01-01: Thu
    char* p = out.data();
    p = std::copy_n(kDays.data() + weekday * 3, 3, p);
    *p++ = ',';
    *p++ = ' ';
    p = put2(p, c.day);
    *p++ = ' ';
    p = std::copy_n(kMonths.data() + static_cast<std::size_t>(c.month - 1) * 3, 3, p);
    *p++ = ' ';
    const auto year = static_cast<int>(c.year);
    p = put2(p, year / 100);
    p = put2(p, year % 100);
    *p++ = ' ';
    p = put2(p, static_cast<int>(tod / 3600));
    *p++ = ':';
    p = put2(p, static_cast<int>(tod / 60 % 60));
    *p++ = ':';
    p = put2(p, static_cast<int>(tod % 60));
    std::copy_n(" GMT", 4, p);
}

std::optional<std::int64_t> parse_http_date(std::string_view s) noexcept {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (s.size() == kHttpDateSize && s[3] == ',' && s[4] == ' ' && s[7] == ' ' && s[11] == ' ' &&
        s[16] == ' ' && s.substr(25) == " GMT" && is_day_name(s.substr(0, 3))) {
        const int year = digits(s, 12, 4);
        if (year < 0) {
            return std::nullopt;
        }
        return combine(year, month_index(s.substr(8, 3)), digits(s, 5, 2), time_of_day(s, 17));
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (s.size() == 24 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[19] == ' ' &&
        is_day_name(s.substr(0, 3))) {
        const int day = s[8] == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        const int year = digits(s, 20, 4);
        if (year < 0) {
            return std::nullopt;
        }
        return combine(year, month_index(s.substr(4, 3)), day, time_of_day(s, 11));
    }
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; the two-digit year is 1970..2069.
    const std::size_t comma = s.find(", ");
    if (comma >= 6 && comma <= 9 && s.size() == comma + 24 && is_day_name(s.substr(0, 3)) &&
        s[comma + 4] == '-' && s[comma + 8] == '-' && s[comma + 11] == ' ' &&
        s.substr(comma + 20) == " GMT") {
        const int yy = digits(s, comma + 9, 2);
        if (yy < 0) {
            return std::nullopt;
        }
        return combine(yy < 70 ? 2000 + yy : 1900 + yy, month_index(s.substr(comma + 5, 3)),
                       digits(s, comma + 2, 2), time_of_day(s, comma + 12));
    }
    return std::nullopt;
}

std::optional<std::int64_t> wall_clock_now() noexcept {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    // An unset clock (an MCU after boot) is told without the 64-bit division to seconds.
    if (now < std::chrono::seconds(kWallClockFloor)) {
        return std::nullopt;
    }
    return valid_wall_clock(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

}  // namespace mcustd::http
