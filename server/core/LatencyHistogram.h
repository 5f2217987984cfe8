#pragma once

// A lock-free latency histogram with fixed buckets, cheap enough for every request and
// readable as Prometheus buckets or as percentiles for the console's charts.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace topcoat {

class LatencyHistogram {
public:
    // Upper bounds in seconds; one more bucket catches everything above the last.
    static constexpr std::array<double, 17> bounds{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                   0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                                   0.5,     1.0,    2.5,     5.0,    10.0};

    struct Snapshot {
        std::array<std::uint64_t, bounds.size() + 1> counts{}; // per bucket, not cumulative
        std::uint64_t count = 0;
        double sumSeconds = 0;

        // Estimated by interpolating inside the bucket that holds the quantile; 0 when empty.
        double quantileSeconds(double q) const;
    };

    void observe(std::chrono::nanoseconds elapsed);
    Snapshot snapshot() const;

private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> counts_{};
    std::atomic<std::uint64_t> sumNanos_{0};
};

} // namespace topcoat
