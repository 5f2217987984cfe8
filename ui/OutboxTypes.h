#pragma once

// The shapes of server/API.md "Order events: webhooks and the outbox": the webhooks the owner
// registers and the deliveries the sender makes to them, with their parsing.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

// Every event type a webhook can ask for, in the order of an order's life.
QStringList orderEventTypes();

struct Webhook {
    qint64 id = 0;
    QString url;
    QStringList events;
    QString secret; // whsec_…: the receiver checks signatures with it
    QDateTime createdAt;
};

// One event's delivery to one target.
struct Delivery {
    qint64 eventId = 0;
    QString type; // order.created, …
    QString orderId;
    QDateTime at;   // when the event happened
    QString target; // webhook:ID
    QString state;  // pending | sent | failed
    qint64 attempts = 0;
    std::optional<QDateTime> nextAttemptAt; // while pending
    QString lastError;                      // "" until a try fails
    std::optional<QDateTime> sentAt;
};

struct DeliveryCounts {
    // "new": events whose deliveries the sender has not planned yet (it plans a batch a pass);
    // nothing from a server that predates it.
    std::optional<qint64> unplanned;
    qint64 pending = 0;
    qint64 sent = 0;
    qint64 failed = 0;
};

// GET /admin/outbox: newest event first.
struct OutboxPage {
    QList<Delivery> deliveries;
    DeliveryCounts counts;       // over the whole outbox, whatever the filter
    std::optional<QString> next; // `before` of the older page; nothing on the last
};

std::optional<Webhook> parseWebhook(const QJsonObject& json);
std::optional<Delivery> parseDelivery(const QJsonObject& json);
std::optional<OutboxPage> parseOutboxPage(const QJsonObject& json);

} // namespace topcoat::ui
