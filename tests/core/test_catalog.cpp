// Catalog snapshots: sorted, versioned, immutable once taken, while stock (kept by the ledger,
// not the catalog) stays live; and the degradation switches next to them.

#include "server/core/Catalog.h"
#include "server/core/Degradation.h"
#include "server/core/InProcessStock.h"

#include <QtTest>
#include <atomic>
#include <latch>
#include <thread>

using namespace topcoat;

namespace {

Product product(const std::string& sku, std::int64_t priceCents = 1000) {
    return Product{sku, "Polish " + sku, "#aa0000", priceCents};
}

} // namespace

class TestCatalog : public QObject {
    Q_OBJECT

private slots:
    void emptyCatalog();
    void entriesAreSortedAndFound();
    void upsertReplacesFieldsButKeepsStockAndReviews();
    void oldSnapshotsStayFrozenButSeeLiveStock();
    void readersNeverSeeAHalfPublishedCatalog();
    void degradationSwitches();
};

void TestCatalog::emptyCatalog() {
    Catalog catalog;
    QVERIFY(catalog.snapshot()->entries().empty());
    QVERIFY(!catalog.snapshot()->find("NP-001"));
    QCOMPARE(catalog.snapshot()->version(), 0u);
}

void TestCatalog::entriesAreSortedAndFound() {
    Catalog catalog;
    for (const auto* sku : {"NP-003", "NP-001", "NP-010", "NP-002"})
        catalog.upsert(product(sku));
    const auto snapshot = catalog.snapshot();
    QCOMPARE(snapshot->entries().size(), 4u);
    QCOMPARE(snapshot->entries().front().product.sku, "NP-001");
    QCOMPARE(snapshot->entries().back().product.sku, "NP-010");
    QVERIFY(
        std::is_sorted(snapshot->entries().begin(), snapshot->entries().end(),
                       [](const auto& a, const auto& b) { return a.product.sku < b.product.sku; }));
    QCOMPARE(snapshot->find("NP-002")->product.sku, "NP-002");
    QVERIFY(!snapshot->find("NP-00"));   // a prefix is not a match
    QVERIFY(!snapshot->find("NP-0021")); // nor is a longer SKU
    QCOMPARE(snapshot->version(), 4u);
}

void TestCatalog::upsertReplacesFieldsButKeepsStockAndReviews() {
    Catalog catalog;
    InProcessStock ledger;
    StockLedger& stock = ledger;
    QVERIFY(stock.adjust("NP-001", 4));
    catalog.upsert(product("NP-001", 1000));
    catalog.setReviews("NP-001", {Review{"ana", 5, "Lovely"}});

    // Replacing the fields touches neither the stock nor the reviews.
    catalog.upsert(product("NP-001", 1200));
    const auto* entry = catalog.snapshot()->find("NP-001");
    QCOMPARE(entry->product.priceCents, 1200);
    QCOMPARE(stock.snapshot("NP-001")->available, 4);
    QCOMPARE(entry->reviews.size(), 1u);
    QCOMPARE(entry->reviews[0].rating, 5);
    QCOMPARE(catalog.snapshot()->entries().size(), 1u);
}

void TestCatalog::oldSnapshotsStayFrozenButSeeLiveStock() {
    Catalog catalog;
    InProcessStock ledger;
    StockLedger& stock = ledger;
    catalog.upsert(product("NP-001", 1000));
    const auto old = catalog.snapshot();

    catalog.upsert(product("NP-001", 1500));
    catalog.upsert(product("NP-002"));
    QCOMPARE(old->find("NP-001")->product.priceCents, 1000);
    QVERIFY(!old->find("NP-002"));
    QVERIFY(catalog.snapshot()->version() > old->version());

    // Stock is asked of the ledger by SKU, so an old snapshot's entry shows today's stock.
    stock.adjust("NP-001", 7);
    QCOMPARE(stock.snapshot(old->find("NP-001")->product.sku)->available, 7);
}

// Writers publish whole snapshots; a reader must always see one that some writer published.
// Each round raises every price by one, last SKU first, so any published snapshot has prices
// that never fall along the SKU order and span at most one round.
void TestCatalog::readersNeverSeeAHalfPublishedCatalog() {
    Catalog catalog;
    constexpr int products = 20;
    for (int i = 0; i < products; ++i)
        catalog.upsert(product("NP-" + std::to_string(100 + i), 0));

    std::atomic<bool> done{false};
    std::atomic<int> inconsistent{0};
    std::atomic<std::uint64_t> lastVersion{0};
    std::atomic<bool> versionWentBack{false};
    std::atomic<int> reads{0};
    int round = 0;
    std::latch start(2);
    {
        std::jthread reader([&] {
            start.arrive_and_wait();
            while (!done.load()) {
                const auto snapshot = catalog.snapshot();
                reads.fetch_add(1);
                if (snapshot->version() < lastVersion.exchange(snapshot->version()))
                    versionWentBack = true;
                const auto& entries = snapshot->entries();
                if (entries.size() != std::size_t{products} ||
                    entries.back().product.priceCents - entries.front().product.priceCents > 1)
                    inconsistent.fetch_add(1);
                for (std::size_t i = 1; i < entries.size(); ++i)
                    if (entries[i].product.priceCents < entries[i - 1].product.priceCents)
                        inconsistent.fetch_add(1);
            }
        });
        start.arrive_and_wait();
        // Keep writing until the reader has really looked, however the threads are scheduled.
        while (++round <= 200 || reads.load() < 1000)
            for (int i = products - 1; i >= 0; --i)
                catalog.upsert(product("NP-" + std::to_string(100 + i), round));
        done = true;
    }
    QCOMPARE(inconsistent.load(), 0);
    QVERIFY(!versionWentBack.load());
    QCOMPARE(catalog.snapshot()->entries().front().product.priceCents, round - 1);
}

void TestCatalog::degradationSwitches() {
    Degradation degradation;
    QVERIFY(degradation.disabledFeatures().empty());
    QVERIFY(!degradation.automatic());
    const DegradationCause cause{TimePoint{std::chrono::seconds{1'000'000}}, "owner", "busy"};
    degradation.setEnabled(Feature::Reviews, false, cause);
    degradation.setEnabled(Feature::Search, false, cause);
    degradation.setEnabled(Feature::Search, false, cause); // a repeat is not a change
    QVERIFY(!degradation.enabled(Feature::Reviews));
    QVERIFY(degradation.enabled(Feature::Recommendations));
    QCOMPARE(degradation.disabledFeatures(),
             (std::vector<Feature>{Feature::Reviews, Feature::Search}));
    for (const auto feature : allFeatures)
        QVERIFY(featureFromString(toString(feature)) == feature);
    QVERIFY(!featureFromString("checkout")); // checkout never degrades
    QVERIFY(!featureFromString("Reviews"));

    degradation.setAutomatic(true, DegradationCause{cause.at, "owner", ""});
    degradation.setEnabled(Feature::Reviews, true, DegradationCause{cause.at, "auto", "p99 low"});
    const auto history = degradation.history();
    QCOMPARE(history.size(), 4u); // the repeated switch-off is not in the timeline
    QCOMPARE(history[0].subject, "reviews");
    QVERIFY(!history[0].enabled);
    QCOMPARE(history[0].cause.reason, "busy");
    QCOMPARE(history[1].subject, "search");
    QCOMPARE(history[2].subject, "auto");
    QVERIFY(history[2].enabled);
    QCOMPARE(history[3].cause.source, "auto");
    QVERIFY(history[3].enabled);

    for (std::size_t i = 0; i < Degradation::historyCapacity; ++i)
        degradation.setEnabled(Feature::Wishlists, i % 2 == 1, cause);
    QCOMPARE(degradation.history().size(), Degradation::historyCapacity); // bounded
    QCOMPARE(degradation.history().back().subject, "wishlists");
}

QTEST_APPLESS_MAIN(TestCatalog)
#include "test_catalog.moc"
