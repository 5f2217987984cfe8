#include "StatsHistory.h"

#include <algorithm>

namespace topcoat {

std::optional<StatsSample> StatsHistory::record(TimePoint now, const Metrics& metrics) {
    const auto latency = metrics.requestLatency().snapshot();
    const auto storefrontRequests = metrics.storefrontRequests();
    std::array<std::uint64_t, allCheckoutOutcomes.size()> checkouts{};
    for (std::size_t i = 0; i < allCheckoutOutcomes.size(); ++i)
        checkouts[i] = metrics.checkouts(allCheckoutOutcomes[i]);

    std::lock_guard lock(mutex_);
    std::optional<StatsSample> taken;
    if (baselineTaken_) {
        // The interval's own histogram is the difference of the cumulative ones.
        LatencyHistogram::Snapshot interval;
        for (std::size_t i = 0; i < interval.counts.size(); ++i) {
            interval.counts[i] = latency.counts[i] - previousLatency_.counts[i];
            interval.count += interval.counts[i];
        }
        StatsSample sample;
        sample.at = now;
        sample.requests = interval.count;
        sample.storefrontRequests = storefrontRequests - previousStorefrontRequests_;
        for (std::size_t i = 0; i < checkouts.size(); ++i)
            sample.checkouts[i] = checkouts[i] - previousCheckouts_[i];
        sample.p50Ms = interval.quantileSeconds(0.50) * 1000.0;
        sample.p95Ms = interval.quantileSeconds(0.95) * 1000.0;
        sample.p99Ms = interval.quantileSeconds(0.99) * 1000.0;
        sample.inFlight = metrics.inFlightNow();
        samples_.push_back(sample);
        if (samples_.size() > capacity_)
            samples_.pop_front();
        taken = sample;
    }
    baselineTaken_ = true;
    previousLatency_ = latency;
    previousStorefrontRequests_ = storefrontRequests;
    previousCheckouts_ = checkouts;
    return taken;
}

std::vector<StatsSample> StatsHistory::since(TimePoint after) const {
    std::lock_guard lock(mutex_);
    const auto first = std::upper_bound(
        samples_.begin(), samples_.end(), after,
        [](TimePoint time, const StatsSample& sample) { return time < sample.at; });
    return {first, samples_.end()};
}

} // namespace topcoat
