#pragma once

// GET/PUT /admin/degradation: the switches of the features that can go under load.

#include "Router.h"
#include "ServerFacts.h"
#include "server/core/Clock.h"
#include "server/core/Degradation.h"
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
    DegradationRoutes(const Clock& clock, Degradation& degradation, SaveSetting saveSetting)
        : clock_(clock), degradation_(degradation), saveSetting_(std::move(saveSetting)) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse current(const HttpRequest& request) const;
    HttpResponse change(const HttpRequest& request);

private:
    const Clock& clock_;
    Degradation& degradation_;
    const SaveSetting saveSetting_;
    std::mutex changing_; // one change at a time, so what is stored is what runs
};

} // namespace topcoat::http
