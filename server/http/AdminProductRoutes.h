#pragma once

// The owner's product routes: GET/POST /admin/products, PUT /admin/products/{sku},
// POST /admin/products/{sku}/restock.

#include "Router.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/SaleSchedule.h"
#include "server/core/ShopAdmin.h"
#include "server/core/StockLedger.h"

namespace topcoat::http {

class AdminProductRoutes {
public:
    AdminProductRoutes(const Clock& clock, Catalog& catalog, const StockLedger& stock,
                       SaleSchedule& sales, ShopAdmin& admin)
        : clock_(clock), catalog_(catalog), stock_(stock), sales_(sales), admin_(admin) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse list(const HttpRequest& request);
    HttpResponse create(const HttpRequest& request);
    HttpResponse update(const HttpRequest& request);
    HttpResponse restock(const HttpRequest& request);

    static constexpr std::int64_t maxPriceCents = 100'000'000;
    static constexpr std::int64_t maxStock = 1'000'000'000;

private:
    HttpResponse productResponse(int status, const std::string& sku) const;

    const Clock& clock_;
    Catalog& catalog_;
    const StockLedger& stock_;
    SaleSchedule& sales_;
    ShopAdmin& admin_;
};

} // namespace topcoat::http
