#pragma once

// An order, and the narrow interfaces the checkout uses to make it durable and to find it
// again, and staff to move it through its life. The storage behind them is chosen by whoever
// composes the server.

#include "Clock.h"
#include "OrderStatus.h"
#include "ShippingAddress.h"

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
    OrderStatus status = OrderStatus::Confirmed;
    bool unitsReturned = false; // its units went back to stock (expired, cancelled, restocked)
    std::optional<ShippingAddress> shipping; // none: the checkout gave no address
};

// One move in an order's life, as stored: into `status`, when, and by whom.
struct OrderEvent {
    OrderStatus status = OrderStatus::Confirmed;
    TimePoint at;
    std::string actor; // who made the change: a name staff gave, or "staff"
    std::string note;
    bool unitsReturned = false;
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
    // The order's moves since it was placed, oldest first.
    virtual std::vector<OrderEvent> history(const std::string& orderId) = 0;
};

// A move the store makes only if the order is in one of `from` when it looks, in one
// transaction with the event that records it; so of two storefronts moving one order at once,
// exactly one moves it (and gives its units back).
struct StatusChange {
    std::string orderId;
    std::vector<OrderStatus> from;
    OrderEvent event; // `event.status` is where it moves to
};

enum class StatusChangeOutcome { Changed, UnknownOrder, NotAllowed };

struct StatusChangeResult {
    StatusChangeOutcome outcome = StatusChangeOutcome::UnknownOrder;
    std::optional<Order> order; // as it is now: after the move, or as found when refused
};

class OrderStatusStore {
public:
    virtual ~OrderStatusStore() = default;
    // Throws StorageError when the store cannot be reached; nothing is then changed.
    virtual StatusChangeResult changeStatus(const StatusChange& change) = 0;
};

} // namespace topcoat
