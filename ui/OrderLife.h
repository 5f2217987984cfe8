#pragma once

// An order's life as server/API.md "An order's life" tells it: the statuses, the moves staff may
// make between them, and the shapes of GET /admin/orders/{id} and its status change.

#include "ApiTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

// Every status an order can have, in the order of its life.
QStringList orderStatuses();
// "awaiting_payment" -> "Awaiting payment", as the console shows it.
QString orderStatusTitle(const QString& status);
// Whether the API allows `from` -> `to` (the table in server/API.md); the console offers only
// those moves, the server still has the last word.
bool orderMoveAllowed(const QString& from, const QString& to);

// One move in an order's history.
struct OrderMove {
    QString status; // the status it moved to
    QDateTime at;   // UTC
    QString by;
    QString note; // "" for none
    bool unitsReturned = false;
};

// GET /admin/orders/{id}: the order as it is now and how it got there, oldest move first.
struct OrderDetail {
    Order order;
    bool unitsReturned = false; // its units went back on sale (cancelled, or refunded + restock)
    QList<OrderMove> history;
};

// The body of POST /admin/orders/{id}/status.
struct OrderStatusChange {
    QString status;              // fulfilled | cancelled | refunded
    std::optional<bool> restock; // required with refunded, never sent otherwise
    QString by;                  // "" lets the server say "staff"
    QString note;                // "" for none
};

std::optional<OrderDetail> parseOrderDetail(const QJsonObject& json);
QJsonObject orderStatusChangeBody(const OrderStatusChange& change);

} // namespace topcoat::ui
