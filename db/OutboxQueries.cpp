#include "OutboxQueries.h"

#include "Statements.h"
#include "TimeText.h"

namespace topcoat::db {
namespace {

const QString deliveryColumns = QStringLiteral(
    "SELECT o.id, o.type, o.order_id, o.at, d.target, d.state, d.attempts, d.next_attempt_at, "
    "d.last_error, d.sent_at FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id ");

DeliveryRow readDelivery(const QSqlQuery& query) {
    DeliveryRow row;
    row.event = {query.value(0).toLongLong(), query.value(1).toString().toStdString(),
                 query.value(2).toString().toStdString(), unixSeconds(query.value(3).toString())};
    row.target = query.value(4).toString().toStdString();
    row.state = query.value(5).toString().toStdString();
    row.attempts = query.value(6).toLongLong();
    row.nextAttemptAt = unixSeconds(query.value(7).toString());
    row.lastError = query.value(8).toString().toStdString();
    if (!query.value(9).isNull())
        row.sentAt = unixSeconds(query.value(9).toString());
    return row;
}

std::vector<DeliveryRow> readDeliveries(QSqlQuery query) {
    std::vector<DeliveryRow> rows;
    while (query.next())
        rows.push_back(readDelivery(query));
    return rows;
}

} // namespace

void insertOutboxEvent(QSqlDatabase& db, const std::string& type, const std::string& orderId,
                       std::int64_t at) {
    run(db, QStringLiteral("INSERT INTO outbox (type, order_id, at) VALUES (?, ?, ?)"),
        {text(type), text(orderId), timeText(at)}, "write the order event");
}

std::vector<OutboxEventRow> eventsToFanOut(QSqlDatabase& db, int limit) {
    auto query = run(db,
                     QStringLiteral("SELECT id, type, order_id, at FROM outbox "
                                    "WHERE fanned_out = 0 ORDER BY id LIMIT ?"),
                     {limit}, "read new order events");
    std::vector<OutboxEventRow> events;
    while (query.next())
        events.push_back({query.value(0).toLongLong(), query.value(1).toString().toStdString(),
                          query.value(2).toString().toStdString(),
                          unixSeconds(query.value(3).toString())});
    return events;
}

void fanOut(QSqlDatabase& db, const std::vector<FanOutRow>& events, std::int64_t at) {
    for (const auto& event : events) {
        for (const auto& target : event.targets)
            run(db,
                QStringLiteral("INSERT INTO outbox_deliveries (event_id, target, state, attempts, "
                               "next_attempt_at, last_error) VALUES (?, ?, 'pending', 0, ?, '') "
                               "ON CONFLICT (event_id, target) DO NOTHING"),
                {number(event.eventId), text(target), timeText(at)}, "add a delivery");
        run(db, QStringLiteral("UPDATE outbox SET fanned_out = 1 WHERE id = ?"),
            {number(event.eventId)}, "mark the event fanned out");
    }
}

std::vector<DeliveryRow> dueDeliveries(QSqlDatabase& db, std::int64_t now, int limit) {
    return readDeliveries(
        run(db,
            deliveryColumns + QStringLiteral("WHERE d.state = 'pending' AND "
                                             "d.next_attempt_at <= ? "
                                             "ORDER BY d.next_attempt_at, o.id LIMIT ?"),
            {timeText(now), limit}, "read due deliveries"));
}

void recordAttempt(QSqlDatabase& db, const DeliveryRow& delivery, std::int64_t at) {
    run(db,
        QStringLiteral("UPDATE outbox_deliveries SET state = ?, attempts = ?, "
                       "next_attempt_at = ?, last_error = ?, sent_at = ? "
                       "WHERE event_id = ? AND target = ?"),
        {text(delivery.state), number(delivery.attempts), timeText(delivery.nextAttemptAt),
         text(delivery.lastError),
         delivery.state == "sent" ? QVariant(timeText(at))
                                  : QVariant(QMetaType::fromType<QString>()),
         number(delivery.event.id), text(delivery.target)},
        "record the delivery's attempt");
}

bool retryDelivery(QSqlDatabase& db, std::int64_t eventId, const std::string& target,
                   std::int64_t at) {
    const auto query =
        run(db,
            QStringLiteral("UPDATE outbox_deliveries SET state = 'pending', attempts = 0, "
                           "next_attempt_at = ? WHERE event_id = ? AND target = ? "
                           "AND state = 'failed'"),
            {timeText(at), number(eventId), text(target)}, "retry the delivery");
    return query.numRowsAffected() == 1;
}

std::vector<DeliveryRow> deliveries(QSqlDatabase& db, const std::string& state, std::int64_t before,
                                    int limit) {
    return readDeliveries(run(
        db,
        deliveryColumns + QStringLiteral("WHERE (? = '' OR d.state = ?) AND (? = 0 OR o.id < ?) "
                                         "ORDER BY o.id DESC, d.target LIMIT ?"),
        {text(state), text(state), number(before), number(before), limit}, "read deliveries"));
}

std::vector<std::pair<std::string, std::int64_t>> deliveryCounts(QSqlDatabase& db) {
    auto query = run(db,
                     QStringLiteral("SELECT state, COUNT(*) FROM outbox_deliveries GROUP BY state "
                                    "UNION ALL SELECT 'new', COUNT(*) FROM outbox "
                                    "WHERE fanned_out = 0"),
                     {}, "count deliveries");
    std::vector<std::pair<std::string, std::int64_t>> counts;
    while (query.next())
        counts.emplace_back(query.value(0).toString().toStdString(), query.value(1).toLongLong());
    return counts;
}

std::int64_t insertWebhook(QSqlDatabase& db, const WebhookRow& webhook) {
    auto query = run(db,
                     QStringLiteral("INSERT INTO webhooks (url, events, secret, created_at) "
                                    "VALUES (?, ?, ?, ?) RETURNING id"),
                     {text(webhook.url), text(webhook.events), text(webhook.secret),
                      timeText(webhook.createdAt)},
                     "register the webhook");
    if (!query.next())
        throw DbError("register the webhook: no id returned");
    return query.value(0).toLongLong();
}

bool removeWebhook(QSqlDatabase& db, std::int64_t id, std::int64_t at) {
    const auto query = run(db,
                           QStringLiteral("UPDATE webhooks SET removed_at = ? "
                                          "WHERE id = ? AND removed_at IS NULL"),
                           {timeText(at), number(id)}, "remove the webhook");
    return query.numRowsAffected() == 1;
}

std::vector<WebhookRow> webhooks(QSqlDatabase& db) {
    auto query = run(db,
                     QStringLiteral("SELECT id, url, events, secret, created_at FROM webhooks "
                                    "WHERE removed_at IS NULL ORDER BY id"),
                     {}, "read webhooks");
    std::vector<WebhookRow> rows;
    while (query.next())
        rows.push_back({query.value(0).toLongLong(), query.value(1).toString().toStdString(),
                        query.value(2).toString().toStdString(),
                        query.value(3).toString().toStdString(),
                        unixSeconds(query.value(4).toString())});
    return rows;
}

bool takeOutboxLease(QSqlDatabase& db, const std::string& holder, std::int64_t now,
                     std::int64_t until) {
    const auto query =
        run(db,
            QStringLiteral("UPDATE outbox_lease SET holder = ?, until = ? "
                           "WHERE id = 1 AND (holder = ? OR until < ?)"),
            {text(holder), number(until), text(holder), number(now)}, "take the outbox lease");
    return query.numRowsAffected() == 1;
}

} // namespace topcoat::db
