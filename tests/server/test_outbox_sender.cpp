// The outbox's sender (server/outbox/OutboxSender.h) on a real SQLite file, with a fake clock
// and a channel the test drives: failed deliveries wait as RetryPolicy says, the last failure
// leaves the delivery "failed" until the owner retries it, only the holder of the lease sends
// and another storefront takes over when it runs out, and nothing is written to the outbox
// while nothing listens.

#include "db/Store.h"
#include "server/outbox/OutboxSender.h"
#include "server/storage/RowConversion.h"
#include "server/storage/SqlOrderStore.h"
#include "server/storage/SqlOutboxBook.h"
#include "tests/support/FakeClock.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <mutex>

using namespace topcoat;
using topcoat::test::FakeClock;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 12 / 4} + 18h;

// Delivers to one target, "test:1", and answers as the test says.
class TestChannel final : public outbox::OutboxChannel {
public:
    std::atomic<bool> failing{false};
    std::atomic<int> passes{0}; // refresh() is called once per pass of the sender

    void refresh() override { ++passes; }
    std::vector<std::string> targetsFor(const db::OutboxEventRow&) override { return {"test:1"}; }
    bool owns(const std::string& target) const override { return target.starts_with("test:"); }
    outbox::DeliveryOutcome deliver(const db::DeliveryRow& delivery,
                                    const std::optional<Order>& order) override {
        std::lock_guard lock(mutex_);
        sent_.push_back({delivery.event.id, order ? order->orderId : std::string()});
        if (failing)
            return {outbox::DeliveryOutcome::Kind::Failed, "the receiver answered 500"};
        return {outbox::DeliveryOutcome::Kind::Sent, {}};
    }
    // (event id, order id) of every attempt, in order.
    std::vector<std::pair<std::int64_t, std::string>> sent() const {
        std::lock_guard lock(mutex_);
        return sent_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<std::int64_t, std::string>> sent_;
};

class Shop {
public:
    FakeClock clock{kStart};

    Shop() : store_(dir_.filePath(QStringLiteral("shop.db")), db::Durability::Process) {
        store_.insertProduct({"RED", "Red", "#c81d25", 1200, false}, 10, now());
    }

    db::Store& store() { return store_; }
    OrderLookup& orders() { return orders_; }
    OutboxBook& book() { return book_; }
    std::int64_t now() const { return storage::toUnixSeconds(clock.now()); }

    void placeOrder(const std::string& orderId) {
        db::OrderRow order;
        order.orderId = orderId;
        order.sku = "RED";
        order.quantity = 1;
        order.unitPriceCents = order.totalCents = 1200;
        order.customer = "ana@example.com";
        order.createdAt = now();
        QVERIFY(store_.commitOrder(order));
    }

    std::unique_ptr<outbox::OutboxSender> sender(TestChannel& channel, std::string holder,
                                                 RetryPolicy retry = {}) {
        outbox::OutboxSender::Options options;
        options.holder = std::move(holder);
        options.retry = retry;
        options.beat = 10ms;
        return std::make_unique<outbox::OutboxSender>(
            store_, orders_, std::vector<outbox::OutboxChannel*>{&channel}, clock, options);
    }

    std::optional<OutboxDelivery> onlyDelivery() {
        const auto all = book_.deliveries("", 0, 10);
        if (all.size() != 1)
            return std::nullopt;
        return all.front();
    }

private:
    QTemporaryDir dir_;
    db::Store store_;
    storage::SqlOrderStore orders_{store_};
    storage::SqlOutboxBook book_{store_};
};

// Lets the sender make `count` more passes, to show that something did not happen on them.
void waitPasses(TestChannel& channel, int count) {
    const int until = channel.passes + count;
    QTRY_VERIFY(channel.passes >= until);
}

} // namespace

class TestOutboxSender : public QObject {
    Q_OBJECT

private slots:
    void theWaitDoublesUpToTheLongestAndThenGivesUp() {
        const RetryPolicy policy;
        QVERIFY(!policy.delayAfter(0));
        QCOMPARE(policy.delayAfter(1), std::optional(1s));
        QCOMPARE(policy.delayAfter(2), std::optional(2s));
        QCOMPARE(policy.delayAfter(4), std::optional(8s));
        QCOMPARE(policy.delayAfter(10), std::optional(512s));
        QCOMPARE(policy.delayAfter(11), std::optional(std::chrono::seconds(15min)));
        QCOMPARE(policy.delayAfter(14), std::optional(std::chrono::seconds(15min)));
        QVERIFY(!policy.delayAfter(15));
        QVERIFY(!policy.delayAfter(1000));
    }

    void aFailedDeliveryWaitsTwiceAsLongEachTime() {
        Shop shop;
        shop.store().setAnnouncing(true);
        shop.placeOrder("TC-1");
        TestChannel channel;
        channel.failing = true;
        auto sender = shop.sender(channel, "node-a");

        std::chrono::seconds expectedWait{1};
        for (std::size_t attempts = 1; attempts <= 3; ++attempts) {
            QTRY_COMPARE(channel.sent().size(), attempts);
            QTRY_COMPARE(shop.onlyDelivery()->attempts, std::int64_t(attempts));
            const auto delivery = *shop.onlyDelivery();
            QCOMPARE(delivery.state, "pending");
            QCOMPARE(delivery.lastError, "the receiver answered 500");
            QCOMPARE(delivery.nextAttemptAt, shop.clock.now() + expectedWait);
            // Not due yet: no pass sends it again.
            waitPasses(channel, 5);
            QCOMPARE(channel.sent().size(), attempts);
            shop.clock.advance(expectedWait);
            expectedWait *= 2;
        }
        channel.failing = false;
        QTRY_COMPARE(shop.onlyDelivery()->state, "sent");
        const auto sent = channel.sent();
        QCOMPARE(sent.size(), std::size_t{4});
        for (const auto& [eventId, orderId] : sent) {
            QCOMPARE(eventId, sent.front().first); // one event id for every attempt
            QCOMPARE(orderId, "TC-1");
        }
        QCOMPARE(shop.onlyDelivery()->attempts, 4);
        QCOMPARE(shop.onlyDelivery()->sentAt, std::optional(shop.clock.now()));
        QCOMPARE(shop.onlyDelivery()->type, "order.created");
        QCOMPARE(shop.book().deliveryCounts(),
                 (std::map<std::string, std::int64_t>{
                     {"new", 0}, {"pending", 0}, {"sent", 1}, {"failed", 0}}));
    }

    void theLastFailureWaitsForTheOwnersRetry() {
        Shop shop;
        shop.store().setAnnouncing(true);
        shop.placeOrder("TC-2");
        TestChannel channel;
        channel.failing = true;
        auto sender = shop.sender(channel, "node-a", RetryPolicy{1s, 2s, 3});
        for (std::size_t attempts = 1; attempts <= 3; ++attempts) {
            QTRY_COMPARE(channel.sent().size(), attempts);
            QTRY_COMPARE(shop.onlyDelivery()->attempts, std::int64_t(attempts));
            shop.clock.advance(1h);
        }
        QTRY_COMPARE(shop.onlyDelivery()->state, "failed");
        waitPasses(channel, 5);
        QCOMPARE(channel.sent().size(), std::size_t{3});
        QCOMPARE(shop.book().deliveryCounts(),
                 (std::map<std::string, std::int64_t>{
                     {"new", 0}, {"pending", 0}, {"sent", 0}, {"failed", 1}}));

        const auto eventId = shop.onlyDelivery()->eventId;
        QVERIFY(!shop.book().retry(eventId, "test:2", shop.clock.now()));
        QVERIFY(!shop.book().retry(eventId + 1, "test:1", shop.clock.now()));
        channel.failing = false;
        QVERIFY(shop.book().retry(eventId, "test:1", shop.clock.now()));
        QTRY_COMPARE(shop.onlyDelivery()->state, "sent");
        QCOMPARE(channel.sent().size(), std::size_t{4});
        QCOMPARE(shop.onlyDelivery()->attempts, 1); // counted afresh from the retry
        // Only a failed delivery can be retried.
        QVERIFY(!shop.book().retry(eventId, "test:1", shop.clock.now()));
    }

    void onlyTheLeaseHolderSendsUntilItsLeaseRunsOut() {
        Shop shop;
        shop.store().setAnnouncing(true);
        TestChannel first, second;
        auto firstSender = shop.sender(first, "node-a");
        QTRY_VERIFY(first.passes > 0);
        auto secondSender = shop.sender(second, "node-b");
        shop.placeOrder("TC-3");
        QTRY_COMPARE(shop.onlyDelivery()->state, "sent");
        waitPasses(first, 5);
        QCOMPARE(first.sent().size(), std::size_t{1});
        QCOMPARE(second.passes.load(), 0); // never held the lease, so never began a pass

        firstSender->stop(); // as if node-a died: its lease runs out 15 s later
        shop.placeOrder("TC-4");
        shop.clock.advance(16s);
        QTRY_COMPARE(second.sent().size(), std::size_t{1});
        QCOMPARE(second.sent().front().second, "TC-4");
        QCOMPARE(first.sent().size(), std::size_t{1});
    }

    void nothingIsWrittenWhileNobodyListens() {
        Shop shop;
        TestChannel channel;
        auto sender = shop.sender(channel, "node-a");
        shop.placeOrder("TC-5");
        waitPasses(channel, 5);
        QVERIFY(shop.book().deliveries("", 0, 10).empty());
        QVERIFY(channel.sent().empty());

        shop.store().setAnnouncing(true);
        shop.placeOrder("TC-6");
        QTRY_COMPARE(channel.sent().size(), std::size_t{1});
        QCOMPARE(channel.sent().front().second, "TC-6");
    }
};

QTEST_GUILESS_MAIN(TestOutboxSender)
#include "test_outbox_sender.moc"
