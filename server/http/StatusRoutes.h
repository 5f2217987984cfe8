#pragma once

// The console's read-outs: GET /admin/status (version, uptime, ports, sale state),
// GET /admin/stats (the live-chart snapshot) and GET /admin/logs?after= (the log ring).

#include "JsonWriter.h"
#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class StatusRoutes {
public:
    explicit StatusRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    HttpResponse status() const;
    HttpResponse stats(const HttpRequest& request) const;
    HttpResponse logs(const HttpRequest& request) const;
    void writeProtection(JsonWriter& json) const;

    const ShopServices& services_;
};

} // namespace topcoat::http
