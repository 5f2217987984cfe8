// The single writer under concurrent load: orders from many threads are group-committed, each
// stored exactly once; one bad order does not sink its batch; idempotency keys land atomically
// with their order; admin writes keep their place in line; a closed store keeps everything.

#include "DbInspector.h"
#include "TestRows.h"
#include "db/DbError.h"
#include "db/Migrations.h"
#include "db/OrderQueries.h"
#include "db/Store.h"

#include <QFileInfo>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <functional>
#include <latch>
#include <map>
#include <thread>
#include <vector>

using namespace topcoat;
using topcoat::test::DbInspector;
using topcoat::test::orderRow;

namespace {

// Runs `body(thread)` on `threads` threads released together, so their writes overlap.
void runConcurrently(int threads, const std::function<void(int)>& body) {
    std::latch start(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            body(t);
        });
    for (auto& worker : workers)
        worker.join();
}

QString orderId(int thread, int n) {
    return QStringLiteral("t%1-%2").arg(thread).arg(n);
}

// True when every thread's orders got increasing seq in the order that thread placed them:
// a caller waits for each commit, so its orders must be stored in its own order.
bool seqFollowsEachThreadsOrder(DbInspector& inspector) {
    std::map<QString, int> lastN;
    for (const auto& id : inspector.rows("SELECT order_id FROM orders WHERE order_id LIKE 't%' "
                                         "ORDER BY seq")) {
        const auto thread = id.section(QLatin1Char('-'), 0, 0);
        const int n = id.section(QLatin1Char('-'), 1).toInt();
        auto [it, inserted] = lastN.try_emplace(thread, n);
        if (!inserted && n <= it->second)
            return false;
        it->second = n;
    }
    return !lastN.empty();
}

} // namespace

class TestDbGroupCommit : public QObject {
    Q_OBJECT

private:
    test::ScratchFiles files_;

private slots:
    void initTestCase() { QVERIFY(files_.isValid()); }

    void concurrentOrdersAreGroupedAndStoredOnce() {
        constexpr int threads = 16;
        constexpr int perThread = 500;
        const auto path = files_.freshPath();
        db::Store store(path, db::Durability::Process);
        std::atomic<int> refused{0};
        std::atomic<int> unreadable{0};

        runConcurrently(threads, [&](int t) {
            for (int n = 0; n < perThread; ++n) {
                const auto id = orderId(t, n).toStdString();
                if (!store.commitOrder(orderRow(id, "SKU-" + std::to_string(n % 7), 1 + n % 3,
                                                "customer-" + std::to_string(t))))
                    ++refused;
                // An acknowledged order is visible at once to this thread's own reader.
                if (n % 50 == 0 && !store.findOrder(id))
                    ++unreadable;
            }
        });

        QCOMPARE(refused.load(), 0);
        QCOMPARE(unreadable.load(), 0);
        // Exact counts are writerStatsCountEveryAcknowledgedOrder's subject; here, the shape.
        const auto stats = store.writerStats();
        QCOMPARE(stats.failedOrders, 0u);
        // Each caller waits for its commit, so a batch holds at most one order per thread.
        QVERIFY2(stats.largestBatch <= threads, qPrintable(QString::number(stats.largestBatch)));
        // Grouping happened. Strictly this depends on scheduling, but only weakly: 16 callers
        // each keep an order in flight while the writer commits, so for all 8000 batches to
        // hold one order each the threads would have to run in lockstep throughout.
        QVERIFY2(stats.largestBatch > 1, qPrintable(QString::number(stats.largestBatch)));
        QVERIFY(stats.batches < std::uint64_t{threads * perThread});

        DbInspector inspector(path);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders"), threads * perThread);
        QCOMPARE(inspector.count("SELECT COUNT(DISTINCT order_id) FROM orders"),
                 threads * perThread);
        QVERIFY(seqFollowsEachThreadsOrder(inspector));
        // The rows are the ones submitted, not just the right number of them.
        QCOMPARE(inspector.count("SELECT quantity FROM orders WHERE order_id = 't3-499'"), 2);
        QCOMPARE(inspector.value("SELECT customer FROM orders WHERE order_id = 't15-0'").toString(),
                 QStringLiteral("customer-15"));
    }

    void writerStatsCountEveryAcknowledgedOrder() {
        // The status page shows these counters; once commitOrder has answered, its order (or
        // its failure) must be counted. Many short bursts, each checked when all callers have
        // their answers, so a counter updated after the callers are woken shows up.
        constexpr int threads = 8;
        constexpr int rounds = 300;
        db::Store store(files_.freshPath(), db::Durability::Process);
        QVERIFY(store.commitOrder(orderRow("taken", "SKU", 1, "c")));
        std::uint64_t expectedOrders = 1;
        std::uint64_t expectedFailed = 0;
        for (int round = 0; round < rounds; ++round) {
            std::atomic<int> accepted{0};
            runConcurrently(threads, [&](int t) {
                // Thread 0 reuses an id, so failures are counted too.
                const auto id = t == 0 ? std::string("taken") : orderId(t, round).toStdString();
                if (store.commitOrder(orderRow(id, "SKU", 1, "c")))
                    ++accepted;
            });
            QCOMPARE(accepted.load(), threads - 1);
            expectedOrders += threads - 1;
            expectedFailed += 1;
            const auto stats = store.writerStats();
            QCOMPARE(stats.orders, expectedOrders);
            QCOMPARE(stats.failedOrders, expectedFailed);
        }
    }

    void failedInsertLeavesTheBatchTransactionUsable() {
        // What the writer relies on: inside one transaction, a constraint failure undoes only
        // that order (and, with a key, its savepoint), and the others still commit. A full disk
        // is another matter: see test_db_disk_full.
        DbInspector inspector(files_.freshPath());
        db::migrate(inspector.db());
        {
            db::OrderInserter inserter(inspector.db());
            QVERIFY(inspector.db().transaction());
            inserter.insert(orderRow("a", "SKU", 1, "x"), false);
            QVERIFY_THROWS_EXCEPTION(db::DbError,
                                     inserter.insert(orderRow("a", "SKU", 2, "y"), false));
            inserter.insert(orderRow("b", "SKU", 1, "x", {}, "key-b"), false);
            QVERIFY_THROWS_EXCEPTION(
                db::DbError, inserter.insert(orderRow("c", "SKU", 1, "x", {}, "key-b"), false));
            QVERIFY_THROWS_EXCEPTION(
                db::DbError, inserter.insert(orderRow("b", "SKU", 1, "x", {}, "key-c"), false));
            inserter.insert(orderRow("d", "SKU", 1, "x"), false);
            QVERIFY(inspector.db().commit());
        }
        QCOMPARE(inspector.rows("SELECT order_id, quantity FROM orders ORDER BY seq"),
                 (QStringList{"a|1", "b|1", "d|1"}));
        QCOMPARE(inspector.rows("SELECT key, order_id FROM idempotency_keys"),
                 QStringList{"key-b|b"});
    }

    void duplicateOrderIdFailsWithoutHarmingOthers() {
        constexpr int threads = 16;
        constexpr int perThread = 100;
        const auto path = files_.freshPath();
        db::Store store(path, db::Durability::Process);
        for (int s = 0; s < threads; ++s)
            QVERIFY(store.commitOrder(orderRow("seed-" + std::to_string(s), "SKU-A", 1, "seed")));

        // Every tenth order reuses a stored id, mixed into the same traffic as good orders.
        std::atomic<int> wrongOutcome{0};
        runConcurrently(threads, [&](int t) {
            for (int n = 0; n < perThread; ++n) {
                const bool duplicate = n % 10 == 5;
                const auto row =
                    duplicate ? orderRow("seed-" + std::to_string((t + n) % threads), "SKU-B", 9,
                                         "mallory")
                              : orderRow(orderId(t, n).toStdString(), "SKU-A", 1, "customer");
                if (store.commitOrder(row) == duplicate)
                    ++wrongOutcome;
            }
        });

        QCOMPARE(wrongOutcome.load(), 0);
        DbInspector inspector(path);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders"),
                 threads + threads * perThread * 9 / 10);
        // The originals were not overwritten by the duplicates.
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders WHERE customer = 'mallory' OR "
                                 "sku = 'SKU-B' OR quantity <> 1"),
                 0);
        QVERIFY(seqFollowsEachThreadsOrder(inspector));
    }

    void idempotencyKeyIsStoredWithItsOrderOrNotAtAll() {
        const auto path = files_.freshPath();
        db::Store store(path, db::Durability::Process);
        QVERIFY(store.commitOrder(orderRow("o-1", "SKU", 1, "amy", {}, "key-1")));
        const auto stored = store.findOrder("o-1");
        QVERIFY(stored && stored->idempotencyKey);
        QCOMPARE(*stored->idempotencyKey, std::string("key-1"));

        // A reused key fails and leaves no order behind; a reused id leaves no key behind.
        QVERIFY(!store.commitOrder(orderRow("o-2", "SKU", 1, "amy", {}, "key-1")));
        QVERIFY(!store.findOrder("o-2"));
        QVERIFY(!store.commitOrder(orderRow("o-1", "SKU", 1, "amy", {}, "key-2")));

        // Racing requests with one key: exactly one wins, its neighbours in the batch are fine.
        constexpr int threads = 16;
        std::atomic<int> won{0};
        std::atomic<int> plainRefused{0};
        runConcurrently(threads, [&](int t) {
            const auto n = std::to_string(t);
            if (store.commitOrder(orderRow("race-" + n, "SKU", 1, "bo", {}, "race-key")))
                ++won;
            if (!store.commitOrder(orderRow("plain-" + n, "SKU", 1, "cy")))
                ++plainRefused;
        });
        QCOMPARE(won.load(), 1);
        QCOMPARE(plainRefused.load(), 0);

        DbInspector inspector(path);
        QCOMPARE(inspector.rows("SELECT key FROM idempotency_keys ORDER BY key"),
                 (QStringList{"key-1", "race-key"}));
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders WHERE order_id LIKE 'race-%'"), 1);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders WHERE order_id LIKE 'plain-%'"),
                 threads);
        // No orphan: the one stored race order is the one the key points at.
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders o JOIN idempotency_keys k ON "
                                 "k.order_id = o.order_id WHERE o.order_id LIKE 'race-%'"),
                 1);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders"), 1 + 1 + threads);
    }

    void adminWritesKeepTheirPlaceAmongOrders() {
        constexpr int threads = 8;
        constexpr int perThread = 300;
        constexpr int products = 20;
        const auto path = files_.freshPath();
        db::Store store(path, db::Durability::Process);
        std::atomic<int> refused{0};
        std::atomic<bool> adminFinished{false};
        QStringList expectedMovements;
        std::vector<std::int64_t> saleIds;
        bool unknownSkuRejected = false;

        // Thread 0 is the admin, writing things that depend on each other (a movement needs its
        // product, a cancel needs its sale) while the others place orders.
        runConcurrently(threads + 1, [&](int t) {
            if (t != 0) {
                for (int n = 0; n < perThread; ++n)
                    if (!store.commitOrder(orderRow(orderId(t, n).toStdString(), "P0", 1, "c")))
                        ++refused;
                return;
            }
            for (int p = 0; p < products; ++p) {
                const auto sku = "P" + std::to_string(p);
                const auto qsku = QString::fromStdString(sku);
                store.insertProduct(test::productRow(sku), 10, test::kNow + p);
                store.insertStockMovement(sku, 5, test::kNow + p);
                store.insertStockMovement(sku, -2, test::kNow + p);
                expectedMovements << qsku + "|10|initial" << qsku + "|5|restock"
                                  << qsku + "|-2|write_off";
                db::SaleRow sale;
                sale.name = "Sale " + sku;
                sale.startsAt = test::kNow + 3600 * p;
                sale.endsAt = sale.startsAt + 600;
                sale.items = {{sku, 500, 0}};
                saleIds.push_back(store.insertSale(sale, test::kNow));
                store.cancelSale(saleIds.back(), test::kNow + 1);
                if (p == products / 2) {
                    // A failing admin write is reported to its caller only.
                    try {
                        store.insertStockMovement("no-such-sku", 1, test::kNow);
                    } catch (const db::DbError&) {
                        unknownSkuRejected = true;
                    }
                }
            }
            adminFinished = true;
        });

        QVERIFY(adminFinished.load());
        QVERIFY(unknownSkuRejected);
        QCOMPARE(refused.load(), 0);
        QVERIFY(std::is_sorted(saleIds.begin(), saleIds.end()));
        QCOMPARE(std::adjacent_find(saleIds.begin(), saleIds.end()), saleIds.end());

        DbInspector inspector(path);
        QCOMPARE(inspector.rows("SELECT sku, delta, reason FROM stock_movements ORDER BY id"),
                 expectedMovements);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM sales WHERE cancelled_at IS NOT NULL"),
                 products);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM sale_items"), products);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders"), threads * perThread);
        QVERIFY(seqFollowsEachThreadsOrder(inspector));
        const auto shop = store.loadShop();
        QCOMPARE(shop.stock.size(), std::size_t{products});
        QCOMPARE(shop.stock.front().sku, std::string("P0"));
        QCOMPARE(shop.stock.front().stocked, 13);
        QCOMPARE(shop.stock.front().sold, threads * perThread);
    }

    void closedStoreKeepsEverythingAndFoldsTheLog() {
        constexpr int threads = 8;
        constexpr int perThread = 200;
        const auto path = files_.freshPath();
        {
            db::Store store(path, db::Durability::Process);
            store.insertProduct(test::productRow("SKU"), 100000, test::kNow);
            std::atomic<int> refused{0};
            runConcurrently(threads, [&](int t) {
                for (int n = 0; n < perThread; ++n)
                    if (!store.commitOrder(orderRow(orderId(t, n).toStdString(), "SKU", 2, "c",
                                                    std::nullopt, orderId(t, n).toStdString())))
                        ++refused;
            });
            QCOMPARE(refused.load(), 0);
            QVERIFY(store.sizeOnDisk() > 0);
        }
        // A clean close checkpoints the write-ahead log back into the database file.
        QCOMPARE(QFileInfo(path + "-wal").size(), 0);

        db::Store reopened(path, db::Durability::Process);
        const auto orders = reopened.ordersAfter(0, threads * perThread + 10);
        QCOMPARE(orders.size(), std::size_t{threads * perThread});
        const auto shop = reopened.loadShop();
        QCOMPARE(shop.stock.at(0).sold, 2 * threads * perThread);
        QCOMPARE(shop.idempotentOrders.size(), std::size_t{threads * perThread});
        const auto one = reopened.findOrder("t7-199");
        QVERIFY(one && one->idempotencyKey);
        QCOMPARE(*one->idempotencyKey, std::string("t7-199"));
    }
};

QTEST_GUILESS_MAIN(TestDbGroupCommit)
#include "test_db_group_commit.moc"
