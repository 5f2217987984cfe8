#include "Views.h"

#include "server/core/Rfc3339.h"

namespace topcoat::http {

StockLevels stockOf(const StockLedger& stock, const CatalogEntry& entry) {
    return stock.snapshot(entry.product.sku).value_or(StockLevels{});
}

void writeProductFields(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                        const SaleSchedule& sales, TimePoint now) {
    const auto& product = entry.product;
    const auto live = sales.liveItem(product.sku, now);
    json.field("sku", product.sku)
        .field("name", product.name)
        .field("shade_hex", product.shadeHex)
        .field("price_cents", product.priceCents);
    json.key("sale_price_cents");
    if (live)
        json.value(live->item->salePriceCents);
    else
        json.null();
    json.field("stock", stock.available);
    json.key("sale_id");
    if (live)
        json.value(live->sale->id);
    else
        json.null();
}

void writeProduct(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                  const SaleSchedule& sales, TimePoint now) {
    json.beginObject();
    writeProductFields(json, entry, stock, sales, now);
    json.endObject();
}

void writeAdminProduct(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                       const SaleSchedule& sales, TimePoint now) {
    json.beginObject();
    writeProductFields(json, entry, stock, sales, now);
    json.field("stocked", stock.stocked)
        .field("sold", stock.sold)
        .field("reserved", stock.reserved)
        .field("archived", entry.product.archived);
    json.endObject();
}

void writeSale(JsonWriter& json, const Sale& sale, TimePoint now) {
    json.beginObject()
        .field("id", sale.id)
        .field("name", sale.name)
        .field("starts_at", formatRfc3339(sale.startsAt))
        .field("ends_at", formatRfc3339(sale.endsAt))
        .field("state", toString(sale.stateAt(now)))
        .field("per_customer_limit", sale.perCustomerLimit);
    json.key("items").beginArray();
    for (const auto& item : sale.items)
        json.beginObject()
            .field("sku", item.sku)
            .field("sale_price_cents", item.salePriceCents)
            .field("sold", item.sold->load(std::memory_order_relaxed))
            .endObject();
    json.endArray().endObject();
}

void writeOrder(JsonWriter& json, const Order& order) {
    json.beginObject()
        .field("order_id", order.orderId)
        .field("sku", order.sku)
        .field("quantity", order.quantity)
        .field("unit_price_cents", order.unitPriceCents)
        .field("total_cents", order.totalCents)
        .field("customer", order.customer)
        .field("status", toString(order.status))
        .field("created_at", formatRfc3339(order.createdAt))
        .field("sale_id", order.saleId)
        .key("shipping");
    if (const auto& to = order.shipping)
        json.beginObject()
            .field("name", to->name)
            .field("line1", to->line1)
            .field("line2", to->line2)
            .field("city", to->city)
            .field("postal_code", to->postalCode)
            .field("country", to->country)
            .endObject();
    else
        json.null();
    json.endObject();
}

std::string productJson(const CatalogEntry& entry, const StockLevels& stock,
                        const SaleSchedule& sales, TimePoint now) {
    JsonWriter json;
    writeProduct(json, entry, stock, sales, now);
    return json.take();
}

std::string saleJson(const Sale& sale, TimePoint now) {
    JsonWriter json;
    writeSale(json, sale, now);
    return json.take();
}

std::string orderJson(const Order& order) {
    JsonWriter json;
    writeOrder(json, order);
    return json.take();
}

} // namespace topcoat::http
