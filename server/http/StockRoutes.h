#pragma once

// GET /api/stock: the units available per SKU and the degraded features, for open pages that
// poll every few seconds. The body is rendered once per change of catalog, stock or feature
// switches and shared; its ETag lets the many pollers mostly receive a bodiless 304, so
// thousands of watchers cost short requests instead of a thread each.

#include "Router.h"
#include "server/core/Catalog.h"
#include "server/core/Degradation.h"
#include "server/core/StockLedger.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace topcoat::http {

class StockRoutes {
public:
    StockRoutes(Catalog& catalog, StockLedger& stock, Degradation& degradation);
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse stock(const HttpRequest& request);

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

    std::shared_ptr<const Cached> current();
    Key currentKey() const;

    Catalog& catalog_;
    StockLedger& stock_;
    Degradation& degradation_;
    // Counters restart with the process; this keeps a tag from one run valid in the next.
    std::string runId_;
    std::atomic<std::shared_ptr<const Cached>> cache_;
};

} // namespace topcoat::http
