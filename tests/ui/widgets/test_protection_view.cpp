// The Protection screen against a real topcoatd: settings typed into the form reach the server
// (and only the changed ones are sent), a field out of range is marked and nothing is sent, the
// server's refusal is shown, and the read-outs follow the live counters, drawn only while in
// front and from the history the console session already holds when the screen comes to front.

#include "tests/support/HttpClient.h"
#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/Typing.h"
#include "ui/ProtectionChart.h"
#include "ui/ProtectionView.h"
#include "ui/SystemClock.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

using namespace topcoat;

namespace {

// The server's defaults (server/API.md), to put back after each test.
constexpr const char* defaults =
    R"({"client_rate":{"per_second":20,"burst":60},"max_in_flight":500,)"
    R"("waiting_room":{"enabled":false,"admit_per_minute":120,"randomize_before_open":true,)"
    R"("pass_seconds":600},"trusted_proxies":[],)"
    R"("auto_degradation":{"p99_ms_high":250,"p99_ms_low":100,"in_flight_high":400,)"
    R"("in_flight_low":100,"seconds_before_off":3,"seconds_before_on":15,)"
    R"("order":["recommendations","reviews","search","wishlists"]}})";

double highest(const QLineSeries* line) {
    double top = 0;
    for (const auto& point : line->points())
        top = std::max(top, point.y());
    return top;
}

} // namespace

using topcoat::test::retype;

class TestProtectionView : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    std::unique_ptr<test::LiveShop> shop_;
    ui::SystemClock clock_;
    std::unique_ptr<ui::ConsoleSession> session_;

    test::HttpClient admin() {
        test::HttpClient client("127.0.0.1", shop_->server().adminPort());
        client.setToken(shop_->server().adminToken());
        return client;
    }

    // GET /admin/protection as the server writes it, not through the console's parser.
    Poco::JSON::Object::Ptr serverSettings() {
        const auto result = admin().get("/admin/protection");
        return result.status == 200 ? result.json() : nullptr;
    }

    // How many PUT /admin/protection the admin port has answered, from its route counts.
    qint64 protectionPuts() {
        const auto stats = admin().get("/admin/stats?since=" +
                                       std::to_string(QDateTime::currentMSecsSinceEpoch()));
        const auto routes = stats.json()->getArray("routes");
        for (unsigned i = 0; i < routes->size(); ++i) {
            const auto route = routes->getObject(i);
            if (route->getValue<std::string>("method") == "PUT" &&
                route->getValue<std::string>("route") == "/admin/protection")
                return route->getValue<qint64>("count");
        }
        return 0;
    }

    // A view in front with the server's settings loaded.
    std::unique_ptr<ui::ProtectionView> openView() {
        auto view = std::make_unique<ui::ProtectionView>(*session_);
        view->resize(1280, 800);
        view->show();
        view->setFollowing(true);
        return view;
    }

private slots:
    void initTestCase() {
        shop_ = std::make_unique<test::LiveShop>(network_);
        QVERIFY2(shop_->start(), qPrintable(shop_->error()));
        session_ = std::make_unique<ui::ConsoleSession>(shop_->client(), clock_);
    }

    void cleanup() { QCOMPARE(admin().put("/admin/protection", defaults).status, 200); }

    void typedSettingsAreApplied() {
        auto view = openView();
        QTRY_VERIFY_WITH_TIMEOUT(view->settings().has_value(), 10000);
        auto* perSecond = view->findChild<QLineEdit*>(QStringLiteral("perSecond"));
        QVERIFY(perSecond);
        QCOMPARE(perSecond->text(), QStringLiteral("20"));
        auto* apply = view->findChild<QPushButton*>(QStringLiteral("apply"));
        QVERIFY(apply);
        QVERIFY(!apply->isEnabled()); // nothing changed yet

        // Someone else changes the load limit meanwhile: the view must not send it back.
        QCOMPARE(admin().put("/admin/protection", R"({"max_in_flight":777})").status, 200);

        retype(perSecond, QStringLiteral("35"));
        retype(view->findChild<QLineEdit*>(QStringLiteral("burst")), QStringLiteral("90"));
        retype(view->findChild<QLineEdit*>(QStringLiteral("admitPerMinute")), QStringLiteral("45"));
        auto* room = view->findChild<QCheckBox*>(QStringLiteral("waitingRoomEnabled"));
        QVERIFY(room && !room->isChecked());
        QTest::mouseClick(room, Qt::LeftButton, {}, QPoint(6, room->height() / 2)); // its box
        QVERIFY(room->isChecked());
        auto* proxies = view->findChild<QPlainTextEdit*>(QStringLiteral("trustedProxies"));
        QVERIFY(proxies);
        proxies->setFocus();
        QTest::keyClicks(proxies, QStringLiteral("10.0.0.0/8"));
        QTest::keyClick(proxies, Qt::Key_Return);
        QTest::keyClicks(proxies, QStringLiteral("192.168.1.5"));
        // Search goes first, and wishlists are never switched off automatically.
        auto* order = view->findChild<QListWidget*>(QStringLiteral("featureOrder"));
        QVERIFY(order);
        order->setCurrentRow(2);
        QCOMPARE(order->currentItem()->data(Qt::UserRole).toString(), QStringLiteral("search"));
        auto* up = view->findChild<QPushButton*>(QStringLiteral("moveUp"));
        QTest::mouseClick(up, Qt::LeftButton);
        QTest::mouseClick(up, Qt::LeftButton);
        order->item(3)->setCheckState(Qt::Unchecked);

        QVERIFY(apply->isEnabled());
        const auto putsBefore = protectionPuts();
        QSignalSpy applied(view.get(), &ui::ProtectionView::settingsApplied);
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(applied.wait(10000));
        QCOMPARE(protectionPuts(), putsBefore + 1);

        const auto server = serverSettings();
        QVERIFY(server);
        const auto rate = server->getObject("client_rate");
        QCOMPARE(rate->getValue<int>("per_second"), 35);
        QCOMPARE(rate->getValue<int>("burst"), 90);
        QCOMPARE(server->getValue<int>("max_in_flight"), 777); // not sent, so kept
        const auto roomSent = server->getObject("waiting_room");
        QVERIFY(roomSent->getValue<bool>("enabled"));
        QCOMPARE(roomSent->getValue<int>("admit_per_minute"), 45);
        const auto proxiesSent = server->getArray("trusted_proxies");
        QCOMPARE(int(proxiesSent->size()), 2);
        QCOMPARE(proxiesSent->getElement<std::string>(0), std::string("10.0.0.0/8"));
        QCOMPARE(proxiesSent->getElement<std::string>(1), std::string("192.168.1.5"));
        const auto sentOrder = server->getObject("auto_degradation")->getArray("order");
        QCOMPARE(int(sentOrder->size()), 3);
        QCOMPARE(sentOrder->getElement<std::string>(0), std::string("search"));
        QCOMPARE(sentOrder->getElement<std::string>(1), std::string("recommendations"));
        QCOMPARE(sentOrder->getElement<std::string>(2), std::string("reviews"));

        // The form now shows what the server uses, and there is nothing left to apply.
        QCOMPARE(view->settings()->maxInFlight, 777);
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("maxInFlight"))->text(),
                 QStringLiteral("777"));
        QVERIFY(!apply->isEnabled());
    }

    void invalidFieldsAreMarkedAndNothingIsSent() {
        auto view = openView();
        QTRY_VERIFY_WITH_TIMEOUT(view->settings().has_value(), 10000);
        auto* revert = view->findChild<QPushButton*>(QStringLiteral("revert"));
        auto* apply = view->findChild<QPushButton*>(QStringLiteral("apply"));
        QVERIFY(revert && apply);
        auto* burstProblem = view->findChild<QLabel*>(QStringLiteral("burstProblem"));
        QVERIFY(burstProblem);
        QVERIFY(burstProblem->isHidden());

        retype(view->findChild<QLineEdit*>(QStringLiteral("burst")), QStringLiteral("0"));
        QVERIFY(!burstProblem->isHidden());
        QVERIFY2(burstProblem->text().startsWith(QStringLiteral("Enter 1 to 1")),
                 qPrintable(burstProblem->text()));
        retype(view->findChild<QLineEdit*>(QStringLiteral("maxInFlight")), QStringLiteral("lots"));
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("maxInFlightProblem"))->text(),
                 QStringLiteral("Enter a whole number"));
        retype(view->findChild<QLineEdit*>(QStringLiteral("p99MsLow")), QStringLiteral("300"));
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("p99MsLowProblem"))->text(),
                 QStringLiteral("Must be below the upper limit"));
        view->findChild<QPlainTextEdit*>(QStringLiteral("trustedProxies"))
            ->setPlainText(QStringLiteral("my router"));
        QVERIFY(!view->findChild<QLabel*>(QStringLiteral("trustedProxiesProblem"))->isHidden());
        QVERIFY(view->findChild<QLabel*>(QStringLiteral("perSecondProblem"))->isHidden());

        const auto putsBefore = protectionPuts();
        QSignalSpy refused(view.get(), &ui::ProtectionView::settingsRefused);
        QVERIFY(!apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        // A request the click had started would leave before one made after it comes back.
        const auto after = test::await<ui::ProtectionSettings>(
            [&](QObject* c, auto done) { shop_->client().protection(c, done); });
        TOPCOAT_REQUIRE_OK(after);
        QCOMPARE(protectionPuts(), putsBefore);
        QCOMPARE(refused.count(), 0);
        QCOMPARE(serverSettings()->getObject("client_rate")->getValue<int>("burst"), 60);
        QVERIFY(view->findChild<QLabel*>(QStringLiteral("message"))
                    ->text()
                    .contains(QStringLiteral("4 fields")));

        // Revert puts back what the server uses.
        QTest::mouseClick(revert, Qt::LeftButton);
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("burst"))->text(),
                 QStringLiteral("60"));
        QVERIFY(burstProblem->isHidden());
        QVERIFY(!apply->isEnabled());
    }

    void refusalShowsTheServersMessage() {
        auto view = openView();
        QTRY_VERIFY_WITH_TIMEOUT(view->settings().has_value(), 10000);
        // Another console lowers the upper threshold after this one read 250 ms: a lower one of
        // 200 passes the form's check but not the server's.
        QCOMPARE(
            admin().put("/admin/protection", R"({"auto_degradation":{"p99_ms_high":120}})").status,
            200);
        retype(view->findChild<QLineEdit*>(QStringLiteral("p99MsLow")), QStringLiteral("200"));
        auto* apply = view->findChild<QPushButton*>(QStringLiteral("apply"));
        QVERIFY(apply->isEnabled());
        QSignalSpy refused(view.get(), &ui::ProtectionView::settingsRefused);
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(refused.wait(10000));
        const auto expected =
            QStringLiteral("auto_degradation.p99_ms_low must be below p99_ms_high");
        QCOMPARE(refused.first().first().toString(), expected);
        QVERIFY2(view->findChild<QLabel*>(QStringLiteral("message"))->text().contains(expected),
                 qPrintable(view->findChild<QLabel*>(QStringLiteral("message"))->text()));
        // What was typed stays, to be corrected.
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("p99MsLow"))->text(),
                 QStringLiteral("200"));
        QCOMPARE(serverSettings()->getObject("auto_degradation")->getValue<int>("p99_ms_low"), 100);
    }

    void readoutsFollowLiveCounts() {
        QCOMPARE(admin()
                     .put("/admin/protection",
                          R"({"waiting_room":{"enabled":true,"admit_per_minute":1},)"
                          R"("max_in_flight":250})")
                     .status,
                 200);
        auto view = openView();
        QSignalSpy updates(view.get(), &ui::ProtectionView::countsUpdated);
        QVERIFY(updates.wait(10000));
        auto* waiting = view->findChild<QLabel*>(QStringLiteral("waitingNow"));
        QVERIFY(waiting);
        QCOMPARE(waiting->text(), QStringLiteral("0"));

        // The first joiner is let in at once; at one a minute the next two wait.
        test::HttpClient shop("127.0.0.1", shop_->server().port());
        for (const char* customer : {"w1@example.com", "w2@example.com", "w3@example.com"})
            QCOMPARE(
                shop.post("/api/queue", std::string(R"({"customer":")") + customer + "\"}").status,
                200);
        QTRY_COMPARE_WITH_TIMEOUT(waiting->text(), QStringLiteral("2"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            highest(view->queueChart().line(QStringLiteral("Shoppers waiting"))) == 2.0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            view->findChild<QLabel*>(QStringLiteral("admittedLastMinute"))->text(),
            QStringLiteral("1"), 10000);
        // Admin requests are not storefront traffic: nothing is being served, of a limit of 250.
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("inFlightNow"))->text(),
                 QStringLiteral("0"));
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("inFlightNowNote"))->text(),
                 QStringLiteral("limit 250 at once"));
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("waitingNowNote"))->text(),
                 QStringLiteral("waiting room on"));

        // A shopper sending too fast shows up as refused requests per second.
        QCOMPARE(admin()
                     .put("/admin/protection", R"({"client_rate":{"per_second":1,"burst":1}})")
                     .status,
                 200);
        int refused = 0;
        for (int i = 0; i < 6; ++i)
            refused += shop.get("/api/queue").status == 429 ? 1 : 0;
        QVERIFY(refused >= 4);
        QTRY_VERIFY_WITH_TIMEOUT(view->history().latest().rateLimited == refused, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(highest(view->refusedChart().line(QStringLiteral("Too fast"))) > 0,
                                 10000);

        // Behind another screen it draws nothing, while the session goes on reading.
        view->setFollowing(false);
        updates.clear();
        QSignalSpy readings(session_.get(), &ui::ConsoleSession::statsUpdated);
        QVERIFY(readings.wait(10000));
        QVERIFY(readings.wait(10000));
        QCOMPARE(updates.count(), 0);
        // Back in front it draws at once what was read meanwhile.
        view->setFollowing(true);
        QCOMPARE(updates.count(), 1);
        const auto held = view->history().points().size();
        QCOMPARE(view->queueChart().line(QStringLiteral("Shoppers waiting"))->points().size(),
                 held);

        // A screen opened now starts from the history held, not from an empty chart.
        ui::ProtectionView later(*session_);
        QVERIFY(later.queueChart().line(QStringLiteral("Shoppers waiting"))->points().isEmpty());
        later.setFollowing(true);
        QCOMPARE(highest(later.queueChart().line(QStringLiteral("Shoppers waiting"))), 2.0);
        QVERIFY(later.queueChart().line(QStringLiteral("Shoppers waiting"))->points().size() >= 3);
        QCOMPARE(later.findChild<QLabel*>(QStringLiteral("waitingNow"))->text(),
                 QStringLiteral("2"));
    }
};

QTEST_MAIN(TestProtectionView)
#include "test_protection_view.moc"
