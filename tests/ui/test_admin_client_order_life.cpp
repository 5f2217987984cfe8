// AdminClient against a real topcoatd for an order's life and its events: the order's detail and
// history, each staff move with its effect on stock, a refused move, and the webhooks and outbox
// calls (a webhook to a port nothing listens on keeps its delivery pending with an error).

#include "ClientTestKit.h"
#include "LiveShop.h"

#include <QNetworkAccessManager>
#include <QtTest>

using namespace topcoat::ui;
using topcoat::test::await;

namespace {

// Nothing listens on the discard port: every delivery there fails and is tried again.
const QString deadReceiver = QStringLiteral("http://127.0.0.1:9/x");

} // namespace

class AdminClientOrderLifeTest : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    topcoat::test::LiveShop shop_{network_};
    AdminClient* client_ = nullptr;

    std::optional<ApiResult<OrderDetail>> move(const QString& id, const OrderStatusChange& change) {
        return await<OrderDetail>(
            [&](QObject* c, auto done) { client_->setOrderStatus(id, change, c, done); });
    }

    static OrderStatusChange to(const char* status, std::optional<bool> restock = std::nullopt) {
        OrderStatusChange change;
        change.status = QString::fromLatin1(status);
        change.restock = restock;
        return change;
    }

    // The order's delivery once a try of it has failed; nothing before.
    std::optional<Delivery> triedDelivery(const QString& orderId) {
        const auto page = await<OutboxPage>([&](QObject* c, auto done) {
            client_->outbox(QStringLiteral("pending"), QString(), 10, c, done);
        });
        if (page && page->ok())
            for (const auto& delivery : page->value->deliveries)
                if (delivery.orderId == orderId && !delivery.lastError.isEmpty())
                    return delivery;
        return std::nullopt;
    }

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
        client_ = &shop_.client();
    }

    void aNewOrderIsConfirmedAndNeverMoved() {
        const auto sku = shop_.addProduct("LIFE", 500, 10);
        const auto id = shop_.checkout(sku, 2, QStringLiteral("ann@example.com"));
        QVERIFY(!id.isEmpty());
        const auto detail =
            await<OrderDetail>([&](QObject* c, auto done) { client_->orderDetail(id, c, done); });
        TOPCOAT_REQUIRE_OK(detail);
        QCOMPARE(detail->value->order.orderId, id);
        QCOMPARE(detail->value->order.status, QStringLiteral("confirmed"));
        QCOMPARE(detail->value->order.quantity, 2);
        QVERIFY(!detail->value->unitsReturned);
        QVERIFY(detail->value->history.isEmpty());

        const auto unknown = await<OrderDetail>(
            [&](QObject* c, auto done) { client_->orderDetail(QStringLiteral("nope"), c, done); });
        TOPCOAT_REQUIRE_ERROR(unknown, 404, "unknown_order");
    }

    void fulfilThenRefundWithRestock() {
        const auto sku = shop_.addProduct("LIFE", 500, 10);
        const auto id = shop_.checkout(sku, 3, QStringLiteral("bob@example.com"));
        QVERIFY(!id.isEmpty());
        auto fulfil = to("fulfilled");
        fulfil.by = QStringLiteral("ann");
        fulfil.note = QStringLiteral("picked up");
        const auto fulfilled = move(id, fulfil);
        TOPCOAT_REQUIRE_OK(fulfilled);
        QCOMPARE(fulfilled->value->order.status, QStringLiteral("fulfilled"));
        QCOMPARE(fulfilled->value->history.size(), 1);
        QCOMPARE(fulfilled->value->history[0].by, QStringLiteral("ann"));
        QCOMPARE(fulfilled->value->history[0].note, QStringLiteral("picked up"));
        QCOMPARE(shop_.findProduct(sku)->stock, 7);

        const auto refunded = move(id, to("refunded", true));
        TOPCOAT_REQUIRE_OK(refunded);
        QCOMPARE(refunded->value->order.status, QStringLiteral("refunded"));
        QVERIFY(refunded->value->unitsReturned);
        QCOMPARE(refunded->value->history.size(), 2);
        QCOMPARE(refunded->value->history[1].by, QStringLiteral("staff")); // the default
        QCOMPARE(shop_.findProduct(sku)->stock, 10);

        // Final: the table allows nothing more, and the server says so with its own code.
        TOPCOAT_REQUIRE_ERROR(move(id, to("cancelled")), 409, "invalid_transition");
    }

    void cancelGivesUnitsBackAndARefundNeedsRestock() {
        const auto sku = shop_.addProduct("LIFE", 500, 10);
        const auto cancelled = shop_.checkout(sku, 4, QStringLiteral("cat@example.com"));
        const auto kept = shop_.checkout(sku, 1, QStringLiteral("cat@example.com"));
        QVERIFY(!cancelled.isEmpty() && !kept.isEmpty());
        QCOMPARE(shop_.findProduct(sku)->stock, 5);
        TOPCOAT_REQUIRE_OK(move(cancelled, to("cancelled")));
        QCOMPARE(shop_.findProduct(sku)->stock, 9);
        // A confirmed order is not refunded (fulfil it first), and refunded needs `restock`.
        TOPCOAT_REQUIRE_ERROR(move(kept, to("refunded", false)), 409, "invalid_transition");
        TOPCOAT_REQUIRE_OK(move(kept, to("fulfilled")));
        TOPCOAT_REQUIRE_ERROR(move(kept, to("refunded")), 400, "invalid_request");
        const auto refunded = move(kept, to("refunded", false));
        TOPCOAT_REQUIRE_OK(refunded);
        QVERIFY(!refunded->value->unitsReturned);
        QCOMPARE(shop_.findProduct(sku)->stock, 9); // not back on sale
    }

    void webhooksAndTheOutbox() {
        const auto added = await<Webhook>([&](QObject* c, auto done) {
            client_->addWebhook(deadReceiver, {QStringLiteral("order.created")}, c, done);
        });
        TOPCOAT_REQUIRE_OK(added);
        const auto webhook = *added->value;
        QCOMPARE(webhook.url, deadReceiver);
        QCOMPARE(webhook.events, QStringList({"order.created"}));
        QVERIFY(webhook.secret.startsWith(QStringLiteral("whsec_")));
        const auto https = await<Webhook>([&](QObject* c, auto done) {
            client_->addWebhook(QStringLiteral("https://example.com/x"), {}, c, done);
        });
        TOPCOAT_REQUIRE_ERROR(https, 400, "invalid_request");

        const auto listed =
            await<QList<Webhook>>([&](QObject* c, auto done) { client_->webhooks(c, done); });
        TOPCOAT_REQUIRE_OK(listed);
        QCOMPARE(listed->value->size(), 1);
        QCOMPARE(listed->value->first().id, webhook.id);
        QCOMPARE(listed->value->first().secret, webhook.secret);

        const auto sku = shop_.addProduct("HOOK", 500, 10);
        const auto id = shop_.checkout(sku, 1, QStringLiteral("dan@example.com"));
        QVERIFY(!id.isEmpty());
        const auto target = QStringLiteral("webhook:%1").arg(webhook.id);
        // The sender tries at once and fails (nothing listens): pending, with its error.
        std::optional<Delivery> delivery;
        QTRY_VERIFY_WITH_TIMEOUT((delivery = triedDelivery(id)).has_value(), 20000);
        QVERIFY(delivery);
        QCOMPARE(delivery->type, QStringLiteral("order.created"));
        QCOMPARE(delivery->target, target);
        QCOMPARE(delivery->state, QStringLiteral("pending"));
        QVERIFY(delivery->attempts >= 1);
        QVERIFY(delivery->nextAttemptAt);

        // Only a failed delivery can be retried.
        const auto early = await<bool>([&](QObject* c, auto done) {
            client_->retryDelivery(delivery->eventId, target, c, done);
        });
        TOPCOAT_REQUIRE_ERROR(early, 404, "unknown_delivery");
        const auto bad = await<OutboxPage>([&](QObject* c, auto done) {
            client_->outbox(QStringLiteral("lost"), QString(), 10, c, done);
        });
        TOPCOAT_REQUIRE_ERROR(bad, 400, "invalid_request");

        const auto removed = await<bool>(
            [&](QObject* c, auto done) { client_->removeWebhook(webhook.id, c, done); });
        TOPCOAT_REQUIRE_OK(removed);
        QVERIFY(*removed->value);
        const auto again = await<bool>(
            [&](QObject* c, auto done) { client_->removeWebhook(webhook.id, c, done); });
        TOPCOAT_REQUIRE_ERROR(again, 404, "unknown_webhook");
    }
};

QTEST_GUILESS_MAIN(AdminClientOrderLifeTest)
#include "test_admin_client_order_life.moc"
