#pragma once

// How long a message that could not be delivered waits before the next try: twice as long
// after each failure, from `first` up to `longest`, and no more tries after `attempts`.

#include <chrono>
#include <optional>

namespace topcoat {

struct RetryPolicy {
    std::chrono::seconds first{1};
    std::chrono::seconds longest{std::chrono::minutes(15)};
    int attempts = 15;

    // The wait after `failed` failed attempts (1 for the first); nothing when it gives up.
    std::optional<std::chrono::seconds> delayAfter(int failed) const;
};

} // namespace topcoat
