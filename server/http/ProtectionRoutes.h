#pragma once

// GET and PUT /admin/protection: the owner's rate limit, shedding, waiting-room, trusted-proxy
// and automatic-degradation settings, stored before they take effect.

#include "Router.h"
#include "ShopServices.h"

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
};

} // namespace topcoat::http
