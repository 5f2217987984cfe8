#include "LatencyHistogram.h"

#include <algorithm>

namespace topcoat {

void LatencyHistogram::observe(std::chrono::nanoseconds elapsed) {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    sumNanos_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(elapsed.count(), 0)),
                        std::memory_order_relaxed);
}

LatencyHistogram::Snapshot LatencyHistogram::snapshot() const {
    Snapshot snap;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        snap.counts[i] = counts_[i].load(std::memory_order_relaxed);
        snap.count += snap.counts[i];
    }
    snap.sumSeconds = static_cast<double>(sumNanos_.load(std::memory_order_relaxed)) / 1e9;
    return snap;
}

double LatencyHistogram::Snapshot::quantileSeconds(double q) const {
    if (count == 0)
        return 0;
    const double rank = q * static_cast<double>(count);
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double inBucket = static_cast<double>(counts[i]);
        if (seen + inBucket >= rank && inBucket > 0) {
            const double lower = i == 0 ? 0 : bounds[i - 1];
            const double upper = i < bounds.size() ? bounds[i] : bounds.back() * 2;
            return lower + (upper - lower) * ((rank - seen) / inBucket);
        }
        seen += inBucket;
    }
    return bounds.back();
}

} // namespace topcoat
