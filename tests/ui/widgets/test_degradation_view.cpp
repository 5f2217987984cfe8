// The Degradation screen against a real topcoatd: flipping a switch in the view changes the
// server, with the reason typed into the timeline; changes made elsewhere show up on their own.

#include "tests/support/HttpClient.h"
#include "tests/ui/LiveShop.h"
#include "ui/DegradationView.h"
#include "ui/SystemClock.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTableWidget>
#include <QtTest>

using namespace topcoat;

class TestDegradationView : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    std::unique_ptr<test::LiveShop> shop_;
    ui::SystemClock clock_;
    std::unique_ptr<ui::ConsoleSession> session_;

    std::optional<ui::DegradationState> serverState() {
        std::optional<ui::DegradationState> state;
        bool done = false;
        shop_->client().degradation(this, [&](const ui::ApiResult<ui::DegradationState>& r) {
            state = r.value;
            done = true;
        });
        QTest::qWaitFor([&] { return done; }, 10000);
        return state;
    }

private slots:
    void initTestCase() {
        shop_ = std::make_unique<test::LiveShop>(network_);
        QVERIFY2(shop_->start(), qPrintable(shop_->error()));
        session_ = std::make_unique<ui::ConsoleSession>(shop_->client(), clock_);
    }

    void flippingASwitchChangesTheServer() {
        ui::DegradationView view(*session_);
        view.show();
        auto* reviews = view.findChild<QCheckBox*>(QStringLiteral("reviews"));
        QVERIFY(reviews);
        QTRY_VERIFY_WITH_TIMEOUT(reviews->isChecked(), 10000); // all on at first

        auto* reason = view.findChild<QLineEdit*>();
        QVERIFY(reason);
        QTest::keyClicks(reason, QStringLiteral("launch spike"));
        QTest::mouseClick(reviews, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(!view.state().features.value(QStringLiteral("reviews"), true),
                                 10000);
        const auto onServer = serverState();
        QVERIFY(onServer);
        QCOMPARE(onServer->features.value(QStringLiteral("reviews")), false);
        QVERIFY(!onServer->history.isEmpty());
        QCOMPARE(onServer->history.last().subject, QStringLiteral("reviews"));
        QCOMPARE(onServer->history.last().reason, QStringLiteral("launch spike"));
        QCOMPARE(onServer->history.last().source, QStringLiteral("owner"));

        auto* timeline = view.findChild<QTableWidget*>();
        QVERIFY(timeline && timeline->rowCount() >= 1);
        QCOMPARE(timeline->item(0, 1)->text(), QStringLiteral("reviews")); // newest first
        QCOMPARE(timeline->item(0, 2)->text(), QStringLiteral("off"));
        QCOMPARE(timeline->item(0, 4)->text(), QStringLiteral("launch spike"));
        QVERIFY(reason->text().isEmpty()); // used up by the change it explained
    }

    void changesMadeElsewhereAppear() {
        ui::DegradationView view(*session_);
        auto* search = view.findChild<QCheckBox*>(QStringLiteral("search"));
        QVERIFY(search);
        QTRY_VERIFY_WITH_TIMEOUT(search->isChecked(), 10000);

        test::HttpClient admin("127.0.0.1", shop_->server().adminPort());
        admin.setToken(shop_->server().adminToken());
        const auto result =
            admin.put("/admin/degradation", R"({"features":{"search":false},"auto":true})");
        QCOMPARE(result.status, 200);

        QTRY_VERIFY_WITH_TIMEOUT(!search->isChecked(), 10000); // the view polls
        auto* automatic = view.findChildren<QCheckBox*>().last();
        QTRY_VERIFY_WITH_TIMEOUT(automatic->isChecked(), 10000);
    }
};

QTEST_MAIN(TestDegradationView)
#include "test_degradation_view.moc"
