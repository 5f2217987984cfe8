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
    // Inserts the order (and its idempotency key) or nothing; throws DbError on failure.
    void insert(const OrderRow& order);

private:
    QSqlDatabase& db_;
    bool postgres_;
    QSqlQuery insertOrder_;
    QSqlQuery insertKey_;
};

std::optional<OrderRow> findOrder(QSqlDatabase& db, const std::string& orderId);
std::optional<OrderRow> findOrderByKey(QSqlDatabase& db, const std::string& idempotencyKey);
// Orders with seq > after, oldest first.
std::vector<OrderRow> ordersAfter(QSqlDatabase& db, std::int64_t after, int limit);
std::vector<OrderRow> idempotentOrders(QSqlDatabase& db);

// Within the caller's transaction: the status, the returned units and the event together.
StatusChangeReply changeOrderStatus(QSqlDatabase& db, const StatusChangeRow& change);
// Oldest first.
std::vector<OrderEventRow> orderEvents(QSqlDatabase& db, const std::string& orderId);

} // namespace topcoat::db
