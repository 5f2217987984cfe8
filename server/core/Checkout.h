#pragma once

// The checkout hot path after admission: with the waiting room on, take the customer's pass;
// price, reserve stock and the customer's limit in one step, hand the order to durable
// storage, and confirm only once it is on disk. A pass taken for an order that is not
// confirmed is given back, so the customer can try again.

#include "Catalog.h"
#include "Clock.h"
#include "IdempotencyStore.h"
#include "Order.h"
#include "OrderIdGenerator.h"
#include "Result.h"
#include "SaleSchedule.h"
#include "StockLedger.h"
#include "WaitingRoom.h"

#include <optional>
#include <string>

namespace topcoat {

// A request whose fields have already been validated and canonicalised.
struct CheckoutRequest {
    std::string sku;
    std::int64_t quantity = 1;
    std::string customer;
    std::optional<std::string> idempotencyKey;
    std::string queuePass; // empty when none was sent
    std::optional<ShippingAddress> shipping;
};

enum class CheckoutError {
    UnknownSku,
    ProductArchived, // listed no more; answered as an unknown SKU with its own message
    SoldOut,
    PurchaseLimitReached,
    IdempotencyKeyReused, // same key, different request
    NotDurable,           // storage failed; nothing was taken
    // The waiting room is on and the pass is:
    QueuePassMissing,
    QueuePassExpired,
    QueuePassUsed,    // by another order
    QueuePassInvalid, // malformed, forged, or another customer's
};

class CheckoutService {
public:
    CheckoutService(Catalog& catalog, SaleSchedule& sales, StockLedger& stock,
                    IdempotencyStore& idempotency, WaitingRoom& room, OrderSink& sink,
                    OrderIdGenerator& ids, const Clock& clock);

    Result<Order, CheckoutError> checkout(const CheckoutRequest& request);

private:
    Result<Order, CheckoutError> checkoutOnce(const CheckoutRequest& request);
    Result<Order, CheckoutError> placeOrder(const CheckoutRequest& request);
    std::optional<Order> committedElsewhere(const std::string& key);

    Catalog& catalog_;
    SaleSchedule& sales_;
    StockLedger& stock_;
    IdempotencyStore& idempotency_;
    WaitingRoom& room_;
    OrderSink& sink_;
    OrderIdGenerator& ids_;
    const Clock& clock_;
};

} // namespace topcoat
