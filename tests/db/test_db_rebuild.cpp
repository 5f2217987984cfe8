// Start-up after a restart: everything written through the Store is read back by
// storage::loadShop into fresh in-memory objects (stock = stocked - sold, sale usage, sold
// counts, cancellations, idempotency keys, reviews). Also the order reads: paging and lookup.

#include "TestRows.h"
#include "db/DbError.h"
#include "db/Store.h"
#include "server/core/InProcessStock.h"
#include "server/storage/ShopLoader.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <set>

using namespace topcoat;
using topcoat::test::kNow;
using topcoat::test::orderRow;

namespace {

const std::string alice = "alice", bob = "bob", carol = "carol", dave = "dave", erin = "erin";

// Everything the storefront rebuilds at start-up, fresh, as after a process restart.
struct Memory {
    Catalog catalog;
    InProcessStock ledger;
    SaleSchedule sales;
    IdempotencyStore idempotency;
    storage::LoadedShop loaded;

    explicit Memory(db::Store& store)
        : loaded(storage::loadShop(store, catalog, ledger, sales, idempotency)) {}

    StockLevels stock(const std::string& sku) const { return ledger.snapshot(sku).value(); }
    std::optional<Sale> sale(std::int64_t id) const { return sales.find(id); }
};

std::int64_t unixSeconds(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

std::int64_t soldInSale(const Sale& sale, const std::string& sku) {
    const auto* item = sale.item(sku);
    return item ? item->sold->load() : -1;
}

} // namespace

class TestDbRebuild : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path_;
    std::int64_t springSale_ = 0;
    std::int64_t cancelledSale_ = 0;
    std::int64_t editedSale_ = 0;

    std::unique_ptr<db::Store> open() {
        return std::make_unique<db::Store>(path_, db::Durability::Process);
    }

private slots:
    // One shop, written once through a Store that is then closed, read back by every test.
    void initTestCase() {
        QVERIFY(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("shop.sqlite"));
        auto store = open();

        // RUBY: 100 initial + 20 restock - 5 written off = 115 stocked.
        store->insertProduct(test::productRow("RUBY", 1200), 100, kNow);
        store->insertStockMovement("RUBY", 20, kNow + 1);
        store->insertStockMovement("RUBY", -5, kNow + 2);
        store->insertProduct(test::productRow("JADE", 1100), 10, kNow);
        store->insertProduct(test::productRow("ONYX", 900), 0, kNow);
        store->insertStockMovement("ONYX", 7, kNow + 3);
        // An edit after creation: the reloaded catalog must show the latest fields.
        store->updateProduct({"JADE", "Jade Green", "#00a86b", 1150}, kNow + 4);
        store->insertReviews({{"RUBY", "rita", 5, "Glossy"},
                              {"JADE", "jo", 3, "Streaky"},
                              {"RUBY", "rob", 4, "Lasts"}},
                             kNow);

        db::SaleRow spring;
        spring.name = "Spring";
        spring.startsAt = kNow + 3600;
        spring.endsAt = kNow + 7200;
        spring.perCustomerLimit = 3;
        spring.items = {{"RUBY", 800, 0}, {"JADE", 700, 0}};
        springSale_ = store->insertSale(spring, kNow);
        db::SaleRow autumn;
        autumn.name = "Autumn";
        autumn.startsAt = kNow + 86400;
        autumn.endsAt = kNow + 90000;
        autumn.items = {{"ONYX", 500, 0}};
        cancelledSale_ = store->insertSale(autumn, kNow);
        store->cancelSale(cancelledSale_, kNow + 5);
        // Edited after creation: new name, times and limit, and an item list swapped whole.
        db::SaleRow summer;
        summer.name = "Summer";
        summer.startsAt = kNow + 172800;
        summer.endsAt = kNow + 176400;
        summer.items = {{"RUBY", 900, 0}, {"ONYX", 400, 0}};
        editedSale_ = store->insertSale(summer, kNow);
        summer.id = editedSale_;
        summer.name = "Late Summer";
        summer.startsAt = kNow + 259200;
        summer.endsAt = kNow + 266400;
        summer.perCustomerLimit = 5;
        summer.items = {{"JADE", 650, 0}, {"ONYX", 450, 0}};
        store->updateSale(summer);
        db::SaleRow ghost = summer;
        ghost.id = editedSale_ + 100;
        QVERIFY_THROWS_EXCEPTION(db::DbError, store->updateSale(ghost));

        const std::vector<db::OrderRow> orders = {
            orderRow("o-01", "RUBY", 2, alice),
            orderRow("o-02", "RUBY", 2, bob, springSale_),
            orderRow("o-03", "RUBY", 1, bob, springSale_),
            orderRow("o-04", "RUBY", 1, carol, springSale_),
            orderRow("o-05", "JADE", 3, bob, springSale_),
            orderRow("o-06", "RUBY", 1, dave, {}, "key-dave"),
            orderRow("o-07", "JADE", 2, erin, springSale_, "key-erin"),
            orderRow("o-08", "ONYX", 4, alice),
        };
        for (const auto& order : orders)
            QVERIFY(store->commitOrder(order));
    }

    void stockIsStockedMinusSold() {
        auto store = open();
        Memory memory(*store);
        QCOMPARE(memory.loaded.products, 3u);
        QCOMPARE(memory.loaded.sales, 3u);

        struct Expected {
            std::string sku;
            std::int64_t stocked, sold;
        };
        std::int64_t total = 0;
        for (const auto& [sku, stocked, sold] :
             {Expected{"RUBY", 115, 7}, Expected{"JADE", 10, 5}, Expected{"ONYX", 7, 4}}) {
            const auto levels = memory.stock(sku);
            QCOMPARE(levels.stocked, stocked);
            QCOMPARE(levels.sold, sold);
            QCOMPARE(levels.reserved, 0);
            QCOMPARE(levels.available, stocked - sold);
            total += stocked - sold;
        }
        QCOMPARE(memory.loaded.unitsAvailable, total);
    }

    void catalogHasLatestFieldsReviewsAndLiveStock() {
        auto store = open();
        Memory memory(*store);
        const auto snapshot = memory.catalog.snapshot();
        QCOMPARE(snapshot->entries().size(), 3u);

        const auto* jade = snapshot->find("JADE");
        QVERIFY(jade);
        QCOMPARE(jade->product.name, std::string("Jade Green"));
        QCOMPARE(jade->product.priceCents, 1150);
        QCOMPARE(jade->reviews.size(), 1u);
        QCOMPARE(jade->reviews[0].rating, 3);

        const auto* ruby = snapshot->find("RUBY");
        QVERIFY(ruby);
        QCOMPARE(ruby->reviews.size(), 2u);
        QCOMPARE(ruby->reviews[0].author, std::string("rita"));
        QCOMPARE(ruby->reviews[1].author, std::string("rob"));
        QVERIFY(snapshot->find("ONYX")->reviews.empty());
        // Every catalog entry has its stock in the ledger, so checkouts can take it.
        for (const auto& entry : snapshot->entries())
            QVERIFY(memory.ledger.snapshot(entry.product.sku));
    }

    void salesKeepSoldCountsAndCancellation() {
        auto store = open();
        Memory memory(*store);
        const auto spring = memory.sale(springSale_);
        QVERIFY(spring);
        QCOMPARE(spring->name, std::string("Spring"));
        QCOMPARE(spring->perCustomerLimit, 3);
        QVERIFY(!spring->cancelled);
        QCOMPARE(unixSeconds(spring->startsAt), kNow + 3600);
        QCOMPARE(unixSeconds(spring->endsAt), kNow + 7200);
        QCOMPARE(soldInSale(*spring, "RUBY"), 4); // o-02, o-03, o-04; o-01 and o-06 were regular
        QCOMPARE(soldInSale(*spring, "JADE"), 5); // o-05, o-07

        const auto autumn = memory.sale(cancelledSale_);
        QVERIFY(autumn);
        QVERIFY(autumn->cancelled);
        QCOMPARE(soldInSale(*autumn, "ONYX"), 0); // o-08 was a regular order
    }

    void editedSaleHasItsLatestFields() {
        auto store = open();
        Memory memory(*store);
        const auto summer = memory.sale(editedSale_);
        QVERIFY(summer);
        QCOMPARE(summer->name, std::string("Late Summer"));
        QCOMPARE(unixSeconds(summer->startsAt), kNow + 259200);
        QCOMPARE(unixSeconds(summer->endsAt), kNow + 266400);
        QCOMPARE(summer->perCustomerLimit, 5);
        QVERIFY(!summer->cancelled);
        QCOMPARE(summer->items.size(), 2u);
        QVERIFY(!summer->item("RUBY")); // dropped by the edit
        QCOMPARE(summer->item("JADE")->salePriceCents, 650);
        QCOMPARE(summer->item("ONYX")->salePriceCents, 450);
    }

    void perCustomerSaleUsageIsRestored() {
        auto store = open();
        Memory memory(*store);
        const auto usage = [&](const std::string& sku, const std::string& customer) {
            return memory.ledger.usage(StockLedger::limitKey(springSale_, sku, customer));
        };
        QCOMPARE(usage("RUBY", bob), 3);
        QCOMPARE(usage("RUBY", carol), 1);
        QCOMPARE(usage("JADE", bob), 3);
        QCOMPARE(usage("JADE", erin), 2);
        // Orders outside a sale count against no limit.
        QCOMPARE(usage("RUBY", alice), 0);
        QCOMPARE(usage("RUBY", dave), 0);
        QCOMPARE(memory.ledger.usage(StockLedger::limitKey(cancelledSale_, "ONYX", alice)), 0);

        // The limit is enforced from the restored usage: bob has 3 of 3 spring RUBY.
        const LimitClaim bobClaim{StockLedger::limitKey(springSale_, "RUBY", bob), 3};
        QCOMPARE(memory.ledger.reserve("RUBY", 1, bobClaim), ReserveOutcome::LimitReached);
    }

    void idempotencyKeysReplayTheOriginalOrder() {
        auto store = open();
        Memory memory(*store);
        const auto daveClaim =
            memory.idempotency.claim("key-dave", IdempotencyStore::fingerprintOf("RUBY", 1, dave));
        QVERIFY(std::holds_alternative<IdempotencyStore::Replay>(daveClaim));
        const auto& replayed = std::get<IdempotencyStore::Replay>(daveClaim).order;
        QCOMPARE(replayed.orderId, std::string("o-06"));
        QCOMPARE(replayed.totalCents, 1000);
        QVERIFY(!replayed.saleId);

        const auto erinClaim =
            memory.idempotency.claim("key-erin", IdempotencyStore::fingerprintOf("JADE", 2, erin));
        QVERIFY(std::holds_alternative<IdempotencyStore::Replay>(erinClaim));
        QCOMPARE(std::get<IdempotencyStore::Replay>(erinClaim).order.saleId,
                 std::optional<std::int64_t>(springSale_));

        // The same key with another body is refused; an unknown key is free.
        QVERIFY(std::holds_alternative<IdempotencyStore::Mismatch>(memory.idempotency.claim(
            "key-dave", IdempotencyStore::fingerprintOf("RUBY", 2, dave))));
        QVERIFY(std::holds_alternative<IdempotencyStore::Claimed>(
            memory.idempotency.claim("key-new", IdempotencyStore::fingerprintOf("RUBY", 1, dave))));
    }

    void findOrderReturnsEveryField() {
        auto store = open();
        const auto order = store->findOrder("o-07");
        QVERIFY(order);
        QCOMPARE(order->orderId, std::string("o-07"));
        QCOMPARE(order->sku, std::string("JADE"));
        QCOMPARE(order->quantity, 2);
        QCOMPARE(order->unitPriceCents, 1000);
        QCOMPARE(order->totalCents, 2000);
        QCOMPARE(order->customer, erin);
        QCOMPARE(order->saleId, std::optional<std::int64_t>(springSale_));
        QCOMPARE(order->createdAt, kNow);
        QCOMPARE(order->idempotencyKey, std::optional<std::string>("key-erin"));
        QVERIFY(order->seq > 0);

        const auto plain = store->findOrder("o-01");
        QVERIFY(plain);
        QVERIFY(!plain->saleId);
        QVERIFY(!plain->idempotencyKey);
        QVERIFY(!store->findOrder("o-99"));
    }

    void ordersAfterPagesOldestFirst() {
        auto store = open();
        std::vector<std::string> seen;
        std::int64_t cursor = 0;
        std::vector<std::size_t> pageSizes;
        for (;;) {
            const auto page = store->ordersAfter(cursor, 3);
            if (page.empty())
                break;
            pageSizes.push_back(page.size());
            for (const auto& order : page) {
                QVERIFY2(order.seq > cursor, order.orderId.c_str());
                cursor = order.seq;
                seen.push_back(order.orderId);
            }
        }
        QCOMPARE(pageSizes, (std::vector<std::size_t>{3, 3, 2}));
        QCOMPARE(seen, (std::vector<std::string>{"o-01", "o-02", "o-03", "o-04", "o-05", "o-06",
                                                 "o-07", "o-08"}));
        // A page carries the key of a keyed order like findOrder does.
        const auto fromSixth = store->ordersAfter(store->findOrder("o-05")->seq, 1);
        QCOMPARE(fromSixth.size(), 1u);
        QCOMPARE(fromSixth[0].idempotencyKey, std::optional<std::string>("key-dave"));
        QVERIFY(store->ordersAfter(cursor, 10).empty());
    }
};

QTEST_GUILESS_MAIN(TestDbRebuild)
#include "test_db_rebuild.moc"
