#pragma once

// Switches for the features a shop can live without under load. Checkout and browsing are not
// among them: they never degrade.

#include "Clock.h"

#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat {

enum class Feature { Reviews, Recommendations, Search, Wishlists };

inline constexpr std::array<Feature, 4> allFeatures{Feature::Reviews, Feature::Recommendations,
                                                    Feature::Search, Feature::Wishlists};

std::string_view toString(Feature feature);
std::optional<Feature> featureFromString(std::string_view name);

// Who or what flipped a switch, when, and why: one entry of the degradation timeline.
struct DegradationCause {
    TimePoint at;
    std::string source; // "owner" (admin API), "auto" (the load controller)
    std::string reason; // free text, may be empty
};

struct DegradationChange {
    DegradationCause cause;
    std::string subject; // a feature name, or "auto" for the automatic mode itself
    bool enabled = false;
};

class Degradation {
public:
    static constexpr std::size_t historyCapacity = 500;

    bool enabled(Feature feature) const {
        return enabled_[index(feature)].load(std::memory_order_relaxed);
    }
    // Flips the switch; a real change (not a repeat of the current state) enters the timeline.
    void setEnabled(Feature feature, bool on, const DegradationCause& cause);

    // Whether the automatic controller may flip the switches.
    bool automatic() const { return automatic_.load(std::memory_order_relaxed); }
    void setAutomatic(bool on, const DegradationCause& cause);

    std::vector<Feature> disabledFeatures() const;
    // The latest changes, oldest first.
    std::vector<DegradationChange> history() const;
    // Who made the last real change to `feature`, if it is still in the timeline.
    std::optional<DegradationCause> lastChange(Feature feature) const;

private:
    static std::size_t index(Feature feature) { return static_cast<std::size_t>(feature); }
    void record(std::string subject, bool on, const DegradationCause& cause);

    std::array<std::atomic<bool>, allFeatures.size()> enabled_{true, true, true, true};
    std::atomic<bool> automatic_{false};
    mutable std::mutex historyMutex_; // also serialises flips, so the timeline matches the state
    std::deque<DegradationChange> history_;
};

} // namespace topcoat
