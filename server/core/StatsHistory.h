#pragma once

// The last minutes of the storefront's activity as per-second samples, for the console's live
// charts: each sample holds what happened since the previous one (requests, checkouts by
// outcome, latency percentiles of that interval) and the in-flight requests at its end.

#include "Clock.h"
#include "LatencyHistogram.h"
#include "Metrics.h"

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace topcoat {

struct StatsSample {
    TimePoint at;
    std::uint64_t requests = 0;           // on both ports
    std::uint64_t storefrontRequests = 0; // on the storefront port alone
    std::array<std::uint64_t, allCheckoutOutcomes.size()> checkouts{};
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    std::int64_t inFlight = 0;
};

class StatsHistory {
public:
    static constexpr std::size_t defaultCapacity = 15 * 60; // 15 minutes at one per second

    explicit StatsHistory(std::size_t capacity = defaultCapacity) : capacity_(capacity) {}

    // Takes a sample of `metrics` at `now` and returns it. The first call only sets the
    // baseline and returns nothing.
    std::optional<StatsSample> record(TimePoint now, const Metrics& metrics);
    // Samples taken after `after`, oldest first.
    std::vector<StatsSample> since(TimePoint after) const;

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<StatsSample> samples_;
    bool baselineTaken_ = false;
    LatencyHistogram::Snapshot previousLatency_;
    std::uint64_t previousStorefrontRequests_ = 0;
    std::array<std::uint64_t, allCheckoutOutcomes.size()> previousCheckouts_{};
};

} // namespace topcoat
