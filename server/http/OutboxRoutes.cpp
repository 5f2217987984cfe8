#include "OutboxRoutes.h"

#include "JsonWriter.h"
#include "QueryParameters.h"
#include "RequestFields.h"
#include "server/core/Rfc3339.h"

#include <limits>
#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

constexpr std::int64_t maxId = std::numeric_limits<std::int64_t>::max();

bool isState(std::string_view state) {
    return state == "pending" || state == "sent" || state == "failed";
}

bool isTarget(std::string_view target) {
    return !target.empty() && target.size() <= 64 &&
           std::all_of(target.begin(), target.end(),
                       [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

void writeDelivery(JsonWriter& json, const OutboxDelivery& delivery) {
    json.beginObject()
        .field("event_id", delivery.eventId)
        .field("type", delivery.type)
        .field("order_id", delivery.orderId)
        .field("at", formatRfc3339(delivery.at))
        .field("target", delivery.target)
        .field("state", delivery.state)
        .field("attempts", delivery.attempts)
        .key("next_attempt_at");
    if (delivery.state == "pending")
        json.value(formatRfc3339(delivery.nextAttemptAt));
    else
        json.null();
    json.field("last_error", delivery.lastError).key("sent_at");
    if (delivery.sentAt)
        json.value(formatRfc3339(*delivery.sentAt));
    else
        json.null();
    json.endObject();
}

} // namespace

HttpResponse OutboxRoutes::list(const HttpRequest& request) {
    std::string error;
    const auto limit = integerParameter(request, "limit", defaultPageSize, 1, maxPageSize, error);
    const auto before = integerParameter(request, "before", 0, 0, maxId, error);
    const auto* state = request.queryValue("state");
    if (error.empty() && state && !isState(*state))
        error = "state must be pending, sent or failed";
    if (!limit || !before || !error.empty())
        return HttpResponse::error(ApiError::InvalidRequest, error);

    // One more than asked tells whether an older page exists.
    auto deliveries = book_.deliveries(state ? *state : "", *before, static_cast<int>(*limit) + 1);
    // The cursor is an event id, so an event's deliveries stay on one page: the next page
    // starts at the event the extra row belongs to (unless that event alone fills this one).
    std::optional<std::int64_t> next;
    if (deliveries.size() > static_cast<std::size_t>(*limit)) {
        const auto boundary = deliveries[static_cast<std::size_t>(*limit)].eventId;
        deliveries.pop_back();
        const bool oneEvent = deliveries.front().eventId == boundary; // newest first
        if (!oneEvent)
            std::erase_if(deliveries,
                          [&](const auto& delivery) { return delivery.eventId == boundary; });
        next = oneEvent ? boundary : boundary + 1;
    }
    JsonWriter json;
    json.beginObject().key("deliveries").beginArray();
    for (const auto& delivery : deliveries)
        writeDelivery(json, delivery);
    json.endArray().key("counts").beginObject();
    for (const auto& [name, count] : book_.deliveryCounts())
        json.field(name, count);
    json.endObject().key("next");
    if (next)
        json.value(std::to_string(*next));
    else
        json.null();
    json.endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse OutboxRoutes::retry(const HttpRequest& request) {
    RequestFields fields(request.body);
    const auto eventId = fields.integer("event_id", Presence::Required, 1, maxId);
    const auto target = fields.string("target", Presence::Required, isTarget,
                                      "a target as GET /admin/outbox lists it");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());
    if (!book_.retry(*eventId, *target, clock_.now()))
        return HttpResponse::error(ApiError::UnknownDelivery,
                                   "no failed delivery has this event id and target");
    spdlog::get("admin")->info("event {} to {} sent again", *eventId, *target);
    return HttpResponse::json(200, R"({"retried":true})");
}

} // namespace topcoat::http
