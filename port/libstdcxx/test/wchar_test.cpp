// Wide text on the MCU: the wchar_t facets of <codecvt> and codecvt<wchar_t, char, mbstate_t>
// (src/wchar_codecvt.cpp: picolibc's libstdc++.a has none), driven through the interfaces a
// program uses: std::filesystem::path from and to wide strings, std::wstring_convert, and the
// facets' in/out/length directly, with headers, partial input, full output and invalid input.
#include <codecvt>
#include <cstring>
#include <cwchar>
#include <filesystem>
#include <locale>
#include <string>

#include "check.hpp"

namespace {

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // <codecvt> is deprecated in C++17

using Result = std::codecvt_base::result;

// "aé€😀": 1, 2, 3 and 4 UTF-8 bytes.
constexpr char kUtf8[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
constexpr wchar_t kWide[] = L"a\u00E9\u20AC\U0001F600";

void path_conversions() {
    const std::filesystem::path from_wide(L"/tmp/caf\u00E9/\U0001F600.txt");
    CHECK(from_wide.string() == "/tmp/caf\xC3\xA9/\xF0\x9F\x98\x80.txt");
    const std::filesystem::path from_narrow("/rom/a\xE2\x82\xAC");
    CHECK(from_narrow.wstring() == L"/rom/a\u20AC");
    CHECK(from_narrow.filename().wstring() == L"a\u20AC");
    CHECK(std::filesystem::path(L"x") / L"y" == std::filesystem::path("x/y"));
}

void wstring_convert_round_trip() {
    std::wstring_convert<std::codecvt_utf8<wchar_t>, wchar_t> conv;
    CHECK(conv.from_bytes(kUtf8) == kWide);
    CHECK(conv.to_bytes(kWide) == kUtf8);
    // Invalid input: a surrogate encoded in UTF-8 and a stray continuation byte.
    std::wstring_convert<std::codecvt_utf8<wchar_t>, wchar_t> strict(std::string("bad"));
    CHECK(strict.from_bytes("\xED\xA0\x80") == L"");
    CHECK(strict.converted() == 0);
    CHECK(strict.from_bytes("a\x80") == L"");  // the error string's wide form is empty
    std::wstring_convert<std::codecvt_utf8_utf16<wchar_t>, wchar_t> utf16;
    const std::wstring units = utf16.from_bytes("\xF0\x9F\x98\x80");
    CHECK(units.size() == 2 && units[0] == 0xD83D && units[1] == 0xDE00);
    CHECK(utf16.to_bytes(units) == "\xF0\x9F\x98\x80");
}

void utf8_facet_edges() {
    const std::codecvt_utf8<wchar_t, 0x10FFFF, std::generate_header> gen;
    std::mbstate_t st{};
    const wchar_t* from_next = nullptr;
    char out[16];
    char* to_next = nullptr;
    Result r = gen.out(st, kWide, kWide + 4, from_next, out, out + sizeof out, to_next);
    CHECK(r == std::codecvt_base::ok);
    CHECK(to_next - out == 13);
    CHECK(std::memcmp(out, "\xEF\xBB\xBF", 3) == 0 && std::memcmp(out + 3, kUtf8, 10) == 0);
    // Output full in the middle of a character: partial, nothing of it written.
    r = gen.out(st, kWide, kWide + 4, from_next, out, out + 8, to_next);
    CHECK(r == std::codecvt_base::partial && from_next == kWide + 2 && to_next == out + 6);

    const std::codecvt_utf8<wchar_t, 0xFFFF, std::consume_header> bmp;
    wchar_t wide[8];
    wchar_t* wide_next = nullptr;
    const char* in_next = nullptr;
    const char with_bom[] =
        "\xEF\xBB\xBF"
        "a\xE2\x82\xAC";
    r = bmp.in(st, with_bom, with_bom + 7, in_next, wide, wide + 8, wide_next);
    CHECK(r == std::codecvt_base::ok && wide_next - wide == 2 && wide[1] == 0x20AC);
    // Input ending inside a character: partial, stopped before it.
    r = bmp.in(st, kUtf8, kUtf8 + 5, in_next, wide, wide + 8, wide_next);
    CHECK(r == std::codecvt_base::partial && in_next == kUtf8 + 3 && wide_next == wide + 2);
    // Above this facet's maxcode, and an overlong form: errors.
    r = bmp.in(st, kUtf8 + 6, kUtf8 + 10, in_next, wide, wide + 8, wide_next);
    CHECK(r == std::codecvt_base::error);
    r = bmp.in(st, "\xC0\x80", "\xC0\x80" + 2, in_next, wide, wide + 8, wide_next);
    CHECK(r == std::codecvt_base::error);
    // length(): the bytes of at most 2 characters, the header counted.
    CHECK(bmp.length(st, with_bom, with_bom + 7, 1) == 4);
    CHECK(bmp.length(st, with_bom, with_bom + 7, 2) == 7);
    CHECK(bmp.max_length() == 7 && bmp.encoding() == 0 && !bmp.always_noconv());
}

void utf16_facet() {
    const std::codecvt_utf16<wchar_t, 0x10FFFF, std::little_endian> le;
    std::mbstate_t st{};
    const wchar_t* from_next = nullptr;
    char out[8];
    char* to_next = nullptr;
    const wchar_t smile[] = L"\U0001F600";
    Result r = le.out(st, smile, smile + 1, from_next, out, out + 8, to_next);
    CHECK(r == std::codecvt_base::ok && to_next - out == 4);
    CHECK(std::memcmp(out, "\x3D\xD8\x00\xDE", 4) == 0);
    // Read back big-endian by its byte order mark, whatever the facet's own order.
    const std::codecvt_utf16<wchar_t, 0x10FFFF, std::consume_header> any;
    const char be[] = "\xFE\xFF\xD8\x3D\xDE\x00";
    wchar_t wide[4];
    wchar_t* wide_next = nullptr;
    const char* in_next = nullptr;
    r = any.in(st, be, be + 6, in_next, wide, wide + 4, wide_next);
    CHECK(r == std::codecvt_base::ok && wide_next == wide + 1 && wide[0] == 0x1F600);
    // A lone low surrogate is an error.
    r = any.in(st, "\xDE\x00", "\xDE\x00" + 2, in_next, wide, wide + 4, wide_next);
    CHECK(r == std::codecvt_base::error);
}

// The C library's conversion through codecvt<wchar_t, char, mbstate_t>: ASCII always converts.
struct LocaleCodecvt : std::codecvt<wchar_t, char, std::mbstate_t> {};

void locale_codecvt() {
    const LocaleCodecvt cvt;
    std::mbstate_t st{};
    const wchar_t* from_next = nullptr;
    char out[8];
    char* to_next = nullptr;
    Result r = cvt.out(st, L"abc", L"abc" + 3, from_next, out, out + 8, to_next);
    CHECK(r == std::codecvt_base::ok && to_next - out == 3 && std::memcmp(out, "abc", 3) == 0);
    wchar_t wide[4];
    wchar_t* wide_next = nullptr;
    const char* in_next = nullptr;
    r = cvt.in(st, "xyz", "xyz" + 3, in_next, wide, wide + 2, wide_next);
    CHECK(r == std::codecvt_base::partial && wide_next == wide + 2 && wide[1] == L'y');
    CHECK(cvt.length(st, "xyz", "xyz" + 3, 2) == 2);
    CHECK(cvt.unshift(st, out, out + 8, to_next) == std::codecvt_base::noconv);
    CHECK(cvt.max_length() >= 1);
}

}  // namespace

int main() {
    mcustd::test::run("path_conversions", path_conversions);
    mcustd::test::run("wstring_convert_round_trip", wstring_convert_round_trip);
    mcustd::test::run("utf8_facet_edges", utf8_facet_edges);
    mcustd::test::run("utf16_facet", utf16_facet);
    mcustd::test::run("locale_codecvt", locale_codecvt);
    return mcustd::test::finish("libstdcxx_wchar");
}
