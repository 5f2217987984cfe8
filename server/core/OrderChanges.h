#pragma once

// Moves orders through their life (OrderStatus.h) and gives back to stock what a move
// returns. The store decides the move in one transaction (so it happens once however many
// storefronts try); only the storefront whose move it was then returns the units to stock and
// to the customer's count under the sale's limit, and takes them off the sale's sold count.

#include "Order.h"
#include "Result.h"
#include "SaleSchedule.h"
#include "StockLedger.h"

#include <string>

namespace topcoat {

enum class OrderChangeError {
    UnknownOrder,
    NotAllowed, // no such move from the order's status
};

struct OrderMove {
    OrderStatus to = OrderStatus::Confirmed;
    bool restock = false; // for a refund: put the units back on sale
    std::string actor;
    std::string note;
};

class OrderChanges {
public:
    OrderChanges(OrderStatusStore& store, StockLedger& stock, SaleSchedule& sales,
                 const Clock& clock)
        : store_(store), stock_(stock), sales_(sales), clock_(clock) {}

    // The order as it is after the move. Throws StorageError when the store is away.
    Result<Order, OrderChangeError> move(const std::string& orderId, const OrderMove& move);

private:
    void giveBack(const Order& order);

    OrderStatusStore& store_;
    StockLedger& stock_;
    SaleSchedule& sales_;
    const Clock& clock_;
};

} // namespace topcoat
