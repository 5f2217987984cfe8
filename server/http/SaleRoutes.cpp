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
constexpr std::string_view nameFormat = "a name of 1 to 120 characters";

bool isRfc3339(std::string_view text) {
    return parseRfc3339(text).has_value();
}

std::optional<std::int64_t> saleId(const HttpRequest& request) {
    return parseInteger(request.params.at(0), 1, std::numeric_limits<std::int64_t>::max());
}

std::optional<TimePoint> readTime(RequestFields& fields, const std::string& name,
                                  Presence presence) {
    const auto text =
        fields.string(name, presence, isRfc3339, "an RFC 3339 time like 2026-11-22T18:00:00Z");
    return text ? parseRfc3339(*text) : std::nullopt;
}

// A sale's "items": 1..maxItems objects, each a SKU and its sale price. SKUs the catalog does
// not know, repeats and prices not below the regular one are the shop's to refuse.
std::optional<std::vector<NewSaleItem>> readItems(RequestFields& fields, Presence presence) {
    const auto items = fields.array("items", presence);
    if (!items || fields.failed())
        return std::nullopt;
    if (items->size() == 0 || items->size() > static_cast<std::size_t>(SaleRoutes::maxItems))
        fields.reject("items must list 1 to " + std::to_string(SaleRoutes::maxItems) + " products");
    std::vector<NewSaleItem> list;
    for (std::size_t i = 0; i < items->size() && !fields.failed(); ++i) {
        RequestFields item(items->getObject(static_cast<unsigned>(i)));
        const auto sku = item.string("sku", Presence::Required, isValidSku, "a SKU like NP-001");
        const auto price = item.integer("sale_price_cents", Presence::Required, 0, maxPriceCents);
        if (item.failed())
            fields.reject("items[" + std::to_string(i) + "]: " + item.error());
        else
            list.push_back({*sku, *price});
    }
    if (fields.failed())
        return std::nullopt;
    return list;
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

HttpResponse SaleRoutes::current(const HttpRequest&) {
    return HttpResponse::json(200, salesJson(*sales_.snapshot(), clock_.now(), true));
}

HttpResponse SaleRoutes::list(const HttpRequest&) {
    return HttpResponse::json(200, salesJson(*sales_.snapshot(), clock_.now(), false));
}

HttpResponse SaleRoutes::create(const HttpRequest& request) {
    RequestFields fields(request.body);
    const auto name = fields.string("name", Presence::Required, isValidName, nameFormat);
    const auto startsAt = readTime(fields, "starts_at", Presence::Required);
    const auto endsAt = readTime(fields, "ends_at", Presence::Required);
    const auto limit =
        fields.integer("per_customer_limit", Presence::Required, 1, maxPerCustomerLimit);
    auto items = readItems(fields, Presence::Required);
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    const auto created =
        admin_.createSale(NewSale{*name, *startsAt, *endsAt, *limit, std::move(*items)});
    if (!created)
        return adminErrorResponse(created.error());
    spdlog::get("admin")->info("sale {} '{}' scheduled {} to {}", created->id, created->name,
                               formatRfc3339(created->startsAt), formatRfc3339(created->endsAt));
    return HttpResponse::json(201, saleJson(created.value(), clock_.now()));
}

HttpResponse SaleRoutes::update(const HttpRequest& request) {
    const auto id = saleId(request);
    if (!id || !sales_.find(*id))
        return HttpResponse::error(ApiError::UnknownSale, "no sale has this id");
    RequestFields fields(request.body);
    SaleChange change;
    change.name = fields.string("name", Presence::Optional, isValidName, nameFormat);
    change.startsAt = readTime(fields, "starts_at", Presence::Optional);
    change.endsAt = readTime(fields, "ends_at", Presence::Optional);
    change.perCustomerLimit =
        fields.integer("per_customer_limit", Presence::Optional, 1, maxPerCustomerLimit);
    change.items = readItems(fields, Presence::Optional);
    if (!fields.failed() && !change.name && !change.startsAt && !change.endsAt &&
        !change.perCustomerLimit && !change.items)
        fields.reject("give at least one of name, starts_at, ends_at, per_customer_limit, items");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    const auto updated = admin_.updateSale(*id, change);
    if (!updated)
        return adminErrorResponse(updated.error());
    spdlog::get("admin")->info("sale {} '{}' edited: {} to {}", updated->id, updated->name,
                               formatRfc3339(updated->startsAt), formatRfc3339(updated->endsAt));
    return HttpResponse::json(200, saleJson(updated.value(), clock_.now()));
}

HttpResponse SaleRoutes::cancel(const HttpRequest& request) {
    const auto id = saleId(request);
    if (!id)
        return HttpResponse::error(ApiError::UnknownSale, "no sale has this id");
    const auto cancelled = admin_.cancelSale(*id);
    if (!cancelled)
        return adminErrorResponse(cancelled.error());
    spdlog::get("admin")->info("sale {} cancelled", *id);
    return HttpResponse::json(200, saleJson(cancelled.value(), clock_.now()));
}

} // namespace topcoat::http
