// StockLedger snapshots are consistent while stock moves: available + reserved + sold ==
// stocked in every single snapshot, taken while other threads reserve, commit, release,
// restock and write off on the same SKUs.

#include "server/core/InProcessStock.h"

#include <QtTest>
#include <atomic>
#include <latch>
#include <random>
#include <set>
#include <thread>
#include <vector>

using namespace topcoat;

namespace {

const std::vector<std::string> skus = {"NP-001", "NP-002"};

bool consistent(const StockLevels& s) {
    return s.available + s.reserved + s.sold == s.stocked && s.available >= 0 && s.reserved >= 0 &&
           s.sold >= 0;
}

QString describe(const StockLevels& s) {
    return QStringLiteral("available %1 + reserved %2 + sold %3 vs stocked %4")
        .arg(s.available)
        .arg(s.reserved)
        .arg(s.sold)
        .arg(s.stocked);
}

// One writer's mix: mostly checkouts (some of whose orders fail and are released, some under a
// per-customer limit), with restocks and write-offs between them.
void churn(StockLedger& stock, unsigned seed, const std::atomic<bool>& done) {
    std::mt19937 random(seed);
    while (!done.load(std::memory_order_relaxed)) {
        const auto& sku = skus[random() % skus.size()];
        const std::int64_t quantity = 1 + static_cast<std::int64_t>(random() % 3);
        switch (random() % 8) {
        case 0:
            stock.adjust(sku, quantity);
            break;
        case 1:
            stock.adjust(sku, -quantity); // may be refused; either way nothing tears
            break;
        default: {
            std::optional<LimitClaim> claim;
            if (random() % 2 == 0)
                claim = LimitClaim{StockLedger::limitKey(1, sku, std::to_string(random() % 50)),
                                   1'000'000};
            if (stock.reserve(sku, quantity, claim) != ReserveOutcome::Reserved)
                break;
            if (random() % 4 == 0)
                stock.release(sku, quantity, claim);
            else
                stock.commit(sku, quantity);
        }
        }
    }
}

} // namespace

class TestStockSnapshot : public QObject {
    Q_OBJECT

private slots:
    void everySnapshotAddsUpWhileStockMoves();
};

void TestStockSnapshot::everySnapshotAddsUpWhileStockMoves() {
    constexpr int writers = 3;
    constexpr int snapshotsWanted = 200'000;
    // However the threads are scheduled, the reader goes on until it has watched stock move.
    constexpr std::size_t soldValuesWanted = 1000;
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    for (const auto& sku : skus)
        QVERIFY(stock.adjust(sku, 1'000'000'000));

    std::atomic<bool> done{false};
    std::latch start(writers + 1);
    int torn = 0;
    StockLevels firstTorn;
    std::set<std::int64_t> soldSeen; // distinct figures seen: the snapshots watched stock move
    {
        std::vector<std::jthread> threads;
        for (int w = 0; w < writers; ++w)
            threads.emplace_back([&, w] {
                start.arrive_and_wait();
                churn(stock, static_cast<unsigned>(w) + 1, done);
            });
        start.arrive_and_wait();
        for (int i = 0; i < snapshotsWanted || soldSeen.size() < soldValuesWanted; ++i) {
            const auto check = [&](const StockLevels& levels) {
                if (!consistent(levels) && torn++ == 0)
                    firstTorn = levels;
            };
            if (i % 100 == 0) {
                for (const auto& [sku, levels] : stock.snapshotAll())
                    check(levels);
            } else {
                const auto levels = stock.snapshot(skus[i % skus.size()]).value();
                check(levels);
                soldSeen.insert(levels.sold);
            }
        }
        done = true;
    }

    QVERIFY2(
        torn == 0,
        qPrintable(
            QStringLiteral("%1 torn snapshots, first: %2").arg(torn).arg(describe(firstTorn))));
    // At rest, too.
    for (const auto& [sku, levels] : stock.snapshotAll())
        QVERIFY2(consistent(levels), qPrintable(describe(levels)));
}

QTEST_APPLESS_MAIN(TestStockSnapshot)
#include "test_stock_snapshot.moc"
