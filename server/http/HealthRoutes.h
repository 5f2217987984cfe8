#pragma once

// GET /healthz (the process answers) and GET /readyz (database open, inventory loaded, not
// shutting down).

#include "Router.h"

#include <atomic>

namespace topcoat::http {

class HealthRoutes {
public:
    explicit HealthRoutes(const std::atomic<bool>& ready) : ready_(ready) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse health(const HttpRequest& request) const;
    HttpResponse ready(const HttpRequest& request) const;

private:
    const std::atomic<bool>& ready_;
};

} // namespace topcoat::http
