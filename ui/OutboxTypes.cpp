#include "OutboxTypes.h"

#include "JsonReaders.h"

namespace topcoat::ui {
using namespace jsonread;
namespace {

// Null (or absent) is "none"; anything else must be an RFC 3339 time.
bool readOptionalTime(const QJsonObject& json, const char* key, std::optional<QDateTime>& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (value.isNull() || value.isUndefined()) {
        out.reset();
        return true;
    }
    QDateTime time;
    if (!readTime(json, key, time))
        return false;
    out = time;
    return true;
}

} // namespace

QStringList orderEventTypes() {
    return {QStringLiteral("order.created"),   QStringLiteral("order.paid"),
            QStringLiteral("order.expired"),   QStringLiteral("order.fulfilled"),
            QStringLiteral("order.cancelled"), QStringLiteral("order.refunded")};
}

std::optional<Webhook> parseWebhook(const QJsonObject& json) {
    Webhook webhook;
    if (readInteger(json, "id", webhook.id) && readString(json, "url", webhook.url) &&
        readStrings(json, "events", webhook.events) && readString(json, "secret", webhook.secret) &&
        readTime(json, "created_at", webhook.createdAt))
        return webhook;
    return std::nullopt;
}

std::optional<Delivery> parseDelivery(const QJsonObject& json) {
    Delivery delivery;
    if (readInteger(json, "event_id", delivery.eventId) &&
        readString(json, "type", delivery.type) && readString(json, "order_id", delivery.orderId) &&
        readTime(json, "at", delivery.at) && readString(json, "target", delivery.target) &&
        readString(json, "state", delivery.state) &&
        readInteger(json, "attempts", delivery.attempts) &&
        readOptionalTime(json, "next_attempt_at", delivery.nextAttemptAt) &&
        readString(json, "last_error", delivery.lastError) &&
        readOptionalTime(json, "sent_at", delivery.sentAt))
        return delivery;
    return std::nullopt;
}

std::optional<OutboxPage> parseOutboxPage(const QJsonObject& json) {
    OutboxPage page;
    QJsonObject counts;
    const auto next = json.value(QLatin1StringView("next"));
    if (!readList(json, "deliveries", page.deliveries, parseDelivery) ||
        !readObject(json, "counts", counts) ||
        !readInteger(counts, "pending", page.counts.pending) ||
        !readInteger(counts, "sent", page.counts.sent) ||
        !readInteger(counts, "failed", page.counts.failed) || !(next.isString() || next.isNull()))
        return std::nullopt;
    if (counts.contains(QLatin1StringView("new"))) {
        qint64 unplanned = 0;
        if (!readInteger(counts, "new", unplanned))
            return std::nullopt;
        page.counts.unplanned = unplanned;
    }
    if (next.isString())
        page.next = next.toString();
    return page;
}

} // namespace topcoat::ui
