#pragma once

// GET /healthz (the process answers) and GET /readyz (database open, inventory loaded, not
// shutting down).

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class HealthRoutes {
public:
    explicit HealthRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    const ShopServices& services_;
};

} // namespace topcoat::http
