#pragma once

// The shop's database, a SQLite file or a shared PostgreSQL database: one writer thread for
// every write (orders group-committed), and a read-only connection per calling thread for reads.

#include "Connection.h"
#include "Records.h"
#include "Writer.h"

#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace topcoat::db {

class Store {
public:
    // Opens (creating if missing) and migrates the database; throws DbError on failure, and
    // leaves a file that is not Topcoat's database as it was.
    Store(const Location& location, Durability durability);
    Store(const QString& path, Durability durability) : Store(Location::sqlite(path), durability) {}
    // Flushes every queued write.
    ~Store();
    // Flushes every queued write and stops the writer; reads still work. Idempotent.
    void closeWriter() { writer_->stop(); }

    const Location& location() const { return location_; }
    Durability durability() const { return durability_; }

    // Writes, on the writer thread. commitOrder reports failure by value (the checkout answers
    // 503); the others throw DbError.
    bool commitOrder(const OrderRow& order) { return writer_->commitOrder(order); }
    void insertProduct(const ProductRow& product, std::int64_t initialStock, std::int64_t at);
    void updateProduct(const ProductRow& product, std::int64_t at);
    void insertStockMovement(const std::string& sku, std::int64_t delta, std::int64_t at,
                             const std::optional<WriteOffRow>& writeOff = std::nullopt);
    std::int64_t insertSale(const SaleRow& sale, std::int64_t at);
    void updateSale(const SaleRow& sale);
    void cancelSale(std::int64_t id, std::int64_t at);
    void insertReviews(const std::vector<ReviewRow>& reviews, std::int64_t at);
    void saveSetting(const std::string& name, const std::string& value, std::int64_t at);
    void saveSettingIfAbsent(const std::string& name, const std::string& value, std::int64_t at);
    StatusChangeReply changeOrderStatus(const StatusChangeRow& change);

    // Reads, on the calling thread's own connection.
    ShopState loadShop();
    ShopState loadCatalog(); // see db::loadCatalog
    std::optional<OrderRow> findOrder(const std::string& orderId);
    std::optional<OrderRow> findOrderByKey(const std::string& idempotencyKey);
    std::vector<OrderRow> ordersAfter(std::int64_t after, int limit);
    std::vector<OrderEventRow> orderEvents(const std::string& orderId);
    std::optional<std::string> loadSetting(const std::string& name);
    // Moves forward with every committed write other than an order's (catalog, stock movements,
    // sales, reviews, settings), whichever storefront made it.
    std::int64_t changeCount();

    // The outbox (OutboxQueries.h). Its writes are not changes to the shop (Writer::ShopChange),
    // but for webhooks: every storefront announces order events while one is registered.
    void setAnnouncing(bool on) { writer_->setAnnouncing(on); }
    std::vector<OutboxEventRow> eventsToFanOut(int limit);
    // In one transaction.
    void fanOut(const std::vector<FanOutRow>& events, std::int64_t at);
    std::vector<DeliveryRow> dueDeliveries(std::int64_t now, int limit);
    void recordAttempt(const DeliveryRow& delivery, std::int64_t at);
    bool retryDelivery(std::int64_t eventId, const std::string& target, std::int64_t at);
    std::vector<DeliveryRow> deliveries(const std::string& state, std::int64_t before, int limit);
    std::vector<std::pair<std::string, std::int64_t>> deliveryCounts();
    std::int64_t insertWebhook(const WebhookRow& webhook);
    bool removeWebhook(std::int64_t id, std::int64_t at);
    std::vector<WebhookRow> webhooks();
    bool takeOutboxLease(const std::string& holder, std::int64_t now, std::int64_t until);

    WriterStats writerStats() const { return writer_->stats(); }
    // Bytes on disk: the database file plus its write-ahead log, or PostgreSQL's database.
    std::int64_t sizeOnDisk();

private:
    QSqlDatabase reader();
    // Closes this thread's reading connection; the next read opens a new one.
    void dropReader();
    // Runs `query` on this thread's reading connection.
    template <typename Read> auto read(Read&& query);

    Location location_;
    Durability durability_;
    std::uint64_t id_;
    std::unique_ptr<Writer> writer_;
};

} // namespace topcoat::db
