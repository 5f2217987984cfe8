#include "OrderQueries.h"

#include "Connection.h"
#include "DbError.h"
#include "OutboxQueries.h"
#include "Statements.h"
#include "TimeText.h"

#include <QVariant>

namespace topcoat::db {
namespace {

const QString orderColumns = QStringLiteral(
    "o.seq, o.order_id, o.sku, o.quantity, o.unit_price_cents, o.total_cents, o.customer, "
    "o.sale_id, o.created_at, k.key, o.status, o.units_returned, o.ship_name, o.ship_line1, "
    "o.ship_line2, o.ship_city, o.ship_postal_code, o.ship_country FROM orders o "
    "LEFT JOIN idempotency_keys k "
    "ON k.order_id = o.order_id");

OrderRow readOrder(const QSqlQuery& query) {
    OrderRow row;
    row.seq = query.value(0).toLongLong();
    row.orderId = query.value(1).toString().toStdString();
    row.sku = query.value(2).toString().toStdString();
    row.quantity = query.value(3).toLongLong();
    row.unitPriceCents = query.value(4).toLongLong();
    row.totalCents = query.value(5).toLongLong();
    row.customer = query.value(6).toString().toStdString();
    if (!query.value(7).isNull())
        row.saleId = query.value(7).toLongLong();
    row.createdAt = unixSeconds(query.value(8).toString());
    if (!query.value(9).isNull())
        row.idempotencyKey = query.value(9).toString().toStdString();
    row.status = query.value(10).toString().toStdString();
    row.unitsReturned = query.value(11).toLongLong() != 0;
    if (!query.value(12).isNull()) {
        const auto textAt = [&](int column) {
            return query.value(column).toString().toStdString();
        };
        row.shipping =
            ShippingRow{textAt(12), textAt(13), textAt(14), textAt(15), textAt(16), textAt(17)};
    }
    return row;
}

std::vector<OrderRow> readOrders(QSqlQuery& query) {
    if (!query.exec())
        throw DbError("read orders", query.lastError());
    std::vector<OrderRow> rows;
    while (query.next())
        rows.push_back(readOrder(query));
    return rows;
}

} // namespace

OrderInserter::OrderInserter(QSqlDatabase& db)
    : db_(db), postgres_(isPostgres(db)), insertOrder_(db), insertKey_(db), insertEvent_(db) {
    if (!insertOrder_.prepare(QStringLiteral(
            "INSERT INTO orders (order_id, sku, quantity, unit_price_cents, total_cents, "
            "customer, sale_id, created_at, ship_name, ship_line1, ship_line2, ship_city, "
            "ship_postal_code, ship_country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        throw DbError("prepare order insert", insertOrder_.lastError());
    if (!insertKey_.prepare(
            QStringLiteral("INSERT INTO idempotency_keys (key, order_id) VALUES (?, ?)")))
        throw DbError("prepare idempotency insert", insertKey_.lastError());
    if (!insertEvent_.prepare(QStringLiteral(
            "INSERT INTO outbox (type, order_id, at) VALUES ('order.created', ?, ?)")))
        throw DbError("prepare order event insert", insertEvent_.lastError());
}

void OrderInserter::insert(const OrderRow& order, bool announce) {
    // An order with a key or an event is several rows: a savepoint makes them land together or
    // not at all, without giving up the batch's shared transaction. PostgreSQL aborts the whole
    // transaction on any failed statement, so there every order gets one.
    const bool withKey = order.idempotencyKey.has_value();
    const bool savepoint = withKey || announce || postgres_;
    if (savepoint)
        execOrThrow(db_, QStringLiteral("SAVEPOINT order_row"), "savepoint");

    insertOrder_.bindValue(0, text(order.orderId));
    insertOrder_.bindValue(1, text(order.sku));
    insertOrder_.bindValue(2, QVariant::fromValue<qlonglong>(order.quantity));
    insertOrder_.bindValue(3, QVariant::fromValue<qlonglong>(order.unitPriceCents));
    insertOrder_.bindValue(4, QVariant::fromValue<qlonglong>(order.totalCents));
    insertOrder_.bindValue(5, text(order.customer));
    insertOrder_.bindValue(6, order.saleId ? QVariant::fromValue<qlonglong>(*order.saleId)
                                           : QVariant(QMetaType::fromType<qlonglong>()));
    insertOrder_.bindValue(7, timeText(order.createdAt));
    const auto& to = order.shipping;
    const QVariant none(QMetaType::fromType<QString>());
    int column = 8;
    for (const auto* part :
         {to ? &to->name : nullptr, to ? &to->line1 : nullptr, to ? &to->line2 : nullptr,
          to ? &to->city : nullptr, to ? &to->postalCode : nullptr, to ? &to->country : nullptr})
        insertOrder_.bindValue(column++, part ? QVariant(text(*part)) : none);
    bool ok = insertOrder_.exec();
    QSqlError error = insertOrder_.lastError();
    if (ok && withKey) {
        insertKey_.bindValue(0, text(*order.idempotencyKey));
        insertKey_.bindValue(1, text(order.orderId));
        ok = insertKey_.exec();
        error = insertKey_.lastError();
    }
    if (ok && announce) {
        insertEvent_.bindValue(0, text(order.orderId));
        insertEvent_.bindValue(1, timeText(order.createdAt));
        ok = insertEvent_.exec();
        error = insertEvent_.lastError();
    }
    if (savepoint) {
        if (!ok)
            execOrThrow(db_, QStringLiteral("ROLLBACK TO order_row"), "roll back savepoint");
        execOrThrow(db_, QStringLiteral("RELEASE order_row"), "release savepoint");
    }
    if (!ok)
        throw DbError("insert order", error);
}

namespace {

std::optional<OrderRow> findOneWhere(QSqlDatabase& db, const QString& condition,
                                     const std::string& value) {
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT ") + orderColumns + QStringLiteral(" WHERE ") + condition);
    query.addBindValue(text(value));
    auto rows = readOrders(query);
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

} // namespace

std::optional<OrderRow> findOrder(QSqlDatabase& db, const std::string& orderId) {
    return findOneWhere(db, QStringLiteral("o.order_id = ?"), orderId);
}

std::optional<OrderRow> findOrderByKey(QSqlDatabase& db, const std::string& idempotencyKey) {
    return findOneWhere(db, QStringLiteral("k.key = ?"), idempotencyKey);
}

std::vector<OrderRow> ordersAfter(QSqlDatabase& db, std::int64_t after, int limit) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + orderColumns +
                  QStringLiteral(" WHERE o.seq > ? ORDER BY o.seq LIMIT ?"));
    query.addBindValue(QVariant::fromValue<qlonglong>(after));
    query.addBindValue(limit);
    return readOrders(query);
}

std::vector<OrderRow> idempotentOrders(QSqlDatabase& db) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + orderColumns +
                  QStringLiteral(" WHERE k.key IS NOT NULL ORDER BY o.seq"));
    return readOrders(query);
}

StatusChangeReply changeOrderStatus(QSqlDatabase& db, const StatusChangeRow& change,
                                    bool announce) {
    using Outcome = StatusChangeReply::Outcome;
    QStringList marks;
    for (std::size_t i = 0; i < change.from.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery update(db);
    // The status condition makes the move happen once: of two transactions moving one order,
    // the second finds it moved already and changes nothing.
    update.prepare(QStringLiteral("UPDATE orders SET status = ?, units_returned = CASE WHEN ? = 1 "
                                  "THEN 1 ELSE units_returned END "
                                  "WHERE order_id = ? AND status IN (") +
                   marks.join(QStringLiteral(", ")) + QStringLiteral(")"));
    update.addBindValue(text(change.event.status));
    update.addBindValue(change.event.unitsReturned ? 1 : 0);
    update.addBindValue(text(change.orderId));
    for (const auto& status : change.from)
        update.addBindValue(text(status));
    if (!update.exec())
        throw DbError("change the order's status", update.lastError());
    const bool moved = update.numRowsAffected() == 1;

    if (moved) {
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO order_events (order_id, status, at, actor, "
                                      "note, units_returned) VALUES (?, ?, ?, ?, ?, ?)"));
        insert.addBindValue(text(change.orderId));
        insert.addBindValue(text(change.event.status));
        insert.addBindValue(timeText(change.event.at));
        insert.addBindValue(text(change.event.actor));
        insert.addBindValue(text(change.event.note));
        insert.addBindValue(change.event.unitsReturned ? 1 : 0);
        if (!insert.exec())
            throw DbError("record the order's move", insert.lastError());
        if (announce)
            insertOutboxEvent(db, "order." + change.event.status, change.orderId, change.event.at);
    }
    StatusChangeReply reply;
    reply.order = findOrder(db, change.orderId);
    reply.outcome = moved         ? Outcome::Changed
                    : reply.order ? Outcome::NotAllowed
                                  : Outcome::UnknownOrder;
    return reply;
}

std::vector<OrderEventRow> orderEvents(QSqlDatabase& db, const std::string& orderId) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT status, at, actor, note, units_returned FROM order_events "
                                 "WHERE order_id = ? ORDER BY id"));
    query.addBindValue(text(orderId));
    if (!query.exec())
        throw DbError("read the order's moves", query.lastError());
    std::vector<OrderEventRow> events;
    while (query.next())
        events.push_back(
            {query.value(0).toString().toStdString(), unixSeconds(query.value(1).toString()),
             query.value(2).toString().toStdString(), query.value(3).toString().toStdString(),
             query.value(4).toLongLong() != 0});
    return events;
}

} // namespace topcoat::db
