// ShopFollower: a nudge reads the change count at once rather than at the next beat, a count
// that did not move reloads nothing, a failing read is tried again, and stop() waits for a
// reload in progress.

#include "server/ShopFollower.h"

#include <QtTest>
#include <atomic>
#include <chrono>
#include <stdexcept>

using topcoat::ShopFollower;
using namespace std::chrono_literals;

namespace {

// A beat long enough that nothing in these tests happens on it.
constexpr auto never = std::chrono::hours(1);

struct Shop {
    std::atomic<std::int64_t> count{0};
    std::atomic<int> reads{0};
    std::atomic<int> reloads{0};
    std::atomic<bool> failing{false};

    ShopFollower::ReadCount reader() {
        return [this] {
            ++reads;
            if (failing)
                throw std::runtime_error("database away");
            return count.load();
        };
    }
    ShopFollower::Reload reloader() {
        return [this] {
            ++reloads;
        };
    }
};

} // namespace

class TestShopFollower : public QObject {
    Q_OBJECT

private slots:
    void aNudgeReadsTheCountAtOnce() {
        Shop shop;
        ShopFollower follower(0, shop.reader(), shop.reloader(), never);
        follower.nudge();
        QTRY_COMPARE(shop.reads.load(), 1);
        QCOMPARE(shop.reloads.load(), 0); // unchanged: nothing to reload

        shop.count = 1;
        follower.nudge();
        QTRY_COMPARE(shop.reloads.load(), 1);
        QCOMPARE(shop.reads.load(), 2);
    }

    void theBeatReadsWithoutANudge() {
        Shop shop;
        shop.count = 5;
        ShopFollower follower(0, shop.reader(), shop.reloader(), 20ms);
        QTRY_COMPARE(shop.reloads.load(), 1);
        QTRY_VERIFY(shop.reads.load() >= 3);
        QCOMPARE(shop.reloads.load(), 1); // it matches count 5 since
    }

    void aFailedReadIsTriedAgain() {
        Shop shop;
        shop.failing = true;
        shop.count = 1;
        ShopFollower follower(0, shop.reader(), shop.reloader(), never);
        follower.nudge();
        QTRY_COMPARE(shop.reads.load(), 1);
        QCOMPARE(shop.reloads.load(), 0);
        shop.failing = false;
        follower.nudge();
        QTRY_COMPARE(shop.reloads.load(), 1);
    }

    void stopWaitsForTheReloadInProgress() {
        Shop shop;
        shop.count = 1;
        std::atomic<bool> inReload{false};
        std::atomic<bool> release{false};
        std::atomic<bool> finished{false};
        ShopFollower follower(
            0, shop.reader(),
            [&] {
                inReload = true;
                while (!release)
                    std::this_thread::yield();
                finished = true;
            },
            never);
        follower.nudge();
        QTRY_VERIFY(inReload.load());
        std::thread releaser([&] {
            std::this_thread::sleep_for(50ms); // let stop() start waiting
            release = true;
        });
        follower.stop();
        QVERIFY(finished.load());
        releaser.join();
    }
};

QTEST_GUILESS_MAIN(TestShopFollower)
#include "test_shop_follower.moc"
