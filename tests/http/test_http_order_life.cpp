// An order's life through the admin API (API.md, "An order's life") against a real topcoatd:
// staff fulfil, cancel and refund; a cancelled order's units go back on sale and its
// customer may buy again under the sale's limit, exactly once however many requests race; a
// refund puts the units back only when staff say so; every move is in the history with who
// made it; moves that do not exist are refused and change nothing; and after a restart the
// stock is rebuilt with the returned units counted back.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QtTest>
#include <thread>

using namespace topcoat::test;

namespace {

struct Levels {
    std::int64_t available = -1, sold = -1, stocked = -1;
    bool operator==(const Levels&) const = default;
};

Levels levelsOf(HttpClient& admin, const std::string& sku) {
    const auto product = productBySku(admin, sku);
    if (!product)
        return {};
    return {product->getValue<std::int64_t>("stock"), product->getValue<std::int64_t>("sold"),
            product->getValue<std::int64_t>("stocked")};
}

std::string buy(HttpClient& customer, const std::string& sku, std::int64_t quantity,
                const std::string& who) {
    const auto placed = customer.post("/api/checkout", checkoutBody(sku, quantity, who));
    if (placed.status != 201)
        return {};
    return placed.json()->getValue<std::string>("order_id");
}

std::string statusPath(const std::string& orderId) {
    return "/admin/orders/" + orderId + "/status";
}

std::string statusOf(HttpClient& admin, const std::string& orderId) {
    const auto found = admin.get("/admin/orders/" + orderId);
    return found.status == 200 ? found.json()->getObject("order")->getValue<std::string>("status")
                               : std::string();
}

} // namespace

class OrderLifeTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void cancelGivesTheUnitsAndTheLimitBack() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "OLC", 1500, 10);
        const auto sale = createLiveSale(admin, 2, {{sku, 900}});
        QVERIFY(sale);
        const auto saleId = sale->getValue<std::int64_t>("id");
        const auto order = buy(customer, sku, 2, "ana@example.com");
        QVERIFY(!order.empty());
        EXPECT_API_ERROR(customer.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com")),
                         429, "purchase_limit_reached");
        QCOMPARE(levelsOf(admin, sku), (Levels{8, 2, 10}));

        const auto cancelled =
            admin.post(statusPath(order), R"({"status":"cancelled","by":"Mia","note":"asked"})");
        EXPECT_API_RESPONSE(cancelled, 200);
        const auto body = cancelled.json();
        QCOMPARE(body->getObject("order")->getValue<std::string>("status"), "cancelled");
        QCOMPARE(body->getValue<bool>("units_returned"), true);
        const auto history = body->getArray("history");
        QCOMPARE(history->size(), std::size_t{1});
        QCOMPARE(history->getObject(0)->getValue<std::string>("status"), "cancelled");
        QCOMPARE(history->getObject(0)->getValue<std::string>("by"), "Mia");
        QCOMPARE(history->getObject(0)->getValue<std::string>("note"), "asked");
        QVERIFY(!history->getObject(0)->getValue<std::string>("at").empty());

        QCOMPARE(levelsOf(admin, sku), (Levels{10, 0, 10}));
        QCOMPARE(saleById(admin, saleId)
                     ->getArray("items")
                     ->getObject(0)
                     ->getValue<std::int64_t>("sold"),
                 0);
        // The customer's count under the limit came back with the units.
        QVERIFY(!buy(customer, sku, 2, "ana@example.com").empty());
        // The public view of the order says so too.
        QCOMPARE(customer.get("/api/orders/" + order).json()->getValue<std::string>("status"),
                 "cancelled");
    }

    void theLifeOfAnOrderGoesOneWay() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "OLW", 1500, 10);
        const auto order = buy(customer, sku, 1, "bo@example.com");
        QVERIFY(!order.empty());
        QCOMPARE(statusOf(admin, order), "confirmed");
        // A confirmed order is not paid through a provider: it cannot be refunded before it is
        // fulfilled.
        EXPECT_API_ERROR(admin.post(statusPath(order), R"({"status":"refunded","restock":true})"),
                         409, "invalid_transition");
        EXPECT_API_RESPONSE(admin.post(statusPath(order), R"({"status":"fulfilled"})"), 200);
        EXPECT_API_ERROR(admin.post(statusPath(order), R"({"status":"fulfilled"})"), 409,
                         "invalid_transition");
        EXPECT_API_ERROR(admin.post(statusPath(order), R"({"status":"cancelled"})"), 409,
                         "invalid_transition");
        QCOMPARE(levelsOf(admin, sku), (Levels{9, 1, 10}));
        // A refund without restocking leaves the unit sold (it never came back)...
        EXPECT_API_RESPONSE(
            admin.post(statusPath(order), R"({"status":"refunded","restock":false})"), 200);
        QCOMPARE(levelsOf(admin, sku), (Levels{9, 1, 10}));
        EXPECT_API_ERROR(admin.post(statusPath(order), R"({"status":"cancelled"})"), 409,
                         "invalid_transition");
        const auto history = admin.get("/admin/orders/" + order).json()->getArray("history");
        QCOMPARE(history->size(), std::size_t{2});
        QCOMPARE(history->getObject(0)->getValue<std::string>("status"), "fulfilled");
        QCOMPARE(history->getObject(0)->getValue<std::string>("by"), "staff");
        QCOMPARE(history->getObject(1)->getValue<std::string>("status"), "refunded");
        QCOMPARE(history->getObject(1)->getValue<bool>("units_returned"), false);

        // ...and with restocking the units go back on sale.
        const auto second = buy(customer, sku, 3, "cy@example.com");
        EXPECT_STATUS(admin.post(statusPath(second), R"({"status":"fulfilled"})"), 200);
        EXPECT_STATUS(admin.post(statusPath(second), R"({"status":"refunded","restock":true})"),
                      200);
        QCOMPARE(levelsOf(admin, sku), (Levels{9, 1, 10}));
    }

    void badRequestsChangeNothing() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "OLB", 1500, 10);
        const auto order = buy(customer, sku, 1, "di@example.com");
        QVERIFY(!order.empty());
        for (const auto* body : {
                 R"({})",
                 R"({"status":"paid"})",    // only the provider says so
                 R"({"status":"expired"})", // only the hold's clock says so
                 R"({"status":"confirmed"})",
                 R"({"status":"CANCELLED"})",
                 R"({"status":7})",
                 R"({"status":"refunded"})", // a refund says whether to restock
                 R"({"status":"cancelled","restock":true})",
                 R"({"status":"refunded","restock":"yes"})",
                 R"({"status":"cancelled","by":""})",
                 R"({"status":"cancelled","note":"a\u0007b"})",
                 R"([1])",
                 R"(not json)",
             })
            EXPECT_API_ERROR(admin.post(statusPath(order), body), 400, "invalid_request");
        EXPECT_API_ERROR(admin.post(statusPath(order), "{\"status\":\"cancelled\",\"by\":\"" +
                                                           std::string(65, 'x') + "\"}"),
                         400, "invalid_request");
        EXPECT_API_ERROR(admin.post(statusPath("NO-SUCH-ORDER"), R"({"status":"cancelled"})"), 404,
                         "unknown_order");
        EXPECT_API_ERROR(admin.get("/admin/orders/NO-SUCH-ORDER"), 404, "unknown_order");
        EXPECT_API_ERROR(admin.get("/admin/orders/" + std::string(300, 'x')), 404, "unknown_order");
        QCOMPARE(statusOf(admin, order), "confirmed");
        QCOMPARE(levelsOf(admin, sku), (Levels{9, 1, 10}));
        QCOMPARE(admin.get("/admin/orders/" + order).json()->getArray("history")->size(),
                 std::size_t{0});
    }

    void racingCancelsReturnTheUnitsOnce() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "OLR", 1500, 10);
        const auto order = buy(customer, sku, 4, "ed@example.com");
        QVERIFY(!order.empty());
        constexpr int racers = 8;
        std::vector<int> statuses(racers);
        std::vector<std::thread> threads;
        for (int i = 0; i < racers; ++i)
            threads.emplace_back([&, i] {
                auto client = server_.admin();
                statuses[i] = client.post(statusPath(order), R"({"status":"cancelled"})").status;
            });
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(std::count(statuses.begin(), statuses.end(), 200), 1);
        QCOMPARE(std::count(statuses.begin(), statuses.end(), 409), racers - 1);
        QCOMPARE(levelsOf(admin, sku), (Levels{10, 0, 10}));
        QCOMPARE(admin.get("/admin/orders/" + order).json()->getArray("history")->size(),
                 std::size_t{1});
    }

    void aRestartCountsReturnedUnitsBack() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "OLS", 1500, 10);
        QVERIFY(createLiveSale(admin, 3, {{sku, 900}}));
        const auto kept = buy(customer, sku, 2, "fa@example.com");
        const auto cancelled = buy(customer, sku, 1, "fa@example.com");
        QVERIFY(!kept.empty() && !cancelled.empty());
        EXPECT_STATUS(admin.post(statusPath(cancelled), R"({"status":"cancelled"})"), 200);
        const auto before = levelsOf(admin, sku);
        QCOMPARE(before, (Levels{8, 2, 10}));

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        QCOMPARE(restarted.put("/admin/protection", unlimitedProtection).status, 200);
        QCOMPARE(levelsOf(restarted, sku), before);
        QCOMPARE(statusOf(restarted, cancelled), "cancelled");
        // fa@ holds 2 of the limit of 3: one more, not two.
        auto again = server_.storefront();
        EXPECT_API_ERROR(again.post("/api/checkout", checkoutBody(sku, 2, "fa@example.com")), 429,
                         "purchase_limit_reached");
        QVERIFY(!buy(again, sku, 1, "fa@example.com").empty());
    }
};

QTEST_GUILESS_MAIN(OrderLifeTest)
#include "test_http_order_life.moc"
