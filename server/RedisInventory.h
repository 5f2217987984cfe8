#pragma once

// The shop's stock in Redis (topcoatd --inventory redis://HOST:PORT), rebuilt when needed from
// the orders in this storefront's database.

#include "db/Store.h"
#include "server/core/Order.h"
#include "server/redis/RedisStock.h"

#include <memory>

namespace topcoat {

class RedisInventory {
public:
    // Connects and rebuilds Redis from `store` if it does not hold the shop's stock yet; throws
    // StorageError when Redis cannot be reached. `store` and `orders` must outlive stop().
    RedisInventory(const redis::RedisAddress& address, std::chrono::seconds holdGrace,
                   db::Store& store, OrderLookup& orders);
    ~RedisInventory();

    StockLedger& ledger() { return *stock_; }
    // The pool of connections, for the waiting room in the same Redis.
    redis::RedisConnections& connections() { return connections_; }
    // Stops refreshing and reconciling, before the database closes.
    void stop() { stock_.reset(); }

private:
    redis::RedisConnections connections_;
    std::unique_ptr<redis::RedisStock> stock_;
};

} // namespace topcoat
