#pragma once

// GET /api/orders/{order_id} on the storefront, GET /admin/orders?limit=&after= on the admin
// port.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class OrderRoutes {
public:
    explicit OrderRoutes(const ShopServices& services) : services_(services) {}
    void addPublicTo(Router& router);
    void addAdminTo(Router& router);

    static constexpr int defaultPageSize = 100;
    static constexpr int maxPageSize = 1000;

private:
    HttpResponse find(const HttpRequest& request);
    HttpResponse page(const HttpRequest& request);

    const ShopServices& services_;
};

} // namespace topcoat::http
