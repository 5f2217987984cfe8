#include "Store.h"

#include "DbError.h"
#include "OrderQueries.h"
#include "OutboxQueries.h"
#include "ShopQueries.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>
#include <unordered_map>

namespace topcoat::db {
namespace {

std::atomic<std::uint64_t> nextStoreId{1};

// Qt Sql connections belong to the thread that opened them, so each thread keeps its own
// per store, closed when the thread ends.
struct ThreadReaders {
    std::unordered_map<std::uint64_t, QString> names;
    ~ThreadReaders() {
        for (const auto& [id, name] : names)
            closeConnection(name);
    }
};

thread_local ThreadReaders threadReaders;
std::atomic<std::uint64_t> nextReaderId{1};

} // namespace

Store::Store(const Location& location, Durability durability)
    : location_(location), durability_(durability), id_(nextStoreId++),
      writer_(std::make_unique<Writer>(location, durability)) {}

Store::~Store() {
    writer_.reset();
    dropReader();
}

QSqlDatabase Store::reader() {
    auto& name = threadReaders.names[id_];
    if (name.isEmpty()) {
        const auto candidate = QStringLiteral("topcoat-reader-%1").arg(nextReaderId++);
        openConnection(candidate, location_, Role::Reader);
        name = candidate;
    }
    return QSqlDatabase::database(name, false);
}

void Store::insertProduct(const ProductRow& product, std::int64_t initialStock, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::insertProduct(db, product, initialStock, at); });
}

void Store::updateProduct(const ProductRow& product, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::updateProduct(db, product, at); });
}

void Store::insertStockMovement(const std::string& sku, std::int64_t delta, std::int64_t at,
                                const std::optional<WriteOffRow>& writeOff) {
    writer_->run([&](QSqlDatabase& db) { db::insertStockMovement(db, sku, delta, at, writeOff); });
}

std::int64_t Store::insertSale(const SaleRow& sale, std::int64_t at) {
    std::int64_t id = 0;
    writer_->run([&](QSqlDatabase& db) { id = db::insertSale(db, sale, at); });
    return id;
}

void Store::updateSale(const SaleRow& sale) {
    writer_->run([&](QSqlDatabase& db) { db::updateSale(db, sale); });
}

void Store::cancelSale(std::int64_t id, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::cancelSale(db, id, at); });
}

void Store::insertReviews(const std::vector<ReviewRow>& reviews, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) {
        for (const auto& review : reviews)
            db::insertReview(db, review, at);
    });
}

void Store::saveSetting(const std::string& name, const std::string& value, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::saveSetting(db, name, value, at); });
}

void Store::saveSettingIfAbsent(const std::string& name, const std::string& value,
                                std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::saveSettingIfAbsent(db, name, value, at); });
}

void Store::dropReader() {
    const auto found = threadReaders.names.find(id_);
    if (found == threadReaders.names.end())
        return;
    closeConnection(found->second);
    threadReaders.names.erase(found);
}

template <typename Read> auto Store::read(Read&& query) {
    try {
        auto db = reader();
        return query(db);
    } catch (const DbError&) {
        if (!location_.isPostgres())
            throw;
        // The thread's connection may be one the server dropped (it restarted): one more try
        // on a new connection before the caller hears of it.
        dropReader();
        auto db = reader();
        return query(db);
    }
}

ShopState Store::loadShop() {
    return read([](QSqlDatabase& db) { return db::loadShop(db); });
}

ShopState Store::loadCatalog() {
    return read([](QSqlDatabase& db) { return db::loadCatalog(db); });
}

std::optional<OrderRow> Store::findOrder(const std::string& orderId) {
    return read([&](QSqlDatabase& db) { return db::findOrder(db, orderId); });
}

std::optional<OrderRow> Store::findOrderByKey(const std::string& idempotencyKey) {
    return read([&](QSqlDatabase& db) { return db::findOrderByKey(db, idempotencyKey); });
}

std::vector<OrderRow> Store::ordersAfter(std::int64_t after, int limit) {
    return read([&](QSqlDatabase& db) { return db::ordersAfter(db, after, limit); });
}

std::vector<OrderEventRow> Store::orderEvents(const std::string& orderId) {
    return read([&](QSqlDatabase& db) { return db::orderEvents(db, orderId); });
}

StatusChangeReply Store::changeOrderStatus(const StatusChangeRow& change) {
    StatusChangeReply reply;
    const bool announce = writer_->announcing();
    writer_->run([&](QSqlDatabase& db) { reply = db::changeOrderStatus(db, change, announce); });
    return reply;
}

namespace {
constexpr auto bookkeeping = Writer::ShopChange::No;
} // namespace

std::vector<OutboxEventRow> Store::eventsToFanOut(int limit) {
    return read([&](QSqlDatabase& db) { return db::eventsToFanOut(db, limit); });
}

void Store::fanOut(const std::vector<FanOutRow>& events, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::fanOut(db, events, at); }, bookkeeping);
}

std::vector<DeliveryRow> Store::dueDeliveries(std::int64_t now, int limit) {
    return read([&](QSqlDatabase& db) { return db::dueDeliveries(db, now, limit); });
}

void Store::recordAttempt(const DeliveryRow& delivery, std::int64_t at) {
    writer_->run([&](QSqlDatabase& db) { db::recordAttempt(db, delivery, at); }, bookkeeping);
}

bool Store::retryDelivery(std::int64_t eventId, const std::string& target, std::int64_t at) {
    bool retried = false;
    writer_->run([&](QSqlDatabase& db) { retried = db::retryDelivery(db, eventId, target, at); },
                 bookkeeping);
    return retried;
}

std::vector<DeliveryRow> Store::deliveries(const std::string& state, std::int64_t before,
                                           int limit) {
    return read([&](QSqlDatabase& db) { return db::deliveries(db, state, before, limit); });
}

std::vector<std::pair<std::string, std::int64_t>> Store::deliveryCounts() {
    return read([&](QSqlDatabase& db) { return db::deliveryCounts(db); });
}

std::int64_t Store::insertWebhook(const WebhookRow& webhook) {
    std::int64_t id = 0;
    writer_->run([&](QSqlDatabase& db) { id = db::insertWebhook(db, webhook); });
    return id;
}

bool Store::removeWebhook(std::int64_t id, std::int64_t at) {
    bool removed = false;
    writer_->run([&](QSqlDatabase& db) { removed = db::removeWebhook(db, id, at); });
    return removed;
}

std::vector<WebhookRow> Store::webhooks() {
    return read([&](QSqlDatabase& db) { return db::webhooks(db); });
}

bool Store::takeOutboxLease(const std::string& holder, std::int64_t now, std::int64_t until) {
    bool taken = false;
    writer_->run([&](QSqlDatabase& db) { taken = db::takeOutboxLease(db, holder, now, until); },
                 bookkeeping);
    return taken;
}

std::optional<std::string> Store::loadSetting(const std::string& name) {
    return read([&](QSqlDatabase& db) { return db::loadSetting(db, name); });
}

std::int64_t Store::changeCount() {
    return read([](QSqlDatabase& db) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT seq FROM shop_changes")) || !query.next())
            throw DbError("read the change count", query.lastError());
        return query.value(0).toLongLong();
    });
}

std::int64_t Store::sizeOnDisk() {
    if (!location_.isPostgres())
        return QFileInfo(location_.path).size() +
               QFileInfo(location_.path + QStringLiteral("-wal")).size();
    auto db = reader();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT pg_database_size(current_database())")) || !query.next())
        return 0; // a figure for the status page, not worth failing it over
    return query.value(0).toLongLong();
}

} // namespace topcoat::db
