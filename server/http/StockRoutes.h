#pragma once

// GET /api/stock: the units available per SKU and the degraded features, for open pages that
// poll every few seconds. The body is rendered once per change of catalog, stock or feature
// switches and shared; its ETag lets the many pollers mostly receive a bodiless 304, so
// thousands of watchers cost short requests instead of a thread each.

#include "Router.h"
#include "ShopServices.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace topcoat::http {

class StockRoutes {
public:
    explicit StockRoutes(const ShopServices& services);
    void addTo(Router& router);

private:
    struct Key {
        std::uint64_t catalogVersion = 0;
        std::uint64_t stockGeneration = 0;
        std::uint32_t degradedFeatures = 0; // one bit per Feature
        bool operator==(const Key&) const = default;
    };
    struct Cached {
        Key key;
        std::string etag;
        std::shared_ptr<const std::string> body;
    };

    HttpResponse stock(const HttpRequest& request);
    std::shared_ptr<const Cached> current();
    Key currentKey() const;

    const ShopServices& services_;
    // Counters restart with the process; this keeps a tag from one run valid in the next.
    std::string runId_;
    std::atomic<std::shared_ptr<const Cached>> cache_;
};

} // namespace topcoat::http
