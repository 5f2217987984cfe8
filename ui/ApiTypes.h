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
};

struct OrderPage {
    QList<Order> orders;
    std::optional<QString> next; // cursor for the following page
    std::optional<QString> last; // cursor of this page's last order, to poll for newer ones
};

struct StatsSample {
    QDateTime at;
    qint64 requests = 0;
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

struct Stats {
    QDateTime time;
    qint64 requestsTotal = 0;
    qint64 inFlight = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    QMap<QString, qint64> checkouts; // totals since start
    qint64 ordersCommitted = 0;
    QList<ProductStock> products;
    QList<StatsSample> series;
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
};

// Parsers: nothing when a required field is missing or of the wrong type.
std::optional<Product> parseProduct(const QJsonObject& json);
std::optional<Sale> parseSale(const QJsonObject& json);
std::optional<Order> parseOrder(const QJsonObject& json);
std::optional<Stats> parseStats(const QJsonObject& json);
std::optional<DegradationState> parseDegradation(const QJsonObject& json);
std::optional<LogPage> parseLogPage(const QJsonObject& json);
std::optional<ServerStatus> parseStatus(const QJsonObject& json);

} // namespace topcoat::ui
