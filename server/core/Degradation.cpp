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

std::vector<Feature> Degradation::disabledFeatures() const {
    std::vector<Feature> disabled;
    for (auto feature : allFeatures)
        if (!enabled(feature))
            disabled.push_back(feature);
    return disabled;
}

} // namespace topcoat
