// The per-second stats history: intervals are differences of the cumulative counters, the
// latency percentiles are those of the interval alone, and the history is bounded.

#include "server/core/StatsHistory.h"
#include "tests/support/FakeClock.h"

#include <QtTest>

using namespace topcoat;
using namespace std::chrono_literals;

namespace {
const TimePoint start{std::chrono::seconds{1'800'000'000}};
}

class TestStatsHistory : public QObject {
    Q_OBJECT

private slots:
    void firstRecordIsOnlyTheBaseline() {
        Metrics metrics;
        metrics.requestLatency().observe(1ms);
        StatsHistory history;
        history.record(start, metrics);
        QVERIFY(history.since(TimePoint{}).empty());
    }

    void samplesHoldTheirIntervalOnly() {
        Metrics metrics;
        StatsHistory history;
        test::FakeClock clock(start);
        for (int i = 0; i < 100; ++i)
            metrics.requestLatency().observe(200ms); // before the baseline: not in any sample
        history.record(clock.now(), metrics);

        for (int i = 0; i < 10; ++i)
            metrics.requestLatency().observe(300us);
        metrics.checkoutFinished(CheckoutOutcome::Confirmed);
        metrics.checkoutFinished(CheckoutOutcome::SoldOut);
        metrics.inFlight() = 3;
        clock.advance(1s);
        history.record(clock.now(), metrics);

        clock.advance(1s);
        history.record(clock.now(), metrics); // a quiet second

        const auto samples = history.since(TimePoint{});
        QCOMPARE(samples.size(), 2u);
        QCOMPARE(samples[0].at, start + 1s);
        QCOMPARE(samples[0].requests, 10u);
        QVERIFY(samples[0].p99Ms > 0.25 && samples[0].p99Ms <= 0.5); // not the old 200 ms
        QCOMPARE(samples[0].checkouts[static_cast<std::size_t>(CheckoutOutcome::Confirmed)], 1u);
        QCOMPARE(samples[0].checkouts[static_cast<std::size_t>(CheckoutOutcome::SoldOut)], 1u);
        QCOMPARE(samples[0].inFlight, 3);
        QCOMPARE(samples[1].requests, 0u);
        QCOMPARE(samples[1].p99Ms, 0.0);
        QCOMPARE(samples[1].checkouts[static_cast<std::size_t>(CheckoutOutcome::Confirmed)], 0u);

        QCOMPARE(history.since(start + 1s).size(), 1u); // strictly after
        QVERIFY(history.since(start + 2s).empty());
    }

    void storefrontRequestsAreCountedApart() {
        Metrics metrics;
        StatsHistory history;
        metrics.storefrontRequestFinished(); // before the baseline: not in any sample
        history.record(start, metrics);
        for (int i = 0; i < 5; ++i)
            metrics.requestLatency().observe(1ms); // both ports: three admin, two storefront
        metrics.storefrontRequestFinished();
        metrics.storefrontRequestFinished();
        history.record(start + 1s, metrics);
        metrics.requestLatency().observe(1ms); // an admin poll alone
        history.record(start + 2s, metrics);

        const auto samples = history.since(TimePoint{});
        QCOMPARE(samples.size(), 2u);
        QCOMPARE(samples[0].requests, 5u);
        QCOMPARE(samples[0].storefrontRequests, 2u);
        QCOMPARE(samples[1].requests, 1u);
        QCOMPARE(samples[1].storefrontRequests, 0u);
    }

    void historyIsBounded() {
        Metrics metrics;
        StatsHistory history(5);
        for (int i = 0; i <= 8; ++i)
            history.record(start + std::chrono::seconds{i}, metrics);
        const auto samples = history.since(TimePoint{});
        QCOMPARE(samples.size(), 5u);
        QCOMPARE(samples.front().at, start + 4s);
        QCOMPARE(samples.back().at, start + 8s);
    }
};

QTEST_APPLESS_MAIN(TestStatsHistory)
#include "test_stats_history.moc"
