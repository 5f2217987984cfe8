// topcoatd --copy-to: a shop that ran on its SQLite file (the demo catalog, a sale, orders,
// settings) copied into a real PostgreSQL 15, then served from there by topcoatd --orders, is
// the same shop; the copy is refused while the shop runs and into a database that already
// holds a shop.

#include "tests/http/ShopRequests.h"
#include "tests/support/HttpClient.h"
#include "tests/support/PostgresServer.h"
#include "tests/support/TopcoatdProcess.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat::test;

namespace {

const std::map<std::string, std::string> jsonBody{{"Content-Type", "application/json"}};

struct Run {
    int exitCode = -1;
    QString output;
};

// topcoatd run to completion with `arguments`.
Run runTopcoatd(const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(TopcoatdProcess::binary(), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

std::unique_ptr<HttpClient> adminOf(const TopcoatdProcess& server) {
    auto admin = std::make_unique<HttpClient>("127.0.0.1", server.adminPort());
    admin->setToken(server.adminToken());
    return admin;
}

std::vector<std::string> orderIds(HttpClient& admin) {
    std::vector<std::string> ids;
    for (const auto& order : allOrders(admin))
        ids.push_back(order->getValue<std::string>("order_id"));
    return ids;
}

} // namespace

class TestCopyToPostgres : public QObject {
    Q_OBJECT

private slots:
    void copiedShopIsTheSameShop() {
        QTemporaryDir dir;
        QTemporaryDir postgresDir; // its own: opened to the postgres user
        PostgresServer postgres(postgresDir.path());
        QVERIFY2(postgres.start(), qPrintable(postgres.error()));
        const auto url = postgres.url();
        const auto data = dir.path() + "/shop";

        std::string before;
        std::vector<std::string> ordersBefore;
        std::string sku;
        {
            TopcoatdProcess shop(data, {"--demo"});
            QVERIFY2(shop.start(), qPrintable(shop.error()));
            auto admin = adminOf(shop);
            QCOMPARE(admin->put("/admin/protection", unlimitedProtection).status, 200);
            QCOMPARE(admin->put("/admin/shop", R"({"name":"Lacquer Loft"})").status, 200);
            sku = createFreshProduct(*admin, "CPY", 1200, 30);
            QVERIFY(createLiveSale(*admin, 2, {{sku, 900}}));
            HttpClient customer("127.0.0.1", shop.port());
            for (int i = 0; i < 5; ++i)
                QCOMPARE(customer
                             .post("/api/checkout",
                                   checkoutBody(sku, 1, "c" + std::to_string(i) + "@example.com"),
                                   jsonBody)
                             .status,
                         201);
            // An order's life is copied with it: its status and history.
            QCOMPARE(admin
                         ->post("/admin/orders/" + orderIds(*admin).back() + "/status",
                                R"({"status":"cancelled","by":"Mia"})")
                         .status,
                     200);
            QCOMPARE(shop.terminate(), 0);
        }
        {
            // As the shop reads back from its database (a sale's items in SKU order).
            TopcoatdProcess shop(data);
            QVERIFY2(shop.start(), qPrintable(shop.error()));
            auto admin = adminOf(shop);
            before = shopState(*admin);
            ordersBefore = orderIds(*admin);
            // Not while it serves: orders taken meanwhile would stay behind.
            const auto refused = runTopcoatd({"--data-dir", data, "--copy-to", url});
            QCOMPARE(refused.exitCode, 1);
            QVERIFY2(refused.output.contains("in use"), qPrintable(refused.output));
            QCOMPARE(shop.terminate(), 0);
        }
        QVERIFY(ordersBefore.size() >= 5);

        const auto copied = runTopcoatd({"--data-dir", data, "--copy-to", url});
        QVERIFY2(copied.exitCode == 0, qPrintable(copied.output));
        QVERIFY2(
            copied.output.contains(QStringLiteral("copied %1 orders").arg(ordersBefore.size())),
            qPrintable(copied.output));
        // Once: a database that holds a shop is never merged into.
        const auto again = runTopcoatd({"--data-dir", data, "--copy-to", url});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.output.contains("already holds a shop's products"),
                 qPrintable(again.output));

        TopcoatdProcess moved(data, {"--orders", url});
        QVERIFY2(moved.start(), qPrintable(moved.error()));
        auto admin = adminOf(moved);
        QCOMPARE(shopState(*admin), before);
        QCOMPARE(orderIds(*admin), ordersBefore);
        // It goes on selling: the sale's limit counts the copied orders, new rows get new ids.
        HttpClient customer("127.0.0.1", moved.port());
        QCOMPARE(
            QString::fromStdString(
                customer.post("/api/checkout", checkoutBody(sku, 2, "c0@example.com"), jsonBody)
                    .errorCode()),
            QStringLiteral("purchase_limit_reached"));
        QCOMPARE(customer.post("/api/checkout", checkoutBody(sku, 1, "new@example.com"), jsonBody)
                     .status,
                 201);
        // Orders move through their life on PostgreSQL too, once.
        const auto history = [&](const std::string& orderId) {
            return admin->get("/admin/orders/" + orderId).json()->getArray("history");
        };
        QCOMPARE(history(ordersBefore.back())->getObject(0)->getValue<std::string>("by"), "Mia");
        const auto first = "/admin/orders/" + ordersBefore.front() + "/status";
        QCOMPARE(admin->post(first, R"({"status":"cancelled"})").status, 200);
        QCOMPARE(
            QString::fromStdString(admin->post(first, R"({"status":"cancelled"})").errorCode()),
            QStringLiteral("invalid_transition"));
        QCOMPARE(history(ordersBefore.front())->size(), std::size_t{1});
        // c0's unit came back, and with it the room under the limit.
        QCOMPARE(
            customer.post("/api/checkout", checkoutBody(sku, 2, "c0@example.com"), jsonBody).status,
            201);
        const auto sale = createSale(*admin, "Next drop", rfc3339FromNow(std::chrono::hours(2)),
                                     rfc3339FromNow(std::chrono::hours(3)), 1, {{sku, 800}});
        QVERIFY(sale);
        QVERIFY(createFreshProduct(*admin, "CPZ", 1000, 5).size() > 0);
    }

    void refusesWhatItCannotCopy() {
        QCOMPARE(runTopcoatd({"--data-dir", "/tmp/x", "--copy-to", "mysql://a@b/c"}).exitCode, 2);
        const auto withOrders =
            runTopcoatd({"--data-dir", "/tmp/x", "--orders", "postgresql://a@b/c", "--copy-to",
                         "postgresql://a@b/d"});
        QCOMPARE(withOrders.exitCode, 2);
        QVERIFY(withOrders.output.contains("orders are already in postgresql://a@b:5432/c"));
        QTemporaryDir empty;
        const auto nothing =
            runTopcoatd({"--data-dir", empty.path(), "--copy-to", "postgresql://a@127.0.0.1:1/d"});
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(nothing.output.contains("holds no database to copy"), qPrintable(nothing.output));
    }
};

QTEST_GUILESS_MAIN(TestCopyToPostgres)
#include "test_copy_to_postgres.moc"
