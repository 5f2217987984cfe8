// CheckoutService: pricing across a sale window, per-customer limits, sold out, storage
// failures that must give everything back, and idempotent retries (also concurrent ones).

#include "server/core/Checkout.h"
#include "server/core/InProcessStock.h"
#include "server/core/InProcessWaitingRoom.h"
#include "tests/support/FakeClock.h"
#include "tests/support/KeyedHashSigner.h"

#include <QtTest>
#include <atomic>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

using namespace topcoat;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 17h;
const TimePoint kSaleStart = kStart + 1h;
const TimePoint kSaleEnd = kStart + 2h;
constexpr std::int64_t kSaleId = 42;
constexpr std::int64_t kLimit = 2;

// Records what it is asked to persist; can be told to fail, or to hold every write until a
// latch opens so that concurrent checkouts pile up behind the first.
class RecordingSink final : public OrderSink {
public:
    bool persist(const Order& order) override {
        if (gate)
            gate->wait();
        if (failing.load())
            return false;
        std::lock_guard lock(mutex_);
        orders_.push_back(order);
        return true;
    }
    std::vector<Order> orders() const {
        std::lock_guard lock(mutex_);
        return orders_;
    }

    std::atomic<bool> failing{false};
    std::latch* gate = nullptr;

private:
    mutable std::mutex mutex_;
    std::vector<Order> orders_;
};

using CheckoutResult = Result<Order, CheckoutError>;

} // namespace

class TestCheckout : public QObject {
    Q_OBJECT

private slots:
    void init();

    void priceFollowsTheSaleWindowToTheMillisecond();
    void cancelledSaleSellsAtRegularPrice();
    void limitAppliesPerSkuAndCustomerDuringSale();
    void limitDoesNotApplyOutsideSale();
    void oversizedRequestHitsLimitAndTakesNothing();
    void soldOutTakesNothing();
    void unknownSku();
    void sinkFailureRestoresStockAndLimit();
    void saleItemCountsUnitsSold();
    void sameKeySameRequestReturnsSameOrder();
    void sameKeyDifferentRequestIsRefused();
    void failedAttemptFreesTheKey();
    void concurrentSameKeyMakesOneOrder();
    void idempotencyStoreLifecycle();
    void waitingRoomPassIsTakenOnlyByAConfirmedOrder();

private:
    CheckoutResult buy(const std::string& sku, std::int64_t quantity, const std::string& customer,
                       std::optional<std::string> key = std::nullopt, std::string pass = {}) {
        return service_->checkout(
            CheckoutRequest{sku, quantity, customer, std::move(key), std::move(pass)});
    }
    StockLevels stock(const std::string& sku) const { return ledger_->snapshot(sku).value(); }
    void addProduct(const std::string& sku, std::int64_t priceCents, std::int64_t units) {
        ledger_->adjust(sku, units);
        catalog_->upsert(Product{sku, "Polish " + sku, "#aa0000", priceCents});
    }
    // Units the schedule says the sale sold: every copy of a sale shares its items' counters.
    std::int64_t soldInSale(const std::string& sku) const {
        return sales_->find(kSaleId)->item(sku)->sold->load();
    }

    std::unique_ptr<Catalog> catalog_;
    std::unique_ptr<SaleSchedule> sales_;
    std::unique_ptr<InProcessStock> ledger_;
    std::unique_ptr<IdempotencyStore> idempotency_;
    test::KeyedHashSigner signer_;
    std::unique_ptr<WaitingRoom> room_;
    std::unique_ptr<RecordingSink> sink_;
    std::unique_ptr<RandomOrderIdGenerator> ids_;
    std::unique_ptr<test::FakeClock> clock_;
    std::unique_ptr<CheckoutService> service_;
};

// A fresh shop per test: NP-001 and NP-002 on sale (1000 -> 600, 800 -> 500), NP-003 never.
void TestCheckout::init() {
    catalog_ = std::make_unique<Catalog>();
    sales_ = std::make_unique<SaleSchedule>();
    ledger_ = std::make_unique<InProcessStock>();
    idempotency_ = std::make_unique<IdempotencyStore>();
    sink_ = std::make_unique<RecordingSink>();
    ids_ = std::make_unique<RandomOrderIdGenerator>();
    clock_ = std::make_unique<test::FakeClock>(kStart);
    room_ = std::make_unique<InProcessWaitingRoom>(signer_);
    service_ = std::make_unique<CheckoutService>(*catalog_, *sales_, *ledger_, *idempotency_,
                                                 *room_, *sink_, *ids_, *clock_);
    addProduct("NP-001", 1000, 100);
    addProduct("NP-002", 800, 100);
    addProduct("NP-003", 900, 100);
    Sale sale;
    sale.id = kSaleId;
    sale.name = "Black Friday";
    sale.startsAt = kSaleStart;
    sale.endsAt = kSaleEnd;
    sale.perCustomerLimit = kLimit;
    sale.items = {SaleItem{"NP-001", 600}, SaleItem{"NP-002", 500}};
    QVERIFY(sales_->add(sale));
}

void TestCheckout::priceFollowsTheSaleWindowToTheMillisecond() {
    struct Step {
        TimePoint at;
        std::int64_t price;
        bool onSale;
    };
    const Step steps[] = {{kStart, 1000, false},   {kSaleStart - 1ms, 1000, false},
                          {kSaleStart, 600, true}, {kSaleEnd - 1ms, 600, true},
                          {kSaleEnd, 1000, false}, {kSaleEnd + 1h, 1000, false}};
    int n = 0;
    for (const auto& step : steps) {
        clock_->set(step.at);
        // A new customer each time so the sale's limit never gets in the way.
        const auto result = buy("NP-001", 2, "c" + std::to_string(n++) + "@example.com");
        QVERIFY(result.ok());
        QCOMPARE(result->unitPriceCents, step.price);
        QCOMPARE(result->totalCents, 2 * step.price);
        QCOMPARE(result->saleId.has_value(), step.onSale);
        if (step.onSale)
            QCOMPARE(*result->saleId, kSaleId);
        QVERIFY(result->createdAt == step.at);
    }
    QCOMPARE(sink_->orders().size(), std::size(steps));
}

void TestCheckout::cancelledSaleSellsAtRegularPrice() {
    clock_->set(kSaleStart + 1min);
    QVERIFY(sales_->cancel(kSaleId));
    for (int i = 0; i < 3; ++i) { // more than the limit, which went with the sale
        const auto result = buy("NP-001", 1, "ana@example.com");
        QVERIFY(result.ok());
        QCOMPARE(result->unitPriceCents, 1000);
        QVERIFY(!result->saleId);
    }
}

void TestCheckout::limitAppliesPerSkuAndCustomerDuringSale() {
    clock_->set(kSaleStart);
    QVERIFY(buy("NP-001", 1, "ana@example.com").ok());
    QVERIFY(buy("NP-001", 1, "ana@example.com").ok());
    const auto third = buy("NP-001", 1, "ana@example.com");
    QVERIFY(!third.ok());
    QCOMPARE(third.error(), CheckoutError::PurchaseLimitReached);
    QCOMPARE(stock("NP-001").available, 98);

    // Another customer, another SKU of the same sale, a SKU outside the sale: unaffected.
    QVERIFY(buy("NP-001", 2, "bob@example.com").ok());
    QVERIFY(buy("NP-002", 2, "ana@example.com").ok());
    QVERIFY(buy("NP-003", 5, "ana@example.com").ok());
    QCOMPARE(buy("NP-002", 1, "ana@example.com").error(), CheckoutError::PurchaseLimitReached);
    QCOMPARE(ledger_->usage(StockLedger::limitKey(kSaleId, "NP-001", "ana@example.com")), kLimit);
}

void TestCheckout::limitDoesNotApplyOutsideSale() {
    clock_->set(kSaleStart - 1ms);
    QVERIFY(buy("NP-001", 5, "ana@example.com").ok());
    clock_->set(kSaleEnd);
    QVERIFY(buy("NP-001", 5, "ana@example.com").ok());
    // Purchases outside the window did not use up the limit inside it.
    QCOMPARE(ledger_->usage(StockLedger::limitKey(kSaleId, "NP-001", "ana@example.com")), 0);
    QCOMPARE(stock("NP-001").sold, 10);
}

void TestCheckout::oversizedRequestHitsLimitAndTakesNothing() {
    clock_->set(kSaleStart);
    const auto result = buy("NP-001", kLimit + 1, "ana@example.com");
    QCOMPARE(result.error(), CheckoutError::PurchaseLimitReached);
    QCOMPARE(stock("NP-001").available, 100);
    QVERIFY(sink_->orders().empty());
    QVERIFY(buy("NP-001", kLimit, "ana@example.com").ok());
}

void TestCheckout::soldOutTakesNothing() {
    addProduct("NP-004", 500, 2);
    QCOMPARE(buy("NP-004", 3, "ana@example.com").error(), CheckoutError::SoldOut);
    QCOMPARE(stock("NP-004").available, 2);
    QVERIFY(buy("NP-004", 2, "ana@example.com").ok());
    QCOMPARE(buy("NP-004", 1, "bob@example.com").error(), CheckoutError::SoldOut);
    QCOMPARE(stock("NP-004").sold, 2);
    QCOMPARE(sink_->orders().size(), 1u);

    // During the sale a sold-out attempt must not use up the customer's limit.
    clock_->set(kSaleStart);
    QVERIFY(ledger_->adjust("NP-001", -99));
    QCOMPARE(buy("NP-001", 2, "ana@example.com").error(), CheckoutError::SoldOut);
    QCOMPARE(ledger_->usage(StockLedger::limitKey(kSaleId, "NP-001", "ana@example.com")), 0);
    ledger_->adjust("NP-001", 1);
    QVERIFY(buy("NP-001", 2, "ana@example.com").ok());
}

void TestCheckout::unknownSku() {
    QCOMPARE(buy("NP-999", 1, "ana@example.com").error(), CheckoutError::UnknownSku);
    QVERIFY(sink_->orders().empty());
}

void TestCheckout::sinkFailureRestoresStockAndLimit() {
    clock_->set(kSaleStart);
    sink_->failing = true;
    QCOMPARE(buy("NP-001", 2, "ana@example.com").error(), CheckoutError::NotDurable);
    const auto levels = stock("NP-001");
    QCOMPARE(levels.available, 100);
    QCOMPARE(levels.reserved, 0);
    QCOMPARE(levels.sold, 0);
    QCOMPARE(ledger_->usage(StockLedger::limitKey(kSaleId, "NP-001", "ana@example.com")), 0);
    QCOMPARE(soldInSale("NP-001"), 0);

    // Once storage recovers the customer can still buy their whole limit.
    sink_->failing = false;
    QVERIFY(buy("NP-001", kLimit, "ana@example.com").ok());
    QCOMPARE(stock("NP-001").sold, kLimit);
}

void TestCheckout::saleItemCountsUnitsSold() {
    QVERIFY(buy("NP-001", 3, "ana@example.com").ok()); // before the sale: not counted
    clock_->set(kSaleStart);
    QVERIFY(buy("NP-001", 2, "ana@example.com").ok());
    QVERIFY(buy("NP-001", 1, "bob@example.com").ok());
    QVERIFY(buy("NP-002", 1, "bob@example.com").ok());
    QCOMPARE(buy("NP-001", 1, "ana@example.com").error(), CheckoutError::PurchaseLimitReached);
    QCOMPARE(soldInSale("NP-001"), 3);
    QCOMPARE(soldInSale("NP-002"), 1);
}

void TestCheckout::sameKeySameRequestReturnsSameOrder() {
    clock_->set(kSaleStart);
    const auto first = buy("NP-001", 2, "ana@example.com", "key-1");
    QVERIFY(first.ok());
    // A retry later (even after the sale ended) replays the original order.
    clock_->set(kSaleEnd + 1h);
    const auto again = buy("NP-001", 2, "ana@example.com", "key-1");
    QVERIFY(again.ok());
    QCOMPARE(again->orderId, first->orderId);
    QCOMPARE(again->unitPriceCents, 600);
    QVERIFY(again->createdAt == first->createdAt);
    QCOMPARE(sink_->orders().size(), 1u);
    QCOMPARE(stock("NP-001").sold, 2);
    QCOMPARE(stock("NP-001").available, 98);
}

void TestCheckout::sameKeyDifferentRequestIsRefused() {
    QVERIFY(buy("NP-001", 1, "ana@example.com", "key-1").ok());
    QCOMPARE(buy("NP-001", 2, "ana@example.com", "key-1").error(),
             CheckoutError::IdempotencyKeyReused);
    QCOMPARE(buy("NP-002", 1, "ana@example.com", "key-1").error(),
             CheckoutError::IdempotencyKeyReused);
    QCOMPARE(buy("NP-001", 1, "bob@example.com", "key-1").error(),
             CheckoutError::IdempotencyKeyReused);
    QCOMPARE(sink_->orders().size(), 1u);
    QCOMPARE(stock("NP-001").available, 99);
    QCOMPARE(stock("NP-002").available, 100);
}

void TestCheckout::failedAttemptFreesTheKey() {
    sink_->failing = true;
    QCOMPARE(buy("NP-001", 1, "ana@example.com", "key-1").error(), CheckoutError::NotDurable);
    sink_->failing = false;
    const auto retried = buy("NP-001", 1, "ana@example.com", "key-1");
    QVERIFY(retried.ok());

    // A sold-out attempt frees its key too; after a restock the same key goes through.
    addProduct("NP-004", 500, 0);
    QCOMPARE(buy("NP-004", 1, "ana@example.com", "key-2").error(), CheckoutError::SoldOut);
    ledger_->adjust("NP-004", 1);
    QVERIFY(buy("NP-004", 1, "ana@example.com", "key-2").ok());
    QCOMPARE(sink_->orders().size(), 2u);
}

// Every thread sends the same request with the same key at once. The sink holds the first
// write until all threads have arrived, so the others really do meet a key in flight.
void TestCheckout::concurrentSameKeyMakesOneOrder() {
    constexpr int threads = 16;
    clock_->set(kSaleStart);
    std::latch start(threads);
    std::latch allArrived(threads);
    sink_->gate = &allArrived;
    std::vector<std::optional<CheckoutResult>> results(threads);
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                start.arrive_and_wait();
                allArrived.count_down();
                results[static_cast<std::size_t>(t)] =
                    buy("NP-001", 2, "ana@example.com", "same-key");
            });
    }
    QCOMPARE(sink_->orders().size(), 1u);
    const auto orderId = sink_->orders().front().orderId;
    for (const auto& result : results) {
        QVERIFY(result && result->ok());
        QCOMPARE((*result)->orderId, orderId);
    }
    QCOMPARE(stock("NP-001").sold, 2);
    QCOMPARE(stock("NP-001").available, 98);
    QCOMPARE(soldInSale("NP-001"), 2);
}

void TestCheckout::idempotencyStoreLifecycle() {
    using Store = IdempotencyStore;
    Store store;
    const auto print = Store::fingerprintOf("NP-001", 1, "ana@example.com");
    QVERIFY(print != Store::fingerprintOf("NP-001", 11, "ana@example.com"));
    // The address is part of the request: another one is another request.
    const ShippingAddress home{"Ana", "1 Main St", "", "Springfield", "12345", "US"};
    auto work = home;
    work.line1 = "2 Main St";
    QVERIFY(print != Store::fingerprintOf("NP-001", 1, "ana@example.com", home));
    QVERIFY(Store::fingerprintOf("NP-001", 1, "ana@example.com", home) !=
            Store::fingerprintOf("NP-001", 1, "ana@example.com", work));
    QVERIFY(std::holds_alternative<Store::Claimed>(store.claim("k", print)));
    // While in flight, a different body with the key is refused at once instead of waiting.
    QVERIFY(std::holds_alternative<Store::Mismatch>(
        store.claim("k", Store::fingerprintOf("NP-001", 2, "ana@example.com"))));
    store.abandon("k");
    QVERIFY(std::holds_alternative<Store::Claimed>(store.claim("k", print)));
    Order order;
    order.orderId = "ord_x";
    store.complete("k", order);
    const auto replay = store.claim("k", print);
    QVERIFY(std::holds_alternative<Store::Replay>(replay));
    QCOMPARE(std::get<Store::Replay>(replay).order.orderId, "ord_x");

    // Keys rebuilt at start-up replay like completed ones.
    order.orderId = "ord_loaded";
    store.load("old", print, order);
    QCOMPARE(std::get<Store::Replay>(store.claim("old", print)).order.orderId, "ord_loaded");
}

// With the waiting room on, checkout takes the customer's own pass once, and only for an order
// it confirms: a refusal for stock or storage gives the pass back for another try.
void TestCheckout::waitingRoomPassIsTakenOnlyByAConfirmedOrder() {
    room_->configure(WaitingRoomSettings{true, 60, false}, clock_->now());
    const auto joined = room_->join("ana@example.com", clock_->now(), std::nullopt);
    QVERIFY(joined && joined->pass);
    const auto pass = *joined->pass;
    addProduct("NP-005", 500, 1);

    QCOMPARE(buy("NP-005", 1, "ana@example.com").error(), CheckoutError::QueuePassMissing);
    QCOMPARE(buy("NP-005", 1, "bob@example.com", std::nullopt, pass).error(),
             CheckoutError::QueuePassInvalid);
    QCOMPARE(buy("NP-005", 2, "ana@example.com", std::nullopt, pass).error(),
             CheckoutError::SoldOut);
    sink_->failing = true;
    QCOMPARE(buy("NP-005", 1, "ana@example.com", std::nullopt, pass).error(),
             CheckoutError::NotDurable);
    sink_->failing = false;
    QCOMPARE(stock("NP-005").available, 1);
    QVERIFY(buy("NP-005", 1, "ana@example.com", std::nullopt, pass).ok());
    QCOMPARE(buy("NP-005", 1, "ana@example.com", std::nullopt, pass).error(),
             CheckoutError::QueuePassUsed);
    QCOMPARE(sink_->orders().size(), 1u);
}

QTEST_APPLESS_MAIN(TestCheckout)
#include "test_checkout.moc"
