#pragma once

// GET /api/sales/current on the storefront; GET/POST /admin/sales and PUT/DELETE
// /admin/sales/{id} on the admin port.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class SaleRoutes {
public:
    explicit SaleRoutes(const ShopServices& services) : services_(services) {}
    void addPublicTo(Router& router);
    void addAdminTo(Router& router);

    static constexpr std::int64_t maxItems = 200;
    static constexpr std::int64_t maxPerCustomerLimit = 1000;

private:
    HttpResponse current(const HttpRequest& request);
    HttpResponse list(const HttpRequest& request);
    HttpResponse create(const HttpRequest& request);
    HttpResponse update(const HttpRequest& request);
    HttpResponse cancel(const HttpRequest& request);

    const ShopServices& services_;
};

} // namespace topcoat::http
