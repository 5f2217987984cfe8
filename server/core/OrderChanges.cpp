#include "OrderChanges.h"

namespace topcoat {

Result<Order, OrderChangeError> OrderChanges::move(const std::string& orderId,
                                                   const OrderMove& move) {
    StatusChange change;
    change.orderId = orderId;
    change.from = statusesBefore(move.to);
    change.event.status = move.to;
    change.event.at = clock_.now();
    change.event.actor = move.actor;
    change.event.note = move.note;
    change.event.unitsReturned = returnsUnits(move.to, move.restock);
    if (change.from.empty())
        return fail(OrderChangeError::NotAllowed); // nothing moves into it (confirmed)

    auto result = store_.changeStatus(change);
    switch (result.outcome) {
    case StatusChangeOutcome::UnknownOrder:
        return fail(OrderChangeError::UnknownOrder);
    case StatusChangeOutcome::NotAllowed:
        return fail(OrderChangeError::NotAllowed);
    case StatusChangeOutcome::Changed:
        break;
    }
    if (change.event.unitsReturned)
        giveBack(*result.order);
    return std::move(*result.order);
}

void OrderChanges::giveBack(const Order& order) {
    std::optional<LimitClaim> claim;
    if (order.saleId)
        claim = LimitClaim{StockLedger::limitKey(*order.saleId, order.sku, order.customer), 0};
    stock_.returnSold(order.sku, order.quantity, claim);
    if (!order.saleId)
        return;
    if (const auto sale = sales_.find(*order.saleId))
        if (const auto* item = sale->item(order.sku))
            item->sold->fetch_sub(order.quantity, std::memory_order_relaxed);
}

} // namespace topcoat
