// The database on a full disk, simulated below SQLite (DiskSpaceVfs): a refused order must
// never be stored, an admin write must throw and leave nothing, and the writer must carry on
// once space is freed. The rule under test is the one the checkout relies on: commitOrder's
// answer and the database agree, order by order.

#include "DiskSpaceVfs.h"
#include "TestRows.h"
#include "db/DbError.h"
#include "db/Store.h"

#include <QTest>
#include <latch>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

using namespace topcoat;
using topcoat::test::DiskSpaceVfs;
using topcoat::test::orderRow;

namespace {

// Orders that disagree with the database: reported committed but missing, or refused but
// stored (the customer was told "try again", their stock was given back, yet it sold).
QStringList disagreements(db::Store& store, const std::map<std::string, bool>& outcomes) {
    QStringList wrong;
    for (const auto& [id, committed] : outcomes)
        if (store.findOrder(id).has_value() != committed)
            wrong << QStringLiteral("%1 (%2)").arg(QString::fromStdString(id),
                                                   committed ? "acknowledged, missing"
                                                             : "refused, stored");
    return wrong;
}

} // namespace

class TestDbDiskFull : public QObject {
    Q_OBJECT

private:
    test::ScratchFiles files_;

private slots:
    void initTestCase() {
        QVERIFY(files_.isValid());
        QVERIFY(DiskSpaceVfs::install());
        const auto before = DiskSpaceVfs::filesOpened();
        { db::Store probe(files_.freshPath(), db::Durability::Process); }
        if (DiskSpaceVfs::filesOpened() == before)
            QSKIP("Qt's SQLite driver does not use the system libsqlite3, so no full disk can be "
                  "simulated under it");
    }

    // Every test starts, and ends, with space to spare.
    void init() { DiskSpaceVfs::setUnlimited(); }
    void cleanup() { DiskSpaceVfs::setUnlimited(); }

    void refusedOrderIsNotStoredAndWriterRecovers() {
        const auto path = files_.freshPath();
        {
            db::Store store(path, db::Durability::Process);
            QVERIFY(store.commitOrder(orderRow("before", "SKU", 1, "amy")));

            DiskSpaceVfs::setFreeBytes(0);
            const auto refusedBefore = DiskSpaceVfs::writesRefused();
            QVERIFY(!store.commitOrder(orderRow("full", "SKU", 1, "amy")));
            QVERIFY(!store.commitOrder(orderRow("full-keyed", "SKU", 1, "amy", {}, "key")));
            QVERIFY(DiskSpaceVfs::writesRefused() > refusedBefore);

            // Space comes back: the same writer, without a restart, commits again, and the key
            // of the refused order is free for the customer's retry.
            DiskSpaceVfs::setUnlimited();
            QVERIFY(store.commitOrder(orderRow("after", "SKU", 1, "amy")));
            QVERIFY(store.commitOrder(orderRow("retry", "SKU", 1, "amy", {}, "key")));
        }
        db::Store reopened(path, db::Durability::Process);
        std::vector<std::string> stored;
        for (const auto& order : reopened.ordersAfter(0, 100))
            stored.push_back(order.orderId);
        QCOMPARE(stored, (std::vector<std::string>{"before", "after", "retry"}));
        QCOMPARE(reopened.loadShop().idempotentOrders.size(), 1u);
    }

    void adminWriteThrowsAndLeavesNothing() {
        db::Store store(files_.freshPath(), db::Durability::Process);
        DiskSpaceVfs::setFreeBytes(0);
        QVERIFY_THROWS_EXCEPTION(db::DbError,
                                 store.insertProduct(test::productRow("NEW"), 5, test::kNow));
        DiskSpaceVfs::setUnlimited();
        // Had half of it (product without its initial stock) stayed, this would fail on the
        // primary key or count the stock twice.
        store.insertProduct(test::productRow("NEW"), 5, test::kNow);
        const auto shop = store.loadShop();
        QCOMPARE(shop.products.size(), 1u);
        QCOMPARE(shop.stock.at(0).stocked, 5);
    }

    void answersAgreeWithTheDatabaseWhenABigBatchFails() {
        // A nearly full disk: small commits fit, a batch that needs much more does not. A large
        // order makes SQLite spill pages to the log in the middle of the batch, so the disk
        // fills during an INSERT rather than at COMMIT; SQLite may then roll back the whole
        // transaction by itself. Small orders are placed next to it, on other threads, so they
        // share its batches.
        constexpr int threads = 8;
        constexpr int rounds = 10;
        const std::string bigCustomer(4 << 20, 'x');
        const auto path = files_.freshPath();
        std::map<std::string, bool> outcomes;
        std::mutex outcomesMutex;
        {
            db::Store store(path, db::Durability::Process);
            DiskSpaceVfs::setFreeBytes(1 << 20);
            for (int round = 0; round < rounds; ++round) {
                std::latch start(threads);
                std::vector<std::thread> workers;
                for (int t = 0; t < threads; ++t)
                    workers.emplace_back([&, t] {
                        const auto id = QStringLiteral("r%1-t%2").arg(round).arg(t).toStdString();
                        const auto row = orderRow(id, "SKU", 1, t == 0 ? bigCustomer : "small");
                        start.arrive_and_wait();
                        const bool committed = store.commitOrder(row);
                        std::lock_guard lock(outcomesMutex);
                        outcomes[id] = committed;
                    });
                for (auto& worker : workers)
                    worker.join();
            }
            DiskSpaceVfs::setUnlimited();
        }
        QVERIFY(DiskSpaceVfs::writesRefused() > 0);
        int refusedCount = 0;
        for (const auto& [id, committed] : outcomes)
            refusedCount += committed ? 0 : 1;
        QVERIFY2(refusedCount >= rounds, "every large order must have been refused");

        db::Store reopened(path, db::Durability::Process);
        const auto wrong = disagreements(reopened, outcomes);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral(", "))));
        // Stock is rebuilt from stored orders, so they must add up to the acknowledged ones.
        std::int64_t stored = 0;
        for (const auto& order : reopened.ordersAfter(0, threads * rounds + 1))
            stored += order.quantity;
        QCOMPARE(stored, static_cast<std::int64_t>(threads * rounds - refusedCount));
    }
};

QTEST_GUILESS_MAIN(TestDbDiskFull)
#include "test_db_disk_full.moc"
