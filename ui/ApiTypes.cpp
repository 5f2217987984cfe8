#include "ApiTypes.h"

#include "JsonReaders.h"

#include <QJsonArray>

namespace topcoat::ui {
using namespace jsonread;
namespace {

// {"name": integer, …} such as checkouts by outcome.
bool readCounts(const QJsonObject& json, const char* key, QMap<QString, qint64>& out) {
    QJsonObject counts;
    if (!readObject(json, key, counts))
        return false;
    out.clear();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        qint64 count = 0;
        if (!toInteger(it.value(), count))
            return false;
        out.insert(it.key(), count);
    }
    return true;
}

bool readLatency(const QJsonObject& json, double& p50, double& p95, double& p99) {
    QJsonObject latency;
    return readObject(json, "latency_ms", latency) && readDouble(latency, "p50", p50) &&
           readDouble(latency, "p95", p95) && readDouble(latency, "p99", p99);
}

std::optional<SaleItem> parseSaleItem(const QJsonObject& json) {
    SaleItem item;
    if (readString(json, "sku", item.sku) &&
        readInteger(json, "sale_price_cents", item.salePriceCents) &&
        readInteger(json, "sold", item.sold))
        return item;
    return std::nullopt;
}

std::optional<StatsSample> parseSample(const QJsonObject& json) {
    StatsSample sample;
    if (readMillis(json, "t", sample.at) && readInteger(json, "requests", sample.requests) &&
        readAddedInteger(json, "storefront_requests", sample.storefrontRequests, sample.requests) &&
        readCounts(json, "checkouts", sample.checkouts) &&
        readLatency(json, sample.p50Ms, sample.p95Ms, sample.p99Ms) &&
        readInteger(json, "in_flight", sample.inFlight))
        return sample;
    return std::nullopt;
}

std::optional<ProductStock> parseProductStock(const QJsonObject& json) {
    ProductStock stock;
    if (readString(json, "sku", stock.sku) && readInteger(json, "stocked", stock.stocked) &&
        readInteger(json, "sold", stock.sold) && readInteger(json, "reserved", stock.reserved) &&
        readInteger(json, "available", stock.available))
        return stock;
    return std::nullopt;
}

std::optional<DegradationChange> parseDegradationChange(const QJsonObject& json) {
    DegradationChange change;
    if (readTime(json, "at", change.at) && readString(json, "subject", change.subject) &&
        readBool(json, "enabled", change.enabled) && readString(json, "source", change.source) &&
        readString(json, "reason", change.reason))
        return change;
    return std::nullopt;
}

std::optional<LogEntry> parseLogEntry(const QJsonObject& json) {
    LogEntry entry;
    if (readInteger(json, "id", entry.id) && readMillis(json, "time_ms", entry.time) &&
        readString(json, "level", entry.level) && readString(json, "logger", entry.logger) &&
        readString(json, "message", entry.message))
        return entry;
    return std::nullopt;
}

std::optional<ShippingAddress> parseShippingAddress(const QJsonObject& json) {
    ShippingAddress address;
    // line2 and postal_code are always sent ("" when left out), but a label needs neither.
    if (readString(json, "name", address.name) && readString(json, "line1", address.line1) &&
        readAddedString(json, "line2", address.line2, QString()) &&
        readString(json, "city", address.city) &&
        readAddedString(json, "postal_code", address.postalCode, QString()) &&
        readString(json, "country", address.country))
        return address;
    return std::nullopt;
}

// An order's `shipping`: an address, or null (none given); absent from older servers.
bool readOptionalShipping(const QJsonObject& json, std::optional<ShippingAddress>& out) {
    const auto value = json.value(QLatin1StringView("shipping"));
    out.reset();
    if (value.isNull() || value.isUndefined())
        return true;
    if (!value.isObject())
        return false;
    out = parseShippingAddress(value.toObject());
    return out.has_value();
}

// sale.live / sale.next of the status: a Sale or null.
bool readOptionalSale(const QJsonObject& json, const char* key, std::optional<Sale>& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (value.isNull()) {
        out.reset();
        return true;
    }
    if (!value.isObject())
        return false;
    out = parseSale(value.toObject());
    return out.has_value();
}

} // namespace

std::optional<Product> parseProduct(const QJsonObject& json) {
    Product product;
    if (readString(json, "sku", product.sku) && readString(json, "name", product.name) &&
        readString(json, "shade_hex", product.shadeHex) &&
        readInteger(json, "price_cents", product.priceCents) &&
        readOptionalInteger(json, "sale_price_cents", product.salePriceCents) &&
        readInteger(json, "stock", product.stock) &&
        readOptionalInteger(json, "sale_id", product.saleId) &&
        readInteger(json, "stocked", product.stocked) && readInteger(json, "sold", product.sold) &&
        readInteger(json, "reserved", product.reserved)) {
        // Optional: a server without archiving archives nothing.
        if (const auto archived = json.value(QLatin1StringView("archived")); archived.isBool())
            product.archived = archived.toBool();
        else if (!archived.isUndefined())
            return std::nullopt;
        return product;
    }
    return std::nullopt;
}

std::optional<Sale> parseSale(const QJsonObject& json) {
    Sale sale;
    if (readInteger(json, "id", sale.id) && readString(json, "name", sale.name) &&
        readTime(json, "starts_at", sale.startsAt) && readTime(json, "ends_at", sale.endsAt) &&
        readString(json, "state", sale.state) &&
        readInteger(json, "per_customer_limit", sale.perCustomerLimit) &&
        readList(json, "items", sale.items, parseSaleItem))
        return sale;
    return std::nullopt;
}

std::optional<Order> parseOrder(const QJsonObject& json) {
    Order order;
    if (readString(json, "order_id", order.orderId) && readString(json, "sku", order.sku) &&
        readInteger(json, "quantity", order.quantity) &&
        readInteger(json, "unit_price_cents", order.unitPriceCents) &&
        readInteger(json, "total_cents", order.totalCents) &&
        readString(json, "customer", order.customer) &&
        readTime(json, "created_at", order.createdAt) &&
        readOptionalInteger(json, "sale_id", order.saleId) &&
        readAddedString(json, "status", order.status, QStringLiteral("confirmed")) &&
        readOptionalShipping(json, order.shipping))
        return order;
    return std::nullopt;
}

std::optional<Stats> parseStats(const QJsonObject& json) {
    Stats stats;
    QJsonObject orders;
    QJsonObject protection;
    std::optional<ProtectionCounts> counts;
    if (readTime(json, "time", stats.time) &&
        readInteger(json, "requests_total", stats.requestsTotal) &&
        readAddedInteger(json, "storefront_requests_total", stats.storefrontRequestsTotal,
                         stats.requestsTotal) &&
        readInteger(json, "in_flight", stats.inFlight) &&
        readLatency(json, stats.p50Ms, stats.p95Ms, stats.p99Ms) &&
        readCounts(json, "checkouts", stats.checkouts) && readObject(json, "orders", orders) &&
        readInteger(orders, "committed", stats.ordersCommitted) &&
        readList(json, "products", stats.products, parseProductStock) &&
        readList(json, "series", stats.series, parseSample) &&
        readObject(json, "protection", protection) &&
        (counts = parseProtectionCounts(protection))) {
        stats.protection = *counts;
        return stats;
    }
    return std::nullopt;
}

std::optional<DegradationState> parseDegradation(const QJsonObject& json) {
    DegradationState state;
    QJsonObject features;
    if (!readObject(json, "features", features))
        return std::nullopt;
    for (auto it = features.begin(); it != features.end(); ++it) {
        if (!it.value().isBool())
            return std::nullopt;
        state.features.insert(it.key(), it.value().toBool());
    }
    if (readBool(json, "auto", state.automatic) &&
        readList(json, "history", state.history, parseDegradationChange))
        return state;
    return std::nullopt;
}

std::optional<LogPage> parseLogPage(const QJsonObject& json) {
    LogPage page;
    if (readList(json, "entries", page.entries, parseLogEntry) &&
        readInteger(json, "last_id", page.lastId))
        return page;
    return std::nullopt;
}

std::optional<ServerStatus> parseStatus(const QJsonObject& json) {
    ServerStatus status;
    QJsonObject ports;
    QJsonObject database;
    QJsonObject sale;
    if (readString(json, "version", status.version) &&
        readTime(json, "started_at", status.startedAt) &&
        readInteger(json, "uptime_seconds", status.uptimeSeconds) &&
        readBool(json, "ready", status.ready) && readObject(json, "ports", ports) &&
        readInteger(ports, "storefront", status.storefrontPort) &&
        readInteger(ports, "admin", status.adminPort) && readString(json, "bind", status.bind) &&
        readObject(json, "database", database) &&
        readString(database, "path", status.databasePath) &&
        readInteger(database, "size_bytes", status.databaseBytes) &&
        readString(database, "durability", status.durability) &&
        readInteger(json, "products", status.products) && readObject(json, "sale", sale) &&
        readString(sale, "state", status.saleState) &&
        readOptionalSale(sale, "live", status.liveSale) &&
        readOptionalSale(sale, "next", status.nextSale)) {
        if (!sale.contains(QLatin1StringView("live_sales"))) {
            if (status.liveSale)
                status.liveSales = {*status.liveSale};
            return status;
        }
        if (readList(sale, "live_sales", status.liveSales, parseSale))
            return status;
    }
    return std::nullopt;
}

namespace {

std::optional<ClusterNode> parseClusterNode(const QJsonObject& json) {
    ClusterNode node;
    QJsonObject last;
    if (readString(json, "node", node.node) && readString(json, "admin", node.admin) &&
        readString(json, "version", node.version) && readTime(json, "started_at", node.startedAt) &&
        readTime(json, "reported_at", node.reportedAt) &&
        readString(json, "inventory", node.inventory) && readString(json, "orders", node.orders) &&
        readInteger(json, "orders_committed", node.ordersCommitted) &&
        readObject(json, "last_second", last) &&
        readInteger(last, "storefront_requests", node.storefrontRequests) &&
        readCounts(last, "checkouts", node.checkouts) && readDouble(last, "p99_ms", node.p99Ms) &&
        readInteger(last, "in_flight", node.inFlight) && readBool(json, "up", node.up))
        return node;
    return std::nullopt;
}

} // namespace

std::optional<ClusterInfo> parseCluster(const QJsonObject& json) {
    ClusterInfo cluster;
    QJsonObject totals;
    auto& t = cluster.totals;
    if (readString(json, "this_node", cluster.thisNode) &&
        readList(json, "nodes", cluster.nodes, parseClusterNode) &&
        readObject(json, "totals", totals) && readInteger(totals, "nodes_up", t.nodesUp) &&
        readInteger(totals, "storefront_requests", t.storefrontRequests) &&
        readInteger(totals, "confirmed", t.confirmed) &&
        readInteger(totals, "in_flight", t.inFlight) &&
        readInteger(totals, "orders_committed", t.ordersCommitted))
        return cluster;
    return std::nullopt;
}

// ---- Flash-sale protection (server/API.md "## Protection") ----

std::optional<ProtectionSettings> parseProtection(const QJsonObject& json) {
    ProtectionSettings s;
    QJsonObject rate;
    QJsonObject room;
    QJsonObject automatic;
    if (readObject(json, "client_rate", rate) && readInteger(rate, "per_second", s.perSecond) &&
        readInteger(rate, "burst", s.burst) && readInteger(json, "max_in_flight", s.maxInFlight) &&
        readObject(json, "waiting_room", room) && readBool(room, "enabled", s.waitingRoomEnabled) &&
        readInteger(room, "admit_per_minute", s.admitPerMinute) &&
        readBool(room, "randomize_before_open", s.randomizeBeforeOpen) &&
        readInteger(room, "pass_seconds", s.passSeconds) &&
        readStrings(json, "trusted_proxies", s.trustedProxies) &&
        readObject(json, "auto_degradation", automatic) &&
        readInteger(automatic, "p99_ms_high", s.p99MsHigh) &&
        readInteger(automatic, "p99_ms_low", s.p99MsLow) &&
        readInteger(automatic, "in_flight_high", s.inFlightHigh) &&
        readInteger(automatic, "in_flight_low", s.inFlightLow) &&
        readInteger(automatic, "seconds_before_off", s.secondsBeforeOff) &&
        readInteger(automatic, "seconds_before_on", s.secondsBeforeOn) &&
        readStrings(automatic, "order", s.featureOrder))
        return s;
    return std::nullopt;
}

std::optional<ProtectionCounts> parseProtectionCounts(const QJsonObject& json) {
    ProtectionCounts counts;
    QJsonObject room;
    auto& r = counts.waitingRoom;
    if (readInteger(json, "rate_limited", counts.rateLimited) &&
        readInteger(json, "shed", counts.shed) && readInteger(json, "in_flight", counts.inFlight) &&
        readInteger(json, "max_in_flight", counts.maxInFlight) &&
        readObject(json, "waiting_room", room) && readBool(room, "enabled", r.enabled) &&
        readInteger(room, "admit_per_minute", r.admitPerMinute) &&
        readInteger(room, "waiting", r.waiting) && readInteger(room, "joined", r.joined) &&
        readInteger(room, "admitted", r.admitted) && readInteger(room, "abandoned", r.abandoned))
        return counts;
    return std::nullopt;
}

// ---- end of protection ----

} // namespace topcoat::ui
