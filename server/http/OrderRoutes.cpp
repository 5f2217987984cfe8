#include "OrderRoutes.h"

#include "QueryParameters.h"
#include "Views.h"

#include <limits>

namespace topcoat::http {

HttpResponse OrderRoutes::find(const HttpRequest& request) {
    const auto& orderId = request.params.at(0);
    // Ids are short; anything longer is not worth a database look-up.
    const auto order = orderId.size() <= 64 ? orders_.find(orderId) : std::nullopt;
    if (!order)
        return HttpResponse::error(ApiError::UnknownOrder, "no order has this id");
    return HttpResponse::json(200, orderJson(*order));
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
