// The Orders screen moving orders on a real topcoatd: each move through its button and the
// confirmation dialog (filled in and answered here, as staff would), checked on the server and
// in the product's stock; buttons offered only for moves the status allows; a move someone else
// made first refused in the server's words; statuses moved elsewhere picked up on the slow beat;
// and the status filter. The session's beats are driven by hand (ManualClock).

#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "ui/ConsoleSession.h"
#include "ui/OrderActionsBar.h"
#include "ui/OrderHistoryPanel.h"
#include "ui/OrderMoveDialog.h"
#include "ui/OrdersView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 20000;

} // namespace

class TestOrderActions : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    test::LiveShop shop_{network_};
    test::ManualClock clock_;
    ConsoleSession session_{shop_.client(), clock_};
    QString sku_;

    qint64 stock() {
        const auto product = shop_.findProduct(sku_);
        return product ? product->stock : -1;
    }

    QString buy(int quantity) {
        return shop_.checkout(sku_, quantity, QStringLiteral("buyer@example.com"));
    }

    // Moves the order on the server alone, as another console would.
    bool moveElsewhere(const QString& id, const char* status, std::optional<bool> restock = {}) {
        OrderStatusChange change;
        change.status = QString::fromLatin1(status);
        change.restock = restock;
        const auto moved = test::await<OrderDetail>(
            [&](QObject* c, auto done) { shop_.client().setOrderStatus(id, change, c, done); });
        return moved && moved->ok();
    }

    QString serverStatus(const QString& id) {
        const auto detail = test::await<OrderDetail>(
            [&](QObject* c, auto done) { shop_.client().orderDetail(id, c, done); });
        return detail && detail->ok() ? detail->value->order.status : QString();
    }

    // A shown view holding every order so far, with `id` selected and its history read.
    void open(OrdersView& view, const QString& id) {
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded() && view.model().rowOf(id) >= 0, answerMs);
        QVERIFY(view.selectOrder(id));
        QTRY_VERIFY_WITH_TIMEOUT(view.history().orderId() == id &&
                                     !view.findChild<QLabel*>(QStringLiteral("orderHeading"))
                                          ->text()
                                          .contains(QStringLiteral("reading")),
                                 answerMs);
    }

    QString rowStatus(OrdersView& view, const QString& id) {
        const int row = view.model().rowOf(id);
        return row < 0 ? QString() : view.model().order(row).status;
    }

    // Which of fulfilled / cancelled / refunded the buttons offer now.
    static QStringList offered(OrdersView& view) {
        QStringList moves;
        for (const auto& to :
             {QStringLiteral("fulfilled"), QStringLiteral("cancelled"), QStringLiteral("refunded")})
            if (view.actions().button(to)->isEnabled())
                moves << to;
        return moves;
    }

    // Clicks the move's button and returns the confirmation it opened.
    static OrderMoveDialog* ask(OrdersView& view, const char* to) {
        auto* button = view.actions().button(QString::fromLatin1(to));
        if (!button || !button->isEnabled())
            return nullptr;
        button->click();
        return view.actions().openDialog();
    }

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
        sku_ = shop_.addProduct("ACT", 700, 100);
        QVERIFY(!sku_.isEmpty());
    }

    void markFulfilledWithNoteAndName() {
        const auto id = buy(2);
        QVERIFY(!id.isEmpty());
        OrdersView view(session_);
        view.setStaffName(QStringLiteral("Ann"));
        open(view, id);
        // Confirmed: fulfil or cancel, never refund (it has not been handed over).
        QCOMPARE(offered(view), QStringList({"fulfilled", "cancelled"}));

        auto* dialog = ask(view, "fulfilled");
        QVERIFY(dialog);
        QCOMPARE(dialog->byField()->text(), QStringLiteral("Ann"));
        QVERIFY(!dialog->restockBox());   // asked only with a refund
        QVERIFY(offered(view).isEmpty()); // one question at a time
        dialog->noteField()->setText(QStringLiteral("picked up in store"));
        QSignalSpy renamed(&view, &OrdersView::staffNameChanged);
        dialog->accept();
        QCOMPARE(renamed.count(), 0); // the name as given: nothing new to keep

        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, id), QStringLiteral("fulfilled"), answerMs);
        QCOMPARE(serverStatus(id), QStringLiteral("fulfilled"));
        QTRY_COMPARE_WITH_TIMEOUT(view.history().historyLines().size(), 1, answerMs);
        const auto line = view.history().historyLines().first();
        QVERIFY2(line.contains(QStringLiteral("Fulfilled | Ann | no | picked up in store")),
                 qPrintable(line));
        QCOMPARE(offered(view), QStringList({"refunded"}));
        QVERIFY(view.actions().message().isEmpty());
        const int row = view.model().rowOf(id);
        QCOMPARE(view.model().index(row, OrdersModel::Status).data().toString(),
                 QStringLiteral("Fulfilled"));
    }

    void aDialogClosedWithoutConfirmingChangesNothing() {
        const auto id = buy(1);
        OrdersView view(session_);
        open(view, id);
        auto* dialog = ask(view, "cancelled");
        QVERIFY(dialog);
        dialog->reject();
        QCOMPARE(offered(view), QStringList({"fulfilled", "cancelled"}));
        QCOMPARE(serverStatus(id), QStringLiteral("confirmed"));
        QCOMPARE(rowStatus(view, id), QStringLiteral("confirmed"));
    }

    void cancelPutsTheUnitsBackOnSale() {
        const auto id = buy(3);
        const auto before = stock();
        OrdersView view(session_);
        open(view, id);
        auto* dialog = ask(view, "cancelled");
        QVERIFY(dialog);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, id), QStringLiteral("cancelled"), answerMs);
        QCOMPARE(stock(), before + 3);
        // Final: nothing more is offered, and the history says the units came back.
        QVERIFY(offered(view).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(view.history().historyLines().size(), 1, answerMs);
        QVERIFY(view.history().historyLines().first().contains(QStringLiteral("| staff | yes")));
    }

    void refundWithAndWithoutRestock() {
        const auto back = buy(2);
        const auto kept = buy(4);
        QVERIFY(moveElsewhere(back, "fulfilled") && moveElsewhere(kept, "fulfilled"));
        OrdersView view(session_);
        open(view, back);
        QCOMPARE(offered(view), QStringList({"refunded"}));

        auto before = stock();
        auto* dialog = ask(view, "refunded");
        QVERIFY(dialog && dialog->restockBox());
        QVERIFY(!dialog->restockBox()->isChecked()); // asked every time, never assumed
        dialog->restockBox()->setChecked(true);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, back), QStringLiteral("refunded"), answerMs);
        QCOMPARE(stock(), before + 2);
        QVERIFY(offered(view).isEmpty());

        QVERIFY(view.selectOrder(kept));
        QTRY_VERIFY_WITH_TIMEOUT(offered(view) == QStringList({"refunded"}), answerMs);
        before = stock();
        dialog = ask(view, "refunded");
        QVERIFY(dialog && dialog->restockBox());
        dialog->noteField()->setText(QStringLiteral("bottle broken"));
        dialog->byField()->setText(QStringLiteral("Bea"));
        QSignalSpy renamed(&view, &OrdersView::staffNameChanged);
        dialog->accept();
        // Kept for the next dialog, and told, so the console remembers it (ConsoleSettings).
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.first().first().toString(), QStringLiteral("Bea"));
        QCOMPARE(view.actions().staffName(), QStringLiteral("Bea"));
        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, kept), QStringLiteral("refunded"), answerMs);
        QCOMPARE(serverStatus(kept), QStringLiteral("refunded"));
        QCOMPARE(stock(), before); // the units stay sold
        QTRY_COMPARE_WITH_TIMEOUT(view.history().historyLines().size(), 2, answerMs);
        QVERIFY(
            view.history().historyLines().last().contains(QStringLiteral("| Bea | no | bottle")));
    }

    void aMoveMadeElsewhereFirstIsRefusedInTheServersWords() {
        const auto id = buy(1);
        OrdersView view(session_);
        open(view, id);
        QCOMPARE(offered(view), QStringList({"fulfilled", "cancelled"}));
        QVERIFY(moveElsewhere(id, "cancelled")); // the view still shows it confirmed
        auto* dialog = ask(view, "fulfilled");
        QVERIFY(dialog);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!view.actions().message().isEmpty(), answerMs);
        QVERIFY2(view.actions().message().startsWith(QStringLiteral("Not changed: ")),
                 qPrintable(view.actions().message()));
        QVERIFY(!view.actions().message().contains(QStringLiteral("invalid_transition")));
        // Then the row is read again: cancelled, and nothing left to offer.
        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, id), QStringLiteral("cancelled"), answerMs);
        QTRY_VERIFY_WITH_TIMEOUT(offered(view).isEmpty(), answerMs);
        QVERIFY(!view.actions().message().isEmpty()); // still said, for the same order
    }

    void statusesMovedElsewhereShowOnTheSlowBeat() {
        const auto id = buy(1);
        OrdersView view(session_);
        open(view, id);
        QVERIFY(moveElsewhere(id, "fulfilled"));
        QCOMPARE(rowStatus(view, id), QStringLiteral("confirmed")); // nothing new polled yet
        // Orders are asked for every third beat and the rows in sight read again every
        // statusRefreshBeats-th time of that: within this many beats.
        for (int i = 0; i < 3 * OrdersView::statusRefreshBeats; ++i)
            clock_.advance(ConsoleSession::visibleBeat);
        QTRY_COMPARE_WITH_TIMEOUT(rowStatus(view, id), QStringLiteral("fulfilled"), answerMs);
        QTRY_COMPARE_WITH_TIMEOUT(offered(view), QStringList({"refunded"}), answerMs);
    }

    void theStatusFilterShowsOneStatus() {
        const auto confirmed = buy(1);
        const auto cancelled = buy(1);
        QVERIFY(moveElsewhere(cancelled, "cancelled"));
        OrdersView view(session_);
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded() && view.model().rowOf(cancelled) >= 0,
                                 answerMs);
        // Expected counts from the server's own answers, one order at a time.
        QMap<QString, int> expected;
        for (const auto& order : view.model().orders())
            ++expected[serverStatus(order.orderId)];
        QVERIFY(expected.value("cancelled") >= 2 && expected.value("confirmed") >= 1);
        QVERIFY(expected.value("fulfilled") >= 1 && expected.value("refunded") >= 2);

        auto* filter = view.findChild<QComboBox*>(QStringLiteral("statusFilter"));
        QVERIFY(filter);
        QCOMPARE(filter->count(), 8); // Any, then each status
        for (const auto status : {"cancelled", "confirmed", "refunded", "paid"}) {
            filter->setCurrentIndex(filter->findData(QString::fromLatin1(status)));
            QCOMPARE(view.filter().rowCount(), expected.value(status));
            for (int row = 0; row < view.filter().rowCount(); ++row)
                QCOMPARE(view.filter().index(row, OrdersModel::Status).data().toString(),
                         orderStatusTitle(QString::fromLatin1(status)));
        }
        filter->setCurrentIndex(filter->findData(QStringLiteral("confirmed")));
        const int confirmedRows = view.filter().rowCount();
        // An order moved here leaves a filter that no longer fits it.
        QVERIFY(view.selectOrder(confirmed));
        QTRY_VERIFY_WITH_TIMEOUT(offered(view) == QStringList({"fulfilled", "cancelled"}),
                                 answerMs);
        auto* dialog = ask(view, "fulfilled");
        QVERIFY(dialog);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(view.filter().rowCount(), confirmedRows - 1, answerMs);
        filter->setCurrentIndex(0);
        QCOMPARE(view.filter().rowCount(), view.model().rowCount());
    }
};

QTEST_MAIN(TestOrderActions)
#include "test_order_actions.moc"
