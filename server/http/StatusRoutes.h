#pragma once

// The console's read-outs: GET /admin/status (version, uptime, ports, sale state),
// GET /admin/stats (the live-chart snapshot) and GET /admin/logs?after= (the log ring).

#include "JsonWriter.h"
#include "Router.h"
#include "ServerFacts.h"
#include "server/LogRing.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/Metrics.h"
#include "server/core/Protection.h"
#include "server/core/SaleSchedule.h"
#include "server/core/StatsHistory.h"
#include "server/core/StockLedger.h"

#include <atomic>

namespace topcoat::http {

class StatusRoutes {
public:
    StatusRoutes(const Clock& clock, Catalog& catalog, const StockLedger& stock,
                 SaleSchedule& sales, Metrics& metrics, const StatsHistory& history, LogRing& logs,
                 const std::atomic<bool>& ready, const ServerFacts& facts, Protection& protection)
        : clock_(clock), catalog_(catalog), stock_(stock), sales_(sales), metrics_(metrics),
          history_(history), logs_(logs), ready_(ready), facts_(facts), protection_(protection) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse status(const HttpRequest& request) const;
    HttpResponse stats(const HttpRequest& request) const;
    HttpResponse logs(const HttpRequest& request) const;

private:
    void writeProtection(JsonWriter& json) const;

    const Clock& clock_;
    Catalog& catalog_;
    const StockLedger& stock_;
    SaleSchedule& sales_;
    Metrics& metrics_;
    const StatsHistory& history_;
    LogRing& logs_;
    const std::atomic<bool>& ready_;
    const ServerFacts& facts_;
    Protection& protection_;
};

} // namespace topcoat::http
