#pragma once

// The database's own plain records. Times are Unix seconds (UTC); the database stores them as
// RFC 3339 text so the file reads well in the sqlite3 shell.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace topcoat::db {

struct ProductRow {
    std::string sku;
    std::string name;
    std::string shadeHex;
    std::int64_t priceCents = 0;
    bool archived = false; // listed in archived_products
};

struct ReviewRow {
    std::string sku;
    std::string author;
    int rating = 0;
    std::string body;
};

struct SaleItemRow {
    std::string sku;
    std::int64_t salePriceCents = 0;
    std::int64_t sold = 0; // filled when loading
};

struct SaleRow {
    std::int64_t id = 0;
    std::string name;
    std::int64_t startsAt = 0;
    std::int64_t endsAt = 0;
    std::int64_t perCustomerLimit = 1;
    bool cancelled = false;
    std::vector<SaleItemRow> items;
};

struct ShippingRow {
    std::string name;
    std::string line1;
    std::string line2;
    std::string city;
    std::string postalCode;
    std::string country;
};

struct OrderRow {
    std::int64_t seq = 0; // assigned by the database
    std::string orderId;
    std::string sku;
    std::int64_t quantity = 0;
    std::int64_t unitPriceCents = 0;
    std::int64_t totalCents = 0;
    std::string customer;
    std::optional<std::int64_t> saleId;
    std::int64_t createdAt = 0;
    std::optional<std::string> idempotencyKey;
    std::string status = "confirmed";
    bool unitsReturned = false; // its units are back in stock: not counted as sold
    std::optional<ShippingRow> shipping;
};

// One move in an order's life: into `status`, at `at` (Unix seconds), by `actor`.
struct OrderEventRow {
    std::string status;
    std::int64_t at = 0;
    std::string actor;
    std::string note;
    bool unitsReturned = false;
};

// Moves order `orderId` into `event.status` if its status is one of `from`.
struct StatusChangeRow {
    std::string orderId;
    std::vector<std::string> from;
    OrderEventRow event;
};

// An order event waiting in the outbox (migration 0009).
struct OutboxEventRow {
    std::int64_t id = 0;
    std::string type; // "order.created", "order.cancelled", ...
    std::string orderId;
    std::int64_t at = 0;
};

// One event's delivery to one target, with the event.
struct DeliveryRow {
    OutboxEventRow event;
    std::string target; // "webhook:ID" or "email"
    std::string state;  // "pending", "sent" or "failed"
    std::int64_t attempts = 0;
    std::int64_t nextAttemptAt = 0;
    std::string lastError;
    std::optional<std::int64_t> sentAt;
};

// The deliveries one event gets: one per target (none when nothing listens to it).
struct FanOutRow {
    std::int64_t eventId = 0;
    std::vector<std::string> targets;
};

struct WebhookRow {
    std::int64_t id = 0;
    std::string url;
    std::string events; // comma-separated event types
    std::string secret;
    std::int64_t createdAt = 0;
};

struct StatusChangeReply {
    enum class Outcome { Changed, UnknownOrder, NotAllowed };
    Outcome outcome = Outcome::UnknownOrder;
    std::optional<OrderRow> order; // after the move, or as found
};

// Units a customer bought of one SKU in one sale.
struct SaleUsageRow {
    std::int64_t saleId = 0;
    std::string sku;
    std::string customer;
    std::int64_t units = 0;
};

// Why a stock movement wrote units off: "damaged", "lost", "expired" or "other", and the
// owner's note ("" for none).
struct WriteOffRow {
    std::string reason;
    std::string note;
};

// Per SKU: units ever stocked (initial + restocks - write-offs) and units in orders.
struct StockRow {
    std::string sku;
    std::int64_t stocked = 0;
    std::int64_t sold = 0;
};

// Everything the storefront needs in memory, read in one go at start-up.
struct ShopState {
    std::vector<ProductRow> products;
    std::vector<StockRow> stock;
    std::vector<ReviewRow> reviews;
    std::vector<SaleRow> sales;
    std::vector<SaleUsageRow> saleUsage;
    std::vector<OrderRow> idempotentOrders; // orders placed with an Idempotency-Key
};

} // namespace topcoat::db
