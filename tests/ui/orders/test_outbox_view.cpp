// The Outbox screen on a real topcoatd: a webhook added through its dialog (URL and events) to a
// port nothing listens on, so the delivery of each order stays pending with an error; the log,
// its counts, its state filter and its older pages; Retry offered only for a failed delivery,
// and a failed one (its webhook removed through the screen) sent again. Then the screen, and the
// Orders screen, in a 1024×680 window. The session's beats are driven by hand (ManualClock).

#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "tests/ui/ScreenFit.h"
#include "ui/ConsoleSession.h"
#include "ui/MainWindow.h"
#include "ui/OrdersView.h"
#include "ui/OutboxView.h"
#include "ui/SystemClock.h"
#include "ui/WebhookDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 20000;
// The sender backs off 1, 2, 4, 8 s between tries: a removed webhook's delivery is given up
// within the second try or so.
constexpr int giveUpMs = 40000;

QPushButton* button(QWidget& view, const char* name) {
    return view.findChild<QPushButton*>(QString::fromLatin1(name));
}

// The log's row of this order's delivery, or -1.
int rowOf(const OutboxView& view, const QString& orderId) {
    const auto& rows = view.deliveries().deliveries();
    for (int row = 0; row < rows.size(); ++row)
        if (rows[row].orderId == orderId)
            return row;
    return -1;
}

} // namespace

class TestOutboxView : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    test::LiveShop shop_{network_};
    test::ManualClock clock_;
    ConsoleSession session_{shop_.client(), clock_};
    QString sku_;
    QString receiver_ = QStringLiteral("http://127.0.0.1:9/x"); // nothing listens there
    QString firstOrder_;

    void show(OutboxView& view) {
        view.resize(1000, 620);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }

    // One orders beat of the session (every third beat), on which the screen reads again.
    void ordersBeat() {
        for (int i = 0; i < ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Orders); ++i)
            clock_.advance(ConsoleSession::visibleBeat);
    }

    static void select(OutboxView& view, int row) { view.deliveryTable().selectRow(row); }

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
        sku_ = shop_.addProduct("HOOK", 900, 100);
        QVERIFY(!sku_.isEmpty());
    }

    void addsAWebhookThroughItsDialog() {
        OutboxView view(session_);
        QSignalSpy listed(&view, &OutboxView::webhooksRefreshed);
        show(view);
        QTRY_VERIFY_WITH_TIMEOUT(listed.count() >= 1, answerMs);
        QVERIFY(view.webhooks().isEmpty());
        QVERIFY(!button(view, "removeWebhook")->isEnabled()); // nothing selected
        QVERIFY(!button(view, "copySecret")->isEnabled());

        button(view, "addWebhook")->click();
        auto* dialog = view.addDialog();
        QVERIFY(dialog);
        auto* confirm = dialog->findChild<QPushButton*>(QStringLiteral("addWebhookConfirm"));
        QVERIFY(confirm && !confirm->isEnabled()); // no URL yet
        dialog->urlField()->setText(receiver_);
        QVERIFY(confirm->isEnabled());
        for (const auto& type : orderEventTypes())
            QVERIFY2(dialog->eventBox(type)->isChecked(), qPrintable(type)); // all, to start
        dialog->eventBox(QStringLiteral("order.paid"))->setChecked(false);
        dialog->eventBox(QStringLiteral("order.expired"))->setChecked(false);
        dialog->accept();

        QTRY_COMPARE_WITH_TIMEOUT(view.webhooks().size(), 1, answerMs);
        const auto webhook = view.webhooks().first();
        QCOMPARE(webhook.url, receiver_);
        QCOMPARE(webhook.events, QStringList({"order.created", "order.fulfilled", "order.cancelled",
                                              "order.refunded"}));
        QCOMPARE(view.webhookTable().item(0, 0)->text(), receiver_);
        // On the server too, with the secret the screen copies whole.
        const auto onServer = test::await<QList<Webhook>>(
            [&](QObject* c, auto done) { shop_.client().webhooks(c, done); });
        TOPCOAT_REQUIRE_OK(onServer);
        QCOMPARE(onServer->value->size(), 1);
        QCOMPARE(onServer->value->first().events, webhook.events);
        view.webhookTable().selectRow(0);
        QVERIFY(button(view, "copySecret")->isEnabled());
        button(view, "copySecret")->click();
        QCOMPARE(QApplication::clipboard()->text(), onServer->value->first().secret);
        QVERIFY(!view.webhookTable().item(0, 2)->text().contains(webhook.secret.right(20)));
        QVERIFY(view.message().isEmpty());

        // The server's refusal, in its words.
        button(view, "addWebhook")->click();
        QVERIFY(view.addDialog());
        view.addDialog()->urlField()->setText(QStringLiteral("https://example.com/hook"));
        view.addDialog()->accept();
        QTRY_VERIFY_WITH_TIMEOUT(view.message().startsWith(QStringLiteral("Webhook not added")),
                                 answerMs);
        QVERIFY2(view.message().contains(QStringLiteral("https://")), qPrintable(view.message()));
    }

    void listsAnOrdersDeliveryPendingWithItsError() {
        OutboxView view(session_);
        show(view);
        firstOrder_ = shop_.checkout(sku_, 1, QStringLiteral("ann@example.com"));
        QVERIFY(!firstOrder_.isEmpty());
        // Read again on the session's beat, until the sender's first try has failed.
        QTRY_VERIFY_WITH_TIMEOUT(
            (ordersBeat(),
             rowOf(view, firstOrder_) >= 0 &&
                 !view.deliveries().delivery(rowOf(view, firstOrder_)).lastError.isEmpty()),
            answerMs);
        const int row = rowOf(view, firstOrder_);
        const auto& delivery = view.deliveries().delivery(row);
        QCOMPARE(delivery.type, QStringLiteral("order.created"));
        QCOMPARE(delivery.state, QStringLiteral("pending"));
        QCOMPARE(delivery.target, QStringLiteral("webhook:%1").arg(view.webhooks().first().id));
        QVERIFY(delivery.attempts >= 1);
        const auto cell = [&](int column) {
            return view.deliveries().index(row, column).data().toString();
        };
        QCOMPARE(cell(DeliveriesModel::OrderId), firstOrder_);
        QCOMPARE(cell(DeliveriesModel::State), QStringLiteral("pending"));
        QVERIFY(!cell(DeliveriesModel::NextAttempt).isEmpty());
        QVERIFY(!cell(DeliveriesModel::LastError).isEmpty());
        QVERIFY(cell(DeliveriesModel::SentAt).isEmpty());
        QVERIFY(view.counts().pending >= 1);
        QCOMPARE(view.counts().sent, 0);
        const auto counts = view.findChild<QLabel*>(QStringLiteral("deliveryCounts"))->text();
        QVERIFY2(counts.contains(QStringLiteral("%1 pending").arg(view.counts().pending)) &&
                     counts.contains(QStringLiteral("0 sent")),
                 qPrintable(counts));
        // This server counts the events not planned yet: beside the others, whatever it is now.
        QVERIFY(view.counts().unplanned);
        QVERIFY2(counts.endsWith(
                     QStringLiteral(" · %1 waiting to be planned").arg(*view.counts().unplanned)),
                 qPrintable(counts));

        // Pending: the server would answer a retry 404, so none is offered.
        QVERIFY(!button(view, "retryDelivery")->isEnabled());
        select(view, row);
        QVERIFY(!button(view, "retryDelivery")->isEnabled());
    }

    void filtersByStateAndPagesOlder() {
        for (int i = 0; i < 4; ++i)
            QVERIFY(!shop_.checkout(sku_, 1, QStringLiteral("bob@example.com")).isEmpty());
        OutboxView view(session_, nullptr, 2);
        QSignalSpy refreshed(&view, &OutboxView::deliveriesRefreshed);
        show(view);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, answerMs);
        // The sender turns each event into its deliveries between tries: read on the beat
        // until all five are there.
        QTRY_VERIFY_WITH_TIMEOUT((ordersBeat(), view.counts().pending >= 5), answerMs);
        QCOMPARE(view.deliveries().rowCount(), 2);
        auto* older = button(view, "olderDeliveries");
        // Older pages, one click each, until the first order's delivery is reached.
        for (int page = 0; page < 10 && older->isEnabled(); ++page) {
            const int before = view.deliveries().rowCount();
            const auto answered = refreshed.count();
            older->click();
            QVERIFY(!older->isEnabled()); // one page on its way at a time
            QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > answered, answerMs);
            QCOMPARE(view.deliveries().rowCount(), std::min(before + 2, 5));
        }
        QVERIFY(!older->isEnabled());
        QVERIFY(rowOf(view, firstOrder_) >= 0);
        const auto& rows = view.deliveries().deliveries();
        QCOMPARE(rows.size(), view.counts().pending + view.counts().sent + view.counts().failed);
        for (int row = 1; row < rows.size(); ++row)
            QVERIFY(rows[row - 1].eventId > rows[row].eventId); // newest first, none twice

        // A refresh reads the newest page again and keeps the older rows paged to.
        refreshed.clear();
        ordersBeat();
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, answerMs);
        QCOMPARE(view.deliveries().rowCount(), int(rows.size()));

        auto* state = view.findChild<QComboBox*>(QStringLiteral("stateFilter"));
        state->setCurrentIndex(state->findData(QStringLiteral("sent")));
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 2, answerMs);
        QCOMPARE(view.deliveries().rowCount(), 0); // nothing reaches the receiver
        state->setCurrentIndex(state->findData(QStringLiteral("pending")));
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 3, answerMs);
        QCOMPARE(view.deliveries().rowCount(), 2);
        for (const auto& delivery : view.deliveries().deliveries())
            QCOMPARE(delivery.state, QStringLiteral("pending"));
    }

    void aRemovedWebhooksDeliveryFailsAndIsRetried() {
        OutboxView view(session_);
        show(view);
        QTRY_COMPARE_WITH_TIMEOUT(view.webhooks().size(), 1, answerMs);
        view.webhookTable().selectRow(0);
        button(view, "removeWebhook")->click();
        auto* confirmation = view.removeConfirmation();
        QVERIFY(confirmation);
        confirmation->button(QMessageBox::No)->click(); // changed their mind: still there
        QVERIFY(!view.removeConfirmation());
        view.webhookTable().selectRow(0);
        button(view, "removeWebhook")->click();
        QVERIFY(view.removeConfirmation());
        view.removeConfirmation()->button(QMessageBox::Yes)->click();
        QTRY_VERIFY_WITH_TIMEOUT(view.webhooks().isEmpty(), answerMs);

        // Given up at its next try.
        const auto failed = [&] {
            const int row = rowOf(view, firstOrder_);
            return row >= 0 && view.deliveries().delivery(row).state == QLatin1String("failed");
        };
        QTRY_VERIFY_WITH_TIMEOUT((ordersBeat(), failed()), giveUpMs);
        auto row = rowOf(view, firstOrder_);
        QCOMPARE(view.deliveries().delivery(row).lastError,
                 QStringLiteral("the webhook was removed"));
        QVERIFY(view.deliveries().delivery(row).attempts >= 2); // a refused try, then given up
        QVERIFY(view.counts().failed >= 1);
        select(view, row);
        auto* retry = button(view, "retryDelivery");
        QVERIFY(retry->isEnabled());

        QSignalSpy refreshed(&view, &OutboxView::deliveriesRefreshed);
        retry->click();
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, answerMs);
        QVERIFY2(view.message().isEmpty(), qPrintable(view.message()));
        // Pending again with its tries counted afresh; with no webhook, given up at its one try.
        QTRY_VERIFY_WITH_TIMEOUT(
            (ordersBeat(),
             failed() && view.deliveries().delivery(rowOf(view, firstOrder_)).attempts == 1),
            giveUpMs);
    }

    // A server from before "new" has no such count: the others are shown without it.
    void countsWithoutEventsWaitingToBePlanned() {
        DeliveryCounts counts;
        counts.pending = 1234;
        counts.sent = 5;
        QCOMPARE(OutboxView::countsText(counts),
                 QStringLiteral("1,234 pending · 5 sent · 0 failed"));
        counts.unplanned = 0;
        QCOMPARE(OutboxView::countsText(counts),
                 QStringLiteral("1,234 pending · 5 sent · 0 failed · 0 waiting to be planned"));
        counts.unplanned = 4200;
        QVERIFY(
            OutboxView::countsText(counts).endsWith(QStringLiteral("4,200 waiting to be planned")));
    }

    void theOutboxAndOrdersScreensFitA1024By680Window() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: the layout alone is measured
        SystemClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("test"), false);
        window.resize(1024, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
        const int orders = tabs->indexOf(window.findChild<OrdersView*>());
        QCOMPARE(tabs->tabText(orders + 1), QStringLiteral("Outbox")); // right after Orders
        for (const auto* name : {"outbox", "orders"}) {
            QVERIFY(window.showScreen(QString::fromLatin1(name)));
            auto* screen = tabs->currentWidget();
            QCOMPARE(window.size(), QSize(1024, 680));
            const auto misfit = test::misfit(*screen, QString::fromLatin1(name));
            QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
        }
    }
};

QTEST_MAIN(TestOutboxView)
#include "test_outbox_view.moc"
