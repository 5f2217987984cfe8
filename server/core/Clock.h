#pragma once

// The source of "now" for everything time-dependent (sale windows, timestamps), injected so
// tests can move time by hand instead of waiting on the wall clock.

#include <chrono>

namespace topcoat {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
    }
};

} // namespace topcoat
