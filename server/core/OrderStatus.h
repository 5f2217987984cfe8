#pragma once

// Where an order is in its life, and which moves between statuses there are. Without a payment
// provider an order starts `confirmed` (paid on pickup or by invoice); with one it starts
// `awaiting_payment` and is `paid` or `expired`. Staff then fulfil, cancel or refund it.
//
//   awaiting_payment -> paid | expired | cancelled
//   confirmed        -> fulfilled | cancelled
//   paid             -> fulfilled | refunded
//   fulfilled        -> refunded
//   expired, cancelled, refunded: final
//
// An expired or cancelled order's units go back on sale; a refunded one's only if staff say
// so (goods that come back unopened), since a refund may be for goods that never return.

#include <optional>
#include <string_view>
#include <vector>

namespace topcoat {

enum class OrderStatus {
    Confirmed,
    AwaitingPayment,
    Paid,
    Expired,
    Fulfilled,
    Cancelled,
    Refunded
};

// The wire name: "confirmed", "awaiting_payment", "paid", …
std::string_view toString(OrderStatus status);
std::optional<OrderStatus> parseOrderStatus(std::string_view name);

bool canMove(OrderStatus from, OrderStatus to);
// Every status `to` can be reached from.
std::vector<OrderStatus> statusesBefore(OrderStatus to);

// Whether moving into `to` gives the order's units back to stock; `restock` is staff's answer
// to "put the units back on sale?", asked only for a refund.
bool returnsUnits(OrderStatus to, bool restock);

} // namespace topcoat
