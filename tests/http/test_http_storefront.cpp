// The public storefront routes of API.md against a real topcoatd: health, products, sales,
// checkout outcomes and order look-up, with the API header on every response.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <QDeadlineTimer>
#include <QThread>
#include <QtTest>
#include <sstream>

using namespace std::chrono_literals;
using namespace topcoat::test;

namespace {

Poco::JSON::Object::Ptr findBySku(const Poco::JSON::Array::Ptr& list, const std::string& sku) {
    for (std::size_t i = 0; list && i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        if (item && item->getValue<std::string>("sku") == sku)
            return item;
    }
    return nullptr;
}

Poco::JSON::Object::Ptr findSale(const Poco::JSON::Array::Ptr& sales, std::int64_t id) {
    for (std::size_t i = 0; sales && i < sales->size(); ++i) {
        const auto sale = sales->getObject(static_cast<unsigned>(i));
        if (sale->getValue<std::int64_t>("id") == id)
            return sale;
    }
    return nullptr;
}

} // namespace

class StorefrontTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void healthAndReadiness() {
        auto client = server_.storefront();
        for (const char* path : {"/healthz", "/readyz"}) {
            const auto result = client.get(path);
            EXPECT_API_RESPONSE(result, 200);
            QCOMPARE(result.json()->getValue<std::string>("status"), std::string("ok"));
        }
    }

    void productListShape() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "LIST", 1250, 7, "#112233");
        auto client = server_.storefront();
        const auto result = client.get("/api/products");
        EXPECT_API_RESPONSE(result, 200);
        const auto product = findBySku(result.json()->getArray("products"), sku);
        QVERIFY2(product, qPrintable(describe(result)));
        TOPCOAT_VERIFY_EMPTY(missingKeys(product, productKeys()));
        QCOMPARE(product->getValue<std::string>("name"), "Polish " + sku);
        QCOMPARE(product->getValue<std::string>("shade_hex"), std::string("#112233"));
        QCOMPARE(product->getValue<std::int64_t>("price_cents"), 1250);
        QCOMPARE(product->getValue<std::int64_t>("stock"), 7);
        // Not on sale: both sale fields are present and null.
        QVERIFY(product->isNull("sale_price_cents"));
        QVERIFY(product->isNull("sale_id"));
    }

    void productDetail() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "DETAIL", 990, 3, "#0a0b0c");
        // The same unusual shade makes the twin the closest recommendation there can be.
        const auto twin = createFreshProduct(admin, "DETAIL", 990, 3, "#0a0b0c");
        // As close, but nothing left to recommend.
        const auto soldOut = createFreshProduct(admin, "DETAIL", 990, 0, "#0a0b0c");
        auto client = server_.storefront();
        const auto result = client.get("/api/products/" + sku);
        EXPECT_API_RESPONSE(result, 200);
        const auto detail = result.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(detail, productKeys()));
        QCOMPARE(detail->getValue<std::string>("sku"), sku);
        QCOMPARE(detail->getValue<std::int64_t>("stock"), 3);
        QVERIFY2(detail->getArray("reviews"), "reviews is not an array");
        const auto recommendations = detail->getArray("recommendations");
        QVERIFY2(recommendations, "recommendations is not an array");
        QVERIFY2(!findBySku(recommendations, sku), "a product recommends itself");
        QVERIFY2(!findBySku(recommendations, soldOut), "a sold-out product is recommended");
        const auto recommended = findBySku(recommendations, twin);
        QVERIFY2(recommended, qPrintable(describe(result)));
        TOPCOAT_VERIFY_EMPTY(missingKeys(recommended, productKeys()));
    }

    void unknownProduct() {
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.get("/api/products/NO-SUCH-SKU-42"), 404, "unknown_sku");
        // Not even a valid SKU: still just an unknown product, not a server error.
        EXPECT_API_ERROR(client.get("/api/products/not%20a%20sku"), 404, "unknown_sku");
    }

    void currentSalesAreLiveAndUpcoming() {
        auto admin = server_.admin();
        const auto liveSku = freshSku("SALE"), nextSku = freshSku("SALE");
        const auto endingSku = freshSku("SALE"), cancelledSku = freshSku("SALE");
        for (const auto& sku : {liveSku, nextSku, endingSku, cancelledSku})
            createProduct(admin, sku, 1000, 10);
        const auto live = createLiveSale(admin, 3, {{liveSku, 500}});
        const auto next =
            admin.post("/admin/sales", saleBody("Later", rfc3339FromNow(24h), rfc3339FromNow(25h),
                                                3, {{nextSku, 500}}));
        EXPECT_STATUS(next, 201);
        // Ends within two seconds, so that it can be watched reaching "ended".
        const auto ending =
            admin.post("/admin/sales", saleBody("Short", rfc3339FromNow(-1h), rfc3339FromNow(2s), 3,
                                                {{endingSku, 500}}));
        EXPECT_STATUS(ending, 201);
        const auto cancelled = createLiveSale(admin, 3, {{cancelledSku, 500}});
        const auto cancelledId = cancelled->getValue<std::int64_t>("id");
        EXPECT_STATUS(admin.del("/admin/sales/" + std::to_string(cancelledId)), 200);
        const auto endingId = ending.json()->getValue<std::int64_t>("id");

        const QDeadlineTimer deadline(15000);
        for (;;) {
            const auto sales = admin.get("/admin/sales").json()->getArray("sales");
            const auto sale = findSale(sales, endingId);
            QVERIFY(sale);
            if (sale->getValue<std::string>("state") == "ended")
                break;
            QVERIFY2(!deadline.hasExpired(), "the short sale never ended");
            QThread::msleep(50);
        }

        auto client = server_.storefront();
        const auto result = client.get("/api/sales/current");
        EXPECT_API_RESPONSE(result, 200);
        const auto sales = result.json()->getArray("sales");
        const auto liveSale = findSale(sales, live->getValue<std::int64_t>("id"));
        const auto nextSale = findSale(sales, next.json()->getValue<std::int64_t>("id"));
        QVERIFY2(liveSale, qPrintable(describe(result)));
        QVERIFY2(nextSale, qPrintable(describe(result)));
        TOPCOAT_VERIFY_EMPTY(missingKeys(liveSale, saleKeys()));
        QCOMPARE(liveSale->getValue<std::string>("state"), std::string("live"));
        QCOMPARE(nextSale->getValue<std::string>("state"), std::string("scheduled"));
        QVERIFY2(!findSale(sales, endingId), "an ended sale is listed as current");
        QVERIFY2(!findSale(sales, cancelledId), "a cancelled sale is listed as current");

        // Only a live sale changes the price: not one still to come, ended or cancelled.
        for (const auto& sku : {nextSku, endingSku, cancelledSku}) {
            const auto product = client.get("/api/products/" + sku).json();
            QVERIFY2(product->isNull("sale_price_cents") && product->isNull("sale_id"),
                     sku.c_str());
        }
        const auto regular = client.post("/api/checkout", checkoutBody(endingSku, 1));
        EXPECT_STATUS(regular, 201);
        QCOMPARE(regular.json()->getValue<std::int64_t>("unit_price_cents"), 1000);
        QVERIFY(regular.json()->isNull("sale_id"));
    }

    void checkoutConfirmsAnOrder() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "BUY", 799, 10);
        auto client = server_.storefront();
        const auto result = client.post("/api/checkout", checkoutBody(sku, 3, "ana@example.com"));
        EXPECT_API_RESPONSE(result, 201);
        const auto order = result.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(order, orderKeys()));
        // Opaque and unguessable: not a counter, and long enough to carry real randomness.
        const auto orderId = order->getValue<std::string>("order_id");
        QVERIFY2(orderId.size() >= 16, orderId.c_str());
        QVERIFY2(orderId.find_first_not_of("0123456789") != std::string::npos, orderId.c_str());
        QCOMPARE(order->getValue<std::string>("sku"), sku);
        QCOMPARE(order->getValue<std::int64_t>("quantity"), 3);
        QCOMPARE(order->getValue<std::int64_t>("unit_price_cents"), 799);
        QCOMPARE(order->getValue<std::int64_t>("total_cents"), 3 * 799);
        QCOMPARE(order->getValue<std::string>("customer"), std::string("ana@example.com"));
        QCOMPARE(order->getValue<std::string>("status"), std::string("confirmed"));
        QVERIFY2(isRfc3339Utc(order->getValue<std::string>("created_at")),
                 qPrintable(describe(result)));
        QVERIFY(order->isNull("sale_id"));
        QCOMPARE(stockOf(admin, sku), 7);

        // The order reads back the same, member for member.
        const auto id = order->getValue<std::string>("order_id");
        const auto found = client.get("/api/orders/" + id);
        EXPECT_API_RESPONSE(found, 200);
        std::ostringstream placed, readBack;
        order->stringify(placed);
        found.json()->stringify(readBack);
        QCOMPARE(readBack.str(), placed.str());

        // Two orders never share an id.
        const auto second = client.post("/api/checkout", checkoutBody(sku, 1, "bo@example.com"));
        EXPECT_STATUS(second, 201);
        QVERIFY(second.json()->getValue<std::string>("order_id") != id);
    }

    void unknownOrder() {
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.get("/api/orders/no-such-order"), 404, "unknown_order");
        EXPECT_API_ERROR(client.get("/api/orders/" + std::string(300, 'x')), 404, "unknown_order");
    }

    void checkoutUnknownSku() {
        auto admin = server_.admin();
        const auto before = allOrders(admin).size();
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(freshSku("GHOST"), 1)), 404,
                         "unknown_sku");
        QCOMPARE(allOrders(admin).size(), before);
    }

    void soldOutTakesNothing() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "SOLD", 500, 3);
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 4)), 409, "sold_out");
        QCOMPARE(stockOf(admin, sku), 3);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 3)), 201);
        QCOMPARE(stockOf(admin, sku), 0);
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 1)), 409, "sold_out");
        QCOMPARE(stockOf(admin, sku), 0);
    }

    void liveSalePriceAndLimit() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "LIMIT", 1000, 100);
        const auto other = createFreshProduct(admin, "LIMIT", 2000, 100);
        const auto plain = createFreshProduct(admin, "LIMIT", 300, 100);
        const auto sale = createLiveSale(admin, 2, {{sku, 600}, {other, 1500}});
        const auto saleId = sale->getValue<std::int64_t>("id");

        auto client = server_.storefront();
        const auto detail = client.get("/api/products/" + sku).json();
        QCOMPARE(detail->getValue<std::int64_t>("sale_price_cents"), 600);
        QCOMPARE(detail->getValue<std::int64_t>("sale_id"), saleId);
        QCOMPARE(detail->getValue<std::int64_t>("price_cents"), 1000);
        const auto listed =
            findBySku(client.get("/api/products").json()->getArray("products"), sku);
        QVERIFY(listed);
        QCOMPARE(listed->getValue<std::int64_t>("sale_price_cents"), 600);
        QCOMPARE(listed->getValue<std::int64_t>("sale_id"), saleId);

        // More than the limit in one order is refused outright.
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 3, "ana@example.com")), 429,
                         "purchase_limit_reached");
        const auto first = client.post("/api/checkout", checkoutBody(sku, 1, "Ana@Example.com"));
        EXPECT_STATUS(first, 201);
        QCOMPARE(first.json()->getValue<std::int64_t>("unit_price_cents"), 600);
        QCOMPARE(first.json()->getValue<std::int64_t>("total_cents"), 600);
        QCOMPARE(first.json()->getValue<std::int64_t>("sale_id"), saleId);
        // 1 + 2 > 2, whatever the case of the address.
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 2, "ana@example.com")), 429,
                         "purchase_limit_reached");
        QCOMPARE(stockOf(admin, sku), 99);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 1, "ANA@EXAMPLE.COM")), 201);
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com")), 429,
                         "purchase_limit_reached");
        QCOMPARE(stockOf(admin, sku), 98);
        // The limit is per customer and per SKU; products outside the sale have none.
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 2, "bo@example.com")), 201);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(other, 2, "ana@example.com")), 201);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(plain, 5, "ana@example.com")), 201);
        QCOMPARE(stockOf(admin, sku), 96);
        QCOMPARE(stockOf(admin, other), 98);
        QCOMPARE(stockOf(admin, plain), 95);
    }

    // The product list may be cached, but never shows a product as it was before a change.
    void productListIsFresh() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "FRESH", 1000, 10);
        auto client = server_.storefront();
        const auto listed = [&] {
            return findBySku(client.get("/api/products").json()->getArray("products"), sku);
        };
        QCOMPARE(listed()->getValue<std::int64_t>("stock"), 10);
        EXPECT_STATUS(admin.put("/admin/products/" + sku, "{\"price_cents\":900}"), 200);
        QCOMPARE(listed()->getValue<std::int64_t>("price_cents"), 900);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 2)), 201);
        QCOMPARE(listed()->getValue<std::int64_t>("stock"), 8);
        EXPECT_STATUS(admin.post("/admin/products/" + sku + "/restock", "{\"quantity\":5}"), 200);
        QCOMPARE(listed()->getValue<std::int64_t>("stock"), 13);
        const auto sale = createLiveSale(admin, 5, {{sku, 700}});
        QCOMPARE(listed()->getValue<std::int64_t>("sale_price_cents"), 700);
        EXPECT_STATUS(
            admin.del("/admin/sales/" + std::to_string(sale->getValue<std::int64_t>("id"))), 200);
        QVERIFY(listed()->isNull("sale_price_cents"));
    }

    // Errors, unknown paths and wrong methods carry the API header and JSON too.
    void everyResponseCarriesTheApiHeader() {
        auto client = server_.storefront();
        const std::vector<std::pair<std::string, std::string>> requests = {
            {"GET", "/healthz"},           {"GET", "/readyz"},
            {"GET", "/api/products"},      {"GET", "/api/products/NO-SUCH"},
            {"GET", "/api/sales/current"}, {"GET", "/api/orders/nope"},
            {"POST", "/api/checkout"},     {"GET", "/no/such/path"},
            {"DELETE", "/api/products"},   {"GET", "/api/checkout"}};
        for (const auto& [method, path] : requests) {
            const auto result = client.request(method, path, method == "POST" ? "{}" : "");
            QVERIFY2(result.status < 500, qPrintable(describe(result)));
            TOPCOAT_VERIFY_EMPTY(headerMismatch(result));
        }
        auto admin = server_.anonymousAdmin();
        TOPCOAT_VERIFY_EMPTY(headerMismatch(admin.get("/admin/status")));
    }

    // Run last: restarts the server. What a customer bought counts after a restart too.
    void purchaseLimitSurvivesRestart() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "KEEP", 1000, 10);
        createLiveSale(admin, 2, {{sku, 500}});
        auto client = server_.storefront();
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 2, "ana@example.com")), 201);
        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.storefront();
        EXPECT_API_ERROR(restarted.post("/api/checkout", checkoutBody(sku, 1, "ANA@example.com")),
                         429, "purchase_limit_reached");
        EXPECT_STATUS(restarted.post("/api/checkout", checkoutBody(sku, 1, "bo@example.com")), 201);
        auto restartedAdmin = server_.admin();
        QCOMPARE(stockOf(restartedAdmin, sku), 7);
    }
};

QTEST_GUILESS_MAIN(StorefrontTest)
#include "test_http_storefront.moc"
