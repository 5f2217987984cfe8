#pragma once

// The checkout hot path after admission: price, reserve stock and the customer's limit in one
// step, hand the order to durable storage, and confirm only once it is on disk.

#include "Catalog.h"
#include "Clock.h"
#include "IdempotencyStore.h"
#include "Inventory.h"
#include "Order.h"
#include "OrderIdGenerator.h"
#include "Result.h"
#include "SaleSchedule.h"

#include <optional>
#include <string>

namespace topcoat {

// A request whose fields have already been validated and canonicalised.
struct CheckoutRequest {
    std::string sku;
    std::int64_t quantity = 1;
    std::string customer;
    std::optional<std::string> idempotencyKey;
};

enum class CheckoutError {
    UnknownSku,
    SoldOut,
    PurchaseLimitReached,
    IdempotencyKeyReused, // same key, different request
    NotDurable,           // storage failed; nothing was taken
};

class CheckoutService {
public:
    CheckoutService(Catalog& catalog, SaleSchedule& sales, Inventory& inventory,
                    IdempotencyStore& idempotency, OrderSink& sink, OrderIdGenerator& ids,
                    const Clock& clock);

    Result<Order, CheckoutError> checkout(const CheckoutRequest& request);

private:
    Result<Order, CheckoutError> placeOrder(const CheckoutRequest& request);

    Catalog& catalog_;
    SaleSchedule& sales_;
    Inventory& inventory_;
    IdempotencyStore& idempotency_;
    OrderSink& sink_;
    OrderIdGenerator& ids_;
    const Clock& clock_;
};

} // namespace topcoat
