#pragma once

// GET /admin/outbox (each order event's deliveries, newest first, with counts per state) and
// POST /admin/outbox/retry (send a failed delivery again).

#include "Router.h"
#include "server/core/Outbox.h"

namespace topcoat::http {

class OutboxRoutes {
public:
    OutboxRoutes(const Clock& clock, OutboxBook& book) : clock_(clock), book_(book) {}

    HttpResponse list(const HttpRequest& request);
    HttpResponse retry(const HttpRequest& request);

    static constexpr int defaultPageSize = 100;
    static constexpr int maxPageSize = 500;

private:
    const Clock& clock_;
    OutboxBook& book_;
};

} // namespace topcoat::http
