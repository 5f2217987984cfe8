#include "RetryPolicy.h"

#include <algorithm>

namespace topcoat {

std::optional<std::chrono::seconds> RetryPolicy::delayAfter(int failed) const {
    if (failed < 1 || failed >= attempts)
        return std::nullopt;
    auto delay = first;
    // Doubling stops at `longest`, long before the count could overflow.
    for (int i = 1; i < failed && delay < longest; ++i)
        delay *= 2;
    return std::min(delay, longest);
}

} // namespace topcoat
