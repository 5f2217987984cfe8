// The dashboard's line charts with hand-made samples, offscreen: a trickle of confirmed
// checkouts stays readable beside a flood of sold-outs (on its own axis or a log scale, the
// owner's remembered choice), and the legend reads the stretch's totals, or the second under
// the cursor, wrapping at a narrow width instead of cutting text off.

#include "tests/ui/ManualClock.h"
#include "ui/AdminClient.h"
#include "ui/DashboardSettings.h"
#include "ui/DashboardView.h"
#include "ui/TimeSeriesChart.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);

// A minute of a sale's opening: one confirmed and 1,500 sold-outs every second.
StatsTimeline flood() {
    Stats stats;
    stats.time = start.addSecs(60);
    for (int i = 1; i <= 60; ++i) {
        StatsSample sample;
        sample.at = start.addSecs(i);
        sample.checkouts = {{QStringLiteral("confirmed"), i == 30 ? 2 : 1},
                            {QStringLiteral("sold_out"), 1500}};
        stats.series.append(sample);
    }
    StatsTimeline timeline;
    timeline.merge(stats);
    return timeline;
}

void addOutcome(TimeSeriesChart& chart, const char* name, const char* key, QColor color) {
    chart.addLine(QString::fromLatin1(name), color, [key](const StatsSample& s) {
        return double(s.checkouts.value(QString::fromLatin1(key)));
    });
}

// How high `line`'s point at `index` is drawn, 0 at the plot's bottom, 1 at its top.
double drawnHeight(const TimeSeriesChart& chart, const char* line, int index) {
    auto* series = const_cast<QLineSeries*>(chart.line(QString::fromLatin1(line)));
    auto& qchart = const_cast<QChart&>(chart.chart());
    const auto area = qchart.plotArea();
    const auto at = qchart.mapToPosition(series->at(index), series);
    return (area.bottom() - at.y()) / area.height();
}

QString number(double value) {
    return QLocale().toString(value, 'f', 0);
}

} // namespace

class TestTimeSeriesChart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // a settings file of the test's own
    }

    void confirmedStaysReadableBesideAFloodOfSoldOuts() {
        const auto timeline = flood();
        TimeSeriesChart chart(QStringLiteral("Checkouts"), {}, 0, TimeSeriesChart::Summary::Total);
        addOutcome(chart, "Confirmed", "confirmed", Qt::darkGreen);
        addOutcome(chart, "Sold out", "sold_out", QColor(0xf0, 0x8c, 0x00));
        chart.resize(500, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot(timeline, start.addSecs(1), start.addSecs(60));
        QTRY_VERIFY(chart.chart().plotArea().height() > 100);

        // One shared axis: a confirmed checkout a second is a line lying on the floor.
        QVERIFY(drawnHeight(chart, "Confirmed", 10) < 0.01);
        QVERIFY(drawnHeight(chart, "Sold out", 10) > 0.7);

        // On an axis of its own it is a quarter of the way up or more.
        chart.setOwnAxis(QStringLiteral("Confirmed"));
        QVERIFY(drawnHeight(chart, "Confirmed", 10) > 0.2);
        QVERIFY(drawnHeight(chart, "Confirmed", 29) > drawnHeight(chart, "Confirmed", 10));
        QVERIFY(drawnHeight(chart, "Sold out", 10) > 0.7);
        QVERIFY(chart.legendText().contains(QStringLiteral("Confirmed (right axis) 61")));

        // On a log scale both read: 1 well off the floor, 1,500 near the top.
        chart.setScale(TimeSeriesChart::Scale::Log);
        QVERIFY(drawnHeight(chart, "Confirmed", 10) > 0.05);
        QVERIFY(drawnHeight(chart, "Sold out", 10) > 0.7);
        QCOMPARE(drawnHeight(chart, "Sold out", 10) < 1.0, true);
        QVERIFY(chart.legendText().contains(QStringLiteral("Confirmed 61")));
    }

    void legendReadsTotalsOrTheSecondUnderTheCursor() {
        const auto timeline = flood();
        TimeSeriesChart chart(QStringLiteral("Checkouts"), {}, 0, TimeSeriesChart::Summary::Total);
        addOutcome(chart, "Confirmed", "confirmed", Qt::darkGreen);
        addOutcome(chart, "Sold out", "sold_out", QColor(0xf0, 0x8c, 0x00));
        chart.resize(500, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot(timeline, start.addSecs(1), start.addSecs(60));
        QTRY_VERIFY(chart.chart().plotArea().height() > 100);

        // Off the chart: what the stretch shown adds up to, not the last second's "0".
        QCOMPARE(
            chart.legendText(),
            QStringLiteral("In view: Confirmed %1 · Sold out %2").arg(number(61), number(90000)));

        // The cursor over the 30th second reads that second.
        auto* series = const_cast<QLineSeries*>(chart.line(QStringLiteral("Confirmed")));
        auto& qchart = const_cast<QChart&>(chart.chart());
        const auto over = qchart.mapToPosition(series->at(29), series);
        auto* viewport = chart.findChild<QChartView*>()->viewport();
        QMouseEvent move(QEvent::MouseMove, over, viewport->mapToGlobal(over), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
        const auto second = start.addSecs(30).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        QCOMPARE(chart.legendText(),
                 QStringLiteral("At %1: Confirmed 2 · Sold out %2").arg(second, number(1500)));
        // New seconds arriving do not pull the legend from under the cursor.
        chart.plot(timeline, start.addSecs(1), start.addSecs(60));
        QVERIFY(chart.legendText().startsWith(QStringLiteral("At ")));

        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(viewport, &leave);
        QVERIFY(chart.legendText().startsWith(QStringLiteral("In view: Confirmed ")));
    }

    void peaksForLatencies() {
        Stats stats;
        stats.time = start.addSecs(3);
        for (int i = 1; i <= 3; ++i) {
            StatsSample sample;
            sample.at = start.addSecs(i);
            sample.p99Ms = i == 2 ? 12.5 : 1.0;
            stats.series.append(sample);
        }
        StatsTimeline timeline;
        timeline.merge(stats);
        TimeSeriesChart chart(QStringLiteral("Latency"), QStringLiteral(" ms"), 1,
                              TimeSeriesChart::Summary::Peak);
        chart.addLine(QStringLiteral("p99"), Qt::red, [](const StatsSample& s) { return s.p99Ms; });
        chart.plot(timeline, start.addSecs(1), start.addSecs(3));
        QCOMPARE(chart.legendText(),
                 QStringLiteral("Peak in view: p99 %1 ms").arg(QLocale().toString(12.5, 'f', 1)));
    }

    void legendWrapsAtANarrowWidth() {
        const auto timeline = flood();
        TimeSeriesChart chart(QStringLiteral("Checkouts"), {}, 0, TimeSeriesChart::Summary::Total);
        const char* names[] = {"Confirmed", "Sold out", "Limit reached", "Rate limited",
                               "Shed",      "Rejected", "Errors"};
        for (const auto* name : names)
            addOutcome(chart, name, "sold_out", Qt::gray);
        chart.setOwnAxis(QStringLiteral("Confirmed"));
        chart.resize(300, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot(timeline, start.addSecs(1), start.addSecs(60));

        const auto& legend = chart.legend();
        QTRY_VERIFY(legend.isVisible() && legend.width() > 0);
        // Every entry is there in full...
        for (const auto* name : names)
            QVERIFY2(chart.legendText().contains(QStringLiteral("%1 ").arg(QLatin1String(name))),
                     qPrintable(chart.legendText()));
        QVERIFY(chart.legendText().contains(number(90000)));
        // ... on several lines within the chart's width, all of them given room.
        QVERIFY(legend.geometry().right() < chart.width());
        QVERIFY(legend.heightForWidth(legend.width()) > 2 * legend.fontMetrics().height());
        QTRY_VERIFY(legend.height() >= legend.heightForWidth(legend.width()));
        QVERIFY(legend.geometry().bottom() < chart.height());
    }

    void theOwnersScaleIsRemembered() {
        QSettings().remove(QStringLiteral("dashboard"));
        QNetworkAccessManager network;
        AdminClient client(network); // no server: the charts stay empty, the toggle works
        test::ManualClock clock;     // and never beats
        ConsoleSession session(client, clock);
        {
            DashboardView view(session);
            const auto& checkouts = view.chart(DashboardView::Chart::Checkouts);
            QCOMPARE(checkouts.scale(), TimeSeriesChart::Scale::Linear);
            QVERIFY(checkouts.legendText().contains(QStringLiteral("Confirmed (right axis)")));
            QVERIFY(checkouts.logToggle());
            const_cast<QToolButton*>(checkouts.logToggle())->click();
            QCOMPARE(checkouts.scale(), TimeSeriesChart::Scale::Log);
            QVERIFY(DashboardSettings().checkoutsLogScale());
        }
        {
            DashboardView view(session);
            const auto& checkouts = view.chart(DashboardView::Chart::Checkouts);
            QCOMPARE(checkouts.scale(), TimeSeriesChart::Scale::Log);
            QVERIFY(checkouts.logToggle()->isChecked());
            const_cast<QToolButton*>(checkouts.logToggle())->click();
            QCOMPARE(checkouts.scale(), TimeSeriesChart::Scale::Linear);
        }
        QVERIFY(!DashboardSettings().checkoutsLogScale());
    }
};

QTEST_MAIN(TestTimeSeriesChart)
#include "test_time_series_chart.moc"
