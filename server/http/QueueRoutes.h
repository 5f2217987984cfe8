#pragma once

// The waiting room on the public port: its state, joining it, and a ticket's place in line
// with the pass once admitted.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class QueueRoutes {
public:
    explicit QueueRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    HttpResponse state() const;
    HttpResponse join(const HttpRequest& request) const;
    HttpResponse ticket(const HttpRequest& request) const;
    // The start of the sale about to open, while none is live.
    std::optional<TimePoint> opening(TimePoint now) const;

    const ShopServices& services_;
};

} // namespace topcoat::http
