// The console attached to one storefront of a real two-node shop (a redis-server and two
// topcoatd sharing it): the Nodes panel lists both up, on the Dashboard (which still fits a
// 1024×680 window) and on the Server screen, and shows the second down once it is killed.

#include "tests/support/RedisServer.h"
#include "tests/support/TopcoatdProcess.h"
#include "tests/ui/ScreenFit.h"
#include "ui/DashboardView.h"
#include "ui/MainWindow.h"
#include "ui/NodesModel.h"
#include "ui/NodesPanel.h"
#include "ui/ServerView.h"
#include "ui/SystemClock.h"

#include <QLayout>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

// Reports go stale after 5 s (server/API.md); the console polls every two beats on top.
constexpr int waitMs = 30000;

// The State cell of the row of the storefront on `port`, or "" when no row shows it. A node is
// named by its host and storefront port (server/API.md); the port tells these two apart.
QString stateOf(const NodesModel& model, std::uint16_t port) {
    for (int row = NodesModel::TotalsRow + 1; row < model.rowCount(); ++row)
        if (model.node(row).node.endsWith(QStringLiteral(":%1").arg(port)))
            return model.data(model.index(row, NodesModel::State)).toString();
    return {};
}

} // namespace

class TestNodesLive : public QObject {
    Q_OBJECT

private slots:
    void showsBothNodesThenTheKilledOneDown() {
        if (test::RedisServer::binary().isEmpty())
            QFAIL("redis-server is not installed (packaging/install-deps.sh installs it)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        test::RedisServer redis(dir.filePath(QStringLiteral("redis")));
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        const QStringList onRedis{QStringLiteral("--inventory"), redis.url()};
        test::TopcoatdProcess first(dir.filePath(QStringLiteral("node1")), onRedis);
        test::TopcoatdProcess second(dir.filePath(QStringLiteral("node2")), onRedis);
        QVERIFY2(first.start(), qPrintable(first.error()));
        QVERIFY2(second.start(), qPrintable(second.error()));

        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(first.adminPort())),
                         QString::fromStdString(first.adminToken()));
        SystemClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("node 1"), false);
        QVERIFY(window.showScreen(QStringLiteral("dashboard")));
        window.resize(1024, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dashboard = window.findChild<DashboardView*>();
        QVERIFY(dashboard);
        const auto& panel = dashboard->nodesPanel();
        const auto& model = panel.model();

        QTRY_VERIFY_WITH_TIMEOUT(model.nodeCount() == 2 &&
                                     stateOf(model, first.port()) == QStringLiteral("Up") &&
                                     stateOf(model, second.port()) == QStringLiteral("Up"),
                                 waitMs);
        QVERIFY(panel.isVisible());
        QVERIFY(model.attachedRow() > NodesModel::TotalsRow);
        const auto attached = model.node(model.attachedRow()).node;
        QVERIFY2(attached.endsWith(QStringLiteral(":%1").arg(first.port())), qPrintable(attached));
        QCOMPARE(model.data(model.index(model.attachedRow(), NodesModel::Node)).toString(),
                 attached + QStringLiteral(" (this node)"));
        QCOMPARE(model.data(model.index(NodesModel::TotalsRow, NodesModel::State)).toString(),
                 QStringLiteral("2 of 2 up"));
        // With the panel shown, the dashboard still fits the smallest window it is laid out for.
        QCOMPARE(window.size(), QSize(1024, 680));
        const auto misfit = test::misfit(*dashboard, QStringLiteral("dashboard"));
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
        const auto& serverNodes = window.serverView().nodesPanel().model();
        QCOMPARE(serverNodes.nodeCount(), 2);

        second.kill();
        QTRY_VERIFY_WITH_TIMEOUT(
            stateOf(model, second.port()).startsWith(QStringLiteral("Down since ")), waitMs);
        QCOMPARE(stateOf(model, first.port()), QStringLiteral("Up"));
        QCOMPARE(model.data(model.index(NodesModel::TotalsRow, NodesModel::State)).toString(),
                 QStringLiteral("1 of 2 up"));
        QTRY_VERIFY_WITH_TIMEOUT(
            stateOf(serverNodes, second.port()).startsWith(QStringLiteral("Down since ")), waitMs);
    }
};

QTEST_MAIN(TestNodesLive)
#include "test_nodes_live.moc"
