#pragma once

// GET /api/sales/current on the storefront; GET/POST /admin/sales and PUT/DELETE
// /admin/sales/{id} on the admin port.

#include "Router.h"
#include "server/core/Clock.h"
#include "server/core/SaleSchedule.h"
#include "server/core/ShopAdmin.h"

namespace topcoat::http {

class SaleRoutes {
public:
    SaleRoutes(const Clock& clock, SaleSchedule& sales, ShopAdmin& admin)
        : clock_(clock), sales_(sales), admin_(admin) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse current(const HttpRequest& request);
    HttpResponse list(const HttpRequest& request);
    HttpResponse create(const HttpRequest& request);
    HttpResponse update(const HttpRequest& request);
    HttpResponse cancel(const HttpRequest& request);

    static constexpr std::int64_t maxItems = 200;
    static constexpr std::int64_t maxPerCustomerLimit = 1000;

private:
    const Clock& clock_;
    SaleSchedule& sales_;
    ShopAdmin& admin_;
};

} // namespace topcoat::http
