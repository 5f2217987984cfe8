// The console's own checks of protection settings (the ranges of server/API.md), the change it
// sends, and the history that turns the server's counters into per-second and per-minute
// read-outs, on hand-made values and times.

#include "ui/ProtectionHistory.h"
#include "ui/ProtectionRules.h"

#include <QtTest>

using namespace topcoat::ui;

namespace {

const QDateTime start = QDateTime(QDate(2026, 11, 27), QTime(18, 0), Qt::UTC);

ProtectionCounts counts(qint64 rateLimited, qint64 shed, qint64 admitted, qint64 waiting = 0) {
    ProtectionCounts c;
    c.rateLimited = rateLimited;
    c.shed = shed;
    c.waitingRoom.admitted = admitted;
    c.waitingRoom.joined = admitted + waiting;
    c.waitingRoom.waiting = waiting;
    return c;
}

} // namespace

class ProtectionRulesTest : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreAccepted() {
        QVERIFY(protectionProblems(ProtectionSettings{}).isEmpty());
        QVERIFY(protectionWarnings(ProtectionSettings{}).isEmpty());
    }

    void aBurstBelowTheSteadyRateIsWarnedAbout() {
        ProtectionSettings s;
        s.perSecond = 20;
        s.burst = 5;
        QVERIFY(protectionProblems(s).isEmpty()); // the server accepts it
        const auto warnings = protectionWarnings(s);
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(QStringLiteral("burst (5)")));
        s.burst = 20;
        QVERIFY(protectionWarnings(s).isEmpty());
        s.perSecond = 0; // no rate limit: no burst to speak of
        s.burst = 1;
        QVERIFY(protectionWarnings(s).isEmpty());
    }

    void rangesAtTheirEdges() {
        ProtectionSettings s;
        s.perSecond = 0; // off
        s.maxInFlight = 0;
        s.burst = 1'000'000;
        s.passSeconds = 3600;
        s.p99MsHigh = 60'000;
        QVERIFY(protectionProblems(s).isEmpty());

        s.burst = 0;
        s.perSecond = 1'000'001;
        s.passSeconds = 3601;
        s.admitPerMinute = 0;
        s.secondsBeforeOn = 0;
        const auto problems = protectionProblems(s);
        QCOMPARE(
            problems.keys(),
            QList<ProtectionField>({ProtectionField::PerSecond, ProtectionField::Burst,
                                    ProtectionField::AdmitPerMinute, ProtectionField::PassSeconds,
                                    ProtectionField::SecondsBeforeOn}));
        QVERIFY2(problems.value(ProtectionField::Burst).startsWith("Enter 1 to 1"),
                 qPrintable(problems.value(ProtectionField::Burst)));
    }

    void lowBelowHigh() {
        ProtectionSettings s;
        s.p99MsLow = s.p99MsHigh;
        QCOMPARE(protectionProblems(s).keys(), QList<ProtectionField>({ProtectionField::P99MsLow}));
        s.p99MsLow = s.p99MsHigh - 1;
        s.inFlightLow = s.inFlightHigh;
        QCOMPARE(protectionProblems(s).keys(),
                 QList<ProtectionField>({ProtectionField::InFlightLow}));
        s.inFlightHigh = 0; // not watched: the low one does not matter
        QVERIFY(protectionProblems(s).isEmpty());
        // An out-of-range high one is its own problem, not the low one's.
        s.p99MsHigh = 0;
        QCOMPARE(protectionProblems(s).keys(),
                 QList<ProtectionField>({ProtectionField::P99MsHigh}));
    }

    void trustedProxies() {
        ProtectionSettings s;
        s.trustedProxies = {"10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1"};
        QVERIFY(protectionProblems(s).isEmpty());
        for (const auto* bad : {"my router", "10.0.0.0/33", "300.1.1.1", ""}) {
            s.trustedProxies = {QString::fromLatin1(bad)};
            QVERIFY2(protectionProblems(s).contains(ProtectionField::TrustedProxies), bad);
        }
        s.trustedProxies.clear();
        for (int i = 0; i < 65; ++i)
            s.trustedProxies << QStringLiteral("10.0.0.%1").arg(i);
        QVERIFY(protectionProblems(s).contains(ProtectionField::TrustedProxies));
    }

    void featureOrder() {
        ProtectionSettings s;
        s.featureOrder = {};
        QVERIFY(protectionProblems(s).isEmpty()); // nothing switched off automatically
        s.featureOrder = {"search", "search"};
        QVERIFY(protectionProblems(s).contains(ProtectionField::FeatureOrder));
        s.featureOrder = {"teleport"};
        QVERIFY(protectionProblems(s).contains(ProtectionField::FeatureOrder));
    }

    void changeHoldsOnlyWhatDiffers() {
        const ProtectionSettings before;
        QVERIFY(protectionChange(before, before).isEmpty());
        auto after = before;
        after.burst = 90;
        after.waitingRoomEnabled = true;
        after.featureOrder = {"search"};
        const auto change = protectionChange(before, after);
        ProtectionChange expected;
        expected.burst = 90;
        expected.waitingRoomEnabled = true;
        expected.featureOrder = QStringList{"search"};
        QVERIFY(change == expected);
    }

    void historyRates() {
        ProtectionHistory history;
        QVERIFY(!history.rateLimitedPerSecond());
        QVERIFY(!history.admittedLastMinute());
        history.add(start, counts(10, 0, 5, 3));
        QVERIFY(!history.shedPerSecond()); // one reading is no rate
        history.add(start.addSecs(2), counts(30, 4, 6, 2));
        QCOMPARE(history.points().size(), 2);
        QCOMPARE(history.points().last().rateLimitedPerSecond, 10.0);
        QCOMPARE(history.points().last().shedPerSecond, 2.0);
        QCOMPARE(*history.rateLimitedPerSecond(), 10.0);
        QCOMPARE(*history.admittedLastMinute(), 1);
        QCOMPARE(history.latest().waitingRoom.waiting, 2);

        // The read-out averages the last five seconds; the minute counts what was let in.
        for (int s = 3; s <= 70; ++s)
            history.add(start.addSecs(s), counts(30 + (s - 2) * 3, 4, 6 + (s - 2), 2));
        QCOMPARE(*history.rateLimitedPerSecond(), 3.0);
        QCOMPARE(*history.shedPerSecond(), 0.0);
        QCOMPARE(*history.admittedLastMinute(), 60);
    }

    void historyStartsOverWhenCountersGoBack() {
        ProtectionHistory history;
        history.add(start, counts(100, 10, 50));
        history.add(start.addSecs(1), counts(120, 10, 50));
        history.add(start.addSecs(1), counts(500, 10, 50)); // not after the newest: ignored
        QCOMPARE(history.points().size(), 2);
        history.add(start.addSecs(2), counts(1, 0, 0)); // a restarted server
        QCOMPARE(history.points().size(), 1);
        QVERIFY(!history.rateLimitedPerSecond());
    }

    void historyKeepsOnlyItsSpan() {
        ProtectionHistory history(std::chrono::seconds(60));
        for (int s = 0; s <= 120; ++s)
            history.add(start.addSecs(s), counts(s, 0, 0));
        QCOMPARE(history.points().first().at, start.addSecs(60));
        QCOMPARE(history.points().size(), 61);
    }
};

QTEST_GUILESS_MAIN(ProtectionRulesTest)
#include "test_protection_rules.moc"
