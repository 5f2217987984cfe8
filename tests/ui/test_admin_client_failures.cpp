// AdminClient when things go wrong or must be exact: the bytes it sends, answers that are not
// API answers, a wrong token on every call, timeouts, a server that goes away and a new one,
// and callbacks whose context (or client) is gone before the reply.

#include "ClientTestKit.h"
#include "FakeHttpServer.h"
#include "LiveShop.h"
#include "tests/support/TopcoatdProcess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace topcoat::ui;
using topcoat::test::await;
using topcoat::test::FakeHttpServer;

namespace {

QJsonObject bodyOf(const topcoat::test::RecordedRequest& request) {
    return QJsonDocument::fromJson(request.body).object();
}

// Follows the replies of a network manager: how many finished, how many were deleted since.
// The connection to `destroyed` is made while the reply is certainly alive.
struct ReplyWatch {
    explicit ReplyWatch(QNetworkAccessManager& network) {
        QObject::connect(
            &network, &QNetworkAccessManager::finished, &guard, [this](QNetworkReply* reply) {
                ++finished;
                QObject::connect(reply, &QObject::destroyed, &guard, [this] { ++destroyed; });
            });
    }
    QObject guard;
    int finished = 0;
    int destroyed = 0;
};

} // namespace

// Inside a test function: the call failed with 401 unauthorized.
#define EXPECT_401(result)                                                                         \
    do {                                                                                           \
        const auto issue = problem(result);                                                        \
        QVERIFY2(issue.isEmpty(), issue.constData());                                              \
    } while (false)

class AdminClientFailuresTest : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    QTemporaryDir dir_;

    // A client aimed at `fake` with the token "secret".
    std::unique_ptr<AdminClient> clientFor(const FakeHttpServer& fake) {
        auto client = std::make_unique<AdminClient>(network_);
        client->setServer(fake.url(), QStringLiteral("secret"));
        return client;
    }

private slots:
    void requestsAreTheDocumentedOnes() {
        FakeHttpServer fake;
        auto client = clientFor(fake);
        SaleDraft sale;
        sale.name = QStringLiteral("Black Friday");
        sale.startsAt = QDateTime(QDate(2026, 11, 22), QTime(18, 0), Qt::UTC);
        // A local time with an offset still goes out as UTC.
        sale.endsAt = QDateTime(QDate(2026, 11, 22), QTime(21, 0), Qt::OffsetFromUTC, 3600);
        sale.perCustomerLimit = 2;
        sale.items = {SaleItem{"NP-001", 899, 0}};
        await<Sale>([&](QObject* c, auto done) { client->createSale(sale, c, done); });
        ProductChange change;
        change.priceCents = 1200;
        await<Product>([&](QObject* c, auto d) { client->updateProduct("NP-002", change, c, d); });
        await<Product>([&](QObject* c, auto d) { client->restock("NP-003", -2, c, d); });
        await<DegradationState>([&](QObject* c, auto d) {
            client->setDegradation({{"search", false}}, std::nullopt, {}, c, d);
        });
        await<DegradationState>(
            [&](QObject* c, auto d) { client->setDegradation({}, true, "flash sale", c, d); });
        await<OrderPage>([&](QObject* c, auto d) { client->orders("7", 2, c, d); });
        await<Stats>([&](QObject* c, auto d) { client->stats(1700000000000, c, d); });
        await<Sale>([&](QObject* c, auto d) { client->cancelSale(42, c, d); });
        await<Sale>([&](QObject* c, auto d) { client->updateSale(42, sale, c, d); });

        const auto& sent = fake.requests();
        QCOMPARE(sent.size(), 9);
        for (const auto& request : sent) {
            QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer secret"));
            QCOMPARE(request.headers.value("x-topcoat-api"), QByteArray("1"));
        }
        QCOMPARE(sent[0].method + ' ' + sent[0].target, QByteArray("POST /admin/sales"));
        QVERIFY(sent[0].headers.value("content-type").startsWith("application/json"));
        const auto saleBody = bodyOf(sent[0]);
        QCOMPARE(saleBody.keys(),
                 QStringList({"ends_at", "items", "name", "per_customer_limit", "starts_at"}));
        QCOMPARE(saleBody["starts_at"].toString(), QStringLiteral("2026-11-22T18:00:00Z"));
        QCOMPARE(saleBody["ends_at"].toString(), QStringLiteral("2026-11-22T20:00:00Z"));
        QCOMPARE(saleBody["per_customer_limit"].toInteger(), 2);
        const auto item = saleBody["items"].toArray().at(0).toObject();
        QCOMPARE(item.keys(), QStringList({"sale_price_cents", "sku"}));
        QCOMPARE(item["sale_price_cents"].toInteger(), 899);

        QCOMPARE(sent[1].method + ' ' + sent[1].target, QByteArray("PUT /admin/products/NP-002"));
        QCOMPARE(bodyOf(sent[1]), QJsonObject({{"price_cents", 1200}}));
        QCOMPARE(sent[2].target, QByteArray("/admin/products/NP-003/restock"));
        QCOMPARE(bodyOf(sent[2]), QJsonObject({{"quantity", -2}}));
        // No "auto" unless set, no "reason" unless given, no "features" unless any.
        QCOMPARE(sent[3].method, QByteArray("PUT"));
        QCOMPARE(bodyOf(sent[3]), QJsonObject({{"features", QJsonObject{{"search", false}}}}));
        QCOMPARE(bodyOf(sent[4]), QJsonObject({{"auto", true}, {"reason", "flash sale"}}));
        QCOMPARE(sent[5].target, QByteArray("/admin/orders?limit=2&after=7"));
        QCOMPARE(sent[6].target, QByteArray("/admin/stats?since=1700000000000"));
        QCOMPARE(sent[7].method + ' ' + sent[7].target, QByteArray("DELETE /admin/sales/42"));
        QVERIFY(sent[7].body.isEmpty());
        // An edit sends the whole draft, in the same shape as a new sale.
        QCOMPARE(sent[8].method + ' ' + sent[8].target, QByteArray("PUT /admin/sales/42"));
        QVERIFY(sent[8].headers.value("content-type").startsWith("application/json"));
        QCOMPARE(bodyOf(sent[8]), saleBody);
    }

    void callsBeforeSetServerFailAsynchronously() {
        AdminClient client(network_);
        QSignalSpy connection(&client, &AdminClient::connectionChanged);
        bool called = false;
        std::optional<ApiResult<ServerStatus>> result;
        QObject context;
        client.status(&context, [&](const ApiResult<ServerStatus>& r) {
            called = true;
            result = r;
        });
        QVERIFY(!called); // never from inside the call
        QTRY_VERIFY_WITH_TIMEOUT(called, 5000);
        TOPCOAT_REQUIRE_ERROR(result, 0, "network");
        QCOMPARE(connection.count(), 0); // nothing was tried
    }

    void answersThatAreNotApiAnswers() {
        FakeHttpServer fake;
        auto client = clientFor(fake);
        QSignalSpy unauthorized(client.get(), &AdminClient::unauthorized);
        const auto status = [&] {
            return await<ServerStatus>([&](QObject* c, auto d) { client->status(c, d); });
        };

        fake.respond(200, "<html>proxy login</html>", "text/html");
        TOPCOAT_REQUIRE_ERROR(status(), 200, "network");
        fake.respond(502, "<html>Bad Gateway</html>", "text/html");
        TOPCOAT_REQUIRE_ERROR(status(), 502, "network");
        fake.respond(200, "[1,2,3]");
        TOPCOAT_REQUIRE_ERROR(status(), 200, "network");
        // JSON of the wrong shape: the server answered, but not as documented.
        fake.respond(200, R"({"version":"1.0"})");
        TOPCOAT_REQUIRE_ERROR(status(), 200, "bad_response");
        fake.respond(200, R"({"products":[{"sku":"NP-001","price_cents":"12"}]})");
        const auto products =
            await<QList<Product>>([&](QObject* c, auto d) { client->products(c, d); });
        TOPCOAT_REQUIRE_ERROR(products, 200, "bad_response");
        fake.respond(200, R"({"orders":[],"next":5})"); // the cursor is a string
        const auto page =
            await<OrderPage>([&](QObject* c, auto d) { client->orders({}, 5, c, d); });
        TOPCOAT_REQUIRE_ERROR(page, 200, "bad_response");

        // An API error passes through as it is; a 401 is unauthorized whatever its body.
        fake.respond(409, R"({"error":{"code":"sale_overlap","message":"overlaps sale 3"}})");
        const auto overlap = status();
        TOPCOAT_REQUIRE_ERROR(overlap, 409, "sale_overlap");
        QCOMPARE(overlap->error->message, QStringLiteral("overlaps sale 3"));
        QCOMPARE(unauthorized.count(), 0);
        fake.respond(401, "go away", "text/plain");
        TOPCOAT_REQUIRE_ERROR(status(), 401, "unauthorized");
        QCOMPARE(unauthorized.count(), 1);
    }

    void timeoutFailsWithNetworkOnce() {
        FakeHttpServer fake;
        fake.setSilent(true);
        auto client = clientFor(fake);
        client->setTimeout(300);
        QSignalSpy connection(client.get(), &AdminClient::connectionChanged);
        const auto status = [&] {
            return await<ServerStatus>([&](QObject* c, auto d) { client->status(c, d); });
        };
        const auto first = status();
        TOPCOAT_REQUIRE_ERROR(first, 0, "network");
        QVERIFY2(first->error->message.contains("300"), qPrintable(first->error->message));
        TOPCOAT_REQUIRE_ERROR(status(), 0, "network");
        // Reported once per outage, not per failed call.
        QCOMPARE(connection.count(), 1);
        QCOMPARE(connection.at(0).at(0).toBool(), false);

        fake.setSilent(false);
        fake.respond(404, R"({"error":{"code":"not_found","message":"no route"}})");
        TOPCOAT_REQUIRE_ERROR(status(), 404, "not_found");
        QCOMPARE(connection.count(), 2); // any HTTP answer means reachable again
        QCOMPARE(connection.at(1).at(0).toBool(), true);
    }

    void wrongTokenFailsEveryCall() {
        topcoat::test::LiveShop shop(network_);
        const bool started = shop.start();
        QVERIFY2(started, qPrintable(shop.error()));
        AdminClient intruder(network_);
        intruder.setServer(shop.adminUrl(), QStringLiteral("not-the-token"));
        QSignalSpy unauthorized(&intruder, &AdminClient::unauthorized);
        QSignalSpy connection(&intruder, &AdminClient::connectionChanged);
        const auto sku = shop.freshSku("INT");
        int calls = 0;
        // What is wrong with one answer, "" when it is the expected 401.
        const auto problem = [&](const auto& result) -> QByteArray {
            ++calls;
            if (!result || !result->error || result->value)
                return topcoat::test::describe(result);
            if (result->error->status != 401 || result->error->code != "unauthorized")
                return "call " + QByteArray::number(calls) + ": " + topcoat::test::describe(result);
            return {};
        };

        EXPECT_401(await<ServerStatus>([&](QObject* c, auto d) { intruder.status(c, d); }));
        EXPECT_401(await<Stats>([&](QObject* c, auto d) { intruder.stats(0, c, d); }));
        EXPECT_401(await<QList<Product>>([&](QObject* c, auto d) { intruder.products(c, d); }));
        EXPECT_401(await<Product>([&](QObject* c, auto d) {
            intruder.createProduct({sku, "Stolen", "#ffffff", 1, 1}, c, d);
        }));
        EXPECT_401(await<Product>([&](QObject* c, auto d) {
            intruder.updateProduct(sku, ProductChange{QStringLiteral("x"), {}, {}, {}}, c, d);
        }));
        EXPECT_401(await<Product>([&](QObject* c, auto d) { intruder.restock(sku, 1, c, d); }));
        EXPECT_401(await<QList<Sale>>([&](QObject* c, auto d) { intruder.sales(c, d); }));
        EXPECT_401(
            await<Sale>([&](QObject* c, auto d) { intruder.createSale(SaleDraft{}, c, d); }));
        EXPECT_401(await<Sale>([&](QObject* c, auto d) { intruder.cancelSale(1, c, d); }));
        EXPECT_401(
            await<Sale>([&](QObject* c, auto d) { intruder.updateSale(1, SaleDraft{}, c, d); }));
        EXPECT_401(await<OrderPage>([&](QObject* c, auto d) { intruder.orders({}, 10, c, d); }));
        EXPECT_401(
            await<DegradationState>([&](QObject* c, auto d) { intruder.degradation(c, d); }));
        EXPECT_401(await<DegradationState>([&](QObject* c, auto d) {
            intruder.setDegradation({{"reviews", false}}, true, "x", c, d);
        }));
        EXPECT_401(await<LogPage>([&](QObject* c, auto d) { intruder.logs(0, 10, c, d); }));

        QCOMPARE(calls, 14);
        QCOMPARE(unauthorized.count(), calls);
        QCOMPARE(connection.count(), 0); // a 401 is an answer: the server is reachable
        QVERIFY(!shop.findProduct(sku)); // and nothing changed
        QCOMPARE(shop.terminate(), 0);
    }

    void serverDownThenANewOne() {
        QVERIFY(dir_.isValid());
        topcoat::test::TopcoatdProcess first(dir_.filePath("first"));
        bool started = first.start();
        QVERIFY2(started, qPrintable(first.error()));
        AdminClient client(network_);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(first.adminPort())),
                         QString::fromStdString(first.adminToken()));
        QSignalSpy connection(&client, &AdminClient::connectionChanged);
        const auto status = [&] {
            return await<ServerStatus>([&](QObject* c, auto d) { client.status(c, d); });
        };
        TOPCOAT_REQUIRE_OK(status());

        QCOMPARE(first.terminate(), 0);
        TOPCOAT_REQUIRE_ERROR(status(), 0, "network");
        QCOMPARE(connection.count(), 1);
        QCOMPARE(connection.at(0).at(0).toBool(), false);

        topcoat::test::TopcoatdProcess second(dir_.filePath("second"));
        started = second.start();
        QVERIFY2(started, qPrintable(second.error()));
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(second.adminPort())),
                         QString::fromStdString(second.adminToken()));
        const auto back = status();
        TOPCOAT_REQUIRE_OK(back);
        QCOMPARE(back->value->adminPort, int(second.adminPort()));
        QCOMPARE(connection.count(), 2);
        QCOMPARE(connection.at(1).at(0).toBool(), true);
        QCOMPARE(second.terminate(), 0);
    }

    void destroyedContextIsNeverCalledBack() {
        FakeHttpServer fake;
        auto client = clientFor(fake);
        ReplyWatch watch(network_);
        bool called = false;
        auto context = std::make_unique<QObject>();
        client->status(context.get(), [&](const ApiResult<ServerStatus>&) { called = true; });
        context.reset(); // before the event loop could deliver any answer

        QTRY_COMPARE_WITH_TIMEOUT(watch.finished, 1, topcoat::test::callTimeoutMs);
        QCOMPARE(fake.requests().size(), 1); // the request did go out and was answered
        QTRY_COMPARE_WITH_TIMEOUT(watch.destroyed, 1, 5000); // deleteLater'd all the same
        QVERIFY(!called);
    }

    void clientDestroyedBeforeTheReply() {
        FakeHttpServer fake;
        auto client = clientFor(fake);
        ReplyWatch watch(network_);
        std::optional<ApiResult<ServerStatus>> result;
        QObject context;
        client->status(&context, [&](const ApiResult<ServerStatus>& r) { result = r; });
        client.reset();
        // The caller still hears back: its context is alive.
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), topcoat::test::callTimeoutMs);
        TOPCOAT_REQUIRE_ERROR(result, 200, "bad_response"); // the fake answered "{}"
        QTRY_COMPARE_WITH_TIMEOUT(watch.destroyed, 1, 5000);
    }
};

QTEST_GUILESS_MAIN(AdminClientFailuresTest)
#include "test_admin_client_failures.moc"
