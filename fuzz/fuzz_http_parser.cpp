// libFuzzer target for the HTTP request parser. The input is fed twice — whole, and in chunks whose
// sizes come from the input itself — playing the engine (drop `consumed`, parse again). Both runs
// must agree on the requests and the error; every view of a Complete request must lie inside the
// buffer; consumed never exceeds the buffer. Path normalisation runs on every parsed path, and
// HTTP-date parsing on the date fields (a parsed date must round-trip through formatting).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mcustd/http/date.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/path.hpp"

namespace {

using mcustd::http::ParseResult;
using mcustd::http::ParseStatus;
using mcustd::http::Request;
using mcustd::http::RequestParser;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

bool inside(std::string_view part, std::string_view whole) {
    return part.empty() || (part.data() >= whole.data() &&
                            part.data() + part.size() <= whole.data() + whole.size());
}

struct Summary {
    std::vector<std::string> requests;
    int error = 0;
};

Summary run(std::string_view input, std::string_view chunk_sizes) {
    RequestParser parser;
    std::string buf;
    Summary out;
    std::size_t fed = 0;
    std::size_t chunk_index = 0;
    while (true) {
        while (true) {
            ParseResult r = parser.parse(buf);
            check(r.consumed <= buf.size());
            if (r.status == ParseStatus::Error) {
                check(r.error_status >= 400 && r.error_status <= 505);
                out.error = r.error_status;
                return out;
            }
            if (r.status == ParseStatus::NeedMore) {
                buf.erase(0, r.consumed);
                break;
            }
            const Request& q = r.request;
            const std::string_view view(buf);
            check(inside(q.method_text, view) && inside(q.target, view) && inside(q.host, view) &&
                  inside(q.query, view) && inside(q.header_block, view) && inside(q.range, view) &&
                  inside(q.if_range, view) && inside(q.if_match, view) &&
                  inside(q.if_modified_since, view) && inside(q.if_unmodified_since, view) &&
                  inside(q.body, view));
            check(q.body.empty() || q.body.size() == q.content_length);
            check(!(q.chunked && q.content_length != 0));  // never both framings
            // A date that parses formats back to a date that parses to the same instant.
            for (std::string_view field :
                 {q.if_modified_since, q.if_unmodified_since, q.if_range}) {
                if (const auto t = mcustd::http::parse_http_date(field)) {
                    std::array<char, mcustd::http::kHttpDateSize> text{};
                    mcustd::http::format_http_date(*t, text);
                    check(mcustd::http::parse_http_date({text.data(), text.size()}) == t);
                }
            }
            check(!q.path.empty());
            std::array<char, 512> path_buf{};
            (void)mcustd::http::normalise_path(q.path, path_buf);
            out.requests.push_back(std::string(q.method_text) + ' ' + std::string(q.target) +
                                   (q.keep_alive ? " ka " : " close ") +
                                   std::to_string(q.content_length) +
                                   (q.chunked ? " chunked" : ""));
            buf.erase(0, r.consumed);
        }
        if (fed == input.size()) {
            return out;
        }
        std::size_t n = input.size() - fed;
        if (!chunk_sizes.empty()) {
            n = std::min<std::size_t>(
                n, 1 + static_cast<unsigned char>(chunk_sizes[chunk_index++ % chunk_sizes.size()]) %
                           17);
        }
        buf.append(input.substr(fed, n));
        fed += n;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const Summary whole = run(input, {});
    const Summary pieces = run(input, input.substr(0, 64));
    check(whole.requests == pieces.requests);
    check(whole.error == pieces.error);
    return 0;
}
