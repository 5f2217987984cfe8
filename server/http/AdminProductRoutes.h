#pragma once

// The owner's product routes: GET/POST /admin/products, PUT /admin/products/{sku},
// POST /admin/products/{sku}/restock.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class AdminProductRoutes {
public:
    explicit AdminProductRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

    static constexpr std::int64_t maxPriceCents = 100'000'000;
    static constexpr std::int64_t maxStock = 1'000'000'000;

private:
    HttpResponse list(const HttpRequest& request);
    HttpResponse create(const HttpRequest& request);
    HttpResponse update(const HttpRequest& request);
    HttpResponse restock(const HttpRequest& request);
    HttpResponse productResponse(int status, const std::string& sku) const;

    const ShopServices& services_;
};

} // namespace topcoat::http
