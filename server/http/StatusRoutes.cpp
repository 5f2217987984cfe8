#include "StatusRoutes.h"

#include "JsonWriter.h"
#include "QueryParameters.h"
#include "Views.h"
#include "server/LogRing.h"
#include "server/core/Rfc3339.h"

#include <limits>
#include <vector>

namespace topcoat::http {
namespace {

double milliseconds(double seconds) {
    return seconds * 1000.0;
}

} // namespace

HttpResponse StatusRoutes::status(const HttpRequest&) const {
    const auto& facts = facts_;
    const auto now = clock_.now();
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(now - facts.startedAt);

    const Sale* live = nullptr;
    const Sale* next = nullptr;
    // Sales of different SKUs may run at once; "live" names the first, "live_sales" all.
    std::vector<const Sale*> allLive;
    const auto sales = sales_.snapshot();
    for (const auto& sale : *sales) {
        const auto state = sale.stateAt(now);
        if (state == SaleState::Live)
            allLive.push_back(&sale);
        if (state == SaleState::Live && !live)
            live = &sale;
        if (state == SaleState::Scheduled && (!next || sale.startsAt < next->startsAt))
            next = &sale;
    }

    JsonWriter json;
    json.beginObject()
        .field("version", facts.version)
        .field("api_version", 1)
        .field("started_at", formatRfc3339(facts.startedAt))
        .field("uptime_seconds", static_cast<std::int64_t>(uptime.count()))
        .field("ready", ready_.load());
    json.key("ports")
        .beginObject()
        .field("storefront", static_cast<int>(facts.storefrontPort()))
        .field("admin", static_cast<int>(facts.adminPort()))
        .endObject()
        .field("bind", facts.bind)
        .field("admin_bind", facts.adminBind);
    json.key("database")
        .beginObject()
        .field("path", facts.databasePath)
        .field("size_bytes", facts.databaseBytes())
        .field("durability", facts.durability)
        .endObject();
    json.key("cluster")
        .beginObject()
        .field("node", facts.node())
        .field("inventory", facts.inventory)
        .field("orders", facts.orders)
        .endObject();
    json.field("products", static_cast<std::int64_t>(catalog_.snapshot()->entries().size()));
    json.key("sale").beginObject();
    json.field("state", live ? "live" : next ? "scheduled" : "none");
    json.key("live");
    live ? writeSale(json, *live, now) : void(json.null());
    json.key("next");
    next ? writeSale(json, *next, now) : void(json.null());
    json.key("live_sales").beginArray();
    for (const auto* sale : allLive)
        writeSale(json, *sale, now);
    json.endArray();
    json.endObject();
    json.endObject();
    return HttpResponse::json(200, json.take());
}

void StatusRoutes::writeProtection(JsonWriter& json) const {
    auto& protection = protection_;
    const auto counts = protection.counts();
    const auto settings = protection.settings();
    const auto room = protection.waitingRoom().counts();
    json.key("protection")
        .beginObject()
        .field("rate_limited", counts.rateLimited)
        .field("shed", counts.shed)
        .field("connections_refused", counts.connectionsRefused)
        .field("in_flight", metrics_.inFlightNow())
        .field("max_in_flight", settings.maxInFlight)
        .key("waiting_room")
        .beginObject()
        .field("enabled", settings.waitingRoom.enabled)
        .field("admit_per_minute", settings.waitingRoom.admitPerMinute)
        .field("waiting", room.waiting)
        .field("joined", room.joined)
        .field("admitted", room.admitted)
        .field("abandoned", room.abandoned)
        .endObject()
        .endObject();
}

HttpResponse StatusRoutes::stats(const HttpRequest& request) const {
    std::string error;
    const auto since =
        integerParameter(request, "since", 0, 0, std::numeric_limits<std::int64_t>::max(), error);
    if (!since)
        return HttpResponse::error(ApiError::InvalidRequest, error);
    const auto& metrics = metrics_;
    const auto now = clock_.now();
    const auto latency = metrics.requestLatency().snapshot();

    JsonWriter json;
    json.beginObject().field("time", formatRfc3339(now));
    json.field("requests_total", latency.count)
        .field("storefront_requests_total", metrics.storefrontRequests())
        .field("in_flight", metrics.inFlightNow());
    json.key("latency_ms")
        .beginObject()
        .field("p50", milliseconds(latency.quantileSeconds(0.50)))
        .field("p95", milliseconds(latency.quantileSeconds(0.95)))
        .field("p99", milliseconds(latency.quantileSeconds(0.99)))
        .endObject();
    json.key("checkouts").beginObject();
    for (auto outcome : allCheckoutOutcomes)
        json.field(toString(outcome), metrics.checkouts(outcome));
    json.endObject();
    json.key("orders")
        .beginObject()
        .field("committed", facts_.ordersCommitted())
        .field("batches", facts_.commitBatches())
        .endObject();
    writeProtection(json);
    json.key("products").beginArray();
    for (const auto& entry : catalog_.snapshot()->entries()) {
        const auto levels = stockOf(stock_, entry);
        json.beginObject()
            .field("sku", entry.product.sku)
            .field("stocked", levels.stocked)
            .field("sold", levels.sold)
            .field("reserved", levels.reserved)
            .field("available", levels.available)
            .endObject();
    }
    json.endArray();
    json.key("routes").beginArray();
    for (const auto* route : metrics.routes()) {
        const auto total = route->total();
        if (total == 0)
            continue;
        json.beginObject()
            .field("server", route->server())
            .field("method", route->method())
            .field("route", route->pattern())
            .field("count", total)
            .endObject();
    }
    json.endArray();
    json.key("series").beginArray();
    for (const auto& sample : history_.since(TimePoint{std::chrono::milliseconds{*since}})) {
        json.beginObject()
            .field("t", static_cast<std::int64_t>(sample.at.time_since_epoch().count()))
            .field("requests", sample.requests)
            .field("storefront_requests", sample.storefrontRequests);
        json.key("checkouts").beginObject();
        for (std::size_t i = 0; i < allCheckoutOutcomes.size(); ++i)
            json.field(toString(allCheckoutOutcomes[i]), sample.checkouts[i]);
        json.endObject();
        json.key("latency_ms")
            .beginObject()
            .field("p50", sample.p50Ms)
            .field("p95", sample.p95Ms)
            .field("p99", sample.p99Ms)
            .endObject()
            .field("in_flight", sample.inFlight)
            .endObject();
    }
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse StatusRoutes::logs(const HttpRequest& request) const {
    std::string error;
    const auto after =
        integerParameter(request, "after", 0, 0, std::numeric_limits<std::int64_t>::max(), error);
    const auto limit = integerParameter(request, "limit", 500, 1, 5000, error);
    if (!after || !limit)
        return HttpResponse::error(ApiError::InvalidRequest, error);

    const auto entries =
        logs_.after(static_cast<std::uint64_t>(*after), static_cast<std::size_t>(*limit));
    JsonWriter json;
    json.beginObject().key("entries").beginArray();
    for (const auto& entry : entries)
        json.beginObject()
            .field("id", entry.id)
            .field("time_ms", entry.unixMillis)
            .field("level", entry.level)
            .field("logger", entry.logger)
            .field("message", entry.message)
            .endObject();
    json.endArray().key("last_id");
    json.value(entries.empty() ? static_cast<std::uint64_t>(*after) : entries.back().id);
    json.endObject();
    return HttpResponse::json(200, json.take());
}

} // namespace topcoat::http
