// PUT /admin/sales/{id} against a real topcoatd: a scheduled sale edited field by field and
// whole, kept across a restart, refused once live, ended or cancelled, checked for overlaps
// with other sales but never with itself. (Bad bodies: test_http_bad_input; 401:
// test_http_admin.)

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <QDeadlineTimer>
#include <QThread>
#include <QtTest>
#include <sstream>

using namespace std::chrono_literals;
using namespace topcoat::test;

namespace {

std::string salePath(std::int64_t id) {
    return "/admin/sales/" + std::to_string(id);
}

std::int64_t idOf(const Poco::JSON::Object::Ptr& sale) {
    return sale->getValue<std::int64_t>("id");
}

using Items = std::vector<std::pair<std::string, std::int64_t>>;

// A body of only these string fields, e.g. {"ends_at":"…"}.
std::string fieldsBody(std::initializer_list<std::pair<const char*, std::string>> fields) {
    Poco::JSON::Object body;
    for (const auto& [name, value] : fields)
        body.set(name, value);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

// (sku, sale_price_cents) of every item, in the order listed.
Items itemsOf(const Poco::JSON::Object::Ptr& sale) {
    Items items;
    const auto list = sale->getArray("items");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        items.emplace_back(item->getValue<std::string>("sku"),
                           item->getValue<std::int64_t>("sale_price_cents"));
    }
    return items;
}

} // namespace

class SaleEditTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void editsOneFieldAndKeepsTheRest() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ED1", 1000, 10);
        const auto startsAt = rfc3339FromNow(2h), endsAt = rfc3339FromNow(3h);
        const auto id = idOf(createSale(admin, "Draft", startsAt, endsAt, 2, {{sku, 600}}));

        const auto renamed = admin.put(salePath(id), fieldsBody({{"name", "Holo Hour"}}));
        EXPECT_API_RESPONSE(renamed, 200);
        const auto sale = renamed.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(sale, saleKeys()));
        QCOMPARE(idOf(sale), id);
        QCOMPARE(sale->getValue<std::string>("name"), std::string("Holo Hour"));
        QCOMPARE(sale->getValue<std::string>("starts_at"), startsAt);
        QCOMPARE(sale->getValue<std::string>("ends_at"), endsAt);
        QCOMPARE(sale->getValue<std::string>("state"), std::string("scheduled"));
        QCOMPARE(sale->getValue<std::int64_t>("per_customer_limit"), 2);
        QCOMPARE(itemsOf(sale), (Items{{sku, 600}}));
        // The list says the same, and still holds one sale under that id.
        const auto listed = saleById(admin, id);
        QVERIFY(listed);
        QCOMPARE(listed->getValue<std::string>("name"), std::string("Holo Hour"));
        QCOMPARE(itemsOf(listed), itemsOf(sale));
    }

    void editsEveryFieldAndReplacesTheItems() {
        auto admin = server_.admin();
        const auto first = createFreshProduct(admin, "ED2", 1000, 10);
        const auto second = createFreshProduct(admin, "ED2", 2000, 10);
        const auto id = idOf(
            createSale(admin, "Before", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{first, 600}}));

        const auto startsAt = rfc3339FromNow(5h), endsAt = rfc3339FromNow(7h);
        const auto edited = admin.put(
            salePath(id), saleBody("After", startsAt, endsAt, 5, {{second, 1500}, {first, 550}}));
        EXPECT_API_RESPONSE(edited, 200);
        const auto sale = edited.json();
        QCOMPARE(sale->getValue<std::string>("name"), std::string("After"));
        QCOMPARE(sale->getValue<std::string>("starts_at"), startsAt);
        QCOMPARE(sale->getValue<std::string>("ends_at"), endsAt);
        QCOMPARE(sale->getValue<std::int64_t>("per_customer_limit"), 5);
        const Items items = {{second, 1500}, {first, 550}};
        QCOMPARE(itemsOf(sale), items);
        QCOMPARE(itemsOf(saleById(admin, id)), items);

        // An item list without a SKU drops it from the sale.
        const auto fewer = admin.put(salePath(id), saleItemsBody({{second, 1200}}));
        EXPECT_STATUS(fewer, 200);
        QCOMPARE(itemsOf(fewer.json()), (Items{{second, 1200}}));
        auto client = server_.storefront();
        const auto current = client.get("/api/sales/current").json()->getArray("sales");
        bool found = false;
        for (std::size_t i = 0; current && i < current->size(); ++i)
            if (idOf(current->getObject(static_cast<unsigned>(i))) == id) {
                found = true;
                QCOMPARE(current->getObject(static_cast<unsigned>(i))->getArray("items")->size(),
                         std::size_t(1));
            }
        QVERIFY2(found, "the edited sale is not among the storefront's current sales");
    }

    // Moved to a start already passed, the sale is live at once, at its edited price.
    void editThatStartsItNowSellsAtTheNewPrice() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ED3", 1000, 10);
        const auto id = idOf(
            createSale(admin, "Soon", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{sku, 700}}));
        const auto started = admin.put(salePath(id), saleBody("Soon", rfc3339FromNow(-1min),
                                                              rfc3339FromNow(3h), 2, {{sku, 450}}));
        EXPECT_STATUS(started, 200);
        QCOMPARE(started.json()->getValue<std::string>("state"), std::string("live"));
        auto client = server_.storefront();
        const auto order = client.post("/api/checkout", checkoutBody(sku, 1));
        EXPECT_STATUS(order, 201);
        QCOMPARE(order.json()->getValue<std::int64_t>("unit_price_cents"), 450);
        QCOMPARE(order.json()->getValue<std::int64_t>("sale_id"), id);
        // Live now, so no further edit.
        EXPECT_API_ERROR(admin.put(salePath(id), fieldsBody({{"name", "Too late"}})), 409,
                         "sale_not_editable");
    }

    void liveSaleIsNotEditable() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "LIVE", 1000, 10);
        const auto id = idOf(createLiveSale(admin, 2, {{sku, 500}}));
        const auto before = shopState(admin);
        const auto refused = admin.put(salePath(id), saleBody("Changed", rfc3339FromNow(2h),
                                                              rfc3339FromNow(3h), 9, {{sku, 1}}));
        EXPECT_API_ERROR(refused, 409, "sale_not_editable");
        QVERIFY2(refused.json()->getObject("error")->getValue<std::string>("message").find(
                     "live") != std::string::npos,
                 qPrintable(describe(refused)));
        QCOMPARE(shopState(admin), before);
        QCOMPARE(saleById(admin, id)->getValue<std::string>("state"), std::string("live"));
        QCOMPARE(itemsOf(saleById(admin, id)), (Items{{sku, 500}}));
    }

    void cancelledSaleIsNotEditable() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "CANC", 1000, 10);
        const auto id =
            idOf(createSale(admin, "Off", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{sku, 500}}));
        EXPECT_STATUS(admin.del(salePath(id)), 200);
        const auto before = shopState(admin);
        EXPECT_API_ERROR(admin.put(salePath(id), fieldsBody({{"name", "Revived"}})), 409,
                         "sale_not_editable");
        QCOMPARE(shopState(admin), before);
        QCOMPARE(saleById(admin, id)->getValue<std::string>("state"), std::string("cancelled"));
    }

    void endedSaleIsNotEditable() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "ENDED", 1000, 10);
        const auto id = idOf(
            createSale(admin, "Blink", rfc3339FromNow(-1h), rfc3339FromNow(2s), 1, {{sku, 500}}));
        const QDeadlineTimer deadline(15000);
        while (saleById(admin, id)->getValue<std::string>("state") != "ended") {
            QVERIFY2(!deadline.hasExpired(), "the sale never ended");
            QThread::msleep(50);
        }
        const auto before = shopState(admin);
        // Not even to give it a future: an ended sale is history.
        EXPECT_API_ERROR(admin.put(salePath(id), fieldsBody({{"ends_at", rfc3339FromNow(1h)}})),
                         409, "sale_not_editable");
        QCOMPARE(shopState(admin), before);
        QCOMPARE(saleById(admin, id)->getValue<std::string>("state"), std::string("ended"));
    }

    void overlapNeverWithItself() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "SELF", 1000, 10);
        const auto startsAt = rfc3339FromNow(2h), endsAt = rfc3339FromNow(3h);
        const auto id = idOf(createSale(admin, "Self", startsAt, endsAt, 2, {{sku, 500}}));
        // The same window, and one overlapping its own old window on its own SKU: both fine.
        EXPECT_STATUS(admin.put(salePath(id), saleBody("Self", startsAt, endsAt, 2, {{sku, 400}})),
                      200);
        const auto later = rfc3339FromNow(150min), laterEnd = rfc3339FromNow(210min);
        const auto moved =
            admin.put(salePath(id), fieldsBody({{"starts_at", later}, {"ends_at", laterEnd}}));
        EXPECT_STATUS(moved, 200);
        QCOMPARE(moved.json()->getValue<std::string>("starts_at"), later);
        QCOMPARE(moved.json()->getValue<std::string>("ends_at"), laterEnd);
    }

    void overlapWithAnotherSaleIsRefused() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "CLASH", 1000, 10);
        const auto other = createFreshProduct(admin, "CLASH", 1000, 10);
        const auto blocker = idOf(
            createSale(admin, "Blocker", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{sku, 500}}));
        const auto id = idOf(
            createSale(admin, "Mover", rfc3339FromNow(4h), rfc3339FromNow(5h), 2, {{other, 500}}));

        // Into the blocker's window with its SKU: refused, naming the blocker, nothing changed.
        const auto before = shopState(admin);
        const auto clash = saleBody("Mover", rfc3339FromNow(150min), rfc3339FromNow(5h), 2,
                                    {{other, 500}, {sku, 400}});
        const auto refused = admin.put(salePath(id), clash);
        EXPECT_API_ERROR(refused, 409, "sale_overlap");
        QVERIFY2(refused.json()->getObject("error")->getValue<std::string>("message").find(
                     "sale " + std::to_string(blocker)) != std::string::npos,
                 qPrintable(describe(refused)));
        QCOMPARE(shopState(admin), before);
        // Only a shared SKU at a shared time clashes: that window without the SKU is fine...
        EXPECT_STATUS(admin.put(salePath(id), saleBody("Mover", rfc3339FromNow(150min),
                                                       rfc3339FromNow(5h), 2, {{other, 500}})),
                      200);
        // ...adding the SKU there is not...
        EXPECT_API_ERROR(admin.put(salePath(id), saleItemsBody({{sku, 400}})), 409, "sale_overlap");
        QCOMPARE(itemsOf(saleById(admin, id)), (Items{{other, 500}}));
        // ...until the blocker is cancelled.
        EXPECT_STATUS(admin.del(salePath(blocker)), 200);
        EXPECT_STATUS(admin.put(salePath(id), clash), 200);
        QCOMPARE(itemsOf(saleById(admin, id)).size(), std::size_t(2));
    }

    void unknownSale() {
        auto admin = server_.admin();
        const auto before = shopState(admin);
        for (const char* path : {"/admin/sales/987654", "/admin/sales/abc", "/admin/sales/0"})
            EXPECT_API_ERROR(admin.put(path, fieldsBody({{"name", "Ghost"}})), 404, "unknown_sale");
        QCOMPARE(shopState(admin), before);
    }

    void refusedByTheShopChangesNothing() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "RULE", 1000, 10);
        const auto id = idOf(
            createSale(admin, "Rules", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{sku, 500}}));
        const auto before = shopState(admin);
        EXPECT_API_ERROR(admin.put(salePath(id), saleItemsBody({{sku, 1000}})), 400,
                         "invalid_request");
        EXPECT_API_ERROR(admin.put(salePath(id), saleItemsBody({{freshSku("NONE"), 1}})), 404,
                         "unknown_sku");
        EXPECT_API_ERROR(admin.put(salePath(id), fieldsBody({{"ends_at", rfc3339FromNow(1h)}})),
                         400, "invalid_request");
        QCOMPARE(shopState(admin), before);
    }

    // Restarts the server: the edit was durable before the 200.
    void editSurvivesRestart() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "KEEP", 1000, 10);
        const auto other = createFreshProduct(admin, "KEEP", 1500, 10);
        const auto id =
            idOf(createSale(admin, "Old", rfc3339FromNow(2h), rfc3339FromNow(3h), 2, {{sku, 500}}));
        const auto startsAt = rfc3339FromNow(26h), endsAt = rfc3339FromNow(28h);
        const auto edited = admin.put(
            salePath(id), saleBody("Kept", startsAt, endsAt, 4, {{other, 1100}, {sku, 450}}));
        EXPECT_STATUS(edited, 200);

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        const auto sale = saleById(restarted, id);
        QVERIFY(sale);
        QCOMPARE(sale->getValue<std::string>("name"), std::string("Kept"));
        QCOMPARE(sale->getValue<std::string>("starts_at"), startsAt);
        QCOMPARE(sale->getValue<std::string>("ends_at"), endsAt);
        QCOMPARE(sale->getValue<std::int64_t>("per_customer_limit"), 4);
        QCOMPARE(sale->getValue<std::string>("state"), std::string("scheduled"));
        // Items come back sorted by SKU; compare as sets.
        auto items = itemsOf(sale);
        std::sort(items.begin(), items.end());
        auto expected = Items{{other, 1100}, {sku, 450}};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(items, expected);
        // The restarted schedule refuses an overlap with the edited window, not the old one.
        EXPECT_STATUS(restarted.post("/admin/sales", saleBody("Old slot", rfc3339FromNow(2h),
                                                              rfc3339FromNow(3h), 1, {{sku, 1}})),
                      201);
        EXPECT_API_ERROR(
            restarted.post("/admin/sales", saleBody("New slot", rfc3339FromNow(27h),
                                                    rfc3339FromNow(29h), 1, {{other, 1}})),
            409, "sale_overlap");
    }
};

QTEST_GUILESS_MAIN(SaleEditTest)
#include "test_http_sale_edit.moc"
