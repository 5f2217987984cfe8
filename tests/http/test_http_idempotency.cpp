// Idempotency-Key on POST /api/checkout against a real topcoatd: retries (sequential,
// parallel, and across a restart) return the one order and sell once.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QtTest>
#include <latch>
#include <thread>

using namespace topcoat::test;

namespace {

std::map<std::string, std::string> keyed(const std::string& key) {
    return {{"Idempotency-Key", key}};
}

std::string orderIdOf(const HttpResult& result) {
    return result.status == 201 ? result.json()->getValue<std::string>("order_id") : std::string();
}

} // namespace

class IdempotencyTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void sequentialRetries() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "IDEM", 250, 10);
        const auto ordersBefore = allOrders(admin).size();
        auto client = server_.storefront();
        const auto body = checkoutBody(sku, 2, "ana@example.com");
        const auto first = client.post("/api/checkout", body, keyed("retry-1-" + sku));
        EXPECT_STATUS(first, 201);
        for (int retry = 0; retry < 3; ++retry) {
            auto fresh = server_.storefront(); // as a client would after a lost response
            const auto again = fresh.post("/api/checkout", body, keyed("retry-1-" + sku));
            EXPECT_STATUS(again, 201);
            QCOMPARE(orderIdOf(again), orderIdOf(first));
            QCOMPARE(again.json()->getValue<std::string>("created_at"),
                     first.json()->getValue<std::string>("created_at"));
        }
        QCOMPARE(stockOf(admin, sku), 8);
        QCOMPARE(allOrders(admin).size(), ordersBefore + 1);

        // Without a key, or with another key, the same body is a new order.
        const auto other = client.post("/api/checkout", body, keyed("retry-2-" + sku));
        EXPECT_STATUS(other, 201);
        QVERIFY(orderIdOf(other) != orderIdOf(first));
        QCOMPARE(stockOf(admin, sku), 6);
    }

    void keyReusedWithAnotherBody() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "REUSE", 250, 10);
        const auto otherSku = createFreshProduct(admin, "REUSE", 250, 10);
        auto client = server_.storefront();
        const auto key = keyed("reuse-" + sku);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com"), key),
                      201);
        const auto before = shopState(admin);
        for (const auto& body :
             {checkoutBody(sku, 2, "ana@example.com"), checkoutBody(otherSku, 1, "ana@example.com"),
              checkoutBody(sku, 1, "bo@example.com")})
            EXPECT_API_ERROR(client.post("/api/checkout", body, key), 422,
                             "idempotency_key_reused");
        QCOMPARE(shopState(admin), before);
    }

    void invalidKeys_data() {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("65 characters") << QByteArray(65, 'k');
        QTest::newRow("control character") << QByteArray("key\x01value");
        QTest::newRow("tab inside") << QByteArray("key\tvalue");
        QTest::newRow("DEL") << QByteArray("key\x7f");
    }
    void invalidKeys() {
        QFETCH(QByteArray, key);
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "BADKEY", 100, 5);
        const auto before = shopState(admin);
        auto client = server_.storefront();
        EXPECT_API_ERROR(
            client.post("/api/checkout", checkoutBody(sku, 1), keyed(key.toStdString())), 400,
            "invalid_request");
        QCOMPARE(shopState(admin), before);
    }

    void longestValidKey() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "LONGKEY", 100, 5);
        auto client = server_.storefront();
        const auto key = keyed(std::string(63, 'k') + "~");
        const auto first = client.post("/api/checkout", checkoutBody(sku, 1), key);
        EXPECT_STATUS(first, 201);
        QCOMPARE(orderIdOf(client.post("/api/checkout", checkoutBody(sku, 1), key)),
                 orderIdOf(first));
        QCOMPARE(stockOf(admin, sku), 4);
    }

    void parallelRetries() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "PAR", 100, 100);
        const auto ordersBefore = allOrders(admin).size();
        constexpr int threads = 16;
        const auto body = checkoutBody(sku, 3, "ana@example.com");
        const auto key = "parallel-" + sku;
        std::vector<HttpResult> results(threads);
        std::vector<std::string> failures(threads);
        std::latch ready(threads);
        std::vector<std::thread> workers;
        for (int i = 0; i < threads; ++i)
            workers.emplace_back([&, i] {
                auto client = server_.storefront();
                ready.arrive_and_wait(); // all at once, to race inside the server
                try {
                    results[i] = client.post("/api/checkout", body, keyed(key));
                } catch (const std::exception& error) {
                    failures[i] = error.what();
                }
            });
        for (auto& worker : workers)
            worker.join();
        const auto id = orderIdOf(results[0]);
        for (int i = 0; i < threads; ++i) {
            QVERIFY2(failures[i].empty(), failures[i].c_str());
            EXPECT_STATUS(results[i], 201);
            QCOMPARE(orderIdOf(results[i]), id);
        }
        QCOMPARE(stockOf(admin, sku), 97);
        QCOMPARE(allOrders(admin).size(), ordersBefore + 1);
    }

    // Run last: restarts the server.
    void survivesRestart() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "RESTART", 100, 10);
        const auto body = checkoutBody(sku, 2, "ana@example.com");
        const auto key = keyed("restart-" + sku);
        auto client = server_.storefront();
        const auto first = client.post("/api/checkout", body, key);
        EXPECT_STATUS(first, 201);

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restartedAdmin = server_.admin();
        auto restarted = server_.storefront();
        const auto again = restarted.post("/api/checkout", body, key);
        EXPECT_STATUS(again, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(stockOf(restartedAdmin, sku), 8);
        EXPECT_API_ERROR(restarted.post("/api/checkout", checkoutBody(sku, 1), key), 422,
                         "idempotency_key_reused");
        QCOMPARE(stockOf(restartedAdmin, sku), 8);
    }
};

QTEST_GUILESS_MAIN(IdempotencyTest)
#include "test_http_idempotency.moc"
