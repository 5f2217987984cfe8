#pragma once

// SQL for orders: the prepared insert the writer reuses for every order, the reads, and the
// moves of an order's life.

#include "Records.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <optional>
#include <vector>

namespace topcoat::db {

class OrderInserter {
public:
    explicit OrderInserter(QSqlDatabase& db);
    // Inserts the order (and its idempotency key, and its "order.created" event when
    // `announce`) or nothing; throws DbError on failure.
    void insert(const OrderRow& order, bool announce);

private:
    QSqlDatabase& db_;
    bool postgres_;
    QSqlQuery insertOrder_;
    QSqlQuery insertKey_;
    QSqlQuery insertEvent_;
};

std::optional<OrderRow> findOrder(QSqlDatabase& db, const std::string& orderId);
std::optional<OrderRow> findOrderByKey(QSqlDatabase& db, const std::string& idempotencyKey);
// Orders with seq > after, oldest first.
std::vector<OrderRow> ordersAfter(QSqlDatabase& db, std::int64_t after, int limit);
std::vector<OrderRow> idempotentOrders(QSqlDatabase& db);

// Within the caller's transaction: the status, the returned units and the event together, and
// the event in the outbox ("order.STATUS") when `announce`.
StatusChangeReply changeOrderStatus(QSqlDatabase& db, const StatusChangeRow& change, bool announce);
// Oldest first.
std::vector<OrderEventRow> orderEvents(QSqlDatabase& db, const std::string& orderId);

} // namespace topcoat::db
