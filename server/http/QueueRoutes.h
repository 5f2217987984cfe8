#pragma once

// The waiting room on the public port: its state, joining it, and a ticket's place in line
// with the pass once admitted.

#include "Router.h"
#include "server/core/Clock.h"
#include "server/core/Protection.h"
#include "server/core/SaleSchedule.h"

namespace topcoat::http {

class QueueRoutes {
public:
    QueueRoutes(const Clock& clock, SaleSchedule& sales, Protection& protection)
        : clock_(clock), sales_(sales), protection_(protection) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse state(const HttpRequest& request) const;
    HttpResponse join(const HttpRequest& request) const;
    HttpResponse ticket(const HttpRequest& request) const;

private:
    // The start of the sale about to open, while none is live.
    std::optional<TimePoint> opening(TimePoint now) const;

    const Clock& clock_;
    SaleSchedule& sales_;
    Protection& protection_;
};

} // namespace topcoat::http
