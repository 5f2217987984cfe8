#pragma once

// GET and PUT /admin/protection: the owner's rate limit, shedding, waiting-room, trusted-proxy
// and automatic-degradation settings, stored before they take effect.

#include "Router.h"
#include "ShopServices.h"

#include <mutex>

namespace topcoat::http {

inline constexpr const char* protectionSettingName = "protection";

class ProtectionRoutes {
public:
    explicit ProtectionRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    HttpResponse current() const;
    HttpResponse change(const HttpRequest& request) const;

    const ShopServices& services_;
    // One change at a time: read, merge, store and apply must not interleave with another
    // PUT's, or the database and the running settings could disagree.
    mutable std::mutex changing_;
};

} // namespace topcoat::http
