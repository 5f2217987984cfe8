#pragma once

// GET and PUT /admin/protection: the owner's rate limit, shedding, waiting-room, trusted-proxy
// and automatic-degradation settings, stored before they take effect.

#include "Router.h"
#include "ServerFacts.h"
#include "server/core/Clock.h"
#include "server/core/Protection.h"

#include <mutex>

namespace topcoat::http {

inline constexpr const char* protectionSettingName = "protection";

class ProtectionRoutes {
public:
    ProtectionRoutes(const Clock& clock, Protection& protection, SaveSetting saveSetting)
        : clock_(clock), protection_(protection), saveSetting_(std::move(saveSetting)) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse current(const HttpRequest& request) const;
    HttpResponse change(const HttpRequest& request) const;

private:
    const Clock& clock_;
    Protection& protection_;
    const SaveSetting saveSetting_;
    // One change at a time: read, merge, store and apply must not interleave with another
    // PUT's, or the database and the running settings could disagree.
    mutable std::mutex changing_;
};

} // namespace topcoat::http
