// RateLimiter: the GCRA arithmetic (burst, retry-after, steady rate), independent clients,
// reconfiguration, fixed memory under a flood of distinct clients, and one client hammered
// from many threads. Time is passed in: nothing here reads a clock.

#include "server/core/RateLimiter.h"

#include <QtTest>
#include <atomic>
#include <barrier>
#include <latch>
#include <thread>
#include <vector>

using namespace topcoat;
using namespace std::chrono_literals;

namespace {

// Any monotonic reading will do; not zero, so a slot's "free" timestamp is not also "now".
constexpr std::chrono::nanoseconds kStart = 1000s;
constexpr std::uint64_t kHot = 0xC0FFEE; // the client that keeps sending through a flood

// Counts how many of `count` requests of `client` at `now` are let through.
int allowedOf(RateLimiter& limiter, std::uint64_t client, std::chrono::nanoseconds now, int count) {
    int allowed = 0;
    for (int i = 0; i < count; ++i)
        allowed += limiter.admit(client, now).allowed ? 1 : 0;
    return allowed;
}

} // namespace

class TestRateLimiter : public QObject {
    Q_OBJECT

private slots:
    void offWhenPerSecondIsZero();
    void burstThenRefused();
    void retryAfterIsTimeUntilNextPass();
    void retryAfterWithUnevenInterval();
    void steadyRateOverAMinute_data();
    void steadyRateOverAMinute();
    void clientsAreIndependent();
    void reconfiguringTakesEffect();
    void floodOfDistinctClientsKeepsMemoryFixed_data();
    void floodOfDistinctClientsKeepsMemoryFixed();
    void hotClientStaysLimitedWhileFloodGoesOn_data();
    void hotClientStaysLimitedWhileFloodGoesOn();
    void threadsHammeringOneClientGetExactlyTheBurst();
};

void TestRateLimiter::offWhenPerSecondIsZero() {
    RateLimiter unconfigured;
    QCOMPARE(unconfigured.rate().perSecond, 0);
    QCOMPARE(allowedOf(unconfigured, 42, kStart, 10'000), 10'000);

    RateLimiter limiter;
    limiter.configure({0, 5});
    QCOMPARE(limiter.rate(), (ClientRate{0, 5}));
    for (int i = 0; i < 10'000; ++i) {
        const auto decision = limiter.admit(42, kStart);
        QVERIFY(decision.allowed);
        QCOMPARE(decision.retryAfter, 0ns);
    }
}

void TestRateLimiter::burstThenRefused() {
    RateLimiter limiter;
    limiter.configure({10, 5});
    for (int i = 0; i < 5; ++i)
        QVERIFY2(limiter.admit(7, kStart).allowed, qPrintable(QString::number(i)));
    QVERIFY(!limiter.admit(7, kStart).allowed);
    // Refusals cost nothing, and nothing more passes at the same instant.
    QCOMPARE(allowedOf(limiter, 7, kStart, 1000), 0);
}

void TestRateLimiter::retryAfterIsTimeUntilNextPass() {
    RateLimiter limiter;
    limiter.configure({10, 5}); // one every 100 ms, five at once
    QCOMPARE(allowedOf(limiter, 7, kStart, 5), 5);

    auto sixth = limiter.admit(7, kStart);
    QVERIFY(!sixth.allowed);
    QCOMPARE(sixth.retryAfter, std::chrono::nanoseconds(100ms));
    QCOMPARE(limiter.admit(7, kStart).retryAfter, std::chrono::nanoseconds(100ms));

    auto early = limiter.admit(7, kStart + 99ms);
    QVERIFY(!early.allowed);
    QCOMPARE(early.retryAfter, std::chrono::nanoseconds(1ms));
    QVERIFY(!limiter.admit(7, kStart + 100ms - 1ns).allowed);

    // Exactly at retryAfter one passes, and only one.
    QVERIFY(limiter.admit(7, kStart + 100ms).allowed);
    auto next = limiter.admit(7, kStart + 100ms);
    QVERIFY(!next.allowed);
    QCOMPARE(next.retryAfter, std::chrono::nanoseconds(100ms));

    // Waiting the advertised time is always enough.
    auto at = kStart + 100ms;
    for (int i = 0; i < 50; ++i) {
        const auto refused = limiter.admit(7, at);
        QVERIFY(!refused.allowed);
        at += refused.retryAfter;
        QVERIFY(limiter.admit(7, at).allowed);
    }
}

void TestRateLimiter::retryAfterWithUnevenInterval() {
    RateLimiter limiter;
    limiter.configure({3, 1}); // 333,333,333 ns apart
    QVERIFY(limiter.admit(9, kStart).allowed);
    const auto refused = limiter.admit(9, kStart);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.retryAfter, 333'333'333ns);
    QVERIFY(!limiter.admit(9, kStart + 333'333'332ns).allowed);
    QVERIFY(limiter.admit(9, kStart + 333'333'333ns).allowed);
}

void TestRateLimiter::steadyRateOverAMinute_data() {
    QTest::addColumn<qint64>("perSecond");
    QTest::addColumn<qint64>("burst");
    QTest::newRow("10/s burst 5") << qint64(10) << qint64(5);
    QTest::newRow("7/s burst 3") << qint64(7) << qint64(3); // interval not a whole ms
    QTest::newRow("1/s burst 1") << qint64(1) << qint64(1);
    QTest::newRow("100/s burst 20") << qint64(100) << qint64(20);
}

// A client sending every millisecond for a minute (both ends included) gets the burst at once
// and then the steady rate: rate * 60 + burst.
void TestRateLimiter::steadyRateOverAMinute() {
    QFETCH(qint64, perSecond);
    QFETCH(qint64, burst);
    RateLimiter limiter;
    limiter.configure({perSecond, burst});
    qint64 allowed = 0;
    for (auto t = 0ms; t <= 60s; t += 1ms)
        allowed += limiter.admit(3, kStart + t).allowed ? 1 : 0;
    QCOMPARE(allowed, perSecond * 60 + burst);
}

void TestRateLimiter::clientsAreIndependent() {
    RateLimiter limiter;
    limiter.configure({10, 5});
    QCOMPARE(allowedOf(limiter, 1, kStart, 10'000), 5);
    QCOMPARE(allowedOf(limiter, 2, kStart, 10'000), 5);
    // Many more, some of them sharing a shard: each still gets its own burst.
    for (std::uint64_t client = 100; client < 1100; ++client)
        QCOMPARE(allowedOf(limiter, client, kStart, 7), 5);
    QVERIFY(!limiter.admit(1, kStart).allowed);
}

void TestRateLimiter::reconfiguringTakesEffect() {
    RateLimiter limiter;
    limiter.configure({10, 5});
    QCOMPARE(allowedOf(limiter, 1, kStart, 100), 5);

    limiter.configure({0, 1});
    QCOMPARE(limiter.rate(), (ClientRate{0, 1}));
    QCOMPARE(allowedOf(limiter, 1, kStart, 100), 100); // off: the limited client passes too

    limiter.configure({1000, 100});
    QCOMPARE(limiter.rate(), (ClientRate{1000, 100}));
    QCOMPARE(allowedOf(limiter, 2, kStart, 1000), 100);
    const auto refused = limiter.admit(2, kStart);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.retryAfter, std::chrono::nanoseconds(1ms));

    limiter.configure({1, 1});
    QCOMPARE(allowedOf(limiter, 3, kStart, 100), 1);
    QCOMPARE(limiter.admit(3, kStart).retryAfter, std::chrono::nanoseconds(1s));
}

void TestRateLimiter::floodOfDistinctClientsKeepsMemoryFixed_data() {
    QTest::addColumn<qint64>("burst");
    QTest::newRow("burst 5") << qint64(5);
    QTest::newRow("burst 60") << qint64(60);
    QTest::newRow("burst 1") << qint64(1);
}

// A million distinct clients at one instant through 1024 slots, while a hot client that has
// used its burst keeps asking.
void TestRateLimiter::floodOfDistinctClientsKeepsMemoryFixed() {
    QFETCH(qint64, burst);
    RateLimiter limiter(1024);
    limiter.configure({10, burst});
    const auto capacity = limiter.capacity();
    QCOMPARE(capacity, std::size_t(1024));
    QCOMPARE(RateLimiter(1000).capacity(), std::size_t(1024)); // rounded up to the shards

    QCOMPARE(allowedOf(limiter, kHot, kStart, int(burst) + 1), int(burst));
    int hotAllowed = 0;
    std::uint64_t newcomersAllowed = 0;
    for (std::uint64_t i = 0; i < 1'000'000; ++i) {
        newcomersAllowed += limiter.admit(1'000'000'000 + i, kStart).allowed ? 1 : 0;
        if (i % 1000 == 0)
            hotAllowed += limiter.admit(kHot, kStart).allowed ? 1 : 0;
    }
    QCOMPARE(limiter.capacity(), capacity);
    QCOMPARE(newcomersAllowed, std::uint64_t(1'000'000)); // each one's first request
    // The hot client has sent more than any one-off newcomer, so it is never the one evicted,
    // whatever the burst.
    QCOMPARE(hotAllowed, 0);
}

void TestRateLimiter::hotClientStaysLimitedWhileFloodGoesOn_data() {
    QTest::addColumn<qint64>("burst");
    QTest::addColumn<int>("everyMs");
    QTest::newRow("burst 5, hot every 1 ms") << qint64(5) << 1;
    QTest::newRow("burst 60, hot every 50 ms") << qint64(60) << 50;
    QTest::newRow("burst 5, hot every 1 s") << qint64(5) << 1000;
    QTest::newRow("burst 1, hot every 1 ms") << qint64(1) << 1;
    QTest::newRow("burst 5, hot every 250 ms") << qint64(5) << 250;
}

// A million distinct clients over ten simulated seconds through 1024 slots, while the hot
// client sends three requests every `everyMs`: it must get exactly what it gets alone.
void TestRateLimiter::hotClientStaysLimitedWhileFloodGoesOn() {
    QFETCH(qint64, burst);
    QFETCH(int, everyMs);
    RateLimiter flooded(1024);
    RateLimiter alone(1024);
    flooded.configure({10, burst});
    alone.configure({10, burst});
    int floodedAllowed = 0;
    int aloneAllowed = 0;
    const std::uint64_t hotEvery = std::uint64_t(everyMs) * 100;
    for (std::uint64_t i = 0; i < 1'000'000; ++i) {
        const auto now = kStart + std::chrono::microseconds(10 * i);
        QVERIFY(flooded.admit(1'000'000'000 + i, now).allowed);
        if (i % hotEvery == 0) {
            floodedAllowed += allowedOf(flooded, kHot, now, 3);
            aloneAllowed += allowedOf(alone, kHot, now, 3);
        }
    }
    QCOMPARE(flooded.capacity(), std::size_t(1024));
    if (everyMs == 1) // the burst at 0, then one each 100 ms up to 9.9 s
        QCOMPARE(aloneAllowed, int(burst) + 99);
    // Even when its remaining debt is under one interval (its theoretical arrival earlier than
    // a newcomer's), the newcomers, having sent fewer requests, give way to it.
    QCOMPARE(floodedAllowed, aloneAllowed);
}

// Eight threads at one instant: exactly the burst passes, however they interleave. Many short
// rounds, each on a client new to the limiter, so the threads race on taking the slot too.
void TestRateLimiter::threadsHammeringOneClientGetExactlyTheBurst() {
    constexpr int threadCount = 8;
    constexpr int rounds = 2000;
    constexpr int burst = 20;
    RateLimiter limiter;
    limiter.configure({10, burst});
    std::atomic<int> allowed{0};
    std::barrier roundStart(threadCount);
    std::vector<std::jthread> threads;
    for (int t = 0; t < threadCount; ++t)
        threads.emplace_back([&] {
            for (std::uint64_t round = 0; round < rounds; ++round) {
                roundStart.arrive_and_wait();
                for (int i = 0; i < burst; ++i)
                    if (limiter.admit(1000 + round, kStart).allowed)
                        allowed.fetch_add(1, std::memory_order_relaxed);
            }
        });
    threads.clear(); // joins
    QCOMPARE(allowed.load(), rounds * burst);

    // And one client hammered for long, all threads at once.
    allowed = 0;
    std::latch start(threadCount);
    for (int t = 0; t < threadCount; ++t)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int i = 0; i < 20'000; ++i)
                if (limiter.admit(77, kStart).allowed)
                    allowed.fetch_add(1, std::memory_order_relaxed);
        });
    threads.clear();
    QCOMPARE(allowed.load(), burst);
    QVERIFY(!limiter.admit(77, kStart).allowed);
}

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "test_rate_limiter.moc"
