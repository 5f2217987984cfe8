#pragma once

// GET /api/orders/{order_id} on the storefront; on the admin port GET /admin/orders?limit=&after=,
// GET /admin/orders/{order_id} (with its history) and POST /admin/orders/{order_id}/status.

#include "Router.h"
#include "server/core/Order.h"
#include "server/core/OrderChanges.h"

namespace topcoat::http {

class OrderRoutes {
public:
    OrderRoutes(OrderLookup& orders, OrderChanges& changes) : orders_(orders), changes_(changes) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse find(const HttpRequest& request);
    HttpResponse page(const HttpRequest& request);
    HttpResponse detail(const HttpRequest& request);
    HttpResponse changeStatus(const HttpRequest& request);

    static constexpr int defaultPageSize = 100;
    static constexpr int maxPageSize = 1000;

private:
    std::optional<Order> findById(const std::string& orderId);
    HttpResponse detailResponse(const Order& order);

    OrderLookup& orders_;
    OrderChanges& changes_;
};

} // namespace topcoat::http
