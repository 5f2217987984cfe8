#pragma once

// SQL for the outbox: order events written beside the change they tell of, their deliveries
// to each target with retries, the webhooks that are targets, and the lease that lets one
// storefront of several send.

#include "Records.h"

#include <QSqlDatabase>
#include <optional>
#include <string>
#include <vector>

namespace topcoat::db {

// Within the caller's transaction.
void insertOutboxEvent(QSqlDatabase& db, const std::string& type, const std::string& orderId,
                       std::int64_t at);
// Events not yet given their deliveries, oldest first.
std::vector<OutboxEventRow> eventsToFanOut(QSqlDatabase& db, int limit);
// One pending delivery per target, due at `at`, and the event marked as fanned out.
void fanOut(QSqlDatabase& db, const std::vector<FanOutRow>& events, std::int64_t at);
// Pending deliveries due by `now`, soonest first.
std::vector<DeliveryRow> dueDeliveries(QSqlDatabase& db, std::int64_t now, int limit);
// What one attempt came to: `state` "sent" (at `at`), "pending" (again at `nextAttemptAt`) or
// "failed" (given up).
void recordAttempt(QSqlDatabase& db, const DeliveryRow& delivery, std::int64_t at);
// A failed delivery becomes pending again, due at `at`, with its attempts counted from zero;
// false when there is no failed delivery with this key.
bool retryDelivery(QSqlDatabase& db, std::int64_t eventId, const std::string& target,
                   std::int64_t at);
// Newest event first; `state` empty for every state. Only deliveries of events below `before`
// (0: from the newest).
std::vector<DeliveryRow> deliveries(QSqlDatabase& db, const std::string& state, std::int64_t before,
                                    int limit);
// Deliveries per state: pending, sent, failed.
std::vector<std::pair<std::string, std::int64_t>> deliveryCounts(QSqlDatabase& db);

std::int64_t insertWebhook(QSqlDatabase& db, const WebhookRow& webhook);
// False when no registered webhook has this id.
bool removeWebhook(QSqlDatabase& db, std::int64_t id, std::int64_t at);
std::vector<WebhookRow> webhooks(QSqlDatabase& db);

// Takes or renews the sending lease for `holder` until `until` if it is free, run out at
// `now`, or already the holder's.
bool takeOutboxLease(QSqlDatabase& db, const std::string& holder, std::int64_t now,
                     std::int64_t until);

} // namespace topcoat::db
