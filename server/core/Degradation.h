#pragma once

// Switches for the features a shop can live without under load. Checkout and browsing are not
// among them: they never degrade.

#include <array>
#include <atomic>
#include <optional>
#include <string_view>
#include <vector>

namespace topcoat {

enum class Feature { Reviews, Recommendations, Search, Wishlists };

inline constexpr std::array<Feature, 4> allFeatures{Feature::Reviews, Feature::Recommendations,
                                                    Feature::Search, Feature::Wishlists};

std::string_view toString(Feature feature);
std::optional<Feature> featureFromString(std::string_view name);

class Degradation {
public:
    bool enabled(Feature feature) const {
        return enabled_[index(feature)].load(std::memory_order_relaxed);
    }
    void setEnabled(Feature feature, bool on) {
        enabled_[index(feature)].store(on, std::memory_order_relaxed);
    }

    // Whether the automatic controller may flip the switches.
    bool automatic() const { return automatic_.load(std::memory_order_relaxed); }
    void setAutomatic(bool on) { automatic_.store(on, std::memory_order_relaxed); }

    std::vector<Feature> disabledFeatures() const;

private:
    static std::size_t index(Feature feature) { return static_cast<std::size_t>(feature); }

    std::array<std::atomic<bool>, allFeatures.size()> enabled_{true, true, true, true};
    std::atomic<bool> automatic_{false};
};

} // namespace topcoat
