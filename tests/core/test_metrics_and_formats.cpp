// The small pure pieces: latency histogram and metrics counters, RFC 3339 timestamps, field
// validation, and order ids.

#include "server/core/LatencyHistogram.h"
#include "server/core/Metrics.h"
#include "server/core/OrderIdGenerator.h"
#include "server/core/Rfc3339.h"
#include "server/core/Validation.h"

#include <QtTest>
#include <cmath>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

using namespace topcoat;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

TimePoint utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
           milliseconds{ms};
}

bool near(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-12 + 1e-9 * std::abs(expected);
}

} // namespace

class TestMetricsAndFormats : public QObject {
    Q_OBJECT

private slots:
    void emptyHistogramIsZero();
    void quantilesInterpolateWithinBuckets();
    void boundsAreInclusiveAndOverflowIsCaught();
    void histogramCountsEveryConcurrentObservation();
    void routeMetrics();
    void checkoutOutcomes();

    void rfc3339RoundTrips();
    void rfc3339AcceptsOffsetsAndFractions();
    void rfc3339Rejects_data();
    void rfc3339Rejects();
    void formatTruncatesToSeconds();

    void skuPattern_data();
    void skuPattern();
    void shadeHexAndNames();
    void customerCanonicalisation_data();
    void customerCanonicalisation();
    void idempotencyKeys();

    void orderIdsAreUniqueAndWellFormed();
};

void TestMetricsAndFormats::emptyHistogramIsZero() {
    LatencyHistogram histogram;
    const auto snap = histogram.snapshot();
    QCOMPARE(snap.count, 0u);
    QCOMPARE(snap.sumSeconds, 0.0);
    QCOMPARE(snap.quantileSeconds(0.5), 0.0);
    QCOMPARE(snap.quantileSeconds(0.99), 0.0);
}

void TestMetricsAndFormats::quantilesInterpolateWithinBuckets() {
    LatencyHistogram histogram;
    for (int i = 0; i < 90; ++i)
        histogram.observe(750us); // bucket (0.5 ms, 1 ms]
    for (int i = 0; i < 10; ++i)
        histogram.observe(800ms); // bucket (0.5 s, 1 s]
    const auto snap = histogram.snapshot();
    QCOMPARE(snap.count, 100u);
    QCOMPARE(snap.counts[4], 90u);
    QCOMPARE(snap.counts[13], 10u);
    QVERIFY(near(snap.sumSeconds, 90 * 0.00075 + 10 * 0.8));
    // Linear interpolation by rank inside the bucket that holds it.
    QVERIFY(near(snap.quantileSeconds(0.5), 0.0005 + 0.0005 * 50.0 / 90.0));
    QVERIFY(near(snap.quantileSeconds(0.9), 0.001));
    QVERIFY(near(snap.quantileSeconds(0.99), 0.5 + 0.5 * 9.0 / 10.0));
    QVERIFY(near(snap.quantileSeconds(1.0), 1.0));
    double previous = 0;
    for (double q = 0; q <= 1.0; q += 0.01) { // quantiles never decrease with q
        QVERIFY(snap.quantileSeconds(q) >= previous);
        previous = snap.quantileSeconds(q);
    }
}

void TestMetricsAndFormats::boundsAreInclusiveAndOverflowIsCaught() {
    LatencyHistogram histogram;
    histogram.observe(1ms);  // exactly on a bound: counted as "le 0.001", like Prometheus
    histogram.observe(0ns);  // first bucket
    histogram.observe(-5ns); // a clock step backwards must not underflow the sum
    histogram.observe(20s);  // above the last bound
    const auto snap = histogram.snapshot();
    QCOMPARE(snap.counts[4], 1u);
    QCOMPARE(snap.counts[0], 2u);
    QCOMPARE(snap.counts[LatencyHistogram::bounds.size()], 1u);
    QVERIFY(near(snap.sumSeconds, 20.001));
    QVERIFY(snap.quantileSeconds(1.0) > LatencyHistogram::bounds.back());
}

void TestMetricsAndFormats::histogramCountsEveryConcurrentObservation() {
    constexpr int threads = 8;
    constexpr int perThread = 20000;
    LatencyHistogram histogram;
    {
        std::latch start(threads);
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                start.arrive_and_wait();
                for (int i = 0; i < perThread; ++i)
                    histogram.observe(microseconds{(t * 7 + i) % 3000});
            });
    }
    const auto snap = histogram.snapshot();
    QCOMPARE(snap.count, std::uint64_t{threads * perThread});
    std::uint64_t sum = 0;
    for (const auto n : snap.counts)
        sum += n;
    QCOMPARE(sum, snap.count);
}

void TestMetricsAndFormats::routeMetrics() {
    Metrics metrics;
    auto& products = metrics.route("storefront", "GET", "/api/products/{sku}");
    QCOMPARE(&metrics.route("storefront", "GET", "/api/products/{sku}"), &products);
    auto& admin = metrics.route("admin", "GET", "/api/products/{sku}");
    QVERIFY(&admin != &products);
    QCOMPARE(metrics.routes().size(), 2u);

    products.record(200, 1ms);
    products.record(200, 2ms);
    products.record(404, 1ms);
    products.record(599, 1ms);
    products.record(600, 1ms); // not a status: not counted, but its latency still is
    products.record(99, 1ms);
    using Counts = std::vector<std::pair<int, std::uint64_t>>;
    QCOMPARE(products.statusCounts(), (Counts{{200, 2}, {404, 1}, {599, 1}}));
    QCOMPARE(products.total(), 4u);
    QCOMPARE(products.latency().snapshot().count, 6u);
    QCOMPARE(admin.total(), 0u);
}

void TestMetricsAndFormats::checkoutOutcomes() {
    Metrics metrics;
    metrics.checkoutFinished(CheckoutOutcome::Confirmed);
    metrics.checkoutFinished(CheckoutOutcome::Confirmed);
    metrics.checkoutFinished(CheckoutOutcome::SoldOut);
    QCOMPARE(metrics.checkouts(CheckoutOutcome::Confirmed), 2u);
    QCOMPARE(metrics.checkouts(CheckoutOutcome::SoldOut), 1u);
    QCOMPARE(metrics.checkouts(CheckoutOutcome::Error), 0u);
    // Names become Prometheus label values: they must be distinct and known.
    std::set<std::string_view> names;
    for (const auto outcome : allCheckoutOutcomes) {
        QVERIFY(toString(outcome) != "unknown");
        names.insert(toString(outcome));
    }
    QCOMPARE(names.size(), allCheckoutOutcomes.size());
}

void TestMetricsAndFormats::rfc3339RoundTrips() {
    QCOMPARE(formatRfc3339(utc(2026, 11, 22, 18)), "2026-11-22T18:00:00Z");
    QVERIFY(parseRfc3339("2026-11-22T18:00:00Z") == utc(2026, 11, 22, 18));
    QVERIFY(parseRfc3339("2024-02-29T23:59:59Z") == utc(2024, 2, 29, 23, 59, 59));
    QVERIFY(parseRfc3339("1969-12-31T23:59:59Z") == utc(1970, 1, 1) - 1s);
    // Whole seconds across decades, leap days and the epoch survive a round trip.
    for (auto t = utc(1965, 1, 1); t < utc(2100, 1, 1); t += 86400s * 37 + 3601s) {
        const auto text = formatRfc3339(t);
        const auto parsed = parseRfc3339(text);
        QVERIFY2(parsed && *parsed == t, text.c_str());
    }
}

void TestMetricsAndFormats::rfc3339AcceptsOffsetsAndFractions() {
    const auto expected = utc(2026, 11, 22, 18);
    QVERIFY(parseRfc3339("2026-11-22T20:00:00+02:00") == expected);
    QVERIFY(parseRfc3339("2026-11-22T12:30:00-05:30") == expected);
    QVERIFY(parseRfc3339("2026-11-22T18:00:00-00:00") == expected);
    QVERIFY(parseRfc3339("2026-11-22t18:00:00z") == expected);
    // Years 1 to 9999 only, however the offset moves them: a time storage can always write.
    QVERIFY(!parseRfc3339("0000-01-01T00:00:00Z"));
    QVERIFY(!parseRfc3339("0001-01-01T00:30:00+01:00"));
    QVERIFY(!parseRfc3339("9999-12-31T23:30:00-01:00"));
    QVERIFY(parseRfc3339("0001-01-01T00:00:00Z"));
    QVERIFY(parseRfc3339("9999-12-31T23:59:59Z"));
    // An offset can move the date, across a year.
    QVERIFY(parseRfc3339("2026-01-01T00:30:00+01:00") == utc(2025, 12, 31, 23, 30));
    QCOMPARE(formatRfc3339(*parseRfc3339("2026-11-23T01:00:00+07:00")), "2026-11-22T18:00:00Z");

    QVERIFY(parseRfc3339("2026-11-22T18:00:00.5Z") == expected + 500ms);
    QVERIFY(parseRfc3339("2026-11-22T18:00:00.25Z") == expected + 250ms);
    QVERIFY(parseRfc3339("2026-11-22T18:00:00.123456789Z") == expected + 123ms);
    QVERIFY(parseRfc3339("2026-11-22T20:00:00.999+02:00") == expected + 999ms);
}

void TestMetricsAndFormats::rfc3339Rejects_data() {
    QTest::addColumn<QString>("text");
    for (const char* bad : {"",
                            "2026-11-22",
                            "2026-11-22T18:00:00",
                            "2026-11-22 18:00:00Z",
                            "2026-13-01T00:00:00Z",
                            "2026-00-10T00:00:00Z",
                            "2026-11-00T00:00:00Z",
                            "2026-11-31T00:00:00Z",
                            "2026-04-31T00:00:00Z",
                            "2025-02-29T00:00:00Z",
                            "2100-02-29T00:00:00Z",
                            "2026-11-22T24:00:00Z",
                            "2026-11-22T18:60:00Z",
                            "2026-11-22T18:00:60Z",
                            "2026-11-22T18:00:00.Z",
                            "2026-11-22T18:00:00.1234567890Z",
                            "2026-11-22T18:00:00+2:00",
                            "2026-11-22T18:00:00+0200",
                            "2026-11-22T18:00:00+24:00",
                            "2026-11-22T18:00:00+02:60",
                            "2026-11-22T18:00:00+02:00:00",
                            "2026-11-22T18:00:00Z ",
                            " 2026-11-22T18:00:00Z",
                            "2026-1-22T18:00:00Z",
                            "2026-11-22T18:00Z",
                            "20261122T180000Z",
                            "2026-11-22T18:00:00UTC",
                            "+026-11-22T18:00:00Z",
                            "2026/11/22T18:00:00Z"})
        QTest::newRow(*bad ? bad : "(empty)") << QString::fromUtf8(bad);
}

void TestMetricsAndFormats::rfc3339Rejects() {
    QFETCH(QString, text);
    QVERIFY(!parseRfc3339(text.toStdString()));
}

void TestMetricsAndFormats::formatTruncatesToSeconds() {
    QCOMPARE(formatRfc3339(utc(2026, 11, 22, 18, 0, 0, 999)), "2026-11-22T18:00:00Z");
    // Before the epoch, truncation must still go down, not towards zero.
    QCOMPARE(formatRfc3339(utc(1970, 1, 1) - 1ms), "1969-12-31T23:59:59Z");
}

void TestMetricsAndFormats::skuPattern_data() {
    QTest::addColumn<QByteArray>("sku");
    QTest::addColumn<bool>("valid");
    QTest::newRow("typical") << QByteArray("NP-001") << true;
    QTest::newRow("one letter") << QByteArray("A") << true;
    QTest::newRow("one digit") << QByteArray("0") << true;
    QTest::newRow("trailing dash") << QByteArray("A-") << true;
    QTest::newRow("32 chars") << QByteArray(32, 'Z') << true;
    QTest::newRow("33 chars") << QByteArray(33, 'Z') << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("leading dash") << QByteArray("-A") << false;
    QTest::newRow("lower case") << QByteArray("np-001") << false;
    QTest::newRow("underscore") << QByteArray("NP_001") << false;
    QTest::newRow("space") << QByteArray("NP 001") << false;
    QTest::newRow("slash") << QByteArray("NP/001") << false;
    QTest::newRow("non-ascii") << QByteArray("NP-\xc3\x84") << false;
    QTest::newRow("nul") << QByteArray("NP\0001", 4) << false;
    QTest::newRow("newline") << QByteArray("NP-001\n") << false;
}

void TestMetricsAndFormats::skuPattern() {
    QFETCH(QByteArray, sku);
    QFETCH(bool, valid);
    QCOMPARE(isValidSku(std::string_view(sku.constData(), std::size_t(sku.size()))), valid);
}

void TestMetricsAndFormats::shadeHexAndNames() {
    QVERIFY(isValidShadeHex("#a1B2c3"));
    QVERIFY(isValidShadeHex("#000000"));
    QVERIFY(!isValidShadeHex("a1b2c3"));
    QVERIFY(!isValidShadeHex("#a1b2c"));
    QVERIFY(!isValidShadeHex("#a1b2c3d"));
    QVERIFY(!isValidShadeHex("#g00000"));
    QVERIFY(!isValidShadeHex(""));

    QVERIFY(isValidName("Cherry Bomb"));
    QVERIFY(isValidName("Crème brûlée")); // UTF-8 is fine
    QVERIFY(isValidName(std::string(120, 'x')));
    QVERIFY(!isValidName(std::string(121, 'x')));
    QVERIFY(!isValidName(""));
    QVERIFY(!isValidName("tab\there"));
    QVERIFY(!isValidName("del\x7f"));
}

void TestMetricsAndFormats::customerCanonicalisation_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical"); // empty: rejected
    QTest::newRow("plain") << QByteArray("ana@example.com") << QByteArray("ana@example.com");
    QTest::newRow("upper case") << QByteArray("Ana@Example.COM") << QByteArray("ana@example.com");
    QTest::newRow("spaces trimmed")
        << QByteArray("  ana@example.com ") << QByteArray("ana@example.com");
    QTest::newRow("shortest") << QByteArray("a@b") << QByteArray("a@b");
    QTest::newRow("254 chars") << QByteArray("a@" + QByteArray(252, 'b'))
                               << QByteArray("a@" + QByteArray(252, 'b'));
    QTest::newRow("255 chars") << QByteArray("a@" + QByteArray(253, 'b')) << QByteArray();
    QTest::newRow("no at") << QByteArray("ana.example.com") << QByteArray();
    QTest::newRow("at first") << QByteArray("@example.com") << QByteArray();
    QTest::newRow("at last") << QByteArray("ana@") << QByteArray();
    QTest::newRow("two ats") << QByteArray("ana@b@example.com") << QByteArray();
    QTest::newRow("inner space") << QByteArray("ana maria@example.com") << QByteArray();
    QTest::newRow("tab") << QByteArray("ana\t@example.com") << QByteArray();
    QTest::newRow("leading tab") << QByteArray("\tana@example.com") << QByteArray();
    QTest::newRow("control") << QByteArray("ana\x01@example.com") << QByteArray();
    QTest::newRow("newline") << QByteArray("ana@example.com\n") << QByteArray();
    QTest::newRow("del") << QByteArray("ana\x7f@example.com") << QByteArray();
    QTest::newRow("non-ascii") << QByteArray("an\xc3\xa4@example.com") << QByteArray();
    QTest::newRow("nul") << QByteArray("ana\0@example.com", 16) << QByteArray();
    QTest::newRow("only spaces") << QByteArray("   ") << QByteArray();
}

void TestMetricsAndFormats::customerCanonicalisation() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);
    const auto result =
        canonicalCustomer(std::string_view(input.constData(), std::size_t(input.size())));
    if (canonical.isEmpty()) {
        QVERIFY(!result);
    } else {
        QVERIFY(result);
        QCOMPARE(QByteArray::fromStdString(*result), canonical);
    }
}

void TestMetricsAndFormats::idempotencyKeys() {
    QVERIFY(isValidIdempotencyKey("k"));
    QVERIFY(isValidIdempotencyKey("4f9c2a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6"));
    QVERIFY(isValidIdempotencyKey("with space ~!"));
    QVERIFY(isValidIdempotencyKey(std::string(64, 'k')));
    QVERIFY(!isValidIdempotencyKey(std::string(65, 'k')));
    QVERIFY(!isValidIdempotencyKey(""));
    QVERIFY(!isValidIdempotencyKey("tab\t"));
    QVERIFY(!isValidIdempotencyKey("line\n"));
    QVERIFY(!isValidIdempotencyKey("del\x7f"));
    QVERIFY(!isValidIdempotencyKey("caf\xc3\xa9"));
    QVERIFY(!isValidIdempotencyKey(std::string_view("nul\0x", 5)));
}

// 100k ids from several threads (each generator call reads a per-thread random source).
void TestMetricsAndFormats::orderIdsAreUniqueAndWellFormed() {
    constexpr int threads = 4;
    constexpr int perThread = 25000;
    static constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    std::vector<std::vector<std::string>> ids(threads);
    {
        RandomOrderIdGenerator generator;
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                auto& mine = ids[std::size_t(t)];
                for (int i = 0; i < perThread; ++i)
                    mine.push_back(generator.next());
            });
    }
    std::unordered_set<std::string> unique;
    std::vector<std::set<char>> seenAt(26);
    for (const auto& perThreadIds : ids) {
        // The 10-character time prefix never goes backwards within a thread.
        for (std::size_t i = 1; i < perThreadIds.size(); ++i)
            QVERIFY(perThreadIds[i - 1].substr(0, 14) <= perThreadIds[i].substr(0, 14));
        for (const auto& id : perThreadIds) {
            QCOMPARE(id.size(), 30u);
            QVERIFY(id.starts_with("ord_"));
            for (std::size_t i = 4; i < id.size(); ++i) {
                QVERIFY2(alphabet.find(id[i]) != std::string_view::npos, id.c_str());
                seenAt[i - 4].insert(id[i]);
            }
            QVERIFY2(unique.insert(id).second, id.c_str());
        }
    }
    QCOMPARE(unique.size(), std::size_t{threads * perThread});
    // No random position is stuck: 80 bits fill the 16 characters after the time prefix.
    for (std::size_t i = 10; i < 26; ++i)
        QCOMPARE(seenAt[i].size(), alphabet.size());
}

QTEST_APPLESS_MAIN(TestMetricsAndFormats)
#include "test_metrics_and_formats.moc"
