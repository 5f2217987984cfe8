#include "AdminProductRoutes.h"

#include "AdminErrors.h"
#include "RequestFields.h"
#include "Views.h"
#include "server/core/Validation.h"

#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

constexpr std::string_view skuFormat = "a SKU of A-Z, 0-9 and '-' (at most 32)";
constexpr std::string_view hexFormat = "a colour like #c0ffee";
constexpr std::string_view nameFormat = "a name of 1 to 120 characters";
constexpr std::string_view reasonFormat = "one of damaged, lost, expired, other";
constexpr std::string_view noteFormat = "a note of 1 to 200 characters";

} // namespace

HttpResponse AdminProductRoutes::productResponse(int status, const std::string& sku) const {
    const auto catalog = catalog_.snapshot();
    const auto* entry = catalog->find(sku);
    if (!entry)
        return HttpResponse::error(ApiError::UnknownSku, "no product has SKU " + sku);
    JsonWriter json;
    writeAdminProduct(json, *entry, stockOf(stock_, *entry), sales_, clock_.now());
    return HttpResponse::json(status, json.take());
}

HttpResponse AdminProductRoutes::list(const HttpRequest&) {
    const auto catalog = catalog_.snapshot();
    const auto now = clock_.now();
    JsonWriter json;
    json.beginObject().key("products").beginArray();
    for (const auto& entry : catalog->entries())
        writeAdminProduct(json, entry, stockOf(stock_, entry), sales_, now);
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse AdminProductRoutes::create(const HttpRequest& request) {
    RequestFields fields(request.body);
    const auto sku = fields.string("sku", Presence::Required, isValidSku, skuFormat);
    const auto name = fields.string("name", Presence::Required, isValidName, nameFormat);
    const auto hex = fields.string("shade_hex", Presence::Required, isValidShadeHex, hexFormat);
    const auto price = fields.integer("price_cents", Presence::Required, 0, maxPriceCents);
    const auto stock = fields.integer("stock", Presence::Required, 0, maxStock);
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    const auto created = admin_.createProduct(Product{*sku, *name, *hex, *price}, *stock);
    if (!created)
        return adminErrorResponse(created.error());
    spdlog::get("admin")->info("product {} '{}' added with {} units", *sku, *name, *stock);
    return productResponse(201, *sku);
}

HttpResponse AdminProductRoutes::update(const HttpRequest& request) {
    const auto& sku = request.params.at(0);
    if (!isValidSku(sku) || !catalog_.snapshot()->find(sku))
        return HttpResponse::error(ApiError::UnknownSku, "no product has SKU " + sku);
    RequestFields fields(request.body);
    ProductChange change;
    change.name = fields.string("name", Presence::Optional, isValidName, nameFormat);
    change.shadeHex = fields.string("shade_hex", Presence::Optional, isValidShadeHex, hexFormat);
    change.priceCents = fields.integer("price_cents", Presence::Optional, 0, maxPriceCents);
    change.archived = fields.boolean("archived", Presence::Optional);
    if (!fields.failed() && !change.name && !change.shadeHex && !change.priceCents &&
        !change.archived)
        fields.reject("give at least one of name, shade_hex, price_cents, archived");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    const auto updated = admin_.updateProduct(sku, change);
    if (!updated)
        return adminErrorResponse(updated.error());
    if (change.archived)
        spdlog::get("admin")->info("product {} {}", sku,
                                   *change.archived ? "archived" : "unarchived");
    else
        spdlog::get("admin")->info("product {} updated", sku);
    return productResponse(200, sku);
}

HttpResponse AdminProductRoutes::restock(const HttpRequest& request) {
    const auto& sku = request.params.at(0);
    if (!isValidSku(sku) || !catalog_.snapshot()->find(sku))
        return HttpResponse::error(ApiError::UnknownSku, "no product has SKU " + sku);
    RequestFields fields(request.body);
    const auto quantity = fields.integer("quantity", Presence::Required, -maxStock, maxStock);
    const auto reason = fields.string(
        "reason", Presence::Optional,
        [](std::string_view text) { return parseWriteOffReason(text).has_value(); }, reasonFormat);
    const auto note = fields.string("note", Presence::Optional, isValidWriteOffNote, noteFormat);
    if (!fields.failed() && note && !reason)
        fields.reject("a note goes with a reason");
    if (!fields.failed() && reason && *quantity >= 0)
        fields.reject("a reason is given only with a write-off (a negative quantity)");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    std::optional<WriteOffNote> writeOff;
    if (reason)
        writeOff = WriteOffNote{*parseWriteOffReason(*reason), note.value_or("")};
    const auto restocked = admin_.restock(sku, *quantity, writeOff);
    if (!restocked)
        return adminErrorResponse(restocked.error());
    if (writeOff)
        spdlog::get("admin")->info("product {} stock {:+d} ({})", sku, *quantity, *reason);
    else
        spdlog::get("admin")->info("product {} stock {:+d}", sku, *quantity);
    return productResponse(200, sku);
}

} // namespace topcoat::http
