#pragma once

// The core's order sink, lookup and status store, backed by the shop's database (orders
// group-committed).

#include "db/Store.h"
#include "server/core/Order.h"

namespace topcoat::storage {

class SqlOrderStore final : public OrderSink, public OrderLookup, public OrderStatusStore {
public:
    explicit SqlOrderStore(db::Store& store) : store_(store) {}

    bool persist(const Order& order) override;
    std::optional<Order> findByIdempotencyKey(const std::string& key) override;
    std::optional<Order> find(const std::string& orderId) override;
    OrderPage page(std::int64_t after, int limit) override;
    std::vector<OrderEvent> history(const std::string& orderId) override;
    StatusChangeResult changeStatus(const StatusChange& change) override;

private:
    db::Store& store_;
};

} // namespace topcoat::storage
