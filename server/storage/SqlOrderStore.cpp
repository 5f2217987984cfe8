#include "SqlOrderStore.h"

#include "RowConversion.h"
#include "TranslateDbError.h"

namespace topcoat::storage {

bool SqlOrderStore::persist(const Order& order) {
    return store_.commitOrder(toRow(order));
}

std::optional<Order> SqlOrderStore::findByIdempotencyKey(const std::string& key) {
    const auto row = translateDbError([&] { return store_.findOrderByKey(key); });
    if (!row)
        return std::nullopt;
    return fromRow(*row);
}

std::optional<Order> SqlOrderStore::find(const std::string& orderId) {
    const auto row = translateDbError([&] { return store_.findOrder(orderId); });
    if (!row)
        return std::nullopt;
    return fromRow(*row);
}

OrderPage SqlOrderStore::page(std::int64_t after, int limit) {
    // One extra row tells whether there is a next page.
    auto rows = translateDbError([&] { return store_.ordersAfter(after, limit + 1); });
    OrderPage page;
    const bool more = rows.size() > static_cast<std::size_t>(limit);
    if (more)
        rows.pop_back();
    for (const auto& row : rows)
        page.orders.push_back(fromRow(row));
    if (!rows.empty())
        page.last = rows.back().seq;
    if (more)
        page.next = page.last;
    return page;
}

std::vector<OrderEvent> SqlOrderStore::history(const std::string& orderId) {
    std::vector<OrderEvent> events;
    for (const auto& row : translateDbError([&] { return store_.orderEvents(orderId); }))
        events.push_back(fromRow(row));
    return events;
}

StatusChangeResult SqlOrderStore::changeStatus(const StatusChange& change) {
    db::StatusChangeRow row;
    row.orderId = change.orderId;
    for (const auto status : change.from)
        row.from.emplace_back(toString(status));
    row.event = toRow(change.event);
    const auto reply = translateDbError([&] { return store_.changeOrderStatus(row); });
    StatusChangeResult result;
    using Outcome = db::StatusChangeReply::Outcome;
    result.outcome = reply.outcome == Outcome::Changed      ? StatusChangeOutcome::Changed
                     : reply.outcome == Outcome::NotAllowed ? StatusChangeOutcome::NotAllowed
                                                            : StatusChangeOutcome::UnknownOrder;
    if (reply.order)
        result.order = fromRow(*reply.order);
    return result;
}

} // namespace topcoat::storage
