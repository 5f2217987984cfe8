// Sales over time, the schedule that refuses overlaps, and ShopAdmin's rules for products,
// stock and sales, with an in-test repository standing in for the database.

#include "server/core/InProcessStock.h"
#include "server/core/ShopAdmin.h"
#include "tests/support/FakeClock.h"

#include <QtTest>

using namespace topcoat;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 12h;

// States are compared by their wire names: QCOMPARE on SaleState itself would pick up
// topcoat::toString(SaleState) by argument-dependent lookup and not compile.
std::string stateAt(const Sale& sale, TimePoint at) {
    return std::string(toString(sale.stateAt(at)));
}

Sale makeSale(std::int64_t id, TimePoint starts, TimePoint ends,
              std::vector<std::string> skus = {"NP-001"}) {
    Sale sale;
    sale.id = id;
    sale.name = "sale " + std::to_string(id);
    sale.startsAt = starts;
    sale.endsAt = ends;
    for (auto& sku : skus)
        sale.items.push_back(SaleItem{std::move(sku), 100});
    return sale;
}

// Records every write; when `failNext` is set the next write throws StorageError instead.
class RecordingRepository final : public ShopRepository {
public:
    struct Movement {
        std::string sku;
        std::int64_t delta;
    };

    void insertProduct(const Product& product, std::int64_t initialStock, TimePoint) override {
        maybeFail();
        insertedProducts.emplace_back(product.sku, initialStock);
    }
    void updateProduct(const Product& product, TimePoint) override {
        maybeFail();
        updatedProducts.push_back(product);
    }
    void recordStockMovement(const std::string& sku, std::int64_t delta,
                             const std::optional<WriteOffNote>&, TimePoint) override {
        maybeFail();
        movements.push_back({sku, delta});
    }
    std::int64_t insertSale(const Sale&, TimePoint) override {
        maybeFail();
        return ++lastSaleId;
    }
    void updateSale(const Sale& sale) override {
        maybeFail();
        updatedSales.push_back(sale);
    }
    void cancelSale(std::int64_t id, TimePoint) override {
        maybeFail();
        cancelledSales.push_back(id);
    }

    bool failNext = false;
    std::vector<std::pair<std::string, std::int64_t>> insertedProducts;
    std::vector<Product> updatedProducts;
    std::vector<Movement> movements;
    std::int64_t lastSaleId = 0;
    std::vector<Sale> updatedSales;
    std::vector<std::int64_t> cancelledSales;

private:
    void maybeFail() {
        if (std::exchange(failNext, false))
            throw StorageError("disk I/O error");
    }
};

} // namespace

class TestSales : public QObject {
    Q_OBJECT

private slots:
    void init();

    void stateFollowsTheClock();
    void overlapNeedsSharedSkuAndSharedTime();
    void scheduleRefusesOverlapAndFindsLiveItem();
    void scheduleCancelAndReplaceAll();
    void scheduleReplaceKeepsOrderAndRefusesOverlap();

    void createProduct();
    void createProductStorageFailureChangesNothing();
    void updateProductKeepsStock();
    void priceChangeKeepsSalesADiscount();
    void restock();
    void restockStorageFailureLeavesStockUnchanged();

    void createSaleValidation_data();
    void createSaleValidation();
    void createSaleAcceptsNonOverlapping();
    void createSaleStorageFailureChangesNothing();
    void cancelSale();
    void updateSaleChangesOnlyWhatIsGiven();
    void updateSaleOnlyWhileScheduled();
    void updateSaleOverlapExcludesItself();
    void updateSaleValidation();
    void updateSaleStorageFailureChangesNothing();

private:
    StockLevels stock(const std::string& sku) const { return ledger_->snapshot(sku).value(); }
    Result<Sale, AdminError> createSale(TimePoint starts, TimePoint ends,
                                        std::vector<NewSaleItem> items = {{"NP-001", 600}}) {
        return admin_->createSale(NewSale{"Flash", starts, ends, 2, std::move(items)});
    }

    std::unique_ptr<Catalog> catalog_;
    std::unique_ptr<SaleSchedule> sales_;
    std::unique_ptr<InProcessStock> ledger_;
    std::unique_ptr<RecordingRepository> repository_;
    std::unique_ptr<test::FakeClock> clock_;
    std::unique_ptr<ShopAdmin> admin_;
};

// A fresh shop per test with NP-001 (1000 cents, 10 units) and NP-002 (800 cents, 5 units).
void TestSales::init() {
    catalog_ = std::make_unique<Catalog>();
    sales_ = std::make_unique<SaleSchedule>();
    ledger_ = std::make_unique<InProcessStock>();
    repository_ = std::make_unique<RecordingRepository>();
    clock_ = std::make_unique<test::FakeClock>(kNow);
    admin_ = std::make_unique<ShopAdmin>(*catalog_, *sales_, *ledger_, *repository_, *clock_);
    QVERIFY(admin_->createProduct(Product{"NP-001", "Ruby", "#aa0000", 1000}, 10).ok());
    QVERIFY(admin_->createProduct(Product{"NP-002", "Jade", "#00aa00", 800}, 5).ok());
    repository_->insertedProducts.clear();
}

void TestSales::stateFollowsTheClock() {
    test::FakeClock clock(kNow);
    auto sale = makeSale(1, kNow + 1h, kNow + 2h);
    QCOMPARE(stateAt(sale, clock.now()), "scheduled");
    clock.set(kNow + 1h - 1ms);
    QCOMPARE(stateAt(sale, clock.now()), "scheduled");
    clock.advance(1ms);
    QCOMPARE(stateAt(sale, clock.now()), "live"); // starts_at is inclusive
    clock.set(kNow + 2h - 1ms);
    QCOMPARE(stateAt(sale, clock.now()), "live");
    clock.advance(1ms);
    QCOMPARE(stateAt(sale, clock.now()), "ended"); // ends_at is exclusive
    sale.cancelled = true;
    for (const auto at : {kNow, kNow + 90min, kNow + 3h})
        QCOMPARE(stateAt(sale, at), "cancelled");
}

void TestSales::overlapNeedsSharedSkuAndSharedTime() {
    const auto a = makeSale(1, kNow + 1h, kNow + 2h, {"NP-001", "NP-002"});
    const auto partly = makeSale(2, kNow + 90min, kNow + 3h, {"NP-002"});
    const auto adjacent = makeSale(3, kNow + 2h, kNow + 3h, {"NP-001"});
    const auto before = makeSale(4, kNow, kNow + 1h, {"NP-001"});
    const auto otherSku = makeSale(5, kNow + 1h, kNow + 2h, {"NP-003"});
    const auto inside = makeSale(6, kNow + 70min, kNow + 80min, {"NP-001"});
    QVERIFY(a.overlaps(partly) && partly.overlaps(a));
    QVERIFY(a.overlaps(inside) && inside.overlaps(a));
    QVERIFY(!a.overlaps(adjacent) && !adjacent.overlaps(a));
    QVERIFY(!a.overlaps(before) && !before.overlaps(a));
    QVERIFY(!a.overlaps(otherSku));
    auto cancelled = partly;
    cancelled.cancelled = true;
    QVERIFY(!a.overlaps(cancelled) && !cancelled.overlaps(a));
    QVERIFY(a.item("NP-002") != nullptr);
    QVERIFY(a.item("NP-003") == nullptr);
}

void TestSales::scheduleRefusesOverlapAndFindsLiveItem() {
    SaleSchedule schedule;
    QVERIFY(schedule.add(makeSale(1, kNow + 1h, kNow + 2h)));
    QVERIFY(!schedule.add(makeSale(2, kNow + 90min, kNow + 3h)));
    QVERIFY(schedule.add(makeSale(3, kNow + 2h, kNow + 3h)));
    QVERIFY(schedule.add(makeSale(4, kNow, kNow + 1h, {"NP-001", "NP-002"})));
    QCOMPARE(schedule.snapshot()->size(), 3u);
    QCOMPARE(schedule.snapshot()->front().id, 4); // kept in order of start
    QCOMPARE(schedule.firstOverlap(makeSale(9, kNow + 30min, kNow + 90min))->id, 4);

    QCOMPARE(schedule.liveItem("NP-001", kNow)->sale->id, 4);
    QCOMPARE(schedule.liveItem("NP-002", kNow)->item->sku, "NP-002");
    QCOMPARE(schedule.liveItem("NP-001", kNow + 1h)->sale->id, 1);
    QCOMPARE(schedule.liveItem("NP-001", kNow + 2h)->sale->id, 3);
    QVERIFY(!schedule.liveItem("NP-002", kNow + 1h));
    QVERIFY(!schedule.liveItem("NP-001", kNow + 3h));
    QVERIFY(!schedule.liveItem("NP-001", kNow - 1ms));
}

void TestSales::scheduleCancelAndReplaceAll() {
    SaleSchedule schedule;
    QVERIFY(schedule.add(makeSale(1, kNow, kNow + 2h)));
    QVERIFY(!schedule.cancel(99));
    const auto cancelled = schedule.cancel(1);
    QVERIFY(cancelled && cancelled->cancelled);
    QVERIFY(schedule.find(1)->cancelled);
    QVERIFY(!schedule.liveItem("NP-001", kNow + 1h));
    // A cancelled sale no longer blocks its window.
    QVERIFY(schedule.add(makeSale(2, kNow + 1h, kNow + 3h)));

    schedule.replaceAll({makeSale(7, kNow + 5h, kNow + 6h), makeSale(8, kNow, kNow + 1h)});
    QCOMPARE(schedule.snapshot()->size(), 2u);
    QCOMPARE(schedule.snapshot()->front().id, 8);
    QVERIFY(!schedule.find(1));
}

void TestSales::scheduleReplaceKeepsOrderAndRefusesOverlap() {
    SaleSchedule schedule;
    QVERIFY(schedule.add(makeSale(1, kNow + 1h, kNow + 2h)));
    QVERIFY(schedule.add(makeSale(2, kNow + 3h, kNow + 4h)));
    QVERIFY(!schedule.replace(makeSale(99, kNow + 5h, kNow + 6h))); // unknown id
    // Moving a sale over its own old window is fine; over another's is not.
    QVERIFY(schedule.replace(makeSale(1, kNow + 90min, kNow + 150min)));
    QVERIFY(!schedule.replace(makeSale(1, kNow + 150min, kNow + 210min)));
    QCOMPARE(schedule.find(1)->startsAt, kNow + 90min);
    QVERIFY(schedule.replace(makeSale(1, kNow + 5h, kNow + 6h)));
    QCOMPARE(schedule.snapshot()->size(), 2u);
    QCOMPARE(schedule.snapshot()->front().id, 2); // re-sorted by start
    QVERIFY(!schedule.firstOverlap(makeSale(1, kNow + 5h, kNow + 6h)));
    QCOMPARE(schedule.firstOverlap(makeSale(7, kNow + 5h, kNow + 6h))->id, 1);
}

void TestSales::createProduct() {
    QCOMPARE(stock("NP-001").available, 10);
    QCOMPARE(stock("NP-001").stocked, 10);
    QCOMPARE(catalog_->snapshot()->find("NP-001")->product.priceCents, 1000);

    const auto duplicate = admin_->createProduct(Product{"NP-001", "Other", "#000000", 5}, 99);
    QCOMPARE(duplicate.error().kind, AdminError::Kind::SkuExists);
    QVERIFY(repository_->insertedProducts.empty());
    QCOMPARE(stock("NP-001").available, 10);
    QCOMPARE(catalog_->snapshot()->find("NP-001")->product.name, "Ruby");

    QVERIFY(admin_->createProduct(Product{"NP-003", "Onyx", "#000000", 700}, 3).ok());
    QCOMPARE(repository_->insertedProducts.size(), 1u);
    QCOMPARE(repository_->insertedProducts[0].second, 3);
}

void TestSales::createProductStorageFailureChangesNothing() {
    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError,
                             admin_->createProduct(Product{"NP-003", "Onyx", "#000000", 700}, 3));
    QVERIFY(!catalog_->snapshot()->find("NP-003"));
    QVERIFY(admin_->createProduct(Product{"NP-003", "Onyx", "#000000", 700}, 3).ok());
    QCOMPARE(stock("NP-003").available, 3); // not 6: the failed attempt added nothing
}

void TestSales::updateProductKeepsStock() {
    const auto updated = admin_->updateProduct("NP-001", ProductChange{{}, {}, 1200});
    QVERIFY(updated.ok());
    QCOMPARE(updated->name, "Ruby");
    QCOMPARE(catalog_->snapshot()->find("NP-001")->product.priceCents, 1200);
    QCOMPARE(stock("NP-001").available, 10);
    QCOMPARE(repository_->updatedProducts.size(), 1u);
    QCOMPARE(admin_->updateProduct("NP-404", {}).error().kind, AdminError::Kind::UnknownSku);
}

void TestSales::priceChangeKeepsSalesADiscount() {
    QVERIFY(createSale(kNow + 1h, kNow + 2h).ok()); // NP-001 at 600 cents
    const auto refused = admin_->updateProduct("NP-001", ProductChange{{}, {}, 600});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, AdminError::Kind::Invalid);
    QCOMPARE(catalog_->snapshot()->find("NP-001")->product.priceCents, 1000);
    QVERIFY(repository_->updatedProducts.empty());
    QVERIFY(admin_->updateProduct("NP-001", ProductChange{{}, {}, 601}).ok());

    clock_->set(kNow + 2h); // once the sale has ended, any price goes
    QVERIFY(admin_->updateProduct("NP-001", ProductChange{{}, {}, 100}).ok());
}

void TestSales::restock() {
    QVERIFY(admin_->restock("NP-001", 5).ok());
    QCOMPARE(stock("NP-001").available, 15);
    QCOMPARE(stock("NP-001").stocked, 15);
    QVERIFY(admin_->restock("NP-001", -15).ok()); // down to exactly zero is allowed
    QCOMPARE(stock("NP-001").available, 0);
    QCOMPARE(repository_->movements.size(), 2u);
    QCOMPARE(repository_->movements[1].delta, -15);

    QCOMPARE(admin_->restock("NP-001", -1).error().kind, AdminError::Kind::InsufficientStock);
    QCOMPARE(stock("NP-001").available, 0);
    QCOMPARE(stock("NP-001").stocked, 0);
    QCOMPARE(repository_->movements.size(), 2u); // a refused write-off is not recorded
    QCOMPARE(admin_->restock("NP-404", 1).error().kind, AdminError::Kind::UnknownSku);
}

void TestSales::restockStorageFailureLeavesStockUnchanged() {
    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError, admin_->restock("NP-001", -4));
    QCOMPARE(stock("NP-001").available, 10);
    QCOMPARE(stock("NP-001").stocked, 10);

    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError, admin_->restock("NP-001", 4));
    QCOMPARE(stock("NP-001").available, 10);
    QCOMPARE(stock("NP-001").stocked, 10);
    QVERIFY(repository_->movements.empty());
}

void TestSales::createSaleValidation_data() {
    QTest::addColumn<int>("startMinutes"); // relative to now
    QTest::addColumn<int>("endMinutes");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("skus");
    QTest::addColumn<int>("salePrice");
    QTest::addColumn<AdminError::Kind>("expected");

    using K = AdminError::Kind;
    const QStringList one{"NP-001"};
    QTest::newRow("end before start") << 60 << 30 << 2 << one << 600 << K::Invalid;
    QTest::newRow("end equals start") << 60 << 60 << 2 << one << 600 << K::Invalid;
    QTest::newRow("end in past") << -120 << -60 << 2 << one << 600 << K::Invalid;
    QTest::newRow("end is now") << -60 << 0 << 2 << one << 600 << K::Invalid;
    QTest::newRow("limit zero") << 60 << 120 << 0 << one << 600 << K::Invalid;
    QTest::newRow("no items") << 60 << 120 << 2 << QStringList{} << 600 << K::Invalid;
    QTest::newRow("price equals regular") << 60 << 120 << 2 << one << 1000 << K::Invalid;
    QTest::newRow("price above regular") << 60 << 120 << 2 << one << 1001 << K::Invalid;
    QTest::newRow("unknown sku") << 60 << 120 << 2 << QStringList{"NP-404"} << 600 << K::UnknownSku;
    QTest::newRow("duplicate sku")
        << 60 << 120 << 2 << QStringList{"NP-001", "NP-001"} << 600 << K::Invalid;
    QTest::newRow("overlaps existing")
        << 90 << 150 << 2 << QStringList{"NP-002", "NP-001"} << 600 << K::SaleOverlap;
}

void TestSales::createSaleValidation() {
    QFETCH(int, startMinutes);
    QFETCH(int, endMinutes);
    QFETCH(int, limit);
    QFETCH(QStringList, skus);
    QFETCH(int, salePrice);
    QFETCH(AdminError::Kind, expected);

    // An existing sale on NP-001 from +1h to +2h for the overlap row.
    QVERIFY(createSale(kNow + 1h, kNow + 2h).ok());
    const auto before = *sales_->snapshot();

    NewSale request{"Flash",
                    kNow + std::chrono::minutes(startMinutes),
                    kNow + std::chrono::minutes(endMinutes),
                    limit,
                    {}};
    for (const auto& sku : skus)
        request.items.push_back({sku.toStdString(), salePrice});
    const auto result = admin_->createSale(request);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, expected);
    QVERIFY(!result.error().message.empty());
    QCOMPARE(repository_->lastSaleId, 1); // only the setup sale was written
    QCOMPARE(sales_->snapshot()->size(), before.size());
}

void TestSales::createSaleAcceptsNonOverlapping() {
    const auto first = createSale(kNow + 1h, kNow + 2h);
    QVERIFY(first.ok());
    QCOMPARE(first->id, 1);
    QCOMPARE(first->perCustomerLimit, 2);
    QCOMPARE(first->items.at(0).salePriceCents, 600);
    // Back to back on the same SKU, and at the same time on another SKU: both fine.
    QVERIFY(createSale(kNow + 2h, kNow + 3h).ok());
    QVERIFY(createSale(kNow + 1h, kNow + 2h, {{"NP-002", 1}}).ok());
    // A sale may start in the past as long as it has not ended; it is live at once.
    QVERIFY(createSale(kNow - 1h, kNow + 1h).ok());
    QCOMPARE(sales_->liveItem("NP-001", kNow)->sale->id, 4);
    QCOMPARE(sales_->snapshot()->size(), 4u);
}

void TestSales::createSaleStorageFailureChangesNothing() {
    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError, createSale(kNow + 1h, kNow + 2h));
    QVERIFY(sales_->snapshot()->empty());
    QVERIFY(createSale(kNow + 1h, kNow + 2h).ok());
}

void TestSales::cancelSale() {
    QCOMPARE(admin_->cancelSale(99).error().kind, AdminError::Kind::UnknownSale);

    const auto scheduled = createSale(kNow + 1h, kNow + 2h);
    const auto cancelled = admin_->cancelSale(scheduled->id);
    QVERIFY(cancelled.ok());
    QCOMPARE(stateAt(*cancelled, kNow), "cancelled");
    QCOMPARE(repository_->cancelledSales, std::vector<std::int64_t>{scheduled->id});
    // Cancelling again answers with the sale and writes nothing.
    QVERIFY(admin_->cancelSale(scheduled->id).ok());
    QCOMPARE(repository_->cancelledSales.size(), 1u);

    // A live sale can be cancelled; an ended one cannot.
    const auto live = createSale(kNow - 1h, kNow + 30min);
    const auto ended = createSale(kNow + 3h, kNow + 4h);
    QVERIFY(admin_->cancelSale(live->id).ok());
    QVERIFY(!sales_->liveItem("NP-001", kNow));
    clock_->set(kNow + 4h);
    QCOMPARE(admin_->cancelSale(ended->id).error().kind, AdminError::Kind::SaleEnded);
    QVERIFY(!sales_->find(ended->id)->cancelled);

    // Storage failing: the sale stays as it was.
    const auto later = createSale(kNow + 5h, kNow + 6h);
    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError, admin_->cancelSale(later->id));
    QVERIFY(!sales_->find(later->id)->cancelled);
}

void TestSales::updateSaleChangesOnlyWhatIsGiven() {
    const auto created = createSale(kNow + 1h, kNow + 2h);
    QVERIFY(created.ok());
    SaleChange rename;
    rename.name = "Holo Hour";
    const auto renamed = admin_->updateSale(created->id, rename);
    QVERIFY(renamed.ok());
    QCOMPARE(renamed->id, created->id);
    QCOMPARE(renamed->name, "Holo Hour");
    QCOMPARE(renamed->startsAt, kNow + 1h);
    QCOMPARE(renamed->perCustomerLimit, 2);
    QCOMPARE(renamed->items.size(), 1u);
    QCOMPARE(renamed->items.at(0).salePriceCents, 600);

    SaleChange everything;
    everything.startsAt = kNow + 3h;
    everything.endsAt = kNow + 5h;
    everything.perCustomerLimit = 4;
    everything.items = std::vector<NewSaleItem>{{"NP-002", 500}, {"NP-001", 700}};
    const auto edited = admin_->updateSale(created->id, everything);
    QVERIFY(edited.ok());
    QCOMPARE(edited->name, "Holo Hour");
    QCOMPARE(edited->endsAt, kNow + 5h);
    QCOMPARE(edited->perCustomerLimit, 4);
    QCOMPARE(edited->items.size(), 2u);
    QCOMPARE(edited->items.at(0).sku, "NP-002");
    QCOMPARE(edited->items.at(1).salePriceCents, 700);
    // Written, published, and still one sale.
    QCOMPARE(repository_->updatedSales.size(), 2u);
    QCOMPARE(repository_->updatedSales.back().perCustomerLimit, 4);
    QCOMPARE(sales_->snapshot()->size(), 1u);
    QCOMPARE(sales_->find(created->id)->items.size(), 2u);
    clock_->set(kNow + 3h);
    QCOMPARE(sales_->liveItem("NP-002", clock_->now())->item->salePriceCents, 500);
    QVERIFY(!sales_->liveItem("NP-001", kNow + 90min));
}

void TestSales::updateSaleOnlyWhileScheduled() {
    SaleChange rename;
    rename.name = "Renamed";
    QCOMPARE(admin_->updateSale(99, rename).error().kind, AdminError::Kind::UnknownSale);

    const auto live = createSale(kNow - 1h, kNow + 1h);
    const auto later = createSale(kNow + 2h, kNow + 3h);
    const auto cancelled = createSale(kNow + 4h, kNow + 5h);
    QVERIFY(admin_->cancelSale(cancelled->id).ok());
    for (const auto& id : {live->id, cancelled->id}) {
        const auto refused = admin_->updateSale(id, rename);
        QCOMPARE(refused.error().kind, AdminError::Kind::SaleNotEditable);
        QVERIFY(refused.error().message.find(std::to_string(id)) != std::string::npos);
        QCOMPARE(sales_->find(id)->name, "Flash");
    }
    // The moment it starts it is live, and no longer editable; once over, neither.
    clock_->set(kNow + 2h);
    QCOMPARE(admin_->updateSale(later->id, rename).error().kind, AdminError::Kind::SaleNotEditable);
    clock_->set(kNow + 3h);
    QCOMPARE(admin_->updateSale(later->id, rename).error().kind, AdminError::Kind::SaleNotEditable);
    QVERIFY(repository_->updatedSales.empty());
}

void TestSales::updateSaleOverlapExcludesItself() {
    const auto first = createSale(kNow + 1h, kNow + 2h);
    const auto second = createSale(kNow + 3h, kNow + 4h);
    // Within and around its own window: no clash with itself.
    SaleChange longer;
    longer.startsAt = kNow + 30min;
    longer.endsAt = kNow + 150min;
    QVERIFY(admin_->updateSale(first->id, longer).ok());
    // Into the other sale's window on the shared SKU: refused, naming the other sale.
    SaleChange clash;
    clash.endsAt = kNow + 210min;
    const auto refused = admin_->updateSale(first->id, clash);
    QCOMPARE(refused.error().kind, AdminError::Kind::SaleOverlap);
    QVERIFY(refused.error().message.find("sale " + std::to_string(second->id)) !=
            std::string::npos);
    QCOMPARE(sales_->find(first->id)->endsAt, kNow + 150min);
    // The same window on another SKU only is fine.
    clash.items = std::vector<NewSaleItem>{{"NP-002", 100}};
    QVERIFY(admin_->updateSale(first->id, clash).ok());
}

void TestSales::updateSaleValidation() {
    const auto sale = createSale(kNow + 1h, kNow + 2h);
    const auto refuse = [&](const SaleChange& change, AdminError::Kind kind) {
        const auto result = admin_->updateSale(sale->id, change);
        return !result.ok() && result.error().kind == kind && !result.error().message.empty();
    };
    SaleChange endsFirst;
    endsFirst.endsAt = kNow + 30min; // before the unchanged start
    QVERIFY(refuse(endsFirst, AdminError::Kind::Invalid));
    SaleChange past;
    past.startsAt = kNow - 2h;
    past.endsAt = kNow - 1h;
    QVERIFY(refuse(past, AdminError::Kind::Invalid));
    SaleChange zero;
    zero.perCustomerLimit = 0;
    QVERIFY(refuse(zero, AdminError::Kind::Invalid));
    SaleChange noItems;
    noItems.items = std::vector<NewSaleItem>{};
    QVERIFY(refuse(noItems, AdminError::Kind::Invalid));
    SaleChange twice;
    twice.items = std::vector<NewSaleItem>{{"NP-001", 1}, {"NP-001", 2}};
    QVERIFY(refuse(twice, AdminError::Kind::Invalid));
    SaleChange dear;
    dear.items = std::vector<NewSaleItem>{{"NP-002", 800}};
    QVERIFY(refuse(dear, AdminError::Kind::Invalid));
    SaleChange unknown;
    unknown.items = std::vector<NewSaleItem>{{"NP-404", 1}};
    QVERIFY(refuse(unknown, AdminError::Kind::UnknownSku));

    QVERIFY(repository_->updatedSales.empty());
    const auto kept = sales_->find(sale->id);
    QCOMPARE(kept->startsAt, kNow + 1h);
    QCOMPARE(kept->endsAt, kNow + 2h);
    QCOMPARE(kept->items.size(), 1u);
    QCOMPARE(kept->items.at(0).sku, "NP-001");
}

void TestSales::updateSaleStorageFailureChangesNothing() {
    const auto sale = createSale(kNow + 1h, kNow + 2h);
    SaleChange change;
    change.name = "Never";
    change.startsAt = kNow + 5h;
    change.endsAt = kNow + 6h;
    repository_->failNext = true;
    QVERIFY_THROWS_EXCEPTION(StorageError, admin_->updateSale(sale->id, change));
    QCOMPARE(sales_->find(sale->id)->name, "Flash");
    QCOMPARE(sales_->find(sale->id)->startsAt, kNow + 1h);
    QVERIFY(admin_->updateSale(sale->id, change).ok());
}

QTEST_APPLESS_MAIN(TestSales)
#include "test_sales.moc"
