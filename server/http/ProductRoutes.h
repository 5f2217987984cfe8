#pragma once

// GET /api/products (optionally ?q= when search is on) and GET /api/products/{sku}.
// The list is the busiest route of a sale, so its JSON is rendered once per change of
// catalog, stock or live sales and then shared by every request.

#include "Router.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/Degradation.h"
#include "server/core/SaleSchedule.h"
#include "server/core/StockLedger.h"

#include <atomic>
#include <memory>
#include <vector>

namespace topcoat::http {

class ProductRoutes {
public:
    ProductRoutes(const Clock& clock, Catalog& catalog, SaleSchedule& sales, StockLedger& stock,
                  Degradation& degradation)
        : clock_(clock), catalog_(catalog), sales_(sales), stock_(stock),
          degradation_(degradation) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse list(const HttpRequest& request);
    HttpResponse detail(const HttpRequest& request);

private:
    struct ListKey {
        std::uint64_t catalogVersion = 0;
        std::uint64_t stockGeneration = 0;
        std::vector<std::int64_t> liveSales;
        bool operator==(const ListKey&) const = default;
    };
    struct CachedList {
        ListKey key;
        std::shared_ptr<const std::string> body;
    };

    std::shared_ptr<const std::string> cachedList();
    std::string renderList(const std::string* search, bool searchDegraded) const;

    const Clock& clock_;
    Catalog& catalog_;
    SaleSchedule& sales_;
    StockLedger& stock_;
    Degradation& degradation_;
    std::atomic<std::shared_ptr<const CachedList>> cache_;
};

} // namespace topcoat::http
