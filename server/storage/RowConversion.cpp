#include "RowConversion.h"

namespace topcoat::storage {

db::ProductRow toRow(const Product& product) {
    return {product.sku, product.name, product.shadeHex, product.priceCents, product.archived};
}

Product fromRow(const db::ProductRow& row) {
    return {row.sku, row.name, row.shadeHex, row.priceCents, row.archived};
}

db::OrderRow toRow(const Order& order) {
    db::OrderRow row;
    row.orderId = order.orderId;
    row.sku = order.sku;
    row.quantity = order.quantity;
    row.unitPriceCents = order.unitPriceCents;
    row.totalCents = order.totalCents;
    row.customer = order.customer;
    row.saleId = order.saleId;
    row.createdAt = toUnixSeconds(order.createdAt);
    row.idempotencyKey = order.idempotencyKey;
    if (const auto& to = order.shipping)
        row.shipping =
            db::ShippingRow{to->name, to->line1, to->line2, to->city, to->postalCode, to->country};
    return row;
}

Order fromRow(const db::OrderRow& row) {
    Order order;
    order.orderId = row.orderId;
    order.sku = row.sku;
    order.quantity = row.quantity;
    order.unitPriceCents = row.unitPriceCents;
    order.totalCents = row.totalCents;
    order.customer = row.customer;
    order.saleId = row.saleId;
    order.createdAt = fromUnixSeconds(row.createdAt);
    order.idempotencyKey = row.idempotencyKey;
    order.status = parseOrderStatus(row.status).value_or(OrderStatus::Confirmed);
    order.unitsReturned = row.unitsReturned;
    if (const auto& to = row.shipping)
        order.shipping =
            ShippingAddress{to->name, to->line1, to->line2, to->city, to->postalCode, to->country};
    return order;
}

db::OrderEventRow toRow(const OrderEvent& event) {
    return {std::string(toString(event.status)), toUnixSeconds(event.at), event.actor, event.note,
            event.unitsReturned};
}

OrderEvent fromRow(const db::OrderEventRow& row) {
    return {parseOrderStatus(row.status).value_or(OrderStatus::Confirmed), fromUnixSeconds(row.at),
            row.actor, row.note, row.unitsReturned};
}

db::SaleRow toRow(const Sale& sale) {
    db::SaleRow row;
    row.id = sale.id;
    row.name = sale.name;
    row.startsAt = toUnixSeconds(sale.startsAt);
    row.endsAt = toUnixSeconds(sale.endsAt);
    row.perCustomerLimit = sale.perCustomerLimit;
    row.cancelled = sale.cancelled;
    for (const auto& item : sale.items)
        row.items.push_back({item.sku, item.salePriceCents, item.sold->load()});
    return row;
}

Sale fromRow(const db::SaleRow& row) {
    Sale sale;
    sale.id = row.id;
    sale.name = row.name;
    sale.startsAt = fromUnixSeconds(row.startsAt);
    sale.endsAt = fromUnixSeconds(row.endsAt);
    sale.perCustomerLimit = row.perCustomerLimit;
    sale.cancelled = row.cancelled;
    for (const auto& itemRow : row.items) {
        SaleItem item{itemRow.sku, itemRow.salePriceCents};
        item.sold->store(itemRow.sold);
        sale.items.push_back(std::move(item));
    }
    return sale;
}

} // namespace topcoat::storage
