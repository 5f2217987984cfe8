// The dashboard against a real topcoatd (--demo): checkouts made over HTTP show up in the
// timeline, the outcome chart and the stock bars, and the header counts down to the demo sale.
// Then against an admin port that never answers stats: the session keeps one request in flight.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "ui/AdminClient.h"
#include "ui/ChartStyle.h"
#include "ui/DashboardView.h"
#include "ui/InvariantModel.h"
#include "ui/StockChart.h"
#include "ui/SystemClock.h"
#include "ui/TimeSeriesChart.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

std::string checkoutBody(const std::string& sku, int quantity, const std::string& customer) {
    return R"({"sku":")" + sku + R"(","quantity":)" + std::to_string(quantity) +
           R"(,"customer":")" + customer + R"("})";
}

qint64 outcomeTotal(const StatsTimeline& timeline, const QString& outcome) {
    qint64 total = 0;
    for (const auto& sample : timeline.samples())
        total += sample.checkouts.value(outcome);
    return total;
}

double highest(const QLineSeries* line) {
    double top = 0;
    for (const auto& point : line->points())
        top = std::max(top, point.y());
    return top;
}

double total(const QLineSeries* line) {
    double sum = 0;
    for (const auto& point : line->points())
        sum += point.y();
    return sum;
}

bool strictlyIncreasing(const StatsTimeline& timeline) {
    const auto& samples = timeline.samples();
    for (qsizetype i = 1; i < samples.size(); ++i)
        if (!(samples.at(i - 1).at < samples.at(i).at))
            return false;
    return true;
}

// An admin port that never answers stats and answers every other request with an API error,
// counting the stats and the status requests.
class SilentAdmin : public QObject {
public:
    SilentAdmin() {
        connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (auto* socket = server_.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRead(socket); });
        });
    }
    bool listen() { return server_.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return server_.serverPort(); }
    int statsRequests = 0;
    int statusRequests = 0;

private:
    void onRead(QTcpSocket* socket) {
        auto& buffer = buffers_[socket];
        buffer += socket->readAll();
        for (auto end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
            const auto head = buffer.left(end);
            buffer.remove(0, end + 4);
            if (head.startsWith("GET /admin/stats")) {
                ++statsRequests;
            } else {
                // The status and the other routes (the nodes) are answered alike; only the
                // status is counted.
                if (head.startsWith("GET /admin/status"))
                    ++statusRequests;
                const QByteArray body = R"({"error":{"code":"not_found","message":"nothing"}})";
                socket->write("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                              "Content-Length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
            }
        }
    }

    QTcpServer server_;
    QHash<QTcpSocket*, QByteArray> buffers_;
};

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void followsALiveStorefront() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        test::TopcoatdProcess server(dir.path(), {QStringLiteral("--demo")});
        const bool started = server.start();
        QVERIFY2(started, qPrintable(server.error()));

        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.adminPort())),
                         QString::fromStdString(server.adminToken()));
        SystemClock clock;
        ConsoleSession session(client, clock);
        DashboardView view(session);
        QSignalSpy updates(&view, &DashboardView::statsUpdated);
        view.resize(1440, 900);
        view.show();

        // The demo shop before anybody buys: 24 products, all balanced; the sale ahead.
        QTRY_COMPARE_WITH_TIMEOUT(view.timeline().products().size(), 24, 10000);
        QCOMPARE(view.stockChart().soldOf(QStringLiteral("NP-003")), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.headerText().startsWith(QStringLiteral("Next: Holo Hour · starts in ")), 10000);
        const QRegularExpression countdown(QStringLiteral("starts in 00:0([0-4]):(\\d\\d)$"));
        const auto match = countdown.match(view.headerText());
        QVERIFY2(match.hasMatch(), qPrintable(view.headerText()));
        // The demo sale opens at least three minutes after the server started.
        QVERIFY(match.captured(1).toInt() * 60 + match.captured(2).toInt() > 120);

        test::HttpClient shop("127.0.0.1", server.port());
        QCOMPARE(shop.post("/api/checkout", checkoutBody("NP-003", 3, "ana@example.com")).status,
                 201);
        QCOMPARE(shop.post("/api/checkout", checkoutBody("NP-003", 2, "bo@example.com")).status,
                 201);
        const auto soldOut = shop.post("/api/checkout", checkoutBody("NP-024", 1000, "cy@x.io"));
        QCOMPARE(soldOut.errorCode(), std::string("sold_out"));

        // Each second's outcomes arrive once: the totals over the timeline match exactly.
        QTRY_COMPARE_WITH_TIMEOUT(outcomeTotal(view.timeline(), QStringLiteral("confirmed")), 2,
                                  15000);
        QTRY_COMPARE_WITH_TIMEOUT(outcomeTotal(view.timeline(), QStringLiteral("sold_out")), 1,
                                  15000);
        const auto* confirmed = view.chart(DashboardView::Chart::Checkouts).line("Confirmed");
        QVERIFY(confirmed);
        QTRY_VERIFY_WITH_TIMEOUT(highest(confirmed) >= 1, 5000);
        // The whole run fits in the two minutes shown, so the line holds every request made.
        QVERIFY(total(view.chart(DashboardView::Chart::Requests).line("Requests")) >= 3);

        QTRY_COMPARE_WITH_TIMEOUT(view.stockChart().soldOf(QStringLiteral("NP-003")), 5, 10000);
        QCOMPARE(view.stockChart().availableOf(QStringLiteral("NP-003")), 85);
        QCOMPARE(view.stockChart().labelOf(QStringLiteral("NP-003")),
                 QStringLiteral("NP-003 · 5.6%"));
        QCOMPARE(view.stockChart().soldOf(QStringLiteral("NP-024")), 0);
        QCOMPARE(view.timeline().brokenCount(), 0);

        // Polling goes on, one new second at a time, and the charts follow the newest sample.
        const auto before = updates.count();
        QTRY_VERIFY_WITH_TIMEOUT(updates.count() >= before + 2, 10000);
        QVERIFY(strictlyIncreasing(view.timeline()));
        QVERIFY(view.window().following());
        const auto* axis = view.chart(DashboardView::Chart::Requests).timeAxis();
        QCOMPARE(qint64(axis->max()), view.timeline().newest()->toMSecsSinceEpoch());

        const auto png = qEnvironmentVariable("TOPCOAT_DASHBOARD_PNG");
        if (!png.isEmpty())
            QVERIFY(view.grab().save(png));
    }

    void chartsTheShopsTrafficNotTheConsolesPolling() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        test::TopcoatdProcess server(dir.path());
        const bool started = server.start();
        QVERIFY2(started, qPrintable(server.error()));
        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.adminPort())),
                         QString::fromStdString(server.adminToken()));
        SystemClock clock;
        ConsoleSession session(client, clock);
        DashboardView view(session);
        view.show();

        // No customers, only the console polling: the admin port's requests are counted...
        const auto polledSeconds = [&] {
            int seconds = 0;
            for (const auto& sample : view.timeline().samples())
                seconds += sample.requests > 0 ? 1 : 0;
            return seconds;
        };
        QTRY_VERIFY_WITH_TIMEOUT(polledSeconds() >= 3, 15000);
        // ... but the chart of the shop's traffic stays at zero throughout.
        const auto* requests = view.chart(DashboardView::Chart::Requests).line("Requests");
        QVERIFY(requests);
        QVERIFY(requests->points().size() >= 3);
        QCOMPARE(highest(requests), 0.0);
        QCOMPARE(view.timeline().latest().storefrontRequestsTotal, 0);
        QVERIFY(view.timeline().latest().requestsTotal >= 3);

        // A few storefront requests show up, exactly.
        test::HttpClient shop("127.0.0.1", server.port());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(shop.get("/api/products").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(total(requests), 4.0, 10000);
        QCOMPARE(view.timeline().latest().storefrontRequestsTotal, 4);
    }

    void showsEveryLiveSaleWithItsRevenue() {
        QNetworkAccessManager network;
        test::LiveShop shop(network);
        QVERIFY2(shop.start(), qPrintable(shop.error()));
        const auto polish = shop.addProduct("LIVE", 1500, 50);
        const auto topcoat = shop.addProduct("LIVE", 2000, 50);
        QVERIFY(!polish.isEmpty() && !topcoat.isEmpty());
        // Two sales at once, of different SKUs: the server allows it.
        const auto first = shop.createSale(polish, 1000, 0, 600);
        const auto second = shop.createSale(topcoat, 1250, 0, 1200);
        QVERIFY(first && first->ok() && second && second->ok());
        QVERIFY(!shop.checkout(polish, 2, QStringLiteral("ana@example.com")).isEmpty());
        QVERIFY(!shop.checkout(polish, 1, QStringLiteral("bo@example.com")).isEmpty());

        SystemClock clock;
        ConsoleSession session(shop.client(), clock);
        DashboardView view(session);
        view.show();
        QTRY_COMPARE_WITH_TIMEOUT(view.headerText().count(QLatin1Char('\n')), 1, 10000);
        const auto lines = view.headerText().split(QLatin1Char('\n'));
        // Soonest to end first; units sold and their revenue at the sale price beside each.
        const QRegularExpression firstLine(
            QStringLiteral("^Live: Sale of %1 · ends in (09:\\d\\d|10:00) · 3 units · \\$30\\.00$")
                .arg(polish));
        const QRegularExpression secondLine(
            QStringLiteral("^Live: Sale of %1 · ends in (19:\\d\\d|20:00) · 0 units · \\$0\\.00$")
                .arg(topcoat));
        QVERIFY2(firstLine.match(lines[0]).hasMatch(), qPrintable(lines[0]));
        QVERIFY2(secondLine.match(lines[1]).hasMatch(), qPrintable(lines[1]));
    }

    void flagsBrokenProductsRed() {
        StatsTimeline timeline;
        Stats stats;
        stats.time = QDateTime::currentDateTimeUtc();
        stats.products = {{QStringLiteral("NP-001"), 100, 10, 0, 90},
                          {QStringLiteral("NP-002"), 50, 5, 0, 46}}; // one unit too many
        timeline.merge(stats);
        InvariantModel model(timeline);
        model.refresh();
        QCOMPARE(model.rowCount(), 2);
        const auto check = [&](int row, int role) {
            return model.data(model.index(row, InvariantModel::Check), role);
        };
        QVERIFY(!check(0, Qt::BackgroundRole).isValid());
        QVERIFY(check(0, Qt::DisplayRole).toString().contains(QStringLiteral("balanced")));
        QVERIFY(check(1, Qt::DisplayRole).toString().startsWith(QStringLiteral("BROKEN")));
        QVERIFY(check(1, Qt::DisplayRole).toString().contains(QStringLiteral("+1")));
        const auto red = check(1, Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY(red.red() > 200 && red.green() < 240 && red.blue() < 240);
        QCOMPARE(model.data(model.index(1, InvariantModel::Sold), InvariantModel::SortRole), 5);
        // Text and sort key differ where text would sort wrongly: percentages and the check.
        const auto sellThrough = timeline.products().at(0).sellThrough();
        QCOMPARE(model.data(model.index(0, InvariantModel::SellThrough), Qt::DisplayRole),
                 QVariant(chartstyle::percent(sellThrough)));
        QCOMPARE(model.data(model.index(0, InvariantModel::SellThrough), InvariantModel::SortRole),
                 QVariant(sellThrough));
        QCOMPARE(check(0, InvariantModel::SortRole), QVariant(0));
        QCOMPARE(check(1, InvariantModel::SortRole), QVariant(1)); // broken sorts last
        QCOMPARE(model.data(model.index(1, InvariantModel::Sku), InvariantModel::SortRole),
                 QVariant(QStringLiteral("NP-002")));

        // With the server away the counters prove nothing: "unknown", but a break stays flagged.
        model.setKnown(false);
        QCOMPARE(check(0, Qt::DisplayRole).toString(), QStringLiteral("unknown"));
        QVERIFY(check(1, Qt::DisplayRole).toString().startsWith(QStringLiteral("BROKEN")));
        model.setKnown(true);
        QVERIFY(check(0, Qt::DisplayRole).toString().contains(QStringLiteral("balanced")));

        timeline.acknowledgeAll();
        model.refresh();
        QVERIFY(!check(1, Qt::BackgroundRole).isValid());
    }

    void neverStacksStatsRequests() {
        SilentAdmin admin;
        QVERIFY(admin.listen());
        QNetworkAccessManager network;
        AdminClient client(network);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(admin.port())),
                         QStringLiteral("token"));
        client.setTimeout(60000);
        test::ManualClock clock;
        ConsoleSession session(client, clock);
        DashboardView view(session);
        view.show();
        QSignalSpy statuses(&session, &ConsoleSession::statusUpdated);
        // The first beat asks for both; status is answered, stats never. Each later status poll
        // comes with more stats beats, all while the first stats request still hangs.
        QVERIFY(statuses.wait(15000));
        const auto statusEvery = ConsoleSession::beatsPerPoll(ConsoleSession::Feed::Status) *
                                 ConsoleSession::visibleBeat;
        for (int round = 2; round <= 3; ++round) {
            clock.advance(statusEvery);
            QTRY_COMPARE_WITH_TIMEOUT(statuses.count(), round, 15000);
        }
        QCOMPARE(admin.statusRequests, 3);
        QCOMPARE(admin.statsRequests, 1);
        QVERIFY(view.timeline().isEmpty());
        QVERIFY(view.headerText().contains(QStringLiteral("waiting")));
    }
};

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
