#include "SaleRoutes.h"

#include "AdminErrors.h"
#include "QueryParameters.h"
#include "RequestFields.h"
#include "Views.h"
#include "server/core/Rfc3339.h"
#include "server/core/Validation.h"

#include <limits>
#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

constexpr std::int64_t maxPriceCents = 100'000'000;

bool isRfc3339(std::string_view text) {
    return parseRfc3339(text).has_value();
}

std::string salesJson(const std::vector<Sale>& sales, TimePoint now, bool currentOnly) {
    JsonWriter json;
    json.beginObject().key("sales").beginArray();
    for (const auto& sale : sales) {
        const auto state = sale.stateAt(now);
        if (!currentOnly || state == SaleState::Live || state == SaleState::Scheduled)
            writeSale(json, sale, now);
    }
    json.endArray().endObject();
    return json.take();
}

} // namespace

void SaleRoutes::addPublicTo(Router& router) {
    router.add("GET", "/api/sales/current", [this](HttpRequest& r) { return current(r); });
}

void SaleRoutes::addAdminTo(Router& router) {
    router.add("GET", "/admin/sales", [this](HttpRequest& r) { return list(r); });
    router.add("POST", "/admin/sales", [this](HttpRequest& r) { return create(r); });
    router.add("DELETE", "/admin/sales/{id}", [this](HttpRequest& r) { return cancel(r); });
}

HttpResponse SaleRoutes::current(const HttpRequest&) {
    return HttpResponse::json(200,
                              salesJson(*services_.sales.snapshot(), services_.clock.now(), true));
}

HttpResponse SaleRoutes::list(const HttpRequest&) {
    return HttpResponse::json(200,
                              salesJson(*services_.sales.snapshot(), services_.clock.now(), false));
}

HttpResponse SaleRoutes::create(const HttpRequest& request) {
    RequestFields fields(request.body);
    NewSale sale;
    const auto name =
        fields.string("name", Presence::Required, isValidName, "a name of 1 to 120 characters");
    const auto startsAt = fields.string("starts_at", Presence::Required, isRfc3339,
                                        "an RFC 3339 time like 2026-11-22T18:00:00Z");
    const auto endsAt = fields.string("ends_at", Presence::Required, isRfc3339,
                                      "an RFC 3339 time like 2026-11-22T19:00:00Z");
    const auto limit =
        fields.integer("per_customer_limit", Presence::Required, 1, maxPerCustomerLimit);
    const auto items = fields.array("items", Presence::Required);
    if (items && !fields.failed()) {
        if (items->size() == 0 || items->size() > static_cast<std::size_t>(maxItems))
            fields.reject("items must list 1 to " + std::to_string(maxItems) + " products");
        for (std::size_t i = 0; i < items->size() && !fields.failed(); ++i) {
            RequestFields item(items->getObject(static_cast<unsigned>(i)));
            const auto sku =
                item.string("sku", Presence::Required, isValidSku, "a SKU like NP-001");
            const auto price =
                item.integer("sale_price_cents", Presence::Required, 0, maxPriceCents);
            if (item.failed())
                fields.reject("items[" + std::to_string(i) + "]: " + item.error());
            else
                sale.items.push_back({*sku, *price});
        }
    }
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    sale.name = *name;
    sale.startsAt = *parseRfc3339(*startsAt);
    sale.endsAt = *parseRfc3339(*endsAt);
    sale.perCustomerLimit = *limit;
    const auto created = services_.admin.createSale(sale);
    if (!created)
        return adminErrorResponse(created.error());
    spdlog::get("admin")->info("sale {} '{}' scheduled {} to {}", created->id, created->name,
                               formatRfc3339(created->startsAt), formatRfc3339(created->endsAt));
    return HttpResponse::json(201, saleJson(created.value(), services_.clock.now()));
}

HttpResponse SaleRoutes::cancel(const HttpRequest& request) {
    const auto id = parseInteger(request.params.at(0), 1, std::numeric_limits<std::int64_t>::max());
    if (!id)
        return HttpResponse::error(ApiError::UnknownSale, "no sale has this id");
    const auto cancelled = services_.admin.cancelSale(*id);
    if (!cancelled)
        return adminErrorResponse(cancelled.error());
    spdlog::get("admin")->info("sale {} cancelled", *id);
    return HttpResponse::json(200, saleJson(cancelled.value(), services_.clock.now()));
}

} // namespace topcoat::http
