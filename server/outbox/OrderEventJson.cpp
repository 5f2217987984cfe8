#include "OrderEventJson.h"

#include "server/core/Rfc3339.h"
#include "server/http/JsonWriter.h"
#include "server/http/Views.h"
#include "server/storage/RowConversion.h"

namespace topcoat::outbox {

std::string orderEventJson(const db::OutboxEventRow& event, const std::optional<Order>& order) {
    http::JsonWriter json;
    json.beginObject()
        .field("id", event.id)
        .field("type", event.type)
        .field("at", formatRfc3339(storage::fromUnixSeconds(event.at)))
        .key("order");
    if (order)
        http::writeOrder(json, *order);
    else
        json.null();
    json.endObject();
    return json.take();
}

} // namespace topcoat::outbox
