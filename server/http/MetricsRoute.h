#pragma once

// GET /metrics on the admin port: Prometheus text exposition format 0.0.4.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class MetricsRoute {
public:
    explicit MetricsRoute(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

    std::string render() const;

private:
    const ShopServices& services_;
};

} // namespace topcoat::http
