// GET /api/stock of server/API.md against a real topcoatd: the units available per SKU and the
// degraded features, a new version (and ETag) after every checkout, restock or switch, and a
// bodiless 304 for a poller whose copy is still current.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QtTest>

using namespace topcoat::test;

namespace {

std::int64_t stockIn(const HttpResult& result, const std::string& sku) {
    const auto stock = result.json()->getObject("stock");
    return stock && stock->has(sku) ? stock->getValue<std::int64_t>(sku) : -1;
}

std::vector<std::string> degradedIn(const HttpResult& result) {
    std::vector<std::string> features;
    const auto list = result.json()->getArray("degraded");
    for (std::size_t i = 0; list && i < list->size(); ++i)
        features.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
    return features;
}

} // namespace

class StockTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void shapeAndEtag() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "STOCK", 1000, 12);
        auto client = server_.storefront();
        const auto result = client.get("/api/stock");
        EXPECT_API_RESPONSE(result, 200);
        TOPCOAT_VERIFY_EMPTY(missingKeys(result.json(), {"version", "stock", "degraded"}));
        QCOMPARE(stockIn(result, sku), 12);
        QVERIFY(degradedIn(result).empty());
        QCOMPARE(result.header("etag"),
                 "\"" + result.json()->getValue<std::string>("version") + "\"");
        QCOMPARE(result.header("cache-control"), std::string("no-cache"));
    }

    void unchangedIs304() {
        auto client = server_.storefront();
        const auto first = client.get("/api/stock");
        const auto etag = first.header("etag");
        const auto again = client.get("/api/stock", {{"If-None-Match", etag}});
        QVERIFY2(again.status == 304, qPrintable(describe(again)));
        QVERIFY(again.body.empty());
        QCOMPARE(again.header("etag"), etag);
        QCOMPARE(again.header("content-length"), std::string());
        QCOMPARE(client.get("/api/stock", {{"If-None-Match", "\"stale\""}}).status, 200);
    }

    void checkoutChangesStockAndVersion() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "STOCK", 1000, 12);
        auto client = server_.storefront();
        const auto before = client.get("/api/stock");
        QCOMPARE(stockIn(before, sku), 12);

        EXPECT_API_RESPONSE(client.post("/api/checkout", checkoutBody(sku, 5)), 201);
        // The poller's copy is out of date: a full answer, not a 304.
        const auto after = client.get("/api/stock", {{"If-None-Match", before.header("etag")}});
        EXPECT_API_RESPONSE(after, 200);
        QCOMPARE(stockIn(after, sku), 7);
        QVERIFY(after.header("etag") != before.header("etag"));
        QVERIFY(after.json()->getValue<std::string>("version") !=
                before.json()->getValue<std::string>("version"));
        QCOMPARE(client.get("/api/stock", {{"If-None-Match", after.header("etag")}}).status, 304);

        // A sold-out refusal takes nothing, so the version stands.
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 8)), 409, "sold_out");
        QCOMPARE(client.get("/api/stock", {{"If-None-Match", after.header("etag")}}).status, 304);

        const auto restocked =
            admin.post("/admin/products/" + sku + "/restock", "{\"quantity\":3}");
        EXPECT_API_RESPONSE(restocked, 200);
        const auto latest = client.get("/api/stock", {{"If-None-Match", after.header("etag")}});
        QCOMPARE(latest.status, 200);
        QCOMPARE(stockIn(latest, sku), 10);
    }

    void newProductsAppear() {
        auto client = server_.storefront();
        const auto before = client.get("/api/stock");
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "STOCK", 1000, 4);
        const auto after = client.get("/api/stock", {{"If-None-Match", before.header("etag")}});
        QCOMPARE(after.status, 200);
        QCOMPARE(stockIn(after, sku), 4);
        QVERIFY(after.json()->getValue<std::string>("catalog_version") !=
                before.json()->getValue<std::string>("catalog_version"));
    }

    void degradedFeaturesAreListed() {
        auto client = server_.storefront();
        auto admin = server_.admin();
        const auto before = client.get("/api/stock");
        EXPECT_API_RESPONSE(admin.put("/admin/degradation",
                                      "{\"features\":{\"wishlists\":false,\"search\":false}}"),
                            200);
        const auto degraded = client.get("/api/stock", {{"If-None-Match", before.header("etag")}});
        QCOMPARE(degraded.status, 200);
        auto features = degradedIn(degraded);
        std::sort(features.begin(), features.end());
        QCOMPARE(features, (std::vector<std::string>{"search", "wishlists"}));

        EXPECT_API_RESPONSE(
            admin.put("/admin/degradation", "{\"features\":{\"wishlists\":true,\"search\":true}}"),
            200);
        const auto restored =
            client.get("/api/stock", {{"If-None-Match", degraded.header("etag")}});
        QCOMPARE(restored.status, 200);
        QVERIFY(degradedIn(restored).empty());
    }

    void onlyGet() {
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.post("/api/stock", "{}"), 405, "method_not_allowed");
        EXPECT_API_ERROR(client.get("/api/stock/NP-001"), 404, "not_found");
    }
};

QTEST_GUILESS_MAIN(StockTest)
#include "test_http_stock.moc"
