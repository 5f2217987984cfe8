// The console session: one schedule for every feed (stats each beat, the lists less often), a
// slower beat while the window is out of sight, stats asked for only since the newest sample held,
// and the reachability it reports as a real topcoatd refuses the token, accepts it again and
// stops. Beats are driven by hand (ManualClock): nothing here waits on the wall clock.

#include "tests/support/HttpClient.h"
#include "tests/ui/ClientTestKit.h"
#include "tests/ui/ClusterJson.h"
#include "tests/ui/FakeHttpServer.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "ui/ConsoleSession.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace topcoat;
using ui::ConsoleSession;

class TestConsoleSession : public QObject {
    Q_OBJECT

private slots:
    void feedsComeDueAtTheirOwnPace() {
        QNetworkAccessManager network;
        ui::AdminClient client(network); // no server: the polls fail at once, as they may
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        QSignalSpy beats(&session, &ConsoleSession::beat);
        QSignalSpy logs(&session, &ConsoleSession::logsDue);
        QSignalSpy sales(&session, &ConsoleSession::salesDue);
        QSignalSpy degradation(&session, &ConsoleSession::degradationDue);
        QSignalSpy products(&session, &ConsoleSession::productsDue);
        QSignalSpy orders(&session, &ConsoleSession::ordersDue);
        QCOMPARE(clock.interval(), ConsoleSession::visibleBeat);

        clock.advance(6 * ConsoleSession::visibleBeat);
        QCOMPARE(beats.count(), 6);
        QCOMPARE(logs.count(), 6);
        QCOMPARE(sales.count(), 3);
        QCOMPARE(degradation.count(), 3);
        QCOMPARE(products.count(), 2);
        QCOMPARE(orders.count(), 2);
    }

    void pollsTheNodesAsOftenAsTheStatus() {
        // Every route answers with the same two-node cluster: only /admin/cluster parses it.
        test::FakeHttpServer fake;
        fake.respond(200,
                     QJsonDocument(test::twoNodesOneDownJson()).toJson(QJsonDocument::Compact));
        QNetworkAccessManager network;
        ui::AdminClient client(network);
        client.setServer(fake.url(), QStringLiteral("token"));
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        QSignalSpy clusters(&session, &ConsoleSession::clusterUpdated);

        QVERIFY(clusters.wait(10000)); // the first beat
        QVERIFY(session.cluster());
        QVERIFY(!session.clusterError());
        QCOMPARE(session.cluster()->thisNode, QStringLiteral("shop1:8080"));
        QCOMPARE(session.cluster()->nodes.size(), 2);
        for (int beat = 1; beat <= 4; ++beat) {
            clock.advance(ConsoleSession::visibleBeat);
            if (beat % ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Cluster) == 0)
                QVERIFY(clusters.wait(10000));
        }
        QCOMPARE(ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Cluster),
                 ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Status));
        QCOMPARE(clusters.count(), 3);
        const auto asked = [&](const char* target) {
            return std::count_if(fake.requests().begin(), fake.requests().end(),
                                 [&](const auto& r) { return r.target == target; });
        };
        QCOMPARE(asked("/admin/cluster"), 3);
        QCOMPARE(asked("/admin/status"), 3);

        // A server older than the route: nothing held, and why.
        fake.respond(404, R"({"error":{"code":"not_found","message":"no such route"}})");
        clock.advance(2 * ConsoleSession::visibleBeat);
        QVERIFY(clusters.wait(10000));
        QVERIFY(!session.cluster());
        QCOMPARE(session.clusterError()->status, 404);

        // Attached elsewhere: the nodes of the storefront before are forgotten.
        fake.respond(200,
                     QJsonDocument(test::twoNodesOneDownJson()).toJson(QJsonDocument::Compact));
        clock.advance(2 * ConsoleSession::visibleBeat);
        QVERIFY(clusters.wait(10000));
        QVERIFY(session.cluster());
        session.forgetStatus();
        QVERIFY(!session.cluster());
    }

    void beatsSlowerWhileTheWindowIsHidden() {
        QNetworkAccessManager network;
        ui::AdminClient client(network);
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        QSignalSpy beats(&session, &ConsoleSession::beat);

        session.setWindowVisible(false);
        QCOMPARE(clock.interval(), ConsoleSession::hiddenBeat);
        clock.advance(ConsoleSession::hiddenBeat - std::chrono::milliseconds(1));
        QCOMPARE(beats.count(), 0);
        clock.advance(std::chrono::milliseconds(1));
        QCOMPARE(beats.count(), 1);

        // Shown again: a beat at once, so what the owner sees first is current, then fast ones.
        session.setWindowVisible(true);
        QCOMPARE(beats.count(), 2);
        QCOMPARE(clock.interval(), ConsoleSession::visibleBeat);
        clock.advance(3 * ConsoleSession::visibleBeat);
        QCOMPARE(beats.count(), 5);
    }

    void asksOnlyForSamplesNewerThanItHolds() {
        // A real reply with samples in it, served by a fake that records what is asked.
        QNetworkAccessManager network;
        test::LiveShop shop(network);
        QVERIFY2(shop.start(), qPrintable(shop.error()));
        test::HttpClient admin("127.0.0.1", shop.server().adminPort());
        admin.setToken(shop.server().adminToken());
        std::string body;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto reply = admin.get("/admin/stats");
                body = reply.body;
                return reply.status == 200 && reply.json()->getArray("series")->size() > 0;
            }(),
            10000);
        test::FakeHttpServer fake;
        fake.respond(200, QByteArray::fromStdString(body));
        ui::AdminClient client(network);
        client.setServer(fake.url(), QStringLiteral("token"));
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        QSignalSpy merged(&session, &ConsoleSession::statsUpdated);

        QVERIFY(merged.wait(10000)); // the first beat, once the event loop runs
        QVERIFY(!session.timeline().isEmpty());
        const auto newest = session.timeline().sinceMs();
        clock.advance(ConsoleSession::visibleBeat);
        QVERIFY(merged.wait(10000));
        QStringList statsTargets;
        for (const auto& request : fake.requests())
            if (request.target.startsWith("/admin/stats"))
                statsTargets << QString::fromLatin1(request.target);
        QCOMPARE(statsTargets.size(), 2);
        QCOMPARE(statsTargets[0], QStringLiteral("/admin/stats"));
        QCOMPARE(statsTargets[1], QStringLiteral("/admin/stats?since=%1").arg(newest));
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::Reachable);
    }

    void reportsWhetherTheServerAnswers() {
        QNetworkAccessManager network;
        test::LiveShop shop(network);
        QVERIFY2(shop.start(), qPrintable(shop.error()));
        test::ManualClock clock;
        ConsoleSession session(shop.client(), clock);
        QSignalSpy changes(&session, &ConsoleSession::reachabilityChanged);
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::Connecting);
        QVERIFY(!session.lastGoodReading());

        QVERIFY(changes.wait(10000));
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::Reachable);
        QVERIFY(session.live());
        QCOMPARE(*session.lastGoodReading(), clock.now());
        const auto goodAt = clock.now();

        const auto token = QString::fromStdString(shop.server().adminToken());
        shop.client().setServer(shop.adminUrl(), QStringLiteral("not-the-token"));
        clock.advance(ConsoleSession::visibleBeat);
        QVERIFY(changes.wait(10000));
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::TokenRefused);
        QVERIFY(!session.live());
        QCOMPARE(*session.lastGoodReading(), goodAt); // the figures are as old as that
        QCOMPARE(session.statsError()->status, 401);

        shop.client().setServer(shop.adminUrl(), token);
        clock.advance(ConsoleSession::visibleBeat);
        QVERIFY(changes.wait(10000));
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::Reachable);
        QCOMPARE(*session.lastGoodReading(), clock.now());
        QVERIFY(!session.statsError());

        QCOMPARE(shop.terminate(), 0);
        clock.advance(ConsoleSession::visibleBeat);
        QVERIFY(changes.wait(15000));
        QCOMPARE(session.reachability(), ConsoleSession::Reachability::Unreachable);
        QVERIFY(session.lastGoodReading()->secsTo(clock.now()) >= 1);
    }
};

QTEST_MAIN(TestConsoleSession)
#include "test_console_session.moc"
