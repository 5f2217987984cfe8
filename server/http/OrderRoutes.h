#pragma once

// GET /api/orders/{order_id} on the storefront, GET /admin/orders?limit=&after= on the admin
// port.

#include "Router.h"
#include "server/core/Order.h"

namespace topcoat::http {

class OrderRoutes {
public:
    explicit OrderRoutes(OrderLookup& orders) : orders_(orders) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse find(const HttpRequest& request);
    HttpResponse page(const HttpRequest& request);

    static constexpr int defaultPageSize = 100;
    static constexpr int maxPageSize = 1000;

private:
    OrderLookup& orders_;
};

} // namespace topcoat::http
