#pragma once

// GET/PUT /admin/degradation: the switches of the features that can go under load.

#include "Router.h"
#include "ShopServices.h"
#include "server/core/Result.h"

#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace topcoat::http {

inline constexpr const char* degradationSettingName = "degradation";

// A PUT /admin/degradation body, checked whole; also the form the owner's switches are stored
// in, so they hold across a restart.
struct SwitchChange {
    std::vector<std::pair<Feature, bool>> features;
    std::optional<bool> automatic;
    std::string reason;
};
Result<SwitchChange, std::string> readSwitchChange(const std::string& body);

// Applies `change` as the owner's.
void applySwitchChange(Degradation& degradation, const SwitchChange& change, TimePoint at);

class DegradationRoutes {
public:
    explicit DegradationRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    HttpResponse current() const;
    HttpResponse change(const HttpRequest& request);

    const ShopServices& services_;
    std::mutex changing_; // one change at a time, so what is stored is what runs
};

} // namespace topcoat::http
