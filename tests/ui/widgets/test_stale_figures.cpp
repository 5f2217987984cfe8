// The console window attached to a real topcoatd: while the server refuses the token, every live
// figure on the Dashboard and Protection screens is greyed out beside the time of the last good
// reading and the stock check says "unknown"; with the token accepted again they are live. The
// window hidden or minimised slows the session's beat; shown again, it is fast. Beats are driven
// by hand (ManualClock).

#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "ui/DashboardView.h"
#include "ui/InvariantModel.h"
#include "ui/MainWindow.h"
#include "ui/ProtectionChart.h"
#include "ui/ProtectionView.h"
#include "ui/StockChart.h"
#include "ui/TimeSeriesChart.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QTableView>
#include <QtTest>

using namespace topcoat;
using ui::ConsoleSession;

namespace {

QString clockTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

class TestStaleFigures : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    std::unique_ptr<test::LiveShop> shop_;
    test::ManualClock clock_;
    std::unique_ptr<ConsoleSession> session_;
    std::unique_ptr<ui::MainWindow> window_;
    QString sku_;

    ui::DashboardView& dashboard() {
        return *window_->findChild<ui::DashboardView*>(QStringLiteral("dashboard"));
    }
    ui::ProtectionView& protection() {
        return *window_->findChild<ui::ProtectionView*>(QStringLiteral("protection"));
    }
    QString check(const QString& sku) {
        const auto& model = dashboard().invariants();
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, ui::InvariantModel::Sku).data().toString() == sku)
                return model.index(row, ui::InvariantModel::Check).data().toString();
        return QStringLiteral("(no row for %1)").arg(sku);
    }
    // Beats the session until it reports `wanted`, each beat in an event-loop turn of its own.
    bool beatUntil(ConsoleSession::Reachability wanted) {
        return QTest::qWaitFor(
            [&] {
                if (session_->reachability() == wanted)
                    return true;
                clock_.advance(ConsoleSession::visibleBeat);
                return false;
            },
            15000);
    }

private slots:
    void initTestCase() {
        shop_ = std::make_unique<test::LiveShop>(network_);
        QVERIFY2(shop_->start(), qPrintable(shop_->error()));
        sku_ = shop_->addProduct("STALE", 900, 40);
        QVERIFY(!sku_.isEmpty());
        session_ = std::make_unique<ConsoleSession>(shop_->client(), clock_);
        window_ = std::make_unique<ui::MainWindow>(*session_, QStringLiteral("test"), false);
        window_->resize(1280, 820);
        window_->show();
        window_->showScreen(QStringLiteral("protection")); // draws only while in front
        QVERIFY(beatUntil(ConsoleSession::Reachability::Reachable));
    }

    void figuresGreyOutWhileTheTokenIsRefused() {
        QCOMPARE(check(sku_), QStringLiteral("✓ balanced"));
        QVERIFY(dashboard().showsLiveFigures());
        QVERIFY(dashboard().chart(ui::DashboardView::Chart::Requests).live());
        QVERIFY(protection().showsLiveFigures());
        QVERIFY(protection().queueChart().isEnabled());

        const auto token = QString::fromStdString(shop_->server().adminToken());
        shop_->client().setServer(shop_->adminUrl(), QStringLiteral("wrong-token"));
        QVERIFY(beatUntil(ConsoleSession::Reachability::TokenRefused));
        const auto lastReading =
            QStringLiteral("last reading %1").arg(clockTime(*session_->lastGoodReading()));

        QVERIFY(!dashboard().showsLiveFigures());
        for (auto chart : {ui::DashboardView::Chart::Requests, ui::DashboardView::Chart::Checkouts,
                           ui::DashboardView::Chart::Latency, ui::DashboardView::Chart::InFlight})
            QVERIFY(!dashboard().chart(chart).live());
        QVERIFY(!dashboard().stockChart().isEnabled());
        QCOMPARE(check(sku_), QStringLiteral("unknown"));
        const auto* header = dashboard().findChild<QLabel*>(QStringLiteral("dashboardConnection"));
        QVERIFY(header);
        QVERIFY2(header->text().contains(QStringLiteral("token was refused")) &&
                     header->text().contains(lastReading),
                 qPrintable(header->text()));

        QVERIFY(!protection().showsLiveFigures());
        QVERIFY(!protection().queueChart().isEnabled());
        QVERIFY(!protection().refusedChart().isEnabled());
        QVERIFY(!protection().findChild<QLabel*>(QStringLiteral("waitingNow"))->isEnabled());
        const auto* updated = protection().findChild<QLabel*>(QStringLiteral("protectionUpdated"));
        QVERIFY(updated);
        QVERIFY2(updated->text().contains(lastReading), qPrintable(updated->text()));

        // The token accepted again: live figures, a fresh reading, the check as it stands.
        shop_->client().setServer(shop_->adminUrl(), token);
        QVERIFY(beatUntil(ConsoleSession::Reachability::Reachable));
        QVERIFY(dashboard().showsLiveFigures());
        QVERIFY(dashboard().chart(ui::DashboardView::Chart::Latency).live());
        QVERIFY(dashboard().stockChart().isEnabled());
        QCOMPARE(check(sku_), QStringLiteral("✓ balanced"));
        QVERIFY2(header->text().startsWith(QStringLiteral("Updated ")), qPrintable(header->text()));
        QVERIFY(protection().showsLiveFigures());
        QVERIFY(protection().queueChart().isEnabled());
        QVERIFY2(updated->text().startsWith(QStringLiteral("Updated ")),
                 qPrintable(updated->text()));
    }

    void hidingTheWindowSlowsTheBeat() {
        QCOMPARE(clock_.interval(), ConsoleSession::visibleBeat);
        window_->showMinimized();
        QCOMPARE(clock_.interval(), ConsoleSession::hiddenBeat);
        window_->showNormal();
        QCOMPARE(clock_.interval(), ConsoleSession::visibleBeat);
        window_->hide();
        QCOMPARE(clock_.interval(), ConsoleSession::hiddenBeat);
        window_->show();
        QCOMPARE(clock_.interval(), ConsoleSession::visibleBeat);
    }

    void cleanupTestCase() {
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(TestStaleFigures)
#include "test_stale_figures.moc"
