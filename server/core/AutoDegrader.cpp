#include "AutoDegrader.h"

#include <algorithm>
#include <cstdio>

namespace topcoat {
namespace {

std::string describe(const LoadReading& reading) {
    char text[96];
    std::snprintf(text, sizeof text, "p99 %.0f ms, %lld in flight", reading.p99Ms,
                  static_cast<long long>(reading.inFlight));
    return text;
}

} // namespace

void AutoDegrader::configure(AutoDegradationSettings settings) {
    std::lock_guard lock(mutex_);
    settings_ = std::move(settings);
    secondsOver_ = secondsUnder_ = 0;
}

AutoDegradationSettings AutoDegrader::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

void AutoDegrader::observe(const LoadReading& reading, TimePoint at) {
    std::lock_guard lock(mutex_);
    if (!degradation_.automatic()) {
        // The owner has the switches: whatever this controller turned off is theirs now.
        secondsOver_ = secondsUnder_ = 0;
        switchedOff_.clear();
        return;
    }
    const auto& s = settings_;
    const bool over = reading.p99Ms > static_cast<double>(s.p99HighMs) ||
                      (s.inFlightHigh > 0 && reading.inFlight > s.inFlightHigh);
    const bool under = reading.p99Ms < static_cast<double>(s.p99LowMs) &&
                       (s.inFlightHigh == 0 || reading.inFlight < s.inFlightLow);
    secondsOver_ = over ? secondsOver_ + 1 : 0;
    secondsUnder_ = under ? secondsUnder_ + 1 : 0;
    if (secondsOver_ >= s.secondsBeforeOff) {
        switchOffNext(reading, at);
        secondsOver_ = 0; // the next feature goes only if the load stays up as long again
    } else if (secondsUnder_ >= s.secondsBeforeOn) {
        switchBackLast(reading, at);
        secondsUnder_ = 0;
    }
}

void AutoDegrader::switchOffNext(const LoadReading& reading, TimePoint at) {
    for (const auto feature : settings_.order) {
        if (!degradation_.enabled(feature))
            continue;
        degradation_.setEnabled(feature, false, {at, "auto", "load high: " + describe(reading)});
        switchedOff_.push_back(feature);
        return;
    }
}

void AutoDegrader::switchBackLast(const LoadReading& reading, TimePoint at) {
    while (!switchedOff_.empty()) {
        const auto feature = switchedOff_.back();
        switchedOff_.pop_back();
        // Touched by the owner since (brought back, or switched off again by hand): theirs.
        const auto last = degradation_.lastChange(feature);
        if (degradation_.enabled(feature) || !last || last->source != "auto")
            continue;
        degradation_.setEnabled(feature, true,
                                {at, "auto", "load back to normal: " + describe(reading)});
        return;
    }
}

} // namespace topcoat
