// The Nodes panel from parsed /admin/cluster answers: the shop's totals first, each node up or
// down in words and colour, the node the console is attached to marked; on the Dashboard only
// when the shop has more than one node, on the Server screen always.

#include "tests/ui/ClusterJson.h"
#include "tests/ui/FakeHttpServer.h"
#include "tests/ui/ManualClock.h"
#include "tests/ui/ScreenFit.h"
#include "ui/DashboardView.h"
#include "ui/MainWindow.h"
#include "ui/NodesModel.h"
#include "ui/NodesPanel.h"
#include "ui/ServerView.h"

#include <QBrush>
#include <QFont>
#include <QJsonDocument>
#include <QLayout>
#include <QNetworkAccessManager>
#include <QTableView>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

ClusterInfo parsed(const QJsonObject& json) {
    const auto cluster = parseCluster(json);
    if (!cluster)
        qFatal("the test's cluster JSON does not parse");
    return *cluster;
}

QByteArray compact(const QJsonObject& json) {
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QJsonObject oneNodeJson() {
    return test::clusterJson(QStringLiteral("shop1:8080"),
                             {{QStringLiteral("shop1:8080"), true, 50, 2, 3.5, 1, 9}});
}

} // namespace

class TestNodesPanel : public QObject {
    Q_OBJECT

private slots:
    void totalsFirstThenEveryNodeUpOrDown() {
        NodesModel model;
        model.setCluster(parsed(test::twoNodesOneDownJson()));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.nodeCount(), 2);
        const auto text = [&](int row, int column) {
            return model.data(model.index(row, column)).toString();
        };
        const auto colour = [&](int row, int column) {
            return model.data(model.index(row, column), Qt::ForegroundRole).value<QBrush>().color();
        };
        // The totals add up the nodes that are up, as the server sent them.
        const int totals = NodesModel::TotalsRow;
        QCOMPARE(text(totals, NodesModel::Node), QStringLiteral("Shop total"));
        QCOMPARE(text(totals, NodesModel::State), QStringLiteral("1 of 2 up"));
        QCOMPARE(text(totals, NodesModel::Requests), QLocale().toString(2210));
        QCOMPARE(text(totals, NodesModel::Confirmed), QStringLiteral("31"));
        QCOMPARE(text(totals, NodesModel::InFlight), QStringLiteral("7"));
        QCOMPARE(text(totals, NodesModel::Orders), QStringLiteral("412"));
        QCOMPARE(text(totals, NodesModel::P99), QLocale().toString(12.5, 'f', 1));
        QCOMPARE(text(totals, NodesModel::Version), QStringLiteral("0.1.0"));
        QVERIFY(colour(totals, NodesModel::State).red() > 150); // not all up

        QCOMPARE(text(1, NodesModel::Node), QStringLiteral("shop1:8080 (this node)"));
        QCOMPARE(text(1, NodesModel::State), QStringLiteral("Up"));
        QCOMPARE(text(1, NodesModel::Requests), QLocale().toString(2210));
        QCOMPARE(text(1, NodesModel::Confirmed), QStringLiteral("31"));
        QCOMPARE(text(1, NodesModel::InFlight), QStringLiteral("7"));
        QCOMPARE(text(1, NodesModel::Orders), QStringLiteral("412"));
        QVERIFY(colour(1, NodesModel::State).green() > colour(1, NodesModel::State).red());
        QCOMPARE(model.attachedRow(), 1);
        QVERIFY(model.data(model.index(1, NodesModel::Node), Qt::FontRole).value<QFont>().bold());

        // Down: said in words (not colour alone), with no second's figures it did not report.
        QCOMPARE(text(2, NodesModel::Node), QStringLiteral("shop2:8080"));
        QVERIFY2(text(2, NodesModel::State).startsWith(QStringLiteral("Down since ")),
                 qPrintable(text(2, NodesModel::State)));
        QVERIFY(colour(2, NodesModel::State).red() > colour(2, NodesModel::State).green());
        QCOMPARE(text(2, NodesModel::Requests), QStringLiteral("—"));
        QCOMPARE(text(2, NodesModel::P99), QStringLiteral("—"));
        QCOMPARE(text(2, NodesModel::Orders), QStringLiteral("388"));
        QVERIFY(!model.data(model.index(2, NodesModel::Node), Qt::FontRole).isValid());
        QVERIFY(model.data(model.index(2, NodesModel::State), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("No report from shop2:8080")));

        // The same nodes again, the second back up: updated in place.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setCluster(parsed(test::clusterJson(
            QStringLiteral("shop1:8080"),
            {{QStringLiteral("shop1:8080"), true, 10, 1, 2, 1, 413},
             {QStringLiteral("shop2:8080"), true, 20, 2, 4, 2, 390, QStringLiteral("0.2.0")}})));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(text(2, NodesModel::State), QStringLiteral("Up"));
        QCOMPARE(text(totals, NodesModel::State), QStringLiteral("2 of 2 up"));
        QCOMPARE(text(totals, NodesModel::Requests), QStringLiteral("30"));
        QCOMPARE(text(totals, NodesModel::Version), QStringLiteral("mixed"));
    }

    void aNodeNotListedIsNotMarked() {
        NodesModel model;
        auto cluster = parsed(test::twoNodesOneDownJson());
        cluster.thisNode = QStringLiteral("elsewhere:8080");
        model.setCluster(cluster);
        QCOMPARE(model.attachedRow(), -1);
        QVERIFY(!model.data(model.index(1, NodesModel::Node))
                     .toString()
                     .contains(QStringLiteral("this node")));
    }

    void thePanelIsAsTallAsItsRows() {
        NodesPanel panel;
        panel.showCluster(parsed(oneNodeJson()));
        const int single = panel.table().maximumHeight();
        panel.showCluster(parsed(test::twoNodesOneDownJson()));
        QCOMPARE(panel.table().maximumHeight(), single + 20); // one row more
        QVERIFY(panel.live());
        panel.setLive(false);
        QVERIFY(!panel.live());
    }

    void theDashboardShowsNodesOnlyForMoreThanOne() {
        test::FakeHttpServer fake;
        fake.respond(200, compact(oneNodeJson()));
        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(fake.url(), QStringLiteral("token"));
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        DashboardView view(session);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto& panel = view.nodesPanel();
        QSignalSpy clusters(&session, &ConsoleSession::clusterUpdated);
        QVERIFY(clusters.wait(10000));
        QVERIFY(session.cluster());
        QCOMPARE(panel.model().nodeCount(), 1);
        QVERIFY(!panel.isVisible()); // a single box looks as it always did

        const auto everyPoll = ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Cluster) *
                               ConsoleSession::visibleBeat;
        fake.respond(200, compact(test::twoNodesOneDownJson()));
        clock.advance(everyPoll);
        QVERIFY(clusters.wait(10000));
        QVERIFY(panel.isVisible());
        QVERIFY(panel.live());
        QCOMPARE(panel.model().rowCount(), 3);

        // The server away: the last nodes stay in sight, greyed.
        fake.respond(503, R"({"error":{"code":"unavailable","message":"stopping"}})");
        clock.advance(everyPoll);
        QVERIFY(clusters.wait(10000));
        QVERIFY(panel.isVisible());
        QVERIFY(!panel.live());
    }

    void theDashboardFitsA1024By680WindowWithSixNodes() {
        // As many rows as the panel shows before it scrolls: the totals and five nodes. Six
        // nodes make it scroll, no taller.
        QList<test::NodeFigures> nodes;
        for (int i = 1; i <= 6; ++i)
            nodes.append({QStringLiteral("shop%1.example.internal:8080").arg(i), i != 4, 100000,
                          2500, 1234.5, 480, 1234567});
        test::FakeHttpServer fake;
        fake.respond(
            200, compact(test::clusterJson(QStringLiteral("shop1.example.internal:8080"), nodes)));
        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(fake.url(), QStringLiteral("token"));
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("test"), false);
        QVERIFY(window.showScreen(QStringLiteral("dashboard")));
        window.resize(1024, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dashboard = window.findChild<DashboardView*>();
        QVERIFY(dashboard);
        QTRY_COMPARE_WITH_TIMEOUT(dashboard->nodesPanel().model().nodeCount(), 6, 10000);
        QVERIFY(dashboard->nodesPanel().isVisible());
        QCOMPARE(window.size(), QSize(1024, 680));
        const auto misfit = test::misfit(*dashboard, QStringLiteral("dashboard"));
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
    }

    void theServerScreenAlwaysShowsNodes() {
        ServerView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showCluster(parsed(oneNodeJson()));
        QVERIFY(view.nodesPanel().isVisible());
        QCOMPARE(view.nodesPanel().model().rowCount(), 2);
        QVERIFY2(view.nodesNote().contains(QStringLiteral("This storefront alone")),
                 qPrintable(view.nodesNote()));
        view.showCluster(parsed(test::twoNodesOneDownJson()));
        QCOMPARE(view.nodesPanel().model().rowCount(), 3);
        QVERIFY2(view.nodesNote().contains(QStringLiteral("1 of 2 nodes up")),
                 qPrintable(view.nodesNote()));
        view.showCluster(std::nullopt, ApiError{404, QStringLiteral("not_found"), {}});
        QVERIFY(!view.nodesPanel().live());
        QVERIFY2(view.nodesNote().contains(QStringLiteral("does not list its nodes")),
                 qPrintable(view.nodesNote()));
    }
};

QTEST_MAIN(TestNodesPanel)
#include "test_nodes_panel.moc"
