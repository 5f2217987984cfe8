// The dashboard's plain models with hand-made samples: the timeline's merging, de-duplication,
// 15-minute bound and invariant flags; the scroll window; the sale countdown text.

#include "ui/SaleCountdown.h"
#include "ui/StatsTimeline.h"
#include "ui/TimelineWindow.h"

#include <QtTest>

using namespace topcoat::ui;
using namespace std::chrono_literals;

namespace {

const QDateTime t0 = QDateTime::fromString(QStringLiteral("2030-05-01T12:00:00Z"), Qt::ISODate);

StatsSample sample(int second, qint64 requests = 1, qint64 confirmed = 0) {
    StatsSample s;
    s.at = t0.addSecs(second);
    s.requests = requests;
    s.checkouts.insert(QStringLiteral("confirmed"), confirmed);
    return s;
}

// A reply holding samples for `seconds` (relative to t0) and the given products.
Stats reply(QList<int> seconds, QList<ProductStock> products = {}) {
    Stats stats;
    for (int second : seconds)
        stats.series.append(sample(second));
    stats.time = seconds.isEmpty() ? t0 : t0.addSecs(seconds.last());
    stats.products = std::move(products);
    return stats;
}

ProductStock stock(const QString& sku, qint64 stocked, qint64 sold, qint64 reserved,
                   qint64 available) {
    return ProductStock{sku, stocked, sold, reserved, available};
}

QList<int> secondsOf(const StatsTimeline& timeline) {
    QList<int> seconds;
    for (const auto& s : timeline.samples())
        seconds.append(int(t0.secsTo(s.at)));
    return seconds;
}

// A timeline holding one sample per second from `first` to `last`.
StatsTimeline filled(int first, int last) {
    StatsTimeline timeline;
    QList<int> seconds;
    for (int s = first; s <= last; ++s)
        seconds.append(s);
    timeline.merge(reply(seconds));
    return timeline;
}

} // namespace

class TestStatsTimeline : public QObject {
    Q_OBJECT

private slots:
    void mergesInTimeOrderAndDeduplicates() {
        StatsTimeline timeline;
        QVERIFY(timeline.isEmpty());
        QCOMPARE(timeline.sinceMs(), 0);
        timeline.merge(reply({1, 2, 3}));
        // Overlapping and out-of-order replies: a second already held is replaced, not doubled.
        auto overlap = reply({3, 0, 5});
        overlap.series[0].requests = 30;
        timeline.merge(overlap);
        QCOMPARE(secondsOf(timeline), (QList<int>{0, 1, 2, 3, 5}));
        QCOMPARE(timeline.samples().at(3).requests, 30);
        QCOMPARE(timeline.sinceMs(), t0.addSecs(5).toMSecsSinceEpoch());
        QCOMPARE(*timeline.oldest(), t0);
        QCOMPARE(*timeline.newest(), t0.addSecs(5));
        // A reply with nothing new changes nothing but the totals.
        auto empty = reply({});
        empty.requestsTotal = 99;
        timeline.merge(empty);
        QCOMPARE(timeline.samples().size(), 5);
        QCOMPARE(timeline.latest().requestsTotal, 99);
    }

    void keepsFifteenMinutes() {
        StatsTimeline timeline;
        for (int second = 0; second < 1000; ++second)
            timeline.merge(reply({second}));
        QCOMPARE(timeline.samples().size(), StatsTimeline::maxSamples);
        QCOMPARE(*timeline.newest(), t0.addSecs(999));
        QCOMPARE(*timeline.oldest(), t0.addSecs(100));
        // A gap: samples more than 15 minutes older than the newest go, however few there are.
        timeline.merge(reply({999 + 15 * 60 - 10}));
        QCOMPARE(*timeline.oldest(), t0.addSecs(999 + 15 * 60 - 10 - 15 * 60 + 1));
        QVERIFY(timeline.samples().size() < 20);
    }

    void coversAWindowWithOneSampleEitherSide() {
        const auto timeline = filled(0, 99);
        const auto inside = timeline.covering(t0.addSecs(10), t0.addSecs(20));
        QCOMPARE(inside.size(), std::size_t(13));
        QCOMPARE(inside.front().at, t0.addSecs(9));
        QCOMPARE(inside.back().at, t0.addSecs(21));
        QCOMPARE(timeline.covering(t0.addSecs(-50), t0.addSecs(5)).size(), std::size_t(7));
        QCOMPARE(timeline.covering(t0.addSecs(95), t0.addSecs(500)).size(), std::size_t(6));
        QVERIFY(StatsTimeline().covering(t0, t0.addSecs(60)).empty());
    }

    void flagsABreakAtTheFirstReplyShowingIt() {
        // Each product's counters come as one consistent snapshot, so an unbalanced reply is
        // a break, not a checkout caught mid-move.
        StatsTimeline timeline;
        const auto good = stock(QStringLiteral("NP-001"), 100, 10, 2, 88);
        const auto bad = stock(QStringLiteral("NP-001"), 100, 10, 2, 87); // one unit missing
        const auto other = stock(QStringLiteral("NP-002"), 50, 0, 0, 50);
        timeline.merge(reply({1}, {good, other}));
        QCOMPARE(timeline.brokenCount(), 0);
        QVERIFY(timeline.product(QStringLiteral("NP-001"))->balanced());

        // It stays flagged, with the counters that showed it, after the sums match again.
        timeline.merge(reply({7}, {bad, other}));
        timeline.merge(reply({8}, {good, other}));
        QCOMPARE(timeline.brokenCount(), 1);
        const auto* broken = timeline.product(QStringLiteral("NP-001"));
        QVERIFY(broken->broken());
        QCOMPARE(*broken->brokenAt, t0.addSecs(7));
        QCOMPARE(broken->atBreak.available, 87);
        QVERIFY(!timeline.product(QStringLiteral("NP-002"))->broken());

        // Even when the product drops out of a reply the flag is kept.
        timeline.merge(reply({9}, {other}));
        QCOMPARE(timeline.brokenCount(), 1);
        QVERIFY(timeline.product(QStringLiteral("NP-001")));

        timeline.acknowledge(QStringLiteral("NP-001"));
        QCOMPARE(timeline.brokenCount(), 0);
    }

    void acknowledgedBreakReturnsIfItPersists() {
        StatsTimeline timeline;
        const auto bad = stock(QStringLiteral("NP-003"), 10, 5, 0, 6); // one unit too many
        timeline.merge(reply({1}, {bad}));
        QCOMPARE(timeline.brokenCount(), 1);
        timeline.acknowledgeAll();
        QCOMPARE(timeline.brokenCount(), 0);
        timeline.merge(reply({2}, {bad}));
        QCOMPARE(timeline.brokenCount(), 1);
    }

    void windowFollowsTheNewestSample() {
        auto timeline = filled(0, 299);
        TimelineWindow window(60s);
        QVERIFY(window.following());
        QCOMPARE(window.maximum(timeline), 299 - 60);
        QCOMPARE(window.position(timeline), window.maximum(timeline));
        auto range = window.range(timeline);
        QVERIFY(range);
        QCOMPARE(range->to, t0.addSecs(299));
        QCOMPARE(range->from, t0.addSecs(239));
        timeline.merge(reply({300}));
        QCOMPARE(window.range(timeline)->to, t0.addSecs(300));
        QVERIFY(!TimelineWindow().range(StatsTimeline()));
    }

    void windowStaysPutWhenScrolledBack() {
        auto timeline = filled(0, 299);
        TimelineWindow window(60s);
        window.scrollTo(100, timeline);
        QVERIFY(!window.following());
        QCOMPARE(window.range(timeline)->from, t0.addSecs(100));
        QCOMPARE(window.range(timeline)->to, t0.addSecs(160));
        // New seconds arrive; the stretch shown does not move, the bar's maximum does.
        timeline.merge(reply({300, 301, 302}));
        QCOMPARE(window.range(timeline)->from, t0.addSecs(100));
        QCOMPARE(window.position(timeline), 100);
        QCOMPARE(window.maximum(timeline), 302 - 60);
        // Scrolling to the end follows again.
        window.scrollTo(window.maximum(timeline), timeline);
        QVERIFY(window.following());
        QCOMPARE(window.range(timeline)->to, t0.addSecs(302));
    }

    void scrolledWindowClampsWhenItsSecondsAgeOut() {
        auto timeline = filled(0, 899);
        TimelineWindow window(120s);
        window.scrollTo(0, timeline);
        timeline.merge(reply({1000})); // seconds 0..100 fall out of the 15 minutes
        QCOMPARE(window.position(timeline), 0);
        QCOMPARE(window.range(timeline)->from, *timeline.oldest());
        QVERIFY(!window.following());
    }

    void countsDownToTheNextSaleAndItsEnd() {
        ServerStatus status;
        Sale next;
        next.name = QStringLiteral("Holo Hour");
        next.startsAt = t0.addSecs(161);
        next.endsAt = t0.addSecs(161 + 3600);
        status.nextSale = next;

        auto countdown = saleCountdown(status, t0);
        QCOMPARE(countdown.phase, SaleCountdown::Phase::Next);
        QCOMPARE(countdown.text(), QStringLiteral("Next: Holo Hour · starts in 00:02:41"));
        // Past its start the scheduled sale counts as live before the next poll says so.
        countdown = saleCountdown(status, t0.addSecs(161 + 600));
        QCOMPARE(countdown.phase, SaleCountdown::Phase::Live);
        QCOMPARE(countdown.text(), QStringLiteral("Live: Holo Hour · ends in 50:00"));
        QCOMPARE(saleCountdown(status, t0.addSecs(161 + 3600)).phase, SaleCountdown::Phase::None);

        status.liveSale = next;
        status.liveSale->name = QStringLiteral("Spring");
        QCOMPARE(saleCountdown(status, t0.addSecs(3000)).name, QStringLiteral("Spring"));
        QCOMPARE(formatEndsIn(3 * 3600 + 62), QStringLiteral("3:01:02"));
        QCOMPARE(formatStartsIn(2 * 86400 + 3661), QStringLiteral("2d 01:01:01"));
        QCOMPARE(formatStartsIn(-5), QStringLiteral("00:00:00"));
        QCOMPARE(SaleCountdown{}.text(), QStringLiteral("No sale scheduled"));
    }
};

QTEST_GUILESS_MAIN(TestStatsTimeline)
#include "test_stats_timeline.moc"
