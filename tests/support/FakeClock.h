#pragma once

// A clock the test moves by hand.

#include "server/core/Clock.h"

#include <atomic>

namespace topcoat::test {

class FakeClock final : public Clock {
public:
    explicit FakeClock(TimePoint start) : now_(start) {}
    TimePoint now() const override { return now_.load(); }
    void set(TimePoint time) { now_.store(time); }
    void advance(std::chrono::milliseconds by) { now_.store(now_.load() + by); }

private:
    std::atomic<TimePoint> now_;
};

} // namespace topcoat::test
