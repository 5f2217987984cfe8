// Many clients at once against a real topcoatd: a sell-out never oversells, every 201 is an
// order, and SIGTERM under load exits 0 with every confirmed order still there afterwards.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QDeadlineTimer>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

using namespace topcoat::test;

namespace {

constexpr int threadCount = 16;

// What one client thread saw: the orders it was promised and every other answer.
struct Tally {
    std::vector<std::string> orderIds;
    std::int64_t unitsConfirmed = 0;
    std::map<std::string, int> refusals; // "409 sold_out" -> count
    std::string failure;                 // an exception, if the connection broke
};

std::string outcome(const HttpResult& result) {
    return std::to_string(result.status) + " " + result.errorCode();
}

// Ordered SKU's orders in /admin/orders, by id.
std::set<std::string> orderIdsFor(HttpClient& admin, const std::string& sku,
                                  std::int64_t* units = nullptr) {
    std::set<std::string> ids;
    for (const auto& order : allOrders(admin))
        if (order->getValue<std::string>("sku") == sku) {
            ids.insert(order->getValue<std::string>("order_id"));
            if (units)
                *units += order->getValue<std::int64_t>("quantity");
        }
    return ids;
}

// Runs body(0..count-1) on as many threads, released together so they race.
void inParallel(int count, const std::function<void(int)>& body) {
    std::latch ready(count);
    std::vector<std::thread> workers;
    for (int i = 0; i < count; ++i)
        workers.emplace_back([&, i] {
            ready.arrive_and_wait();
            body(i);
        });
    for (auto& worker : workers)
        worker.join();
}

} // namespace

class ConcurrencyTest : public ServerTestCase {
    Q_OBJECT

private slots:
    // Each thread buys `quantity` until that is sold out, then single units until those are.
    void sellOut_data() {
        QTest::addColumn<int>("maxQuantity");
        QTest::newRow("one at a time") << 1;
        QTest::newRow("one to three at a time") << 3;
    }
    void sellOut() {
        QFETCH(int, maxQuantity);
        constexpr std::int64_t stock = 50;
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "RUSH", 100, stock);
        std::vector<Tally> tallies(threadCount);
        inParallel(threadCount, [&](int t) {
            auto& tally = tallies[t];
            auto client = server_.storefront();
            const auto customer = "buyer" + std::to_string(t) + "@example.com";
            int quantity = 1 + t % maxQuantity;
            try {
                for (;;) {
                    const auto result =
                        client.post("/api/checkout", checkoutBody(sku, quantity, customer));
                    if (result.status == 201) {
                        tally.orderIds.push_back(result.json()->getValue<std::string>("order_id"));
                        tally.unitsConfirmed += quantity;
                        continue;
                    }
                    ++tally.refusals[outcome(result)];
                    if (result.status != 409 || quantity == 1)
                        break;
                    quantity = 1;
                }
            } catch (const std::exception& error) {
                tally.failure = error.what();
            }
        });

        std::set<std::string> confirmed;
        std::int64_t units = 0;
        for (const auto& tally : tallies) {
            QVERIFY2(tally.failure.empty(), tally.failure.c_str());
            for (const auto& [what, count] : tally.refusals)
                QVERIFY2(what == "409 sold_out", qPrintable(QString::fromStdString(what)));
            confirmed.insert(tally.orderIds.begin(), tally.orderIds.end());
            units += tally.unitsConfirmed;
        }
        // Exactly the stock sold: never more, and nothing left behind by a lost race.
        QCOMPARE(units, stock);
        QCOMPARE(stockOf(admin, sku), 0);
        std::int64_t unitsInOrders = 0;
        QCOMPARE(orderIdsFor(admin, sku, &unitsInOrders), confirmed);
        QCOMPARE(unitsInOrders, stock);
    }

    // One customer on many connections at once still gets only the sale's limit.
    void limitHoldsUnderRace() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "GREEDY", 1000, 100);
        createLiveSale(admin, 3, {{sku, 500}});
        std::vector<Tally> tallies(threadCount);
        inParallel(threadCount, [&](int t) {
            auto client = server_.storefront();
            // The same address however it is written.
            const auto customer = t % 2 ? "Greedy@Example.com" : "greedy@example.com";
            try {
                for (int attempt = 0; attempt < 3; ++attempt) {
                    const auto result =
                        client.post("/api/checkout", checkoutBody(sku, 1, customer));
                    if (result.status == 201)
                        tallies[t].orderIds.push_back(
                            result.json()->getValue<std::string>("order_id"));
                    else
                        ++tallies[t].refusals[outcome(result)];
                }
            } catch (const std::exception& error) {
                tallies[t].failure = error.what();
            }
        });
        std::size_t confirmed = 0;
        for (const auto& tally : tallies) {
            QVERIFY2(tally.failure.empty(), tally.failure.c_str());
            for (const auto& [what, count] : tally.refusals)
                QVERIFY2(what == "429 purchase_limit_reached", what.c_str());
            confirmed += tally.orderIds.size();
        }
        QCOMPARE(confirmed, std::size_t(3));
        QCOMPARE(stockOf(admin, sku), 97);
    }

    // Write-offs racing checkouts: together they take exactly the stock, never more.
    void writeOffsRaceCheckouts() {
        constexpr std::int64_t stock = 200;
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "WRITEOFF", 100, stock);
        std::vector<Tally> tallies(threadCount);
        std::int64_t writtenOff = 0;
        std::string writeOffFailure;
        inParallel(threadCount + 1, [&](int t) {
            try {
                if (t == threadCount) { // the stock keeper: 3 units at a time, then 1 at a time
                    auto keeper = server_.admin();
                    for (std::int64_t units = 3; units > 0;) {
                        const auto result =
                            keeper.post("/admin/products/" + sku + "/restock",
                                        "{\"quantity\":" + std::to_string(-units) + "}");
                        if (result.status == 200) {
                            writtenOff += units;
                        } else if (result.errorCode() == "insufficient_stock") {
                            --units;
                        } else {
                            writeOffFailure = describe(result).toStdString();
                            return;
                        }
                    }
                    return;
                }
                auto client = server_.storefront();
                const auto customer = "race" + std::to_string(t) + "@example.com";
                for (;;) {
                    const auto result =
                        client.post("/api/checkout", checkoutBody(sku, 1, customer));
                    if (result.status != 201) {
                        ++tallies[t].refusals[outcome(result)];
                        return;
                    }
                    tallies[t].unitsConfirmed += 1;
                }
            } catch (const std::exception& error) {
                (t == threadCount ? writeOffFailure : tallies[t].failure) = error.what();
            }
        });
        QVERIFY2(writeOffFailure.empty(), writeOffFailure.c_str());
        std::int64_t sold = 0;
        for (const auto& tally : tallies) {
            QVERIFY2(tally.failure.empty(), tally.failure.c_str());
            for (const auto& [what, count] : tally.refusals)
                QVERIFY2(what == "409 sold_out", what.c_str());
            sold += tally.unitsConfirmed;
        }
        QCOMPARE(sold + writtenOff, stock);
        QCOMPARE(stockOf(admin, sku), 0);
    }

    // Run last: stops the server under load and restarts it on the same data.
    void gracefulShutdownKeepsEveryOrder() {
        auto admin = server_.admin();
        constexpr std::int64_t stock = 1'000'000;
        const auto sku = createFreshProduct(admin, "DRAIN", 100, stock);

        std::atomic<bool> stop{false};
        std::atomic<int> confirmedSoFar{0};
        std::vector<Tally> tallies(threadCount);
        std::vector<std::thread> workers;
        for (int t = 0; t < threadCount; ++t)
            workers.emplace_back([&, t] {
                auto& tally = tallies[t];
                auto client = server_.storefront();
                const auto customer = "drain" + std::to_string(t) + "@example.com";
                // Runs until the server goes away under it (or, failing that, until told).
                while (!stop.load()) {
                    try {
                        const auto result =
                            client.post("/api/checkout", checkoutBody(sku, 1, customer));
                        if (result.status == 201) {
                            tally.orderIds.push_back(
                                result.json()->getValue<std::string>("order_id"));
                            ++confirmedSoFar;
                        } else {
                            ++tally.refusals[outcome(result)];
                        }
                    } catch (const std::exception& error) {
                        tally.failure = error.what();
                        return;
                    }
                }
            });

        // Let the load build up before pulling the plug.
        const QDeadlineTimer deadline(60000);
        while (confirmedSoFar.load() < 300 && !deadline.hasExpired())
            QThread::msleep(5);
        const int exitCode = server_.stop();
        stop = true;
        for (auto& worker : workers)
            worker.join();
        QVERIFY2(confirmedSoFar.load() >= 300, "the load never got going");
        QCOMPARE(exitCode, 0);

        std::set<std::string> confirmed;
        for (const auto& tally : tallies) {
            confirmed.insert(tally.orderIds.begin(), tally.orderIds.end());
            // While draining the server may refuse with 503, but never fail or misjudge.
            for (const auto& [what, count] : tally.refusals)
                QVERIFY2(what.starts_with("503"), qPrintable(QString::fromStdString(what)));
        }

        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        std::int64_t units = 0;
        const auto stored = orderIdsFor(restarted, sku, &units);
        for (const auto& id : confirmed)
            QVERIFY2(stored.count(id), ("confirmed order lost: " + id).c_str());
        // Orders whose response was cut off may exist too; stock must account for all of them.
        QVERIFY(stored.size() >= confirmed.size());
        qInfo("%zu orders confirmed to clients before the stop, %zu stored", confirmed.size(),
              stored.size());
        QCOMPARE(stockOf(restarted, sku), stock - units);
        auto client = server_.storefront();
        EXPECT_STATUS(client.get("/api/orders/" + *confirmed.begin()), 200);
    }
};

QTEST_GUILESS_MAIN(ConcurrencyTest)
#include "test_http_concurrency.moc"
