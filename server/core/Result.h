#pragma once

// A value or an expected failure, for outcomes that are not exceptional (sold out, unknown SKU).
// std::expected arrives with C++23; this is the small subset the project needs.

#include <cassert>
#include <utility>
#include <variant>

namespace topcoat {

template <typename E> struct Failure { E error; };

template <typename E> Failure<E> fail(E error) {
    return Failure<E>{std::move(error)};
}

template <typename T, typename E> class Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Failure<E> failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    const T* operator->() const { return &value(); }
    const T& operator*() const { return value(); }

    const E& error() const {
        assert(!ok());
        return std::get<1>(state_);
    }

private:
    std::variant<T, E> state_;
};

} // namespace topcoat
