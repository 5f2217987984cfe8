#pragma once

// GET /metrics on the admin port: Prometheus text exposition format 0.0.4.

#include "Router.h"
#include "ServerFacts.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/Metrics.h"
#include "server/core/Protection.h"
#include "server/core/StockLedger.h"

namespace topcoat::http {

class MetricsRoute {
public:
    MetricsRoute(const Clock& clock, Catalog& catalog, const StockLedger& stock, Metrics& metrics,
                 const ServerFacts& facts, Protection& protection)
        : clock_(clock), catalog_(catalog), stock_(stock), metrics_(metrics), facts_(facts),
          protection_(protection) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse metrics(const HttpRequest& request) const;

    std::string render() const;

private:
    const Clock& clock_;
    Catalog& catalog_;
    const StockLedger& stock_;
    Metrics& metrics_;
    const ServerFacts& facts_;
    Protection& protection_;
};

} // namespace topcoat::http
