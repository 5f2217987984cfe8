#pragma once

// A confirmed order, and the narrow interfaces the checkout uses to make it durable and to find
// it again. The storage behind them is chosen by whoever composes the server.

#include "Clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace topcoat {

struct Order {
    std::string orderId;
    std::string sku;
    std::int64_t quantity = 0;
    std::int64_t unitPriceCents = 0;
    std::int64_t totalCents = 0;
    std::string customer;
    TimePoint createdAt;
    std::optional<std::int64_t> saleId;
    std::optional<std::string> idempotencyKey;
};

class OrderSink {
public:
    virtual ~OrderSink() = default;
    // Blocks until the order is durable; false if it could not be made so (disk full, I/O error,
    // or its idempotency key already taken by another storefront of the shop).
    virtual bool persist(const Order& order) = 0;
    // The durable order under `key`, whichever storefront committed it; nothing when there is
    // none or the store cannot say. Asked only after persist() failed, so it may be slow.
    virtual std::optional<Order> findByIdempotencyKey(const std::string& key) {
        (void)key;
        return std::nullopt;
    }
};

struct OrderPage {
    std::vector<Order> orders;
    std::optional<std::int64_t> next; // cursor for the following page
    std::optional<std::int64_t> last; // cursor of this page's last order (poll from there)
};

class OrderLookup {
public:
    virtual ~OrderLookup() = default;
    virtual std::optional<Order> find(const std::string& orderId) = 0;
    // Orders after `after` (a cursor from a previous page, 0 for the start), oldest first.
    virtual OrderPage page(std::int64_t after, int limit) = 0;
};

} // namespace topcoat
