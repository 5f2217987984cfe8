#pragma once

// The core's order sink and lookup, backed by the SQLite store (group-committed writes).

#include "db/Store.h"
#include "server/core/Order.h"

namespace topcoat::storage {

class SqlOrderStore final : public OrderSink, public OrderLookup {
public:
    explicit SqlOrderStore(db::Store& store) : store_(store) {}

    bool persist(const Order& order) override;
    std::optional<Order> findByIdempotencyKey(const std::string& key) override;
    std::optional<Order> find(const std::string& orderId) override;
    OrderPage page(std::int64_t after, int limit) override;

private:
    db::Store& store_;
};

} // namespace topcoat::storage
