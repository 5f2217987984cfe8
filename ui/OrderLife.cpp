#include "OrderLife.h"

#include "JsonReaders.h"

#include <QHash>

namespace topcoat::ui {
using namespace jsonread;
namespace {

// server/API.md's table; a status missing here (final, or unknown to this console) moves nowhere.
const QHash<QString, QStringList>& moves() {
    static const QHash<QString, QStringList> table{
        {QStringLiteral("confirmed"), {QStringLiteral("fulfilled"), QStringLiteral("cancelled")}},
        {QStringLiteral("awaiting_payment"),
         {QStringLiteral("paid"), QStringLiteral("expired"), QStringLiteral("cancelled")}},
        {QStringLiteral("paid"), {QStringLiteral("fulfilled"), QStringLiteral("refunded")}},
        {QStringLiteral("fulfilled"), {QStringLiteral("refunded")}},
    };
    return table;
}

std::optional<OrderMove> parseOrderMove(const QJsonObject& json) {
    OrderMove move;
    if (readString(json, "status", move.status) && readTime(json, "at", move.at) &&
        readString(json, "by", move.by) && readString(json, "note", move.note) &&
        readBool(json, "units_returned", move.unitsReturned))
        return move;
    return std::nullopt;
}

} // namespace

QStringList orderStatuses() {
    return {QStringLiteral("confirmed"), QStringLiteral("awaiting_payment"),
            QStringLiteral("paid"),      QStringLiteral("expired"),
            QStringLiteral("fulfilled"), QStringLiteral("cancelled"),
            QStringLiteral("refunded")};
}

QString orderStatusTitle(const QString& status) {
    if (status.isEmpty())
        return status;
    auto title = status;
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    title[0] = title[0].toUpper();
    return title;
}

bool orderMoveAllowed(const QString& from, const QString& to) {
    return moves().value(from).contains(to);
}

std::optional<OrderDetail> parseOrderDetail(const QJsonObject& json) {
    OrderDetail detail;
    QJsonObject order;
    std::optional<Order> parsed;
    if (readObject(json, "order", order) && (parsed = parseOrder(order)) &&
        readBool(json, "units_returned", detail.unitsReturned) &&
        readList(json, "history", detail.history, parseOrderMove)) {
        detail.order = *parsed;
        return detail;
    }
    return std::nullopt;
}

QJsonObject orderStatusChangeBody(const OrderStatusChange& change) {
    QJsonObject body{{QStringLiteral("status"), change.status}};
    if (change.restock)
        body.insert(QStringLiteral("restock"), *change.restock);
    if (!change.by.isEmpty())
        body.insert(QStringLiteral("by"), change.by);
    if (!change.note.isEmpty())
        body.insert(QStringLiteral("note"), change.note);
    return body;
}

} // namespace topcoat::ui
