// The admin API of API.md against a real topcoatd: status, products, sales, orders paging,
// degradation, stats and metrics with the token, and 401 for every route without it.

#include "AdminAuthCases.h"
#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QtTest>

using namespace std::chrono_literals;
using namespace topcoat::test;

class AdminTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void status() {
        auto admin = server_.admin();
        const auto result = admin.get("/admin/status");
        EXPECT_API_RESPONSE(result, 200);
        const auto status = result.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(status, {"version", "uptime_seconds", "ports", "sale"}));
        QVERIFY(!status->getValue<std::string>("version").empty());
        QVERIFY(status->getValue<std::int64_t>("uptime_seconds") >= 0);
        const auto ports = status->getObject("ports");
        QCOMPARE(ports->getValue<int>("storefront"), int(server_.process().port()));
        QCOMPARE(ports->getValue<int>("admin"), int(server_.process().adminPort()));
        const auto state = status->getObject("sale")->getValue<std::string>("state");
        QVERIFY2(state == "none" || state == "live" || state == "scheduled", state.c_str());
    }

    // A storefront alone is its shop's one node, up, with this second's figures.
    void clusterOfOneListsItself() {
        auto admin = server_.admin();
        const auto result = admin.get("/admin/cluster");
        EXPECT_API_RESPONSE(result, 200);
        const auto cluster = result.json();
        const auto self =
            admin.get("/admin/status").json()->getObject("cluster")->getValue<std::string>("node");
        QCOMPARE(cluster->getValue<std::string>("this_node"), self);
        const auto nodes = cluster->getArray("nodes");
        QCOMPARE(nodes->size(), std::size_t{1});
        const auto node = nodes->getObject(0);
        TOPCOAT_VERIFY_EMPTY(
            missingKeys(node, {"node", "admin", "version", "started_at", "reported_at", "inventory",
                               "orders", "orders_committed", "last_second", "up"}));
        QCOMPARE(node->getValue<std::string>("node"), self);
        QVERIFY(node->getValue<bool>("up"));
        QCOMPARE(node->getValue<std::string>("admin"),
                 "127.0.0.1:" + std::to_string(server_.process().adminPort()));
        QCOMPARE(node->getValue<std::string>("inventory"), std::string("memory"));
        TOPCOAT_VERIFY_EMPTY(
            missingKeys(node->getObject("last_second"),
                        {"storefront_requests", "checkouts", "p99_ms", "in_flight"}));
        const auto totals = cluster->getObject("totals");
        QCOMPARE(totals->getValue<int>("nodes_up"), 1);
        QCOMPARE(totals->getValue<std::int64_t>("orders_committed"),
                 node->getValue<std::int64_t>("orders_committed"));
    }

    void createAndListProducts() {
        auto admin = server_.admin();
        const auto sku = freshSku("ADM");
        const auto created =
            admin.post("/admin/products", productBody(sku, 1500, 12, "Ruby", "#9b111e"));
        EXPECT_API_RESPONSE(created, 201);
        const auto product = created.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(product, productKeys()));
        QCOMPARE(product->getValue<std::string>("sku"), sku);
        QCOMPARE(product->getValue<std::string>("name"), std::string("Ruby"));
        QCOMPARE(product->getValue<std::string>("shade_hex"), std::string("#9b111e"));
        QCOMPARE(product->getValue<std::int64_t>("price_cents"), 1500);
        QCOMPARE(product->getValue<std::int64_t>("stock"), 12);
        QVERIFY(product->isNull("sale_price_cents"));
        QVERIFY(product->isNull("sale_id"));
        QCOMPARE(stockOf(admin, sku), 12);

        // A second product with the same SKU is refused and the first one stays as it was.
        EXPECT_API_ERROR(admin.post("/admin/products", productBody(sku, 1, 1, "Other", "#000000")),
                         409, "sku_exists");
        auto client = server_.storefront();
        const auto stored = client.get("/api/products/" + sku).json();
        QCOMPARE(stored->getValue<std::string>("name"), std::string("Ruby"));
        QCOMPARE(stored->getValue<std::int64_t>("price_cents"), 1500);
        QCOMPARE(stored->getValue<std::int64_t>("stock"), 12);
    }

    void updateProduct() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "UPD", 1000, 5, "#101010");
        const auto renamed = admin.put("/admin/products/" + sku, "{\"name\":\"Midnight\"}");
        EXPECT_STATUS(renamed, 200);
        QCOMPARE(renamed.json()->getValue<std::string>("name"), std::string("Midnight"));
        QCOMPARE(renamed.json()->getValue<std::int64_t>("price_cents"), 1000);
        const auto repriced =
            admin.put("/admin/products/" + sku, "{\"price_cents\":1200,\"shade_hex\":\"#202020\"}");
        EXPECT_STATUS(repriced, 200);
        auto client = server_.storefront();
        const auto stored = client.get("/api/products/" + sku).json();
        QCOMPARE(stored->getValue<std::string>("name"), std::string("Midnight"));
        QCOMPARE(stored->getValue<std::int64_t>("price_cents"), 1200);
        QCOMPARE(stored->getValue<std::string>("shade_hex"), std::string("#202020"));
        QCOMPARE(stored->getValue<std::int64_t>("stock"), 5);
        // New price, new orders.
        const auto order = client.post("/api/checkout", checkoutBody(sku, 1));
        QCOMPARE(order.json()->getValue<std::int64_t>("unit_price_cents"), 1200);
        EXPECT_API_ERROR(admin.put("/admin/products/" + freshSku("NONE"), "{\"name\":\"X\"}"), 404,
                         "unknown_sku");
    }

    void restock() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "RST", 100, 4);
        const auto path = "/admin/products/" + sku + "/restock";
        const auto added = admin.post(path, "{\"quantity\":6}");
        EXPECT_STATUS(added, 200);
        QCOMPARE(added.json()->getValue<std::int64_t>("stock"), 10);
        const auto writtenOff = admin.post(path, "{\"quantity\":-3}");
        EXPECT_STATUS(writtenOff, 200);
        QCOMPARE(writtenOff.json()->getValue<std::int64_t>("stock"), 7);
        // Never below zero: the write-off is refused whole.
        EXPECT_API_ERROR(admin.post(path, "{\"quantity\":-8}"), 409, "insufficient_stock");
        QCOMPARE(stockOf(admin, sku), 7);
        EXPECT_STATUS(admin.post(path, "{\"quantity\":-7}"), 200);
        QCOMPARE(stockOf(admin, sku), 0);
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 1)), 409, "sold_out");
        EXPECT_API_ERROR(
            admin.post("/admin/products/" + freshSku("NONE") + "/restock", "{\"quantity\":1}"), 404,
            "unknown_sku");
    }

    void salesLifecycle() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "SL", 1000, 50);
        const auto other = createFreshProduct(admin, "SL", 1000, 50);
        const auto startsAt = rfc3339FromNow(-1h), endsAt = rfc3339FromNow(1h);
        const auto created =
            admin.post("/admin/sales", saleBody("Flash", startsAt, endsAt, 5, {{sku, 400}}));
        EXPECT_API_RESPONSE(created, 201);
        const auto sale = created.json();
        TOPCOAT_VERIFY_EMPTY(missingKeys(sale, saleKeys()));
        const auto id = sale->getValue<std::int64_t>("id");
        QCOMPARE(sale->getValue<std::string>("name"), std::string("Flash"));
        QCOMPARE(sale->getValue<std::string>("starts_at"), startsAt);
        QCOMPARE(sale->getValue<std::string>("ends_at"), endsAt);
        QCOMPARE(sale->getValue<std::string>("state"), std::string("live"));
        QCOMPARE(sale->getValue<std::int64_t>("per_customer_limit"), 5);
        const auto items = sale->getArray("items");
        QCOMPARE(items->size(), std::size_t(1));
        QCOMPARE(items->getObject(0)->getValue<std::string>("sku"), sku);
        QCOMPARE(items->getObject(0)->getValue<std::int64_t>("sale_price_cents"), 400);
        QCOMPARE(items->getObject(0)->getValue<std::int64_t>("sold"), 0);

        auto client = server_.storefront();
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 3)), 201);
        const auto listed = saleById(admin, id);
        QVERIFY(listed);
        QCOMPARE(listed->getArray("items")->getObject(0)->getValue<std::int64_t>("sold"), 3);

        // The same SKU at an overlapping time is refused; another SKU, or a later time, is not.
        EXPECT_API_ERROR(
            admin.post("/admin/sales", saleBody("Clash", rfc3339FromNow(30min), rfc3339FromNow(2h),
                                                1, {{other, 1}, {sku, 1}})),
            409, "sale_overlap");
        const auto later = admin.post(
            "/admin/sales", saleBody("Later", endsAt, rfc3339FromNow(2h), 1, {{sku, 300}}));
        EXPECT_STATUS(later, 201);
        QCOMPARE(later.json()->getValue<std::string>("state"), std::string("scheduled"));
        EXPECT_STATUS(
            admin.post("/admin/sales", saleBody("Side", startsAt, endsAt, 1, {{other, 900}})), 201);

        const auto cancelled = admin.del("/admin/sales/" + std::to_string(id));
        EXPECT_STATUS(cancelled, 200);
        QCOMPARE(cancelled.json()->getValue<std::int64_t>("id"), id);
        QCOMPARE(cancelled.json()->getValue<std::string>("state"), std::string("cancelled"));
        QCOMPARE(saleById(admin, id)->getValue<std::string>("state"), std::string("cancelled"));
        // Cancelled: regular price again, and its slot is free for a new sale.
        const auto product = client.get("/api/products/" + sku).json();
        QVERIFY(product->isNull("sale_price_cents"));
        QVERIFY(product->isNull("sale_id"));
        EXPECT_STATUS(admin.post("/admin/sales", saleBody("Again", startsAt, rfc3339FromNow(30min),
                                                          2, {{sku, 450}})),
                      201);

        EXPECT_API_ERROR(admin.del("/admin/sales/987654"), 404, "unknown_sale");
        EXPECT_API_ERROR(admin.del("/admin/sales/abc"), 404, "unknown_sale");
    }

    // An ended sale is history: cancelling it is refused and leaves it ended.
    void cancelEndedSale() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "END", 1000, 5);
        const auto created =
            admin.post("/admin/sales",
                       saleBody("Blink", rfc3339FromNow(-1h), rfc3339FromNow(2s), 1, {{sku, 1}}));
        EXPECT_STATUS(created, 201);
        const auto id = created.json()->getValue<std::int64_t>("id");
        const QDeadlineTimer deadline(15000);
        while (saleById(admin, id)->getValue<std::string>("state") != "ended") {
            QVERIFY2(!deadline.hasExpired(), "the sale never ended");
            QThread::msleep(50);
        }
        EXPECT_API_ERROR(admin.del("/admin/sales/" + std::to_string(id)), 409, "sale_ended");
        QCOMPARE(saleById(admin, id)->getValue<std::string>("state"), std::string("ended"));
    }

    void ordersPaging() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "PAGE", 100, 100);
        auto client = server_.storefront();
        std::vector<std::string> placed;
        for (int i = 0; i < 7; ++i) {
            const auto order = client.post("/api/checkout", checkoutBody(sku, 1));
            EXPECT_STATUS(order, 201);
            placed.push_back(order.json()->getValue<std::string>("order_id"));
        }

        const auto everything = allOrders(admin, 1000);
        std::vector<std::string> paged;
        std::string after;
        for (int pages = 0;; ++pages) {
            QVERIFY2(pages <= int(everything.size()), "the cursor never reaches the end");
            const auto path = "/admin/orders?limit=3" + (after.empty() ? "" : "&after=" + after);
            const auto result = admin.get(path);
            EXPECT_STATUS(result, 200);
            const auto page = result.json();
            const auto orders = page->getArray("orders");
            QVERIFY(orders->size() <= 3);
            for (std::size_t i = 0; i < orders->size(); ++i) {
                const auto order = orders->getObject(static_cast<unsigned>(i));
                TOPCOAT_VERIFY_EMPTY(missingKeys(order, orderKeys()));
                paged.push_back(order->getValue<std::string>("order_id"));
            }
            QVERIFY2(page->has("next"), qPrintable(describe(result)));
            if (page->isNull("next")) {
                // `last` of the final page is where polling for newer orders starts.
                QVERIFY2(!page->isNull("last"), qPrintable(describe(result)));
                const auto newer =
                    admin.get("/admin/orders?after=" + page->get("last").convert<std::string>());
                EXPECT_STATUS(newer, 200);
                QCOMPARE(newer.json()->getArray("orders")->size(), std::size_t(0));
                QVERIFY(newer.json()->isNull("last"));
                break;
            }
            QCOMPARE(orders->size(), std::size_t(3)); // only the last page is short
            after = page->get("next").convert<std::string>();
        }
        // Every order exactly once, in the same order as one big page: oldest first.
        QCOMPARE(paged.size(), everything.size());
        for (std::size_t i = 0; i < paged.size(); ++i)
            QCOMPARE(paged[i], everything[i]->getValue<std::string>("order_id"));
        QCOMPARE(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
        std::vector<std::string> ours;
        for (const auto& id : paged)
            if (std::find(placed.begin(), placed.end(), id) != placed.end())
                ours.push_back(id);
        QCOMPARE(ours, placed);
    }

    void degradation() {
        auto admin = server_.admin();
        const auto initial = admin.get("/admin/degradation");
        EXPECT_STATUS(initial, 200);
        const auto features = initial.json()->getObject("features");
        QVERIFY2(features && features->has("reviews"), qPrintable(describe(initial)));
        QVERIFY(initial.json()->get("auto").isBoolean());
        const auto sku = createFreshProduct(admin, "DEG", 100, 5);
        auto client = server_.storefront();

        const auto off = admin.put("/admin/degradation", "{\"features\":{\"reviews\":false}}");
        EXPECT_STATUS(off, 200);
        QCOMPARE(off.json()->getObject("features")->getValue<bool>("reviews"), false);
        auto detail = client.get("/api/products/" + sku).json();
        QVERIFY2(!detail->has("reviews"), "reviews still sent while degraded");
        QVERIFY(detail->has("recommendations"));
        auto degraded = detail->getArray("degraded");
        QVERIFY(degraded);
        QCOMPARE(degraded->size(), std::size_t(1));
        QCOMPARE(degraded->getElement<std::string>(0), std::string("reviews"));

        // A bad switch is refused and changes nothing.
        const auto before = admin.get("/admin/degradation").body;
        EXPECT_API_ERROR(admin.put("/admin/degradation", "{\"features\":{\"teleport\":false}}"),
                         400, "invalid_request");
        QCOMPARE(admin.get("/admin/degradation").body, before);

        const auto automatic =
            admin.put("/admin/degradation", "{\"features\":{\"reviews\":true},\"auto\":true}");
        EXPECT_STATUS(automatic, 200);
        QCOMPARE(automatic.json()->getValue<bool>("auto"), true);
        QCOMPARE(automatic.json()->getObject("features")->getValue<bool>("reviews"), true);
        detail = client.get("/api/products/" + sku).json();
        QVERIFY(detail->has("reviews"));
        degraded = detail->getArray("degraded");
        QVERIFY(!degraded || degraded->size() == 0);
        EXPECT_STATUS(admin.put("/admin/degradation", "{\"auto\":false}"), 200);
        QCOMPARE(admin.get("/admin/degradation").json()->getValue<bool>("auto"), false);

        // Recommendations degrade the same way, independently of reviews.
        EXPECT_STATUS(admin.put("/admin/degradation", "{\"features\":{\"recommendations\":false}}"),
                      200);
        detail = client.get("/api/products/" + sku).json();
        QVERIFY(detail->has("reviews"));
        QVERIFY2(!detail->has("recommendations"), "recommendations still sent while degraded");
        degraded = detail->getArray("degraded");
        QVERIFY(degraded && degraded->size() == 1);
        QCOMPARE(degraded->getElement<std::string>(0), std::string("recommendations"));
        EXPECT_STATUS(admin.put("/admin/degradation", "{\"features\":{\"recommendations\":true}}"),
                      200);
        QVERIFY(client.get("/api/products/" + sku).json()->has("recommendations"));

        // Every flip is in the timeline, newest last, with who made it and the reason given.
        EXPECT_STATUS(admin.put("/admin/degradation",
                                "{\"features\":{\"search\":false},\"reason\":\"launch spike\"}"),
                      200);
        const auto history = admin.get("/admin/degradation").json()->getArray("history");
        QVERIFY(history && history->size() >= 7);
        const auto last = history->getObject(static_cast<unsigned>(history->size() - 1));
        QCOMPARE(last->getValue<std::string>("subject"), std::string("search"));
        QCOMPARE(last->getValue<bool>("enabled"), false);
        QCOMPARE(last->getValue<std::string>("source"), std::string("owner"));
        QCOMPARE(last->getValue<std::string>("reason"), std::string("launch spike"));
        QVERIFY(last->getValue<std::string>("at").ends_with("Z"));
        EXPECT_API_ERROR(admin.put("/admin/degradation", "{\"auto\":true,\"reason\":7}"), 400,
                         "invalid_request");
        EXPECT_STATUS(admin.put("/admin/degradation", "{\"features\":{\"search\":true}}"), 200);
    }

    void stats() {
        auto admin = server_.admin();
        const auto result = admin.get("/admin/stats");
        EXPECT_API_RESPONSE(result, 200);
        const auto stats = result.json();
        QVERIFY(stats->size() > 0);
        QVERIFY(stats->get("requests_total").isInteger());
        QVERIFY(stats->getObject("checkouts"));

        // The per-second series fills in while the server runs; ?since= returns only newer ones.
        Poco::JSON::Array::Ptr series;
        QTRY_VERIFY_WITH_TIMEOUT((series = admin.get("/admin/stats").json()->getArray("series")) &&
                                     series->size() >= 2,
                                 10000);
        const auto newest = series->getObject(static_cast<unsigned>(series->size() - 1));
        const auto newestTime = newest->getValue<Poco::Int64>("t");
        QVERIFY(newest->getObject("latency_ms")->has("p99"));
        QVERIFY(newest->getObject("checkouts")->has("confirmed"));
        const auto later = admin.get("/admin/stats?since=" + std::to_string(newestTime))
                               .json()
                               ->getArray("series");
        QVERIFY(later);
        for (unsigned i = 0; i < later->size(); ++i)
            QVERIFY(later->getObject(i)->getValue<Poco::Int64>("t") > newestTime);
        EXPECT_API_ERROR(admin.get("/admin/stats?since=yesterday"), 400, "invalid_request");
        QVERIFY(newest->get("storefront_requests").isInteger());
    }

    void statsCountStorefrontTrafficApartFromAdminPolling() {
        auto admin = server_.admin();
        const auto storefrontTotal = [&] {
            return admin.get("/admin/stats")
                .json()
                ->getValue<Poco::Int64>("storefront_requests_total");
        };
        const auto before = storefrontTotal();
        for (int i = 0; i < 3; ++i)
            EXPECT_STATUS(admin.get("/admin/status"), 200);
        QCOMPARE(storefrontTotal(), before); // the admin port's own requests are not shop traffic

        auto shop = server_.storefront();
        EXPECT_STATUS(shop.get("/api/products"), 200);
        EXPECT_STATUS(shop.get("/api/no-such-thing"), 404); // refused requests are traffic too
        QCOMPARE(storefrontTotal(), before + 2);
        const auto all = admin.get("/admin/stats").json();
        QVERIFY(all->getValue<Poco::Int64>("requests_total") >
                all->getValue<Poco::Int64>("storefront_requests_total"));
    }

    void metrics() {
        auto anonymous = server_.anonymousAdmin();
        const auto result = anonymous.get("/metrics");
        EXPECT_STATUS(result, 200);
        QCOMPARE(result.header("x-topcoat-api"), std::string("1"));
        QVERIFY2(result.header("content-type").starts_with("text/plain"),
                 qPrintable(describe(result)));
        QVERIFY(result.body.find("# TYPE ") != std::string::npos);
        QVERIFY(result.body.find("topcoat_checkouts_total") != std::string::npos);

        const auto promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        // Installed by packaging/install-deps.sh (Debian package prometheus).
        QVERIFY2(!promtool.isEmpty(), "promtool is not on PATH");
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted());
        check.write(result.body.data(), static_cast<qint64>(result.body.size()));
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(60000));
        const auto output = check.readAllStandardOutput() + check.readAllStandardError();
        QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0,
                 output.constData());
    }

    void unauthorized_data() {
        QTest::addColumn<int>("index");
        // Routes are built after initTestCase, when the product and sale they target exist.
        auto admin = server_.admin();
        authSku_ = createFreshProduct(admin, "AUTH", 1000, 20);
        authSaleId_ = createLiveSale(admin, 2, {{authSku_, 500}})->getValue<std::int64_t>("id");
        // Later than the sale the matrix would create, so that one stays valid too.
        authScheduledId_ =
            createSale(admin, "Later", rfc3339FromNow(4h), rfc3339FromNow(5h), 2, {{authSku_, 400}})
                ->getValue<std::int64_t>("id");
        const auto requests = adminRequests(authSku_, authSaleId_, authScheduledId_);
        for (std::size_t i = 0; i < requests.size(); ++i)
            QTest::addRow("%s %s", requests[i].method.c_str(), requests[i].path.c_str()) << int(i);
    }
    void unauthorized() {
        QFETCH(int, index);
        const auto request =
            adminRequests(authSku_, authSaleId_, authScheduledId_).at(std::size_t(index));
        auto admin = server_.admin();
        const auto before = shopState(admin);
        for (const auto& credentials : badCredentials(server_.token())) {
            auto client = server_.anonymousAdmin();
            std::map<std::string, std::string> headers;
            if (!credentials.authorization.empty())
                headers["Authorization"] = credentials.authorization;
            const auto result = client.request(request.method, request.path, request.body, headers);
            const auto mismatch = errorMismatch(result, 401, "unauthorized");
            QVERIFY2(mismatch.isEmpty(),
                     qPrintable(QString::fromStdString(credentials.name) + ": " + mismatch));
            QVERIFY2(result.body.find(server_.token()) == std::string::npos,
                     "a 401 reveals the token");
        }
        QCOMPARE(shopState(admin), before);
    }

private:
    std::string authSku_;
    std::int64_t authSaleId_ = 0;
    std::int64_t authScheduledId_ = 0;
};

QTEST_GUILESS_MAIN(AdminTest)
#include "test_http_admin.moc"
