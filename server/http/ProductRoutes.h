#pragma once

// GET /api/products (optionally ?q= when search is on) and GET /api/products/{sku}.
// The list is the busiest route of a sale, so its JSON is rendered once per change of
// catalog, stock or live sales and then shared by every request.

#include "Router.h"
#include "ShopServices.h"

#include <atomic>
#include <memory>
#include <vector>

namespace topcoat::http {

class ProductRoutes {
public:
    explicit ProductRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

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

    HttpResponse list(const HttpRequest& request);
    HttpResponse detail(const HttpRequest& request);
    std::shared_ptr<const std::string> cachedList();
    std::string renderList(const std::string* search, bool searchDegraded) const;

    const ShopServices& services_;
    std::atomic<std::shared_ptr<const CachedList>> cache_;
};

} // namespace topcoat::http
