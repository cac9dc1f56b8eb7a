// Error reporting for every mcustd library.
//
// The project's rule: library calls that can fail for reasons outside the program's control (I/O,
// network, corrupt input) return Result<T>. The Error inside carries a std::error_code (so callers
// can branch on errno values portably) plus a human-readable context naming what was attempted,
// e.g. "bind 127.0.0.1:7878". Exceptions are reserved for programming errors and allocation
// failure; apps turn Errors into messages at their edge.
#pragma once

#include <cassert>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace mcustd {

class Error {
  public:
    Error() = default;
    Error(std::error_code code, std::string context) : code_(code), context_(std::move(context)) {}

    // Builds an Error from the current errno, e.g. Error::from_errno("accept").
    static Error from_errno(std::string context, int err) {
        return Error(std::error_code(err, std::generic_category()), std::move(context));
    }

    [[nodiscard]] const std::error_code& code() const noexcept { return code_; }
    [[nodiscard]] const std::string& context() const noexcept { return context_; }
    // "context: strerror text", the form printed to users.
    [[nodiscard]] std::string message() const {
        return context_.empty() ? code_.message() : context_ + ": " + code_.message();
    }

  private:
    std::error_code code_;
    std::string context_;
};

// A value or an Error. Deliberately small: has_value/operator bool, value(), error().
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const {
        assert(!has_value());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

    [[nodiscard]] bool has_value() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    [[nodiscard]] const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

}  // namespace mcustd
