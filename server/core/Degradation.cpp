#include "Degradation.h"

namespace topcoat {

std::string_view toString(Feature feature) {
    switch (feature) {
    case Feature::Reviews:
        return "reviews";
    case Feature::Recommendations:
        return "recommendations";
    case Feature::Search:
        return "search";
    case Feature::Wishlists:
        return "wishlists";
    }
    return "unknown";
}

std::optional<Feature> featureFromString(std::string_view name) {
    for (auto feature : allFeatures)
        if (toString(feature) == name)
            return feature;
    return std::nullopt;
}

void Degradation::setEnabled(Feature feature, bool on, const DegradationCause& cause) {
    std::lock_guard lock(historyMutex_);
    if (enabled_[index(feature)].exchange(on, std::memory_order_relaxed) != on)
        record(std::string(toString(feature)), on, cause);
}

void Degradation::setAutomatic(bool on, const DegradationCause& cause) {
    std::lock_guard lock(historyMutex_);
    if (automatic_.exchange(on, std::memory_order_relaxed) != on)
        record("auto", on, cause);
}

void Degradation::record(std::string subject, bool on, const DegradationCause& cause) {
    history_.push_back(DegradationChange{cause, std::move(subject), on});
    if (history_.size() > historyCapacity)
        history_.pop_front();
}

std::vector<DegradationChange> Degradation::history() const {
    std::lock_guard lock(historyMutex_);
    return {history_.begin(), history_.end()};
}

std::optional<DegradationCause> Degradation::lastChange(Feature feature) const {
    std::lock_guard lock(historyMutex_);
    const auto name = toString(feature);
    for (auto change = history_.rbegin(); change != history_.rend(); ++change)
        if (change->subject == name)
            return change->cause;
    return std::nullopt;
}

std::vector<Feature> Degradation::disabledFeatures() const {
    std::vector<Feature> disabled;
    for (auto feature : allFeatures)
        if (!enabled(feature))
            disabled.push_back(feature);
    return disabled;
}

} // namespace topcoat
