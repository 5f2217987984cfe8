#pragma once

// The load controller of automatic degradation: fed one reading a second, it switches the
// non-essential features off one at a time, in the configured order, while latency or load
// stays above the high thresholds, and brings them back in reverse order once both have stayed
// below the low ones for a while. The gap between the thresholds and the time spans is the
// hysteresis that keeps a feature from flapping. It acts only while automatic mode is on, and
// brings back only what it switched off itself.

#include "Degradation.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace topcoat {

struct AutoDegradationSettings {
    std::int64_t p99HighMs = 250;
    std::int64_t p99LowMs = 100;
    std::int64_t inFlightHigh = 400; // 0: in-flight requests are not watched
    std::int64_t inFlightLow = 100;
    std::int64_t secondsBeforeOff = 3; // consecutive seconds over a high threshold
    std::int64_t secondsBeforeOn = 15; // consecutive seconds under both low thresholds
    std::vector<Feature> order{Feature::Recommendations, Feature::Reviews, Feature::Search,
                               Feature::Wishlists};
    bool operator==(const AutoDegradationSettings&) const = default;
};

struct LoadReading {
    double p99Ms = 0;
    std::int64_t inFlight = 0;
};

class AutoDegrader {
public:
    explicit AutoDegrader(Degradation& degradation) : degradation_(degradation) {}

    void configure(AutoDegradationSettings settings);
    AutoDegradationSettings settings() const;

    void observe(const LoadReading& reading, TimePoint at);

private:
    void switchOffNext(const LoadReading& reading, TimePoint at);
    void switchBackLast(const LoadReading& reading, TimePoint at);

    Degradation& degradation_;
    mutable std::mutex mutex_;
    AutoDegradationSettings settings_;
    std::int64_t secondsOver_ = 0;
    std::int64_t secondsUnder_ = 0;
    std::vector<Feature> switchedOff_; // by this controller, oldest first
};

} // namespace topcoat
