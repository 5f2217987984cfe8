#pragma once

// The admin API's JSON shapes (server/API.md) as plain values for the console, and their
// parsing. Nothing here talks to the network.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

// A failed call: an API error ({"error":{"code","message"}}), or a transport failure with
// status 0 and code "network" (refused, timed out, not JSON).
struct ApiError {
    int status = 0;
    QString code;
    QString message;
};

// Exactly one of value / error.
template <typename T> struct ApiResult {
    std::optional<T> value;
    std::optional<ApiError> error;

    bool ok() const { return value.has_value(); }
};

struct Product {
    QString sku;
    QString name;
    QString shadeHex;
    qint64 priceCents = 0;
    std::optional<qint64> salePriceCents;
    qint64 stock = 0; // available now
    std::optional<qint64> saleId;
    qint64 stocked = 0;
    qint64 sold = 0;
    qint64 reserved = 0;
    bool archived = false; // hidden from the storefront; false from servers that predate it
};

struct SaleItem {
    QString sku;
    qint64 salePriceCents = 0;
    qint64 sold = 0;
};

struct Sale {
    qint64 id = 0;
    QString name;
    QDateTime startsAt; // UTC
    QDateTime endsAt;   // UTC
    QString state;      // scheduled | live | ended | cancelled
    qint64 perCustomerLimit = 1;
    QList<SaleItem> items;
};

// What the console sends to create a sale.
struct SaleDraft {
    QString name;
    QDateTime startsAt;
    QDateTime endsAt;
    qint64 perCustomerLimit = 1;
    QList<SaleItem> items; // sku and salePriceCents used
};

struct ProductDraft {
    QString sku;
    QString name;
    QString shadeHex;
    qint64 priceCents = 0;
    qint64 stock = 0;
};

struct ProductChange {
    std::optional<QString> name;
    std::optional<QString> shadeHex;
    std::optional<qint64> priceCents;
    std::optional<bool> archived;
};

// Why units are written off (the restock route's `reason` and `note`).
struct WriteOffReason {
    QString reason; // damaged | lost | expired | other
    QString note;   // "" for none
};

// Where an order is to be sent, as the checkout gave it (server/API.md "Additions to the
// storefront"); line2 and postalCode are "" when left out.
struct ShippingAddress {
    QString name;
    QString line1;
    QString line2;
    QString city;
    QString postalCode;
    QString country; // ISO 3166-1 alpha-2, "DE"

    friend bool operator==(const ShippingAddress&, const ShippingAddress&) = default;
};

struct Order {
    QString orderId;
    QString sku;
    qint64 quantity = 0;
    qint64 unitPriceCents = 0;
    qint64 totalCents = 0;
    QString customer;
    QDateTime createdAt;
    std::optional<qint64> saleId;
    // Where the order is in its life (OrderLife.h); "confirmed" from servers that predate it.
    QString status = QStringLiteral("confirmed");
    // Nothing when the checkout gave no address (or the server predates addresses).
    std::optional<ShippingAddress> shipping;
};

struct OrderPage {
    QList<Order> orders;
    std::optional<QString> next; // cursor for the following page
    std::optional<QString> last; // cursor of this page's last order, to poll for newer ones
};

struct StatsSample {
    QDateTime at;
    qint64 requests = 0; // on both ports, the console's own polling included
    // On the storefront port alone: the shop's traffic (`requests` from an older server).
    qint64 storefrontRequests = 0;
    QMap<QString, qint64> checkouts; // outcome -> count in this second
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    qint64 inFlight = 0;
};

struct ProductStock {
    QString sku;
    qint64 stocked = 0;
    qint64 sold = 0;
    qint64 reserved = 0;
    qint64 available = 0;
};

// ---- Flash-sale protection counters (server/API.md "## Protection") ----

struct WaitingRoomCounts {
    bool enabled = false;
    qint64 admitPerMinute = 0;
    qint64 waiting = 0; // in line now
    qint64 joined = 0;  // totals since the server started
    qint64 admitted = 0;
    qint64 abandoned = 0;
};

// /admin/stats "protection": totals since start, and what is in flight now.
struct ProtectionCounts {
    qint64 rateLimited = 0;
    qint64 shed = 0;
    qint64 inFlight = 0;
    qint64 maxInFlight = 0; // 0: no limit
    WaitingRoomCounts waitingRoom;
};

// ---- end of protection counters ----

struct Stats {
    QDateTime time;
    qint64 requestsTotal = 0;
    qint64 storefrontRequestsTotal = 0; // as StatsSample::storefrontRequests, since start
    qint64 inFlight = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    QMap<QString, qint64> checkouts; // totals since start
    qint64 ordersCommitted = 0;
    QList<ProductStock> products;
    QList<StatsSample> series;
    ProtectionCounts protection;
};

struct DegradationChange {
    QDateTime at;
    QString subject; // feature name or "auto"
    bool enabled = false;
    QString source; // owner | auto
    QString reason;
};

struct DegradationState {
    QMap<QString, bool> features; // reviews, recommendations, search, wishlists
    bool automatic = false;
    QList<DegradationChange> history;
};

struct LogEntry {
    qint64 id = 0;
    QDateTime time;
    QString level;
    QString logger;
    QString message;
};

struct LogPage {
    QList<LogEntry> entries;
    qint64 lastId = 0;
};

struct ServerStatus {
    QString version;
    QDateTime startedAt;
    qint64 uptimeSeconds = 0;
    bool ready = false;
    int storefrontPort = 0;
    int adminPort = 0;
    QString bind;
    QString databasePath;
    qint64 databaseBytes = 0;
    QString durability;
    int products = 0;
    QString saleState; // live | scheduled | none
    std::optional<Sale> liveSale;
    std::optional<Sale> nextSale;
    // Every sale live now (overlapping sales of different SKUs); from an older server that
    // lists none, just liveSale.
    QList<Sale> liveSales;
};

// One storefront of the shop as GET /admin/cluster lists it (server/API.md, "Orders in
// PostgreSQL"): what it reported last, and whether that report is recent enough to count.
struct ClusterNode {
    QString node;  // host:storefront port, as /admin/status' cluster.node
    QString admin; // where its admin API listens, as the node sees it
    QString version;
    QDateTime startedAt;
    QDateTime reportedAt;
    QString inventory;          // memory | redis://HOST:PORT
    QString orders;             // sqlite | postgresql://USER@HOST:PORT/DB
    qint64 ordersCommitted = 0; // this run's
    // Its last second.
    qint64 storefrontRequests = 0;
    QMap<QString, qint64> checkouts; // outcome -> count
    double p99Ms = 0;
    qint64 inFlight = 0;
    bool up = false; // false: no report for more than 5 s
};

// The sums over the nodes that are up.
struct ClusterTotals {
    qint64 nodesUp = 0;
    qint64 storefrontRequests = 0;
    qint64 confirmed = 0;
    qint64 inFlight = 0;
    qint64 ordersCommitted = 0;
};

struct ClusterInfo {
    QString thisNode;         // the node answering, the one the console is attached to
    QList<ClusterNode> nodes; // sorted by name
    ClusterTotals totals;
};

// Parsers: nothing when a required field is missing or of the wrong type.
std::optional<Product> parseProduct(const QJsonObject& json);
std::optional<Sale> parseSale(const QJsonObject& json);
std::optional<Order> parseOrder(const QJsonObject& json);
std::optional<Stats> parseStats(const QJsonObject& json);
std::optional<DegradationState> parseDegradation(const QJsonObject& json);
std::optional<LogPage> parseLogPage(const QJsonObject& json);
std::optional<ServerStatus> parseStatus(const QJsonObject& json);
std::optional<ClusterInfo> parseCluster(const QJsonObject& json);

// ---- Flash-sale protection settings (GET/PUT /admin/protection) ----

// Defaults are the server's (server/API.md).
struct ProtectionSettings {
    qint64 perSecond = 20; // client_rate.per_second; 0: no rate limit
    qint64 burst = 60;
    qint64 maxInFlight = 500; // 0: no shedding
    bool waitingRoomEnabled = false;
    qint64 admitPerMinute = 120;
    bool randomizeBeforeOpen = true;
    qint64 passSeconds = 600;
    QStringList trustedProxies; // addresses or CIDR ranges
    qint64 p99MsHigh = 250;
    qint64 p99MsLow = 100;
    qint64 inFlightHigh = 400; // 0: not watched
    qint64 inFlightLow = 100;
    qint64 secondsBeforeOff = 3;
    qint64 secondsBeforeOn = 15;
    QStringList featureOrder{QStringLiteral("recommendations"), QStringLiteral("reviews"),
                             QStringLiteral("search"), QStringLiteral("wishlists")};

    bool operator==(const ProtectionSettings&) const = default;
};

// What the console sends to change protection: only the fields set; the server keeps the rest.
struct ProtectionChange {
    std::optional<qint64> perSecond;
    std::optional<qint64> burst;
    std::optional<qint64> maxInFlight;
    std::optional<bool> waitingRoomEnabled;
    std::optional<qint64> admitPerMinute;
    std::optional<bool> randomizeBeforeOpen;
    std::optional<qint64> passSeconds;
    std::optional<QStringList> trustedProxies;
    std::optional<qint64> p99MsHigh;
    std::optional<qint64> p99MsLow;
    std::optional<qint64> inFlightHigh;
    std::optional<qint64> inFlightLow;
    std::optional<qint64> secondsBeforeOff;
    std::optional<qint64> secondsBeforeOn;
    std::optional<QStringList> featureOrder;

    bool operator==(const ProtectionChange&) const = default;
    bool isEmpty() const { return *this == ProtectionChange{}; }
};

std::optional<ProtectionSettings> parseProtection(const QJsonObject& json);
std::optional<ProtectionCounts> parseProtectionCounts(const QJsonObject& json);

// ---- end of protection settings ----

} // namespace topcoat::ui
