// The order's life (OrderStatus.h): every move there is and every one there is not, which
// moves give units back, and OrderChanges giving them back to stock, to the customer's count
// under the sale's limit and to the sale's sold count, only when the store made the move.

#include "server/core/InProcessStock.h"
#include "server/core/OrderChanges.h"
#include "tests/support/FakeClock.h"

#include <QtTest>
#include <map>
#include <set>

using namespace topcoat;
using topcoat::test::FakeClock;
using namespace std::chrono_literals;

namespace {

using enum OrderStatus;
constexpr OrderStatus everyStatus[] = {Confirmed, AwaitingPayment, Paid,    Expired,
                                       Fulfilled, Cancelled,       Refunded};

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 12 / 3} + 18h;
constexpr std::int64_t kSaleId = 7;

// The orders of a shop in memory, moved as the database moves them: only from a status the
// change allows. `movedElsewhere` plays another storefront that moved the order first.
class OrdersInMemory final : public OrderStatusStore {
public:
    std::map<std::string, Order> orders;
    std::vector<OrderEvent> events;
    bool movedElsewhere = false;

    StatusChangeResult changeStatus(const StatusChange& change) override {
        const auto found = orders.find(change.orderId);
        if (found == orders.end())
            return {StatusChangeOutcome::UnknownOrder, std::nullopt};
        auto& order = found->second;
        if (movedElsewhere)
            order.status = change.event.status;
        if (std::find(change.from.begin(), change.from.end(), order.status) == change.from.end())
            return {StatusChangeOutcome::NotAllowed, order};
        order.status = change.event.status;
        order.unitsReturned = order.unitsReturned || change.event.unitsReturned;
        events.push_back(change.event);
        return {StatusChangeOutcome::Changed, order};
    }
};

struct Shop {
    FakeClock clock{kNow};
    InProcessStock stock;
    SaleSchedule sales;
    OrdersInMemory store;
    OrderChanges changes{store, stock, sales, clock};

    // 10 stocked; `quantity` sold to ana in the live sale, as a checkout leaves it.
    Order sold(std::int64_t quantity, OrderStatus status = Confirmed) {
        stock.loadStock("RED", 10, quantity);
        stock.loadUsage(claimKey(), quantity);
        Sale sale;
        sale.id = kSaleId;
        sale.name = "Drop";
        sale.startsAt = kNow - 1h;
        sale.endsAt = kNow + 1h;
        sale.perCustomerLimit = 3;
        sale.items.push_back({"RED", 900});
        sale.items.back().sold->store(quantity);
        sales.replaceAll({sale});
        Order order;
        order.orderId = "ord_1";
        order.sku = "RED";
        order.quantity = quantity;
        order.customer = "ana@example.com";
        order.saleId = kSaleId;
        order.status = status;
        store.orders[order.orderId] = order;
        return order;
    }
    static std::string claimKey() {
        return StockLedger::limitKey(kSaleId, "RED", "ana@example.com");
    }
    std::int64_t saleSold() const { return sales.find(kSaleId)->item("RED")->sold->load(); }
};

OrderMove into(OrderStatus to, bool restock = false) {
    return {to, restock, "Mia", "a note"};
}

} // namespace

class TestOrderLife : public QObject {
    Q_OBJECT

private slots:
    void everyMoveAndNoOther() {
        const std::set<std::pair<OrderStatus, OrderStatus>> moves{
            {AwaitingPayment, Paid}, {AwaitingPayment, Expired}, {AwaitingPayment, Cancelled},
            {Confirmed, Fulfilled},  {Confirmed, Cancelled},     {Paid, Fulfilled},
            {Paid, Refunded},        {Fulfilled, Refunded},
        };
        for (const auto from : everyStatus)
            for (const auto to : everyStatus)
                QVERIFY2(canMove(from, to) == moves.contains({from, to}),
                         qPrintable(QStringLiteral("%1 -> %2")
                                        .arg(toString(from).data(), toString(to).data())));
        for (const auto to : everyStatus) {
            std::set<OrderStatus> expected;
            for (const auto& [from, into] : moves)
                if (into == to)
                    expected.insert(from);
            const auto before = statusesBefore(to);
            QCOMPARE(std::set<OrderStatus>(before.begin(), before.end()), expected);
        }
        // Nothing leaves a final status, and nothing comes back to the first ones.
        for (const auto final : {Expired, Cancelled, Refunded})
            for (const auto to : everyStatus)
                QVERIFY(!canMove(final, to));
        QVERIFY(statusesBefore(Confirmed).empty());
        QVERIFY(statusesBefore(AwaitingPayment).empty());
    }

    void namesAreTheWireNames() {
        const std::map<OrderStatus, std::string_view> names{
            {Confirmed, "confirmed"}, {AwaitingPayment, "awaiting_payment"},
            {Paid, "paid"},           {Expired, "expired"},
            {Fulfilled, "fulfilled"}, {Cancelled, "cancelled"},
            {Refunded, "refunded"}};
        for (const auto& [status, name] : names) {
            QCOMPARE(toString(status), name);
            QVERIFY(parseOrderStatus(name) == status);
        }
        for (const auto* bad : {"", "Confirmed", "CANCELLED", "canceled", "paid ", "shipped"})
            QVERIFY2(!parseOrderStatus(bad), bad);
    }

    void whichMovesGiveUnitsBack() {
        for (const auto to : everyStatus) {
            const bool always = to == Expired || to == Cancelled;
            QCOMPARE(returnsUnits(to, false), always);
            QCOMPARE(returnsUnits(to, true), always || to == Refunded);
        }
    }

    void cancelGivesBackStockLimitAndSaleCount() {
        Shop shop;
        shop.sold(2);
        const auto moved = shop.changes.move("ord_1", into(Cancelled));
        QVERIFY(moved);
        QVERIFY(moved->status == Cancelled);
        QCOMPARE(shop.stock.snapshot("RED"), (std::optional<StockLevels>{{10, 0, 0, 10}}));
        QCOMPARE(shop.stock.usage(Shop::claimKey()), 0);
        QCOMPARE(shop.saleSold(), 0);
        QCOMPARE(shop.store.events.size(), std::size_t{1});
        const auto& event = shop.store.events.front();
        QVERIFY(event.status == Cancelled);
        QCOMPARE(event.at, kNow);
        QCOMPARE(event.actor, std::string("Mia"));
        QCOMPARE(event.note, std::string("a note"));
        QVERIFY(event.unitsReturned);
    }

    void anExpiredHoldGivesItsUnitsBack() {
        Shop shop;
        shop.sold(3, AwaitingPayment);
        QVERIFY(shop.changes.move("ord_1", into(Expired)));
        QCOMPARE(shop.stock.snapshot("RED")->available, 10);
        QCOMPARE(shop.stock.usage(Shop::claimKey()), 0);
    }

    void aRefundGivesUnitsBackOnlyWhenRestocked() {
        Shop kept;
        kept.sold(2, Fulfilled);
        QVERIFY(kept.changes.move("ord_1", into(Refunded, false)));
        QCOMPARE(kept.stock.snapshot("RED"), (std::optional<StockLevels>{{8, 0, 2, 10}}));
        QCOMPARE(kept.saleSold(), 2);
        QVERIFY(!kept.store.events.front().unitsReturned);

        Shop restocked;
        restocked.sold(2, Paid);
        QVERIFY(restocked.changes.move("ord_1", into(Refunded, true)));
        QCOMPARE(restocked.stock.snapshot("RED"), (std::optional<StockLevels>{{10, 0, 0, 10}}));
        QCOMPARE(restocked.saleSold(), 0);
    }

    void fulfilmentMovesNoStock() {
        Shop shop;
        shop.sold(2);
        QVERIFY(shop.changes.move("ord_1", into(Fulfilled)));
        QCOMPARE(shop.stock.snapshot("RED"), (std::optional<StockLevels>{{8, 0, 2, 10}}));
        QCOMPARE(shop.stock.usage(Shop::claimKey()), 2);
    }

    void aRefusedMoveChangesNothing() {
        Shop shop;
        shop.sold(2, Cancelled);
        shop.stock.loadStock("RED", 10, 0); // as the cancel left it
        const auto again = shop.changes.move("ord_1", into(Cancelled));
        QVERIFY(!again);
        QVERIFY(again.error() == OrderChangeError::NotAllowed);
        QCOMPARE(shop.stock.snapshot("RED")->available, 10);
        QVERIFY(shop.store.events.empty());

        const auto unknown = shop.changes.move("ord_nobody", into(Cancelled));
        QVERIFY(unknown.error() == OrderChangeError::UnknownOrder);
        // Nothing moves into the first statuses.
        QVERIFY(shop.changes.move("ord_1", into(Confirmed)).error() ==
                OrderChangeError::NotAllowed);
    }

    void aMoveAnotherStorefrontMadeIsNotGivenBackTwice() {
        Shop shop;
        shop.sold(2);
        shop.store.movedElsewhere = true; // the other one's cancel committed first
        QVERIFY(shop.changes.move("ord_1", into(Cancelled)).error() ==
                OrderChangeError::NotAllowed);
        QCOMPARE(shop.stock.snapshot("RED")->available, 8); // its units are that one's to return
        QCOMPARE(shop.stock.usage(Shop::claimKey()), 2);
        QCOMPARE(shop.saleSold(), 2);
    }
};

QTEST_GUILESS_MAIN(TestOrderLife)
#include "test_order_life.moc"
