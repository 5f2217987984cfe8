// AutoDegrader: features go off one at a time in order under sustained load and come back last
// first once it has stayed calm, with a dead band between the thresholds; only in automatic
// mode, never overriding the owner, and every flip on the timeline. One reading a second.

#include "server/core/AutoDegrader.h"

#include <QtTest>
#include <algorithm>

using namespace topcoat;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

// Against the default settings: p99 250/100 ms, in flight 400/100, 3 s off, 15 s on.
constexpr LoadReading kSlow{300, 10};
constexpr LoadReading kCrowded{50, 401};
constexpr LoadReading kMiddling{150, 50};
constexpr LoadReading kCalm{50, 10};

const DegradationCause kOwner{kStart, "owner", "test"};

// By name, in the order of allFeatures, so a failure reads as words.
QStringList names(std::initializer_list<Feature> features) {
    QStringList list;
    for (const auto feature : allFeatures)
        if (std::find(features.begin(), features.end(), feature) != features.end())
            list << QString::fromUtf8(toString(feature).data(), toString(feature).size());
    return list;
}

} // namespace

class TestAutoDegrader : public QObject {
    Q_OBJECT

private slots:
    void init();

    void idleWhileAutomaticIsOff();
    void sustainedLoadSwitchesOffInOrder();
    void inFlightAboveHighCountsAsOver();
    void overMustBeConsecutive();
    void betweenThresholdsNeitherOffNorOn();
    void calmBringsBackLastSwitchedOffFirst();
    void calmNeedsBothLows();
    void leavesOwnersSwitchesAlone();
    void skipsWhatTheOwnerAlreadyBroughtBack();
    void ownersLaterSwitchOffIsKept();
    void everyFlipIsOnTheTimeline();
    void turningAutomaticOffStopsIt();
    void configuredOrderAndSpans();

private:
    // Feeds `reading` `seconds` times, one a second from the current time on.
    void feed(const LoadReading& reading, int seconds);
    QStringList off() const;
    std::size_t autoFlips() const;

    std::unique_ptr<Degradation> degradation_;
    std::unique_ptr<AutoDegrader> degrader_;
    TimePoint now_;
};

void TestAutoDegrader::init() {
    degradation_ = std::make_unique<Degradation>();
    degrader_ = std::make_unique<AutoDegrader>(*degradation_);
    now_ = kStart;
    degradation_->setAutomatic(true, kOwner);
}

void TestAutoDegrader::feed(const LoadReading& reading, int seconds) {
    for (int i = 0; i < seconds; ++i) {
        now_ += 1s;
        degrader_->observe(reading, now_);
    }
}

QStringList TestAutoDegrader::off() const {
    QStringList list;
    for (const auto feature : degradation_->disabledFeatures())
        list << QString::fromUtf8(toString(feature).data(), toString(feature).size());
    return list;
}

std::size_t TestAutoDegrader::autoFlips() const {
    std::size_t count = 0;
    for (const auto& change : degradation_->history())
        count += change.cause.source == "auto" ? 1 : 0;
    return count;
}

void TestAutoDegrader::idleWhileAutomaticIsOff() {
    degradation_->setAutomatic(false, kOwner);
    feed(kSlow, 100);
    feed(kCrowded, 100);
    QVERIFY(off().empty());
    QCOMPARE(autoFlips(), 0u);
    QCOMPARE(degradation_->history().size(), 2u); // automatic on, then off: nothing else
}

void TestAutoDegrader::sustainedLoadSwitchesOffInOrder() {
    using enum Feature;
    feed(kSlow, 2);
    QVERIFY(off().empty());
    feed(kSlow, 1);
    QCOMPARE(off(), names({Recommendations}));
    feed(kSlow, 2);
    QCOMPARE(off(), names({Recommendations})); // the next waits as long again
    feed(kSlow, 1);
    QCOMPARE(off(), names({Reviews, Recommendations}));
    feed(kSlow, 3);
    QVERIFY(!degradation_->enabled(Search));
    QVERIFY(degradation_->enabled(Wishlists));
    feed(kSlow, 3);
    QCOMPARE(std::size_t(off().size()), allFeatures.size());
    feed(kSlow, 30); // nothing left to switch off
    QCOMPARE(autoFlips(), 4u);
}

void TestAutoDegrader::inFlightAboveHighCountsAsOver() {
    feed({50, 400}, 10); // at the threshold is not above it
    QVERIFY(off().empty());
    feed(kCrowded, 3);
    QCOMPARE(off(), names({Feature::Recommendations}));

    // With in-flight not watched (0), any number in flight is neither over nor in the way.
    auto settings = degrader_->settings();
    settings.inFlightHigh = 0;
    degrader_->configure(settings);
    QCOMPARE(degrader_->settings().inFlightHigh, 0);
    feed({50, 100'000}, 14);
    QCOMPARE(off(), names({Feature::Recommendations}));
    feed({50, 100'000}, 1); // and, p99 being calm, it counts as calm
    QVERIFY(off().empty());
}

void TestAutoDegrader::overMustBeConsecutive() {
    for (int round = 0; round < 10; ++round) {
        feed(kSlow, 2);
        feed(round % 2 ? kMiddling : kCalm, 1);
    }
    feed({250, 10}, 10); // at the p99 threshold is not above it
    QVERIFY(off().empty());
    feed(kSlow, 1);
    feed(kCrowded, 2); // either threshold, as long as one is crossed each second
    QCOMPARE(off(), names({Feature::Recommendations}));
}

void TestAutoDegrader::betweenThresholdsNeitherOffNorOn() {
    feed(kSlow, 3);
    QCOMPARE(off(), names({Feature::Recommendations}));
    feed(kMiddling, 200);
    feed({100, 10}, 50);  // at the p99 low is not under it
    feed({50, 100}, 50);  // nor at the in-flight low
    feed({250, 399}, 50); // up to both highs
    QCOMPARE(off(), names({Feature::Recommendations}));
    QCOMPARE(autoFlips(), 1u);
}

void TestAutoDegrader::calmBringsBackLastSwitchedOffFirst() {
    using enum Feature;
    feed(kSlow, 9);
    QCOMPARE(off(), names({Reviews, Recommendations, Search}));
    feed(kCalm, 14);
    QCOMPARE(off().size(), 3);
    feed(kCalm, 1);
    QCOMPARE(off(), names({Reviews, Recommendations}));
    feed(kCalm, 14);
    QCOMPARE(off(), names({Reviews, Recommendations})); // the next waits as long again
    feed(kCalm, 1);
    QCOMPARE(off(), names({Recommendations}));
    feed(kCalm, 15);
    QVERIFY(off().empty());
    feed(kCalm, 100);
    QCOMPARE(autoFlips(), 6u);
}

void TestAutoDegrader::calmNeedsBothLows() {
    feed(kSlow, 3);
    for (int round = 0; round < 5; ++round) {
        feed(kCalm, 14);
        feed(round % 2 ? LoadReading{50, 150} : kMiddling, 1); // one of the two not low enough
    }
    QCOMPARE(off(), names({Feature::Recommendations}));
    feed(kCalm, 15);
    QVERIFY(off().empty());
}

// What the owner switched off by hand is not the controller's: it skips it going down and
// never brings it back.
void TestAutoDegrader::leavesOwnersSwitchesAlone() {
    using enum Feature;
    degradation_->setEnabled(Recommendations, false, kOwner);
    feed(kSlow, 3);
    QCOMPARE(off(), names({Reviews, Recommendations}));
    feed(kSlow, 3);
    QCOMPARE(off(), names({Reviews, Recommendations, Search}));
    feed(kCalm, 200);
    QCOMPARE(off(), names({Recommendations}));
    QCOMPARE(autoFlips(), 4u);
}

// The owner brought one back by hand meanwhile: the controller does not count it and brings
// back the one before it instead, at the same moment.
void TestAutoDegrader::skipsWhatTheOwnerAlreadyBroughtBack() {
    using enum Feature;
    feed(kSlow, 6);
    QCOMPARE(off(), names({Reviews, Recommendations}));
    degradation_->setEnabled(Reviews, true, kOwner);
    feed(kCalm, 15);
    QVERIFY(off().empty());
    const auto last = degradation_->history().back();
    QCOMPARE(last.subject, "recommendations");
    QVERIFY(last.enabled);
    QCOMPARE(last.cause.source, "auto");
}

// The controller switched it off, then the owner switched it on and off again by hand: the
// last word was the owner's, which the controller should not override.
void TestAutoDegrader::ownersLaterSwitchOffIsKept() {
    using enum Feature;
    feed(kSlow, 3);
    degradation_->setEnabled(Recommendations, true, kOwner);
    degradation_->setEnabled(Recommendations, false, kOwner);
    feed(kCalm, 100);
    QCOMPARE(off(), names({Recommendations}));
}

void TestAutoDegrader::everyFlipIsOnTheTimeline() {
    feed(kSlow, 2);
    feed({310, 7}, 1);
    const auto offAt = now_;
    feed(kCalm, 14);
    feed({42, 3}, 1);
    const auto onAt = now_;

    const auto history = degradation_->history();
    QCOMPARE(history.size(), 3u);
    QCOMPARE(history[0].subject, "auto"); // the owner turning automatic mode on
    QCOMPARE(history[0].cause.source, "owner");

    const auto& down = history[1];
    QCOMPARE(down.subject, "recommendations");
    QVERIFY(!down.enabled);
    QCOMPARE(down.cause.source, "auto");
    QVERIFY(down.cause.at == offAt);
    QVERIFY2(down.cause.reason.find("p99 310 ms") != std::string::npos &&
                 down.cause.reason.find("7 in flight") != std::string::npos,
             down.cause.reason.c_str());

    const auto& up = history[2];
    QCOMPARE(up.subject, "recommendations");
    QVERIFY(up.enabled);
    QCOMPARE(up.cause.source, "auto");
    QVERIFY(up.cause.at == onAt);
    QVERIFY2(up.cause.reason.find("p99 42 ms") != std::string::npos &&
                 up.cause.reason.find("3 in flight") != std::string::npos,
             up.cause.reason.c_str());
    QVERIFY(up.cause.reason != down.cause.reason);
}

void TestAutoDegrader::turningAutomaticOffStopsIt() {
    using enum Feature;
    feed(kSlow, 3);
    QCOMPARE(off(), names({Recommendations}));
    feed(kSlow, 2);
    degradation_->setAutomatic(false, kOwner);
    feed(kSlow, 100);
    QCOMPARE(off(), names({Recommendations}));
    feed(kCalm, 100);
    QCOMPARE(off(), names({Recommendations})); // the owner's to bring back now
    QCOMPARE(autoFlips(), 1u);

    // Back on: the two slow seconds before the pause do not count, and what was switched off
    // before is not its own to bring back.
    degradation_->setAutomatic(true, kOwner);
    feed(kSlow, 2);
    QCOMPARE(off(), names({Recommendations}));
    feed(kSlow, 1);
    QCOMPARE(off(), names({Reviews, Recommendations}));
    feed(kCalm, 100);
    QCOMPARE(off(), names({Recommendations}));
}

void TestAutoDegrader::configuredOrderAndSpans() {
    using enum Feature;
    AutoDegradationSettings settings;
    settings.secondsBeforeOff = 1;
    settings.secondsBeforeOn = 2;
    settings.order = {Search, Wishlists};
    degrader_->configure(settings);
    QCOMPARE(degrader_->settings(), settings);
    feed(kSlow, 1);
    QCOMPARE(off(), names({Search}));
    feed(kSlow, 10);
    QCOMPARE(off(), names({Search, Wishlists})); // the others are not in the order
    feed(kCalm, 1);
    QCOMPARE(off().size(), 2);
    feed(kCalm, 1);
    QCOMPARE(off(), names({Search}));

    // Reconfiguring starts the count again.
    feed(kCalm, 1);
    settings.secondsBeforeOn = 2;
    degrader_->configure(settings);
    feed(kCalm, 1);
    QCOMPARE(off(), names({Search}));
    feed(kCalm, 1);
    QVERIFY(off().empty());
}

QTEST_APPLESS_MAIN(TestAutoDegrader)
#include "test_auto_degrader.moc"
