// StockLedger (in-process): stock and per-customer limits taken together, never more than was
// stocked, under many threads as well as one. Everything goes through the interface.

#include "server/core/InProcessStock.h"

#include <QtTest>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <latch>
#include <map>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

using namespace topcoat;

namespace {

constexpr std::int64_t kSaleId = 7;

LimitClaim claimFor(const std::string& customer, std::int64_t limit) {
    return LimitClaim{StockLedger::limitKey(kSaleId, "NP-001", customer), limit};
}

// Runs `body(threadIndex)` on `threads` threads that all start together, and joins them.
template <typename Body> void runTogether(int threads, Body body) {
    std::latch start(threads);
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            body(t);
        });
}

// Runs `body(threadIndex, round)` for every round on `threads` threads; a barrier starts each
// round, so all threads enter it together.
template <typename Body> void runRounds(int threads, int rounds, Body body) {
    std::barrier barrier(threads);
    runTogether(threads, [&](int t) {
        for (int round = 0; round < rounds; ++round) {
            barrier.arrive_and_wait();
            body(t, round);
        }
    });
}

void raiseTo(std::atomic<std::int64_t>& maximum, std::int64_t value) {
    auto seen = maximum.load();
    while (seen < value && !maximum.compare_exchange_weak(seen, value)) {
    }
}

const std::string sku = "NP-001";

std::int64_t total(const StockLevels& levels) {
    return levels.available + levels.reserved + levels.sold;
}

} // namespace

class TestStockLedger : public QObject {
    Q_OBJECT

private slots:
    void unknownSkuIsSoldOutUntilStocked();
    void limitKeySeparatesSaleSkuAndCustomer();
    void reserveCommitMovesUnitsToSold();
    void reserveBeyondStockIsSoldOutAndTakesNothing();
    void limitReachedTakesNothing();
    void stockFailureDoesNotCountAgainstLimit();
    void releaseGivesBackStockAndLimit();
    void loadedUsageCountsAgainstLimit();
    void adjustRefusesToGoBelowZero();
    void writeOffOnlyTouchesAvailableUnits();
    void generationChangesWithStock();
    void manyThreadsNeverOversell();
    void manyThreadsSameCustomerGetExactlyTheLimit();
    void manyCustomersShareStockSmallerThanLimit();
};

void TestStockLedger::unknownSkuIsSoldOutUntilStocked() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    QVERIFY(!stock.snapshot(sku));
    QCOMPARE(stock.reserve(sku, 1, std::nullopt), ReserveOutcome::SoldOut);
    QVERIFY(stock.snapshotAll().empty());
    QVERIFY(stock.adjust(sku, 0)); // known from now on, with nothing in stock
    QCOMPARE(*stock.snapshot(sku), StockLevels{});
    QVERIFY(stock.adjust("NP-002", 4));
    QCOMPARE(stock.snapshot(sku)->available, 0); // SKUs keep separate counters
    const auto all = stock.snapshotAll();
    QCOMPARE(all.size(), 2u);
    QCOMPARE(all[0].first, sku);
    QCOMPARE(all[1].first, std::string("NP-002"));
    QCOMPARE(all[1].second, (StockLevels{4, 0, 0, 4}));
}

void TestStockLedger::limitKeySeparatesSaleSkuAndCustomer() {
    const auto key = StockLedger::limitKey(1, "NP-001", "ana@example.com");
    QVERIFY(key != StockLedger::limitKey(2, "NP-001", "ana@example.com"));
    QVERIFY(key != StockLedger::limitKey(1, "NP-002", "ana@example.com"));
    QVERIFY(key != StockLedger::limitKey(1, "NP-001", "bob@example.com"));
    // A separator, not plain concatenation: these pairs must not collide.
    QVERIFY(StockLedger::limitKey(1, "A", "1b@x") != StockLedger::limitKey(1, "A1", "b@x"));
    QVERIFY(StockLedger::limitKey(11, "A", "b@x") != StockLedger::limitKey(1, "1A", "b@x"));
}

void TestStockLedger::reserveCommitMovesUnitsToSold() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    QVERIFY(stock.adjust(sku, 10));
    QCOMPARE(stock.reserve(sku, 3, std::nullopt), ReserveOutcome::Reserved);
    QCOMPARE(stock.snapshot(sku)->available, 7);
    QCOMPARE(stock.snapshot(sku)->reserved, 3);
    stock.commit(sku, 3);
    QCOMPARE(stock.snapshot(sku)->reserved, 0);
    QCOMPARE(stock.snapshot(sku)->sold, 3);
    QCOMPARE(stock.snapshot(sku)->stocked, 10);
    QCOMPARE(total(*stock.snapshot(sku)), stock.snapshot(sku)->stocked);
}

void TestStockLedger::reserveBeyondStockIsSoldOutAndTakesNothing() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 2);
    QCOMPARE(stock.reserve(sku, 3, std::nullopt), ReserveOutcome::SoldOut);
    QCOMPARE(stock.snapshot(sku)->available, 2);
    QCOMPARE(stock.snapshot(sku)->reserved, 0);
    QCOMPARE(stock.reserve(sku, 2, std::nullopt), ReserveOutcome::Reserved);
    QCOMPARE(stock.reserve(sku, 1, std::nullopt), ReserveOutcome::SoldOut);
    QCOMPARE(stock.snapshot(sku)->available, 0);
}

void TestStockLedger::limitReachedTakesNothing() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 100);
    const auto claim = claimFor("ana@example.com", 3);
    QCOMPARE(stock.reserve(sku, 2, claim), ReserveOutcome::Reserved);
    QCOMPARE(stock.reserve(sku, 2, claim), ReserveOutcome::LimitReached);
    QCOMPARE(stock.usage(claim.key), 2);
    QCOMPARE(stock.snapshot(sku)->available, 98);
    QCOMPARE(stock.reserve(sku, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(stock.usage(claim.key), 3);
    // Another customer has a limit of their own.
    QCOMPARE(stock.reserve(sku, 3, claimFor("bob@example.com", 3)), ReserveOutcome::Reserved);
}

void TestStockLedger::stockFailureDoesNotCountAgainstLimit() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 2);
    const auto claim = claimFor("ana@example.com", 5);
    // The limit check passes (3 <= 5) but only 2 units exist: nothing may be counted.
    QCOMPARE(stock.reserve(sku, 3, claim), ReserveOutcome::SoldOut);
    QCOMPARE(stock.usage(claim.key), 0);
    QCOMPARE(stock.reserve(sku, 2, claim), ReserveOutcome::Reserved);
    QCOMPARE(stock.reserve(sku, 1, claim), ReserveOutcome::SoldOut);
    QCOMPARE(stock.usage(claim.key), 2);
}

void TestStockLedger::releaseGivesBackStockAndLimit() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 10);
    const auto claim = claimFor("ana@example.com", 3);
    QCOMPARE(stock.reserve(sku, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(stock.reserve(sku, 2, claim), ReserveOutcome::Reserved);
    stock.release(sku, 2, claim);
    QCOMPARE(stock.usage(claim.key), 1);
    QCOMPARE(stock.snapshot(sku)->available, 9);
    QCOMPARE(stock.snapshot(sku)->reserved, 1);
    stock.release(sku, 1, claim);
    QCOMPARE(stock.usage(claim.key), 0);
    QCOMPARE(stock.snapshot(sku)->available, 10);
    QCOMPARE(stock.snapshot(sku)->reserved, 0);
    // The whole limit is available again.
    QCOMPARE(stock.reserve(sku, 3, claim), ReserveOutcome::Reserved);
}

void TestStockLedger::loadedUsageCountsAgainstLimit() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 10);
    const auto claim = claimFor("ana@example.com", 3);
    stock.loadUsage(claim.key, 2); // bought before a restart
    QCOMPARE(stock.usage(claim.key), 2);
    QCOMPARE(stock.reserve(sku, 2, claim), ReserveOutcome::LimitReached);
    QCOMPARE(stock.reserve(sku, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(stock.usage(claim.key), 3);
}

void TestStockLedger::adjustRefusesToGoBelowZero() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    QVERIFY(stock.adjust(sku, 5));
    QVERIFY(!stock.adjust(sku, -6));
    QCOMPARE(stock.snapshot(sku)->available, 5);
    QCOMPARE(stock.snapshot(sku)->stocked, 5);
    QVERIFY(stock.adjust(sku, -5));
    QCOMPARE(stock.snapshot(sku)->available, 0);
    QCOMPARE(stock.snapshot(sku)->stocked, 0);
    QVERIFY(!stock.adjust(sku, -1));
    QCOMPARE(stock.snapshot(sku)->available, 0);
}

void TestStockLedger::writeOffOnlyTouchesAvailableUnits() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 5);
    QCOMPARE(stock.reserve(sku, 3, std::nullopt), ReserveOutcome::Reserved);
    // Reserved units belong to a checkout in progress: they cannot be written off.
    QVERIFY(!stock.adjust(sku, -3));
    QVERIFY(stock.adjust(sku, -2));
    QCOMPARE(stock.snapshot(sku)->reserved, 3);
    QCOMPARE(total(*stock.snapshot(sku)), stock.snapshot(sku)->stocked);
}

void TestStockLedger::generationChangesWithStock() {
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    auto before = stock.generation();
    stock.adjust(sku, 5);
    QVERIFY(stock.generation() != before);

    before = stock.generation();
    QCOMPARE(stock.reserve(sku, 1, std::nullopt), ReserveOutcome::Reserved);
    QVERIFY(stock.generation() != before);

    before = stock.generation();
    const auto claim = claimFor("ana@example.com", 2);
    QCOMPARE(stock.reserve(sku, 1, claim), ReserveOutcome::Reserved);
    QVERIFY(stock.generation() != before);

    before = stock.generation();
    stock.release(sku, 1, claim);
    QVERIFY(stock.generation() != before);

    before = stock.generation();
    stock.adjust(sku, -1);
    QVERIFY(stock.generation() != before);
}

// Mixed traffic: with and without limits, quantities 1..3, some orders failing to become
// durable. The test keeps its own count of units held (incremented after a reservation,
// decremented before its release), which can only lag the inventory's; if it ever exceeds the
// stock, the inventory handed out more than it had.
void TestStockLedger::manyThreadsNeverOversell() {
    constexpr int threads = 16;
    constexpr int attemptsPerThread = 8000; // 128k attempts
    constexpr std::int64_t stocked = 60000; // sells out well into the run
    constexpr std::int64_t limit = 10;
    constexpr int customers = 40;

    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, stocked);

    std::atomic<std::int64_t> held{0};
    std::atomic<std::int64_t> maxHeld{0};
    std::atomic<std::int64_t> committed{0};
    std::atomic<std::int64_t> limitedOutcomes{0};
    std::vector<std::map<std::string, std::int64_t>> committedByKey(threads);

    runTogether(threads, [&](int t) {
        std::mt19937 random(static_cast<unsigned>(t) + 1);
        for (int i = 0; i < attemptsPerThread; ++i) {
            const std::int64_t quantity = 1 + static_cast<std::int64_t>(random() % 3);
            std::optional<LimitClaim> claim;
            if (random() % 2 == 0)
                claim = claimFor("c" + std::to_string(random() % customers) + "@x", limit);
            const auto outcome = stock.reserve(sku, quantity, claim);
            if (outcome == ReserveOutcome::LimitReached)
                limitedOutcomes.fetch_add(1);
            if (outcome != ReserveOutcome::Reserved)
                continue;
            raiseTo(maxHeld, held.fetch_add(quantity) + quantity);
            if (random() % 4 == 0) {
                held.fetch_sub(quantity);
                stock.release(sku, quantity, claim);
            } else {
                stock.commit(sku, quantity);
                committed.fetch_add(quantity);
                if (claim)
                    committedByKey[static_cast<std::size_t>(t)][claim->key] += quantity;
            }
        }
    });

    QVERIFY2(maxHeld.load() <= stocked, qPrintable(QString::number(maxHeld.load())));
    QCOMPARE(stock.snapshot(sku)->reserved, 0);
    QCOMPARE(stock.snapshot(sku)->sold, committed.load());
    QCOMPARE(stock.snapshot(sku)->stocked, stocked);
    QCOMPARE(total(*stock.snapshot(sku)), stocked);
    QVERIFY(stock.snapshot(sku)->available >= 0);
    QVERIFY(limitedOutcomes.load() > 0); // the limited path was really exercised

    // Each customer's usage is exactly what was committed for them, and within the limit.
    std::map<std::string, std::int64_t> expected;
    for (const auto& perThread : committedByKey)
        for (const auto& [key, units] : perThread)
            expected[key] += units;
    for (int c = 0; c < customers; ++c) {
        const auto key = claimFor("c" + std::to_string(c) + "@x", limit).key;
        QCOMPARE(stock.usage(key), expected[key]);
        QVERIFY(stock.usage(key) <= limit);
    }
}

// Limit and stock are one step: in every round all threads race for one fresh customer's
// limit, and exactly the limit is granted. Many short rounds, each started by a barrier, make
// the threads collide even on a machine with few cores.
void TestStockLedger::manyThreadsSameCustomerGetExactlyTheLimit() {
    constexpr int threads = 8;
    constexpr int rounds = 3000;
    constexpr int attemptsPerRound = 4;
    constexpr std::int64_t limit = 3;
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    stock.adjust(sku, 1'000'000);
    const auto customer = [](int round) {
        return "c" + std::to_string(round) + "@x";
    };

    std::atomic<std::int64_t> granted{0};
    runRounds(threads, rounds, [&](int t, int round) {
        const auto claim = claimFor(customer(round), limit);
        for (int i = 0; i < attemptsPerRound; ++i) {
            // Mostly single units, so the limit is always filled to the last unit.
            const std::int64_t quantity = (t + i) % 4 == 0 ? 2 : 1;
            if (stock.reserve(sku, quantity, claim) == ReserveOutcome::Reserved)
                granted.fetch_add(quantity);
        }
    });

    QCOMPARE(granted.load(), rounds * limit);
    QCOMPARE(stock.snapshot(sku)->reserved, rounds * limit);
    QCOMPARE(stock.snapshot(sku)->available, 1'000'000 - rounds * limit);
    for (int round = 0; round < rounds; ++round)
        QCOMPARE(stock.usage(claimFor(customer(round), limit).key), limit);
}

// Stock runs out before anybody's limit: in every round the threads race for a fresh SKU with
// 5 units, half of them under a (generous) limit and half without. Every thread ends its round
// asking for a single unit, so the stock is always sold to the last unit; exactly the stock is
// handed out, and the limited customers' usage matches what they got.
void TestStockLedger::manyCustomersShareStockSmallerThanLimit() {
    constexpr int threads = 8;
    constexpr int rounds = 3000;
    constexpr int attemptsPerRound = 4;
    constexpr std::int64_t units = 5;
    constexpr std::int64_t limit = 1'000'000;
    InProcessStock inProcess;
    StockLedger& stock = inProcess;
    std::vector<std::string> skus;
    for (int round = 0; round < rounds; ++round) {
        skus.push_back("R-" + std::to_string(round));
        stock.adjust(skus.back(), units);
    }
    const auto customer = [](int t) {
        return "t" + std::to_string(t) + "@x";
    };

    std::vector<std::vector<std::int64_t>> granted(threads, std::vector<std::int64_t>(rounds));
    runRounds(threads, rounds, [&](int t, int round) {
        const auto& roundSku = skus[static_cast<std::size_t>(round)];
        std::optional<LimitClaim> claim;
        if (t % 2 == 0)
            claim = LimitClaim{StockLedger::limitKey(kSaleId, "R", customer(t)), limit};
        for (int i = 0; i < attemptsPerRound; ++i) {
            const std::int64_t quantity = i + 1 < attemptsPerRound ? 1 + (t + i) % 3 : 1;
            if (stock.reserve(roundSku, quantity, claim) == ReserveOutcome::Reserved)
                granted[static_cast<std::size_t>(t)][static_cast<std::size_t>(round)] += quantity;
        }
    });

    for (int round = 0; round < rounds; ++round) {
        std::int64_t handedOut = 0;
        for (const auto& perThread : granted)
            handedOut += perThread[static_cast<std::size_t>(round)];
        const auto levels = stock.snapshot(skus[static_cast<std::size_t>(round)]).value();
        QCOMPARE(handedOut, units);
        QCOMPARE(levels.available, 0);
        QCOMPARE(levels.reserved, units);
    }
    for (int t = 0; t < threads; t += 2) {
        const auto& mine = granted[static_cast<std::size_t>(t)];
        QCOMPARE(stock.usage(StockLedger::limitKey(kSaleId, "R", customer(t))),
                 std::accumulate(mine.begin(), mine.end(), std::int64_t{0}));
    }
}

QTEST_APPLESS_MAIN(TestStockLedger)
#include "test_stock_ledger.moc"
