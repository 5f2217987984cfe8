// Inventory: stock and per-customer limits taken together, never more than was stocked, under
// many threads as well as one.

#include "server/core/Inventory.h"

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
    return LimitClaim{Inventory::limitKey(kSaleId, "NP-001", customer), limit};
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

std::int64_t total(const StockCell& cell) {
    return cell.available.load() + cell.reserved.load() + cell.sold.load();
}

} // namespace

class TestInventory : public QObject {
    Q_OBJECT

private slots:
    void cellIsCreatedOncePerSku();
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

void TestInventory::cellIsCreatedOncePerSku() {
    Inventory inventory;
    const auto a = inventory.cell("NP-001");
    QCOMPARE(inventory.cell("NP-001").get(), a.get());
    QVERIFY(inventory.cell("NP-002").get() != a.get());
    QCOMPARE(a->available.load(), 0);
    QCOMPARE(a->stocked.load(), 0);
}

void TestInventory::limitKeySeparatesSaleSkuAndCustomer() {
    const auto key = Inventory::limitKey(1, "NP-001", "ana@example.com");
    QVERIFY(key != Inventory::limitKey(2, "NP-001", "ana@example.com"));
    QVERIFY(key != Inventory::limitKey(1, "NP-002", "ana@example.com"));
    QVERIFY(key != Inventory::limitKey(1, "NP-001", "bob@example.com"));
    // A separator, not plain concatenation: these pairs must not collide.
    QVERIFY(Inventory::limitKey(1, "A", "1b@x") != Inventory::limitKey(1, "A1", "b@x"));
    QVERIFY(Inventory::limitKey(11, "A", "b@x") != Inventory::limitKey(1, "1A", "b@x"));
}

void TestInventory::reserveCommitMovesUnitsToSold() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    QVERIFY(inventory.adjust(*cell, 10));
    QCOMPARE(inventory.reserve(*cell, 3, std::nullopt), ReserveOutcome::Reserved);
    QCOMPARE(cell->available.load(), 7);
    QCOMPARE(cell->reserved.load(), 3);
    inventory.commit(*cell, 3);
    QCOMPARE(cell->reserved.load(), 0);
    QCOMPARE(cell->sold.load(), 3);
    QCOMPARE(cell->stocked.load(), 10);
    QCOMPARE(total(*cell), cell->stocked.load());
}

void TestInventory::reserveBeyondStockIsSoldOutAndTakesNothing() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 2);
    QCOMPARE(inventory.reserve(*cell, 3, std::nullopt), ReserveOutcome::SoldOut);
    QCOMPARE(cell->available.load(), 2);
    QCOMPARE(cell->reserved.load(), 0);
    QCOMPARE(inventory.reserve(*cell, 2, std::nullopt), ReserveOutcome::Reserved);
    QCOMPARE(inventory.reserve(*cell, 1, std::nullopt), ReserveOutcome::SoldOut);
    QCOMPARE(cell->available.load(), 0);
}

void TestInventory::limitReachedTakesNothing() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 100);
    const auto claim = claimFor("ana@example.com", 3);
    QCOMPARE(inventory.reserve(*cell, 2, claim), ReserveOutcome::Reserved);
    QCOMPARE(inventory.reserve(*cell, 2, claim), ReserveOutcome::LimitReached);
    QCOMPARE(inventory.usage(claim.key), 2);
    QCOMPARE(cell->available.load(), 98);
    QCOMPARE(inventory.reserve(*cell, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(inventory.usage(claim.key), 3);
    // Another customer has a limit of their own.
    QCOMPARE(inventory.reserve(*cell, 3, claimFor("bob@example.com", 3)), ReserveOutcome::Reserved);
}

void TestInventory::stockFailureDoesNotCountAgainstLimit() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 2);
    const auto claim = claimFor("ana@example.com", 5);
    // The limit check passes (3 <= 5) but only 2 units exist: nothing may be counted.
    QCOMPARE(inventory.reserve(*cell, 3, claim), ReserveOutcome::SoldOut);
    QCOMPARE(inventory.usage(claim.key), 0);
    QCOMPARE(inventory.reserve(*cell, 2, claim), ReserveOutcome::Reserved);
    QCOMPARE(inventory.reserve(*cell, 1, claim), ReserveOutcome::SoldOut);
    QCOMPARE(inventory.usage(claim.key), 2);
}

void TestInventory::releaseGivesBackStockAndLimit() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 10);
    const auto claim = claimFor("ana@example.com", 3);
    QCOMPARE(inventory.reserve(*cell, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(inventory.reserve(*cell, 2, claim), ReserveOutcome::Reserved);
    inventory.release(*cell, 2, claim);
    QCOMPARE(inventory.usage(claim.key), 1);
    QCOMPARE(cell->available.load(), 9);
    QCOMPARE(cell->reserved.load(), 1);
    inventory.release(*cell, 1, claim);
    QCOMPARE(inventory.usage(claim.key), 0);
    QCOMPARE(cell->available.load(), 10);
    QCOMPARE(cell->reserved.load(), 0);
    // The whole limit is available again.
    QCOMPARE(inventory.reserve(*cell, 3, claim), ReserveOutcome::Reserved);
}

void TestInventory::loadedUsageCountsAgainstLimit() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 10);
    const auto claim = claimFor("ana@example.com", 3);
    inventory.loadUsage(claim.key, 2); // bought before a restart
    QCOMPARE(inventory.usage(claim.key), 2);
    QCOMPARE(inventory.reserve(*cell, 2, claim), ReserveOutcome::LimitReached);
    QCOMPARE(inventory.reserve(*cell, 1, claim), ReserveOutcome::Reserved);
    QCOMPARE(inventory.usage(claim.key), 3);
}

void TestInventory::adjustRefusesToGoBelowZero() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    QVERIFY(inventory.adjust(*cell, 5));
    QVERIFY(!inventory.adjust(*cell, -6));
    QCOMPARE(cell->available.load(), 5);
    QCOMPARE(cell->stocked.load(), 5);
    QVERIFY(inventory.adjust(*cell, -5));
    QCOMPARE(cell->available.load(), 0);
    QCOMPARE(cell->stocked.load(), 0);
    QVERIFY(!inventory.adjust(*cell, -1));
    QCOMPARE(cell->available.load(), 0);
}

void TestInventory::writeOffOnlyTouchesAvailableUnits() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 5);
    QCOMPARE(inventory.reserve(*cell, 3, std::nullopt), ReserveOutcome::Reserved);
    // Reserved units belong to a checkout in progress: they cannot be written off.
    QVERIFY(!inventory.adjust(*cell, -3));
    QVERIFY(inventory.adjust(*cell, -2));
    QCOMPARE(cell->reserved.load(), 3);
    QCOMPARE(total(*cell), cell->stocked.load());
}

void TestInventory::generationChangesWithStock() {
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    auto before = inventory.generation();
    inventory.adjust(*cell, 5);
    QVERIFY(inventory.generation() != before);

    before = inventory.generation();
    QCOMPARE(inventory.reserve(*cell, 1, std::nullopt), ReserveOutcome::Reserved);
    QVERIFY(inventory.generation() != before);

    before = inventory.generation();
    const auto claim = claimFor("ana@example.com", 2);
    QCOMPARE(inventory.reserve(*cell, 1, claim), ReserveOutcome::Reserved);
    QVERIFY(inventory.generation() != before);

    before = inventory.generation();
    inventory.release(*cell, 1, claim);
    QVERIFY(inventory.generation() != before);

    before = inventory.generation();
    inventory.adjust(*cell, -1);
    QVERIFY(inventory.generation() != before);
}

// Mixed traffic: with and without limits, quantities 1..3, some orders failing to become
// durable. The test keeps its own count of units held (incremented after a reservation,
// decremented before its release), which can only lag the inventory's; if it ever exceeds the
// stock, the inventory handed out more than it had.
void TestInventory::manyThreadsNeverOversell() {
    constexpr int threads = 16;
    constexpr int attemptsPerThread = 8000; // 128k attempts
    constexpr std::int64_t stock = 60000;   // sells out well into the run
    constexpr std::int64_t limit = 10;
    constexpr int customers = 40;

    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, stock);

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
            const auto outcome = inventory.reserve(*cell, quantity, claim);
            if (outcome == ReserveOutcome::LimitReached)
                limitedOutcomes.fetch_add(1);
            if (outcome != ReserveOutcome::Reserved)
                continue;
            raiseTo(maxHeld, held.fetch_add(quantity) + quantity);
            if (random() % 4 == 0) {
                held.fetch_sub(quantity);
                inventory.release(*cell, quantity, claim);
            } else {
                inventory.commit(*cell, quantity);
                committed.fetch_add(quantity);
                if (claim)
                    committedByKey[static_cast<std::size_t>(t)][claim->key] += quantity;
            }
        }
    });

    QVERIFY2(maxHeld.load() <= stock, qPrintable(QString::number(maxHeld.load())));
    QCOMPARE(cell->reserved.load(), 0);
    QCOMPARE(cell->sold.load(), committed.load());
    QCOMPARE(cell->stocked.load(), stock);
    QCOMPARE(total(*cell), stock);
    QVERIFY(cell->available.load() >= 0);
    QVERIFY(limitedOutcomes.load() > 0); // the limited path was really exercised

    // Each customer's usage is exactly what was committed for them, and within the limit.
    std::map<std::string, std::int64_t> expected;
    for (const auto& perThread : committedByKey)
        for (const auto& [key, units] : perThread)
            expected[key] += units;
    for (int c = 0; c < customers; ++c) {
        const auto key = claimFor("c" + std::to_string(c) + "@x", limit).key;
        QCOMPARE(inventory.usage(key), expected[key]);
        QVERIFY(inventory.usage(key) <= limit);
    }
}

// Limit and stock are one step: in every round all threads race for one fresh customer's
// limit, and exactly the limit is granted. Many short rounds, each started by a barrier, make
// the threads collide even on a machine with few cores.
void TestInventory::manyThreadsSameCustomerGetExactlyTheLimit() {
    constexpr int threads = 8;
    constexpr int rounds = 3000;
    constexpr int attemptsPerRound = 4;
    constexpr std::int64_t limit = 3;
    Inventory inventory;
    auto cell = inventory.cell("NP-001");
    inventory.adjust(*cell, 1'000'000);
    const auto customer = [](int round) {
        return "c" + std::to_string(round) + "@x";
    };

    std::atomic<std::int64_t> granted{0};
    runRounds(threads, rounds, [&](int t, int round) {
        const auto claim = claimFor(customer(round), limit);
        for (int i = 0; i < attemptsPerRound; ++i) {
            // Mostly single units, so the limit is always filled to the last unit.
            const std::int64_t quantity = (t + i) % 4 == 0 ? 2 : 1;
            if (inventory.reserve(*cell, quantity, claim) == ReserveOutcome::Reserved)
                granted.fetch_add(quantity);
        }
    });

    QCOMPARE(granted.load(), rounds * limit);
    QCOMPARE(cell->reserved.load(), rounds * limit);
    QCOMPARE(cell->available.load(), 1'000'000 - rounds * limit);
    for (int round = 0; round < rounds; ++round)
        QCOMPARE(inventory.usage(claimFor(customer(round), limit).key), limit);
}

// Stock runs out before anybody's limit: in every round the threads race for a fresh SKU with
// 5 units, half of them under a (generous) limit and half without. Every thread ends its round
// asking for a single unit, so the stock is always sold to the last unit; exactly the stock is
// handed out, and the limited customers' usage matches what they got.
void TestInventory::manyCustomersShareStockSmallerThanLimit() {
    constexpr int threads = 8;
    constexpr int rounds = 3000;
    constexpr int attemptsPerRound = 4;
    constexpr std::int64_t stock = 5;
    constexpr std::int64_t limit = 1'000'000;
    Inventory inventory;
    std::vector<std::shared_ptr<StockCell>> cells;
    for (int round = 0; round < rounds; ++round) {
        cells.push_back(inventory.cell("R-" + std::to_string(round)));
        inventory.adjust(*cells.back(), stock);
    }
    const auto customer = [](int t) {
        return "t" + std::to_string(t) + "@x";
    };

    std::vector<std::vector<std::int64_t>> granted(threads, std::vector<std::int64_t>(rounds));
    runRounds(threads, rounds, [&](int t, int round) {
        auto& cell = *cells[static_cast<std::size_t>(round)];
        std::optional<LimitClaim> claim;
        if (t % 2 == 0)
            claim = LimitClaim{Inventory::limitKey(kSaleId, "R", customer(t)), limit};
        for (int i = 0; i < attemptsPerRound; ++i) {
            const std::int64_t quantity = i + 1 < attemptsPerRound ? 1 + (t + i) % 3 : 1;
            if (inventory.reserve(cell, quantity, claim) == ReserveOutcome::Reserved)
                granted[static_cast<std::size_t>(t)][static_cast<std::size_t>(round)] += quantity;
        }
    });

    for (int round = 0; round < rounds; ++round) {
        std::int64_t units = 0;
        for (const auto& perThread : granted)
            units += perThread[static_cast<std::size_t>(round)];
        const auto& cell = *cells[static_cast<std::size_t>(round)];
        QCOMPARE(units, stock);
        QCOMPARE(cell.available.load(), 0);
        QCOMPARE(cell.reserved.load(), stock);
    }
    for (int t = 0; t < threads; t += 2) {
        const auto& mine = granted[static_cast<std::size_t>(t)];
        QCOMPARE(inventory.usage(Inventory::limitKey(kSaleId, "R", customer(t))),
                 std::accumulate(mine.begin(), mine.end(), std::int64_t{0}));
    }
}

QTEST_APPLESS_MAIN(TestInventory)
#include "test_inventory.moc"
