#pragma once

// The storefront's long-lived parts as the route handlers see them. Owned by the Storefront;
// handlers hold only this bundle of references.

#include "server/core/Catalog.h"
#include "server/core/Checkout.h"
#include "server/core/Clock.h"
#include "server/core/Degradation.h"
#include "server/core/Inventory.h"
#include "server/core/Metrics.h"
#include "server/core/Order.h"
#include "server/core/Protection.h"
#include "server/core/SaleSchedule.h"
#include "server/core/ShopAdmin.h"
#include "server/core/StatsHistory.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace topcoat {
class LogRing;
}

namespace topcoat::http {

// Facts about the running server for /admin/status and /admin/stats.
struct ServerFacts {
    std::string version;
    TimePoint startedAt;
    std::string bind;
    std::function<std::uint16_t()> storefrontPort;
    std::function<std::uint16_t()> adminPort;
    std::string durability;
    std::string databasePath;
    std::function<std::int64_t()> databaseBytes;
    std::function<std::uint64_t()> ordersCommitted;
    std::function<std::uint64_t()> commitBatches;
};

struct ShopServices {
    const Clock& clock;
    Catalog& catalog;
    SaleSchedule& sales;
    Inventory& inventory;
    Degradation& degradation;
    CheckoutService& checkout;
    ShopAdmin& admin;
    OrderLookup& orders;
    Metrics& metrics;
    const StatsHistory& history;
    LogRing& logs;
    const std::atomic<bool>& ready;
    const ServerFacts& facts;
    Protection& protection;
    // Keeps a named setting across restarts; throws StorageError when the database fails.
    std::function<void(const std::string& name, const std::string& value)> saveSetting;
};

} // namespace topcoat::http
