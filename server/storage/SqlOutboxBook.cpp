#include "SqlOutboxBook.h"

#include "RowConversion.h"
#include "TranslateDbError.h"

#include <sstream>

namespace topcoat::storage {
namespace {

std::string joined(const std::vector<std::string>& events) {
    std::string text;
    for (const auto& event : events)
        text += (text.empty() ? "" : ",") + event;
    return text;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> events;
    std::stringstream stream(text);
    for (std::string event; std::getline(stream, event, ',');)
        events.push_back(event);
    return events;
}

Webhook fromRow(const db::WebhookRow& row) {
    return {row.id, row.url, split(row.events), row.secret, fromUnixSeconds(row.createdAt)};
}

OutboxDelivery fromRow(const db::DeliveryRow& row) {
    OutboxDelivery delivery;
    delivery.eventId = row.event.id;
    delivery.type = row.event.type;
    delivery.orderId = row.event.orderId;
    delivery.at = fromUnixSeconds(row.event.at);
    delivery.target = row.target;
    delivery.state = row.state;
    delivery.attempts = row.attempts;
    delivery.nextAttemptAt = fromUnixSeconds(row.nextAttemptAt);
    delivery.lastError = row.lastError;
    if (row.sentAt)
        delivery.sentAt = fromUnixSeconds(*row.sentAt);
    return delivery;
}

} // namespace

std::vector<Webhook> SqlOutboxBook::webhooks() {
    std::vector<Webhook> webhooks;
    for (const auto& row : translateDbError([&] { return store_.webhooks(); }))
        webhooks.push_back(fromRow(row));
    return webhooks;
}

Webhook SqlOutboxBook::addWebhook(Webhook webhook) {
    const db::WebhookRow row{0, webhook.url, joined(webhook.events), webhook.secret,
                             toUnixSeconds(webhook.createdAt)};
    webhook.id = translateDbError([&] { return store_.insertWebhook(row); });
    return webhook;
}

bool SqlOutboxBook::removeWebhook(std::int64_t id, TimePoint at) {
    return translateDbError([&] { return store_.removeWebhook(id, toUnixSeconds(at)); });
}

std::vector<OutboxDelivery> SqlOutboxBook::deliveries(const std::string& state, std::int64_t before,
                                                      int limit) {
    std::vector<OutboxDelivery> deliveries;
    for (const auto& row :
         translateDbError([&] { return store_.deliveries(state, before, limit); }))
        deliveries.push_back(fromRow(row));
    return deliveries;
}

std::map<std::string, std::int64_t> SqlOutboxBook::deliveryCounts() {
    std::map<std::string, std::int64_t> counts{
        {"new", 0}, {"pending", 0}, {"sent", 0}, {"failed", 0}};
    for (const auto& [state, count] : translateDbError([&] { return store_.deliveryCounts(); }))
        counts[state] = count;
    return counts;
}

bool SqlOutboxBook::retry(std::int64_t eventId, const std::string& target, TimePoint at) {
    return translateDbError(
        [&] { return store_.retryDelivery(eventId, target, toUnixSeconds(at)); });
}

} // namespace topcoat::storage
