#include "OrderRoutes.h"

#include "QueryParameters.h"
#include "RequestFields.h"
#include "Views.h"
#include "server/core/Rfc3339.h"
#include "server/core/Validation.h"

#include <limits>
#include <spdlog/spdlog.h>

namespace topcoat::http {

namespace {

// Ids are short; anything longer is not worth a database look-up.
constexpr std::size_t maxOrderIdBytes = 64;
constexpr std::size_t maxActorBytes = 64;
constexpr std::size_t maxNoteBytes = 500;

HttpResponse unknownOrder() {
    return HttpResponse::error(ApiError::UnknownOrder, "no order has this id");
}

} // namespace

std::optional<Order> OrderRoutes::findById(const std::string& orderId) {
    return orderId.size() <= maxOrderIdBytes ? orders_.find(orderId) : std::nullopt;
}

HttpResponse OrderRoutes::find(const HttpRequest& request) {
    const auto order = findById(request.params.at(0));
    if (!order)
        return unknownOrder();
    return HttpResponse::json(200, orderJson(*order));
}

HttpResponse OrderRoutes::detailResponse(const Order& order) {
    JsonWriter json;
    json.beginObject().key("order");
    writeOrder(json, order);
    json.field("units_returned", order.unitsReturned).key("history").beginArray();
    for (const auto& event : orders_.history(order.orderId))
        json.beginObject()
            .field("status", toString(event.status))
            .field("at", formatRfc3339(event.at))
            .field("by", event.actor)
            .field("note", event.note)
            .field("units_returned", event.unitsReturned)
            .endObject();
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse OrderRoutes::detail(const HttpRequest& request) {
    const auto order = findById(request.params.at(0));
    if (!order)
        return unknownOrder();
    return detailResponse(*order);
}

HttpResponse OrderRoutes::changeStatus(const HttpRequest& request) {
    const auto& orderId = request.params.at(0);
    RequestFields fields(request.body);
    const auto status = fields.string(
        "status", Presence::Required,
        [](std::string_view name) {
            return name == "fulfilled" || name == "cancelled" || name == "refunded";
        },
        "\"fulfilled\", \"cancelled\" or \"refunded\"");
    const auto restock = fields.boolean("restock", Presence::Optional);
    const auto by = fields.string(
        "by", Presence::Optional,
        [](std::string_view text) { return isPlainText(text, maxActorBytes); },
        "1-64 bytes of text");
    const auto note = fields.string(
        "note", Presence::Optional,
        [](std::string_view text) { return isPlainText(text, maxNoteBytes); },
        "1-500 bytes of text");
    if (!fields.failed() && *status == "refunded" && !restock)
        fields.reject("a refund says whether its units go back on sale: restock true or false");
    if (!fields.failed() && *status != "refunded" && restock)
        fields.reject("restock goes only with a refund");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());
    if (orderId.size() > maxOrderIdBytes)
        return unknownOrder();

    OrderMove move;
    move.to = *parseOrderStatus(*status);
    move.restock = restock.value_or(false);
    move.actor = by.value_or("staff");
    move.note = note.value_or("");
    const auto moved = changes_.move(orderId, move);
    if (!moved) {
        if (moved.error() == OrderChangeError::UnknownOrder)
            return unknownOrder();
        const auto now = findById(orderId);
        return HttpResponse::error(ApiError::InvalidTransition,
                                   "the order is " +
                                       std::string(toString(now ? now->status : move.to)) +
                                       ": it cannot become " + *status);
    }
    spdlog::get("admin")->info(
        "order {} {} by {}{}", orderId, *status, move.actor,
        move.restock || move.to == OrderStatus::Cancelled ? ", units back on sale" : "");
    return detailResponse(*moved);
}

HttpResponse OrderRoutes::page(const HttpRequest& request) {
    std::string error;
    const auto limit = integerParameter(request, "limit", defaultPageSize, 1, maxPageSize, error);
    const auto after =
        integerParameter(request, "after", 0, 0, std::numeric_limits<std::int64_t>::max(), error);
    if (!limit || !after)
        return HttpResponse::error(ApiError::InvalidRequest, error);

    const auto page = orders_.page(*after, static_cast<int>(*limit));
    JsonWriter json;
    json.beginObject().key("orders").beginArray();
    for (const auto& order : page.orders)
        writeOrder(json, order);
    const auto cursor = [&](const char* name, const std::optional<std::int64_t>& value) {
        json.key(name);
        if (value)
            json.value(std::to_string(*value));
        else
            json.null();
    };
    json.endArray();
    cursor("next", page.next);
    cursor("last", page.last);
    json.endObject();
    return HttpResponse::json(200, json.take());
}

} // namespace topcoat::http
