// RedisStock against a real redis-server: several storefronts ("nodes", each its own
// RedisStock and connection pool) on one Redis never sell more than was stocked nor more than a
// customer's limit; holds a dead node left are settled from the orders; a Redis that restarts
// empty, or with older data, is rebuilt from the orders before it takes a reservation.

#include "server/redis/RedisStock.h"
#include "tests/support/RedisServer.h"

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

using namespace topcoat;
using namespace topcoat::redis;
using namespace std::chrono_literals;

namespace {

const std::string sku = "NP-001";
constexpr std::int64_t saleId = 3;

// What the orders hold, as the test says; thread-safe like a database.
struct Orders {
    std::mutex mutex;
    StockTruth truth;
    std::set<std::string> durable;

    StockTruth read() {
        std::lock_guard lock(mutex);
        return truth;
    }
    bool isDurable(const std::string& id) {
        std::lock_guard lock(mutex);
        return durable.count(id) > 0;
    }
    void record(const std::string& id, std::int64_t units, const std::string& customer = {}) {
        std::lock_guard lock(mutex);
        durable.insert(id);
        for (auto& row : truth.skus)
            if (row.sku == sku)
                row.sold += units;
        if (!customer.empty())
            truth.usage.push_back({sku, StockLedger::limitKey(saleId, sku, customer), units});
    }
};

// One storefront's view of the shared stock.
struct Node {
    RedisConnections connections;
    RedisStock stock;
    Node(const test::RedisServer& server, Orders& orders, RedisStockOptions options)
        : connections(RedisAddress{"127.0.0.1", server.port()}, 2000ms),
          stock(
              connections, [&orders] { return orders.read(); },
              [&orders](const std::string& id) { return orders.isDurable(id); }, options) {
        stock.start();
    }
};

RedisStockOptions quickOptions() {
    RedisStockOptions options;
    options.holdGrace = 1000ms;
    options.settle = 100ms;
    options.refresh = 50ms;
    options.reconcileEvery = 1h; // the tests reconcile when they mean to
    return options;
}

std::optional<LimitClaim> claimFor(const std::string& customer, std::int64_t limit) {
    return LimitClaim{StockLedger::limitKey(saleId, sku, customer), limit};
}

// Reserves once Redis is rebuilt: until then every change is refused with StorageError.
ReserveOutcome reserveWhenRebuilt(StockLedger& stock, std::int64_t quantity,
                                  const std::string& holdId) {
    const QDeadlineTimer deadline(10000);
    for (;;) {
        try {
            return stock.reserve(sku, quantity, std::nullopt, holdId);
        } catch (const StorageError&) {
            if (deadline.hasExpired())
                throw;
            QTest::qWait(20);
        }
    }
}

std::int64_t total(const StockLevels& levels) {
    return levels.available + levels.reserved + levels.sold;
}

} // namespace

class TestRedisStock : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void startsFromTheOrders();
    void nodesShareStockAndLimits();
    void sameHoldTakenOnce();
    void manyThreadsOnTwoNodesNeverOversell();
    void holdsOfADeadNodeAreSettledFromTheOrders();
    void orderDurableAfterItsHoldWasGivenBackIsSold();
    void restartedEmptyRedisIsRebuiltBeforeReserving();
    void restartedRedisWithOlderDataIsRebuilt();
    void unreachableRedisRefusesWithStorageError();
    void otherNodesChangesShowWithinTheRefresh();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<test::RedisServer> server_;
    std::unique_ptr<Orders> orders_;
};

void TestRedisStock::init() {
    if (test::RedisServer::binary().isEmpty())
        QFAIL("redis-server is not installed (packaging/install-deps.sh installs it)");
    dir_ = std::make_unique<QTemporaryDir>();
    server_ = std::make_unique<test::RedisServer>(dir_->path() + "/redis");
    QVERIFY2(server_->start(), qPrintable(server_->error()));
    orders_ = std::make_unique<Orders>();
    orders_->truth.skus = {{sku, 10, 0}, {"NP-002", 5, 0}};
}

void TestRedisStock::cleanup() {
    server_.reset();
    dir_.reset();
}

void TestRedisStock::startsFromTheOrders() {
    orders_->truth.skus = {{sku, 10, 4}};
    orders_->truth.usage = {{sku, StockLedger::limitKey(saleId, sku, "ann@example.com"), 2}};
    Node node(*server_, *orders_, quickOptions());
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{6, 0, 4, 10}));
    QCOMPARE(node.stock.usage(StockLedger::limitKey(saleId, sku, "ann@example.com")), 2);
    QCOMPARE(node.stock.reserve(sku, 1, claimFor("ann@example.com", 2), "ord_a"),
             ReserveOutcome::LimitReached);
    QVERIFY(!node.stock.snapshot("NP-404"));
    QCOMPARE(node.stock.reserve("NP-404", 1, std::nullopt, "ord_b"), ReserveOutcome::SoldOut);

    // A second node joining a live Redis must not reset it from its own view.
    QCOMPARE(node.stock.reserve(sku, 2, std::nullopt, "ord_c"), ReserveOutcome::Reserved);
    Node late(*server_, *orders_, quickOptions());
    QCOMPARE(late.stock.snapshot(sku), (StockLevels{4, 2, 4, 10}));
}

void TestRedisStock::nodesShareStockAndLimits() {
    Node a(*server_, *orders_, quickOptions());
    Node b(*server_, *orders_, quickOptions());
    const auto ann = claimFor("ann@example.com", 3);
    QCOMPARE(a.stock.reserve(sku, 2, ann, "ord_1"), ReserveOutcome::Reserved);
    QCOMPARE(b.stock.reserve(sku, 2, ann, "ord_2"), ReserveOutcome::LimitReached);
    QCOMPARE(b.stock.reserve(sku, 1, ann, "ord_3"), ReserveOutcome::Reserved);
    b.stock.commit(sku, 1, "ord_3");
    a.stock.release(sku, 2, ann, "ord_1");
    QCOMPARE(b.stock.usage(ann->key), 1);
    QCOMPARE(b.stock.reserve(sku, 9, std::nullopt, "ord_4"), ReserveOutcome::Reserved);
    QCOMPARE(a.stock.reserve(sku, 1, std::nullopt, "ord_5"), ReserveOutcome::SoldOut);
    QCOMPARE(a.stock.snapshot(sku), (StockLevels{0, 9, 1, 10}));

    QVERIFY(!a.stock.adjust(sku, -1)); // nothing available to write off
    QVERIFY(b.stock.adjust(sku, 4));
    QCOMPARE(b.stock.snapshot(sku), (StockLevels{4, 9, 1, 14}));
    QVERIFY(a.stock.adjust("NP-NEW", 7)); // a product created on one node
    QCOMPARE(a.stock.reserve("NP-NEW", 7, std::nullopt, "ord_6"), ReserveOutcome::Reserved);
}

void TestRedisStock::sameHoldTakenOnce() {
    // A reservation sent again after its connection failed must not take the units twice.
    Node node(*server_, *orders_, quickOptions());
    QCOMPARE(node.stock.reserve(sku, 4, std::nullopt, "ord_x"), ReserveOutcome::Reserved);
    QCOMPARE(node.stock.reserve(sku, 4, std::nullopt, "ord_x"), ReserveOutcome::Reserved);
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{6, 4, 0, 10}));
    node.stock.commit(sku, 4, "ord_x");
    node.stock.commit(sku, 4, "ord_x");
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{6, 0, 4, 10}));
}

void TestRedisStock::manyThreadsOnTwoNodesNeverOversell() {
    orders_->truth.skus = {{sku, 200, 0}};
    Node a(*server_, *orders_, quickOptions());
    Node b(*server_, *orders_, quickOptions());
    constexpr int threads = 8;
    std::atomic<std::int64_t> reserved{0};
    std::atomic<int> limitBreaks{0};
    std::latch go(threads);
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                auto& node = t % 2 ? a : b;
                go.arrive_and_wait();
                // Every customer may buy 2; each thread buys for customers of its own and
                // for one customer every thread shares.
                for (int i = 0; i < 60; ++i) {
                    const auto customer = i % 3 == 0 ? std::string("shared@example.com")
                                                     : "c" + std::to_string(t * 100 + i);
                    const auto id = "ord_" + std::to_string(t) + "_" + std::to_string(i);
                    const auto outcome = node.stock.reserve(sku, 1, claimFor(customer, 2), id);
                    if (outcome == ReserveOutcome::Reserved) {
                        ++reserved;
                        if (i % 4 == 0) {
                            node.stock.release(sku, 1, claimFor(customer, 2), id);
                            --reserved;
                        } else {
                            node.stock.commit(sku, 1, id);
                        }
                    }
                }
            });
    }
    Node reader(*server_, *orders_, quickOptions());
    const auto levels = reader.stock.snapshot(sku).value();
    QCOMPARE(total(levels), 200);
    QCOMPARE(levels.reserved, 0);
    QCOMPARE(levels.sold, reserved.load());
    QVERIFY(levels.available >= 0);
    QCOMPARE(reader.stock.usage(StockLedger::limitKey(saleId, sku, "shared@example.com")), 2);
    QCOMPARE(limitBreaks.load(), 0);
}

void TestRedisStock::holdsOfADeadNodeAreSettledFromTheOrders() {
    Node survivor(*server_, *orders_, quickOptions());
    const auto ann = claimFor("ann@example.com", 5);
    {
        Node dying(*server_, *orders_, quickOptions());
        QCOMPARE(dying.stock.reserve(sku, 2, ann, "ord_saved"), ReserveOutcome::Reserved);
        QCOMPARE(dying.stock.reserve(sku, 3, ann, "ord_lost"), ReserveOutcome::Reserved);
        orders_->record("ord_saved", 2, "ann@example.com"); // durable; then the node died
    }
    survivor.stock.reconcile(); // within the grace period: left alone
    QTRY_COMPARE_WITH_TIMEOUT(survivor.stock.snapshot(sku),
                              (std::optional{StockLevels{5, 5, 0, 10}}), 5000);

    QTRY_VERIFY_WITH_TIMEOUT(
        (survivor.stock.reconcile(), survivor.stock.snapshot(sku) == StockLevels{8, 0, 2, 10}),
        5000);
    QCOMPARE(survivor.stock.usage(ann->key), 2);
}

void TestRedisStock::orderDurableAfterItsHoldWasGivenBackIsSold() {
    Node slow(*server_, *orders_, quickOptions());
    Node other(*server_, *orders_, quickOptions());
    QCOMPARE(slow.stock.reserve(sku, 3, std::nullopt, "ord_slow"), ReserveOutcome::Reserved);
    QTRY_COMPARE_WITH_TIMEOUT(other.stock.snapshot(sku), (std::optional{StockLevels{7, 3, 0, 10}}),
                              5000); // the hold is seen, then given back after the grace
    QTRY_VERIFY_WITH_TIMEOUT(
        (other.stock.reconcile(), other.stock.snapshot(sku) == StockLevels{10, 0, 0, 10}), 5000);
    slow.stock.commit(sku, 3, "ord_slow"); // the customer was told: it must count
    QCOMPARE(slow.stock.snapshot(sku), (StockLevels{7, 0, 3, 10}));
    other.stock.reconcile(); // and only once
    QCOMPARE(other.stock.reserve(sku, 7, std::nullopt, "ord_rest"), ReserveOutcome::Reserved);
    QCOMPARE(other.stock.snapshot(sku), (StockLevels{0, 7, 3, 10}));
}

void TestRedisStock::restartedEmptyRedisIsRebuiltBeforeReserving() {
    Node node(*server_, *orders_, quickOptions());
    QCOMPARE(node.stock.reserve(sku, 4, std::nullopt, "ord_1"), ReserveOutcome::Reserved);
    orders_->record("ord_1", 4);
    node.stock.commit(sku, 4, "ord_1");
    QCOMPARE(node.stock.reserve(sku, 1, std::nullopt, "ord_2"), ReserveOutcome::Reserved);

    QVERIFY2(server_->restart(false), qPrintable(server_->error()));
    // ord_2 was lost with Redis and never became durable: its unit is available again.
    QCOMPARE(reserveWhenRebuilt(node.stock, 6, "ord_3"), ReserveOutcome::Reserved);
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{0, 6, 4, 10}));
    QCOMPARE(node.stock.reserve(sku, 1, std::nullopt, "ord_4"), ReserveOutcome::SoldOut);
    node.stock.commit(sku, 1, "ord_2"); // a late answer for a lost hold changes nothing
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{0, 6, 4, 10}));
}

void TestRedisStock::restartedRedisWithOlderDataIsRebuilt() {
    Node node(*server_, *orders_, quickOptions());
    QCOMPARE(node.stock.reserve(sku, 2, std::nullopt, "ord_1"), ReserveOutcome::Reserved);
    node.stock.commit(sku, 2, "ord_1");
    orders_->record("ord_1", 2);
    // Orders Redis never heard of before it went down (its last second of AOF lost).
    orders_->record("ord_elsewhere", 5);

    QVERIFY2(server_->restart(true), qPrintable(server_->error()));
    QCOMPARE(reserveWhenRebuilt(node.stock, 4, "ord_2"), ReserveOutcome::SoldOut);
    QCOMPARE(node.stock.snapshot(sku), (StockLevels{3, 0, 7, 10}));
    QCOMPARE(node.stock.reserve(sku, 3, std::nullopt, "ord_3"), ReserveOutcome::Reserved);
}

void TestRedisStock::unreachableRedisRefusesWithStorageError() {
    Node node(*server_, *orders_, quickOptions());
    QCOMPARE(node.stock.reserve(sku, 1, std::nullopt, "ord_1"), ReserveOutcome::Reserved);
    server_->kill();
    QVERIFY_THROWS_EXCEPTION(StorageError, node.stock.reserve(sku, 1, std::nullopt, "ord_2"));
    QVERIFY_THROWS_EXCEPTION(StorageError, node.stock.adjust(sku, 1));
    node.stock.commit(sku, 1, "ord_1");              // logged, left to the reconciler: never throws
    QCOMPARE(node.stock.snapshot(sku)->reserved, 1); // the last reading stays
}

void TestRedisStock::otherNodesChangesShowWithinTheRefresh() {
    Node a(*server_, *orders_, quickOptions());
    Node b(*server_, *orders_, quickOptions());
    const auto before = b.stock.generation();
    QCOMPARE(a.stock.reserve(sku, 3, std::nullopt, "ord_1"), ReserveOutcome::Reserved);
    QTRY_COMPARE_WITH_TIMEOUT(b.stock.snapshot(sku), (std::optional{StockLevels{7, 3, 0, 10}}),
                              5000);
    QVERIFY(b.stock.generation() != before);
    QVERIFY(a.stock.adjust("NP-NEW", 2));
    QTRY_VERIFY_WITH_TIMEOUT(b.stock.snapshot("NP-NEW").has_value(), 5000);
}

QTEST_GUILESS_MAIN(TestRedisStock)
#include "test_redis_stock.moc"
