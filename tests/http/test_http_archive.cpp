// Archived products (API.md, "Additions to the admin API") against a real topcoatd: gone from
// the storefront's list, detail, stock and checkout, refused in new sales, kept with their
// orders for the owner, back on sale when unarchived, and the same after a restart.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <QtTest>

using namespace std::chrono_literals;
using namespace topcoat::test;

namespace {

bool listedInStorefront(HttpClient& storefront, const std::string& sku) {
    const auto products = storefront.get("/api/products").json()->getArray("products");
    for (unsigned i = 0; i < products->size(); ++i)
        if (products->getObject(i)->getValue<std::string>("sku") == sku)
            return true;
    return false;
}

Poco::JSON::Object::Ptr adminProduct(HttpClient& admin, const std::string& sku) {
    const auto products = admin.get("/admin/products").json()->getArray("products");
    for (unsigned i = 0; i < products->size(); ++i)
        if (products->getObject(i)->getValue<std::string>("sku") == sku)
            return products->getObject(i);
    return nullptr;
}

// A sale edit that replaces its items with one of `sku`.
std::string itemsBody(const std::string& sku) {
    return "{\"items\":[{\"sku\":\"" + sku + "\",\"sale_price_cents\":400}]}";
}

std::string archivedBody(bool archived) {
    return archived ? R"({"archived":true})" : R"({"archived":false})";
}

} // namespace

class ArchiveTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void archivedProductLeavesTheStorefrontButNotItsOrders() {
        auto admin = server_.admin();
        auto storefront = server_.storefront();
        const auto sku = createFreshProduct(admin, "ARC", 1500, 10);
        const auto bought = storefront.post("/api/checkout", checkoutBody(sku, 2));
        EXPECT_STATUS(bought, 201);
        const auto orderId = bought.json()->getValue<std::string>("order_id");
        QVERIFY(listedInStorefront(storefront, sku));
        QCOMPARE(adminProduct(admin, sku)->getValue<bool>("archived"), false);

        const auto archived = admin.put("/admin/products/" + sku, archivedBody(true));
        EXPECT_API_RESPONSE(archived, 200);
        QCOMPARE(archived.json()->getValue<bool>("archived"), true);
        QCOMPARE(archived.json()->getValue<std::int64_t>("stock"), 8); // the stock stays

        QVERIFY(!listedInStorefront(storefront, sku));
        EXPECT_API_ERROR(storefront.get("/api/products/" + sku), 404, "unknown_sku");
        QVERIFY(!storefront.get("/api/stock").json()->getObject("stock")->has(sku));
        const auto refused = storefront.post("/api/checkout", checkoutBody(sku, 1));
        EXPECT_API_ERROR(refused, 404, "unknown_sku");
        QVERIFY(refused.body.find("no longer sold") != std::string::npos);
        QCOMPARE(stockOf(admin, sku), 8); // nothing taken by the refused checkout

        // The owner still sees it, and the old order still names it.
        const auto listed = adminProduct(admin, sku);
        QVERIFY(listed);
        QCOMPARE(listed->getValue<bool>("archived"), true);
        QCOMPARE(listed->getValue<std::int64_t>("sold"), 2);
        const auto order = storefront.get("/api/orders/" + orderId);
        EXPECT_STATUS(order, 200);
        QCOMPARE(order.json()->getValue<std::string>("sku"), sku);

        const auto back = admin.put("/admin/products/" + sku, archivedBody(false));
        EXPECT_API_RESPONSE(back, 200);
        QCOMPARE(back.json()->getValue<bool>("archived"), false);
        QVERIFY(listedInStorefront(storefront, sku));
        EXPECT_STATUS(storefront.post("/api/checkout", checkoutBody(sku, 1)), 201);
    }

    void archivedProductCannotGoOnSale() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ARS", 1000, 10);
        const auto other = createFreshProduct(admin, "ARS", 1000, 10);
        EXPECT_STATUS(admin.put("/admin/products/" + sku, archivedBody(true)), 200);
        EXPECT_API_ERROR(admin.post("/admin/sales", saleBody("Archived", rfc3339FromNow(1h),
                                                             rfc3339FromNow(2h), 1, {{sku, 500}})),
                         409, "product_archived");
        // Nor added to a scheduled sale by an edit.
        const auto sale =
            createSale(admin, "Other", rfc3339FromNow(1h), rfc3339FromNow(2h), 1, {{other, 500}});
        const auto id = std::to_string(sale->getValue<std::int64_t>("id"));
        EXPECT_API_ERROR(admin.put("/admin/sales/" + id, itemsBody(sku)), 409, "product_archived");
    }

    void productOnSaleCannotBeArchived() {
        auto admin = server_.admin();
        const auto scheduled = createFreshProduct(admin, "ARQ", 1000, 10);
        const auto live = createFreshProduct(admin, "ARQ", 1000, 10);
        createSale(admin, "Soon", rfc3339FromNow(1h), rfc3339FromNow(2h), 1, {{scheduled, 500}});
        createLiveSale(admin, 1, {{live, 500}});
        for (const auto& sku : {scheduled, live}) {
            const auto refused = admin.put("/admin/products/" + sku, archivedBody(true));
            EXPECT_API_ERROR(refused, 409, "sku_on_sale");
            QCOMPARE(adminProduct(admin, sku)->getValue<bool>("archived"), false);
        }
        // Unarchiving what is not archived is a no-op, not an error.
        EXPECT_STATUS(admin.put("/admin/products/" + live, archivedBody(false)), 200);
    }

    void archivedMustBeABoolean() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ARB", 1000, 1);
        for (const auto* body :
             {R"({"archived":1})", R"({"archived":"true"})", R"({"archived":null})"})
            EXPECT_API_ERROR(admin.put("/admin/products/" + sku, body), 400, "invalid_request");
        QCOMPARE(adminProduct(admin, sku)->getValue<bool>("archived"), false);
    }

    void archivingOutlivesARestart() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ARR", 1000, 3);
        const auto kept = createFreshProduct(admin, "ARR", 1000, 3);
        EXPECT_STATUS(admin.put("/admin/products/" + sku, archivedBody(true)), 200);
        // Renaming an archived product keeps it archived.
        EXPECT_STATUS(admin.put("/admin/products/" + sku, R"({"name":"Retired"})"), 200);
        EXPECT_STATUS(admin.put("/admin/products/" + kept, archivedBody(true)), 200);
        EXPECT_STATUS(admin.put("/admin/products/" + kept, archivedBody(false)), 200);
        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));

        auto again = server_.admin();
        auto storefront = server_.storefront();
        const auto archived = adminProduct(again, sku);
        QVERIFY(archived);
        QCOMPARE(archived->getValue<bool>("archived"), true);
        QCOMPARE(archived->getValue<std::string>("name"), std::string("Retired"));
        QCOMPARE(archived->getValue<std::int64_t>("stock"), 3);
        QVERIFY(!listedInStorefront(storefront, sku));
        QCOMPARE(adminProduct(again, kept)->getValue<bool>("archived"), false);
        QVERIFY(listedInStorefront(storefront, kept));
    }
};

QTEST_GUILESS_MAIN(ArchiveTest)
#include "test_http_archive.moc"
