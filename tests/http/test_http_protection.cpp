// The storefront's defences against a real topcoatd: settings through /admin/protection (kept
// across a restart, refused whole when any part is wrong), a flooding client limited while
// another keeps buying, shedding above the in-flight limit that takes nothing, and the
// waiting room from ticket to pass to order, with forged, borrowed, used and expired passes.

#include "ApiChecks.h"
#include "DatabaseWriteLock.h"
#include "RawHttp.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

using namespace topcoat::test;

namespace {

std::string roomSettings(bool enabled, int admitPerMinute = 60, int passSeconds = 600) {
    return R"({"waiting_room":{"enabled":)" + std::string(enabled ? "true" : "false") +
           R"(,"admit_per_minute":)" + std::to_string(admitPerMinute) +
           R"(,"randomize_before_open":false,"pass_seconds":)" + std::to_string(passSeconds) + "}}";
}

std::string joinBody(const std::string& customer) {
    return R"({"customer":")" + customer + R"("})";
}

std::map<std::string, std::string> from(const std::string& address) {
    return {{"X-Forwarded-For", address}};
}

std::int64_t protectionCount(HttpClient& admin, const std::string& name) {
    const auto stats = admin.get("/admin/stats");
    return stats.json()->getObject("protection")->getValue<std::int64_t>(name);
}

} // namespace

class ProtectionTest : public ServerTestCase {
    Q_OBJECT

    // Each test sets what it needs over the fixture's "no limits"; this puts that back.
    void resetProtection() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/protection",
                                R"({"client_rate":{"per_second":0,"burst":60},"max_in_flight":0,)"
                                R"("trusted_proxies":[],"waiting_room":{"enabled":false}})"),
                      200);
    }

    // Polls the ticket until it carries a pass; "" when none came within the deadline.
    std::string waitForPass(HttpClient& client, const std::string& ticket, int timeoutMs = 10000) {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const auto status = client.get("/api/queue/" + ticket);
            if (status.status != 200)
                return {};
            if (status.json()->has("pass"))
                return status.json()->getValue<std::string>("pass");
            QThread::msleep(100);
        }
        return {};
    }

private slots:
    void init() { resetProtection(); }

    // A fresh shop starts with the documented defaults, every field present.
    void defaultsForASmallShop() {
        ServerUnderTest fresh;
        QVERIFY2(fresh.start(), qPrintable(fresh.failure()));
        const auto settings = fresh.admin().get("/admin/protection");
        EXPECT_API_RESPONSE(settings, 200);
        const auto json = settings.json();
        QCOMPARE(keysOf(json), (std::set<std::string>{"client_rate", "max_in_flight",
                                                      "max_connections_per_client", "waiting_room",
                                                      "trusted_proxies", "auto_degradation"}));
        QCOMPARE(json->getObject("client_rate")->getValue<int>("per_second"), 20);
        QCOMPARE(json->getObject("client_rate")->getValue<int>("burst"), 60);
        QCOMPARE(json->getValue<int>("max_in_flight"), 500);
        QCOMPARE(json->getValue<int>("max_connections_per_client"), 64);
        QCOMPARE(json->getObject("waiting_room")->getValue<bool>("enabled"), false);
        QCOMPARE(json->getObject("waiting_room")->getValue<int>("admit_per_minute"), 120);
        QCOMPARE(json->getArray("trusted_proxies")->size(), 0u);
        QCOMPARE(json->getObject("auto_degradation")->getArray("order")->size(), 4u);
        QCOMPARE(fresh.stop(), 0);
    }

    // A PUT replaces only what it names; the result is stored and survives a restart.
    void partialChangesAreKeptAcrossARestart() {
        auto admin = server_.admin();
        const auto changed =
            admin.put("/admin/protection",
                      R"({"client_rate":{"per_second":7},"trusted_proxies":["10.0.0.0/8","::1"],)"
                      R"("auto_degradation":{"p99_ms_high":400,"order":["search","reviews"]}})");
        EXPECT_API_RESPONSE(changed, 200);
        const auto json = changed.json();
        QCOMPARE(json->getObject("client_rate")->getValue<int>("per_second"), 7);
        QCOMPARE(json->getObject("client_rate")->getValue<int>("burst"), 60); // kept
        QCOMPARE(json->getObject("auto_degradation")->getValue<int>("p99_ms_high"), 400);
        QCOMPARE(json->getObject("auto_degradation")->getValue<int>("p99_ms_low"), 100);

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        QCOMPARE(restarted.get("/admin/protection").body, changed.body);
    }

    // The owner's feature switches and automatic mode hold across a restart too.
    void ownersSwitchesAreKeptAcrossARestart() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/degradation",
                                R"({"features":{"search":false,"wishlists":false},"auto":true})"),
                      200);
        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        const auto state = restarted.get("/admin/degradation").json();
        const auto features = state->getObject("features");
        QCOMPARE(features->getValue<bool>("search"), false);
        QCOMPARE(features->getValue<bool>("wishlists"), false);
        QCOMPARE(features->getValue<bool>("reviews"), true);
        QCOMPARE(state->getValue<bool>("auto"), true);
        EXPECT_STATUS(
            restarted.put("/admin/degradation",
                          R"({"features":{"search":true,"wishlists":true},"auto":false})"),
            200);
    }

    void refusedSettingsChangeNothing_data() {
        QTest::addColumn<QString>("body");
        QTest::newRow("burst 0") << R"({"client_rate":{"burst":0}})";
        QTest::newRow("negative rate") << R"({"client_rate":{"per_second":-1}})";
        QTest::newRow("rate as text") << R"({"client_rate":{"per_second":"5"}})";
        QTest::newRow("in flight too high") << R"({"max_in_flight":100001})";
        QTest::newRow("admit 0") << R"({"waiting_room":{"admit_per_minute":0}})";
        QTest::newRow("enabled as number") << R"({"waiting_room":{"enabled":1}})";
        QTest::newRow("pass for a day") << R"({"waiting_room":{"pass_seconds":86400}})";
        QTest::newRow("proxy not an address") << R"({"trusted_proxies":["proxy.local"]})";
        QTest::newRow("proxy prefix too long") << R"({"trusted_proxies":["10.0.0.0/33"]})";
        QTest::newRow("proxies not strings") << R"({"trusted_proxies":[10]})";
        QTest::newRow("low above high")
            << R"({"auto_degradation":{"p99_ms_high":50,"p99_ms_low":60}})";
        QTest::newRow("in-flight low above high")
            << R"({"auto_degradation":{"in_flight_high":50,"in_flight_low":50}})";
        QTest::newRow("unknown feature") << R"({"auto_degradation":{"order":["checkout"]}})";
        QTest::newRow("feature twice") << R"({"auto_degradation":{"order":["search","search"]}})";
        QTest::newRow("null") << R"({"max_in_flight":null})";
        // The valid part must not be taken either.
        QTest::newRow("one good, one bad") << R"({"max_in_flight":5,"client_rate":{"burst":0}})";
    }
    void refusedSettingsChangeNothing() {
        QFETCH(QString, body);
        auto admin = server_.admin();
        const auto before = admin.get("/admin/protection").body;
        EXPECT_API_ERROR(admin.put("/admin/protection", body.toStdString()), 400,
                         "invalid_request");
        QCOMPARE(admin.get("/admin/protection").body, before);
    }

    // Behind a trusted proxy, each X-Forwarded-For address is its own client: the flooder is
    // held to its rate while another customer's checkouts all go through.
    void floodingClientIsLimitedWhileAnotherBuys() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/protection",
                                R"({"client_rate":{"per_second":5,"burst":10},)"
                                R"("trusted_proxies":["127.0.0.1"]})"),
                      200);
        const auto sku = createFreshProduct(admin, "FLOOD", 1000, 1000);
        auto flooder = server_.storefront();
        auto customer = server_.storefront();

        QElapsedTimer elapsed;
        elapsed.start();
        int confirmed = 0;
        int limited = 0;
        for (int i = 0; i < 60; ++i) {
            const auto result = flooder.post(
                "/api/checkout", checkoutBody(sku, 1, "bot@example.com"), from("203.0.113.7"));
            if (result.status == 201) {
                ++confirmed;
                continue;
            }
            EXPECT_API_ERROR(result, 429, "rate_limited");
            const auto retryAfter = std::stoi(result.header("retry-after"));
            QVERIFY(retryAfter >= 1 && retryAfter <= 2);
            ++limited;
            if (i % 10 == 0) { // meanwhile, a real customer from another address
                EXPECT_STATUS(customer.post("/api/checkout",
                                            checkoutBody(sku, 1, "ana@example.com"),
                                            from("198.51.100.20")),
                              201);
                EXPECT_STATUS(customer.get("/healthz", from("203.0.113.7")), 200);
            }
        }
        const auto seconds = static_cast<double>(elapsed.elapsed()) / 1000.0;
        QVERIFY2(confirmed >= 10 && confirmed <= 10 + static_cast<int>(5 * seconds) + 1,
                 qPrintable(QString("%1 confirmed in %2 s").arg(confirmed).arg(seconds)));
        QVERIFY(limited > 0);
        QVERIFY(protectionCount(admin, "rate_limited") >= limited);
        // Refused checkouts took nothing: stock moved only by the confirmed ones.
        std::int64_t sold = 0;
        for (const auto& order : allOrders(admin))
            if (order->getValue<std::string>("sku") == sku)
                sold += order->getValue<std::int64_t>("quantity");
        QCOMPARE(stockOf(admin, sku), 1000 - sold);
    }

    // From a peer that is not a trusted proxy, X-Forwarded-For proves nothing: a new address
    // in it does not buy a fresh allowance.
    void forwardedForIsIgnoredFromUntrustedPeers() {
        auto admin = server_.admin();
        EXPECT_STATUS(
            admin.put("/admin/protection",
                      R"({"client_rate":{"per_second":1,"burst":3},"trusted_proxies":[]})"),
            200);
        auto client = server_.storefront();
        int refused = 0;
        for (int i = 0; i < 8; ++i)
            if (client.get("/api/products", from("192.0.2." + std::to_string(i))).status == 429)
                ++refused;
        QVERIFY2(refused >= 4, qPrintable(QString("%1 of 8 refused").arg(refused)));
    }

    // A proxy that adds its own X-Forwarded-For line (instead of appending to the client's)
    // still names the client: a forged first line that changes every time buys nothing.
    void everyForwardedForLineCounts() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/protection", R"({"client_rate":{"per_second":1,"burst":2},)"
                                                     R"("trusted_proxies":["127.0.0.1"]})"),
                      200);
        int refused = 0;
        for (int i = 0; i < 6; ++i) {
            const auto lines = "X-Forwarded-For: 192.0.2." + std::to_string(i) +
                               "\r\nX-Forwarded-For: 198.51.100.77\r\n";
            const auto result =
                exchangeRaw(server_.process().port(), rawRequest("GET", "/api/queue", lines, ""));
            refused += result.status == 429 ? 1 : 0;
        }
        QVERIFY2(refused >= 3, qPrintable(QString("%1 of 6 refused").arg(refused)));
    }

    // Two checkouts hold the only two in-flight places (their commit waits on a stalled
    // database): a third request is shed at once with 503 and takes nothing; health and the
    // waiting room are not shed; once the two commit they are confirmed, and checkout works
    // again. A request still arriving holds no place: only whole ones are in flight.
    void sheddingAboveTheLimitTakesNothing() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "SHED", 1000, 50);
        EXPECT_STATUS(admin.put("/admin/protection", R"({"max_in_flight":2})"), 200);
        const auto shedBefore = protectionCount(admin, "shed");

        const auto body = checkoutBody(sku, 1, "slow@example.com");
        const auto head = "POST /api/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n";
        const Poco::Net::SocketAddress address("127.0.0.1", server_.process().port());
        Poco::Net::StreamSocket arriving(address); // its body never comes
        arriving.sendBytes(head.data(), static_cast<int>(head.size()));

        DatabaseWriteLock stalled(server_.databasePath());
        std::vector<Poco::Net::StreamSocket> held;
        for (int i = 0; i < 2; ++i) {
            held.emplace_back(address);
            const auto request = head + body;
            held.back().sendBytes(request.data(), static_cast<int>(request.size()));
        }
        QTRY_COMPARE_WITH_TIMEOUT(protectionCount(admin, "in_flight"), 2, 4000);

        auto client = server_.storefront();
        const auto shed = client.post("/api/checkout", checkoutBody(sku, 1));
        EXPECT_API_ERROR(shed, 503, "overloaded");
        const auto retryAfter = std::stoi(shed.header("retry-after"));
        QVERIFY(retryAfter >= 1 && retryAfter <= 3);
        EXPECT_API_ERROR(client.get("/api/products"), 503, "overloaded");
        EXPECT_STATUS(client.get("/healthz"), 200);
        EXPECT_STATUS(client.get("/readyz"), 200);
        EXPECT_STATUS(client.get("/api/queue"), 200);
        EXPECT_STATUS(admin.get("/admin/status"), 200);
        QCOMPARE(stockOf(admin, sku), 48); // the two held ones are reserved, nothing else
        QCOMPARE(protectionCount(admin, "shed"), shedBefore + 2);
        stalled.release();

        for (auto& socket : held) {
            socket.setReceiveTimeout(Poco::Timespan(10, 0));
            char reply[2048];
            const auto got = socket.receiveBytes(reply, sizeof reply);
            QVERIFY2(std::string(reply, static_cast<std::size_t>(std::max(got, 0)))
                         .starts_with("HTTP/1.1 201"),
                     reply);
        }
        QCOMPARE(stockOf(admin, sku), 48);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku, 1)), 201);
    }

    // The whole line: the first customer into an empty room is admitted at once, the next
    // waits her turn; checkout takes only the customer's own, unused pass.
    void waitingRoomFromTicketToOrder() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "QUEUE", 1000, 100);
        auto client = server_.storefront();
        EXPECT_API_ERROR(client.post("/api/queue", joinBody("ana@example.com")), 409,
                         "queue_closed");
        EXPECT_STATUS(admin.put("/admin/protection", roomSettings(true, 60)), 200);
        const auto state = client.get("/api/queue");
        EXPECT_API_RESPONSE(state, 200);
        QCOMPARE(state.json()->getValue<bool>("enabled"), true);
        QCOMPARE(state.json()->getValue<int>("admit_per_minute"), 60);

        const auto ana = client.post("/api/queue", joinBody("Ana@Example.com"));
        EXPECT_API_RESPONSE(ana, 200);
        QCOMPARE(ana.json()->getValue<int>("position"), 0);
        const auto anaPass = ana.json()->getValue<std::string>("pass");
        const auto bea = client.post("/api/queue", joinBody("bea@example.com"));
        EXPECT_API_RESPONSE(bea, 200);
        QCOMPARE(bea.json()->getValue<int>("position"), 1);
        QVERIFY(bea.json()->getValue<int>("eta_seconds") >= 1);
        QVERIFY(!bea.json()->has("pass"));
        const auto beaTicket = bea.json()->getValue<std::string>("ticket");
        // Anyone can give Ana's address: that is a new ticket at the back, never hers or her
        // pass.
        const auto impostor = client.post("/api/queue", joinBody("ana@example.com"));
        EXPECT_API_RESPONSE(impostor, 200);
        QVERIFY(impostor.json()->getValue<std::string>("ticket") !=
                ana.json()->getValue<std::string>("ticket"));
        QVERIFY(!impostor.json()->has("pass"));
        QCOMPARE(impostor.json()->getValue<int>("position"), 2);

        const auto order = [&](const std::string& customer, const std::string& pass) {
            std::map<std::string, std::string> headers;
            if (!pass.empty())
                headers["X-Queue-Pass"] = pass;
            return client.post("/api/checkout", checkoutBody(sku, 1, customer), headers);
        };
        auto forged = anaPass;
        forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
        EXPECT_API_ERROR(order("ana@example.com", ""), 403, "queue_pass_required");
        EXPECT_API_ERROR(order("ana@example.com", forged), 403, "queue_pass_required");
        EXPECT_API_ERROR(order("ana@example.com", "garbage"), 403, "queue_pass_required");
        EXPECT_API_ERROR(order("bea@example.com", anaPass), 403, "queue_pass_required");
        QCOMPARE(stockOf(admin, sku), 100);
        EXPECT_STATUS(order("ana@example.com", anaPass), 201);
        EXPECT_API_ERROR(order("ana@example.com", anaPass), 403, "queue_pass_required");

        const auto beaPass = waitForPass(client, beaTicket);
        QVERIFY2(!beaPass.empty(), "bea was never admitted");
        EXPECT_STATUS(order("bea@example.com", beaPass), 201);
        QCOMPARE(stockOf(admin, sku), 98);
        const auto stats = admin.get("/admin/stats").json()->getObject("protection");
        QVERIFY(stats->getObject("waiting_room")->getValue<int>("admitted") >= 2);

        EXPECT_API_ERROR(client.get("/api/queue/tkt_nosuchticket"), 404, "unknown_ticket");
        // Switched off: whoever still waits is forgotten, and checkout needs no pass.
        const auto finn = client.post("/api/queue", joinBody("finn@example.com"));
        QCOMPARE(finn.json()->getValue<int>("position"), 2); // behind the impostor's ticket
        EXPECT_STATUS(admin.put("/admin/protection", roomSettings(false)), 200);
        EXPECT_API_ERROR(client.get("/api/queue/" + finn.json()->getValue<std::string>("ticket")),
                         404, "unknown_ticket");
        EXPECT_STATUS(order("cleo@example.com", ""), 201);
    }

    // A checkout that confirms nothing leaves the pass unused; a retry with the same
    // Idempotency-Key replays the order instead of being refused for a used pass.
    void passSurvivesFailuresAndRetries() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "RETRY", 1000, 1);
        EXPECT_STATUS(admin.put("/admin/protection", roomSettings(true, 6000)), 200);
        auto client = server_.storefront();
        const auto joined = client.post("/api/queue", joinBody("dana@example.com"));
        const auto pass = waitForPass(client, joined.json()->getValue<std::string>("ticket"));
        QVERIFY(!pass.empty());
        std::map<std::string, std::string> headers{{"X-Queue-Pass", pass}};
        EXPECT_API_ERROR(
            client.post("/api/checkout", checkoutBody(sku, 2, "dana@example.com"), headers), 409,
            "sold_out");
        headers["Idempotency-Key"] = "dana-1";
        const auto first =
            client.post("/api/checkout", checkoutBody(sku, 1, "dana@example.com"), headers);
        EXPECT_STATUS(first, 201);
        const auto retry =
            client.post("/api/checkout", checkoutBody(sku, 1, "dana@example.com"), headers);
        EXPECT_STATUS(retry, 201);
        QCOMPARE(retry.json()->getValue<std::string>("order_id"),
                 first.json()->getValue<std::string>("order_id"));
        // The same key with another body is refused (422) and must not give the pass back.
        EXPECT_API_ERROR(
            client.post("/api/checkout", checkoutBody(sku, 2, "dana@example.com"), headers), 422,
            "idempotency_key_reused");
        headers["Idempotency-Key"] = "dana-2";
        EXPECT_API_ERROR(
            client.post("/api/checkout", checkoutBody(sku, 1, "dana@example.com"), headers), 403,
            "queue_pass_required");
        headers.erase("Idempotency-Key");
        EXPECT_API_ERROR(
            client.post("/api/checkout", checkoutBody(sku, 1, "dana@example.com"), headers), 403,
            "queue_pass_required");
    }

    // In automatic mode, requests held in flight past the threshold switch the first feature
    // off within seconds, and it comes back once they are done; both flips are on the timeline
    // as the controller's.
    void automaticDegradationFollowsTheLoad() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/protection",
                                R"({"auto_degradation":{"in_flight_high":2,"in_flight_low":1,)"
                                R"("p99_ms_high":60000,"p99_ms_low":59999,)"
                                R"("seconds_before_off":1,"seconds_before_on":1,)"
                                R"("order":["recommendations","reviews"]}})"),
                      200);
        EXPECT_STATUS(admin.put("/admin/degradation", R"({"auto":true})"), 200);
        const auto featureOn = [&](const std::string& name) {
            return admin.get("/admin/degradation")
                .json()
                ->getObject("features")
                ->getValue<bool>(name);
        };
        const auto waitFor = [&](const std::string& name, bool on, int timeoutMs = 15000) {
            QDeadlineTimer deadline(timeoutMs);
            while (featureOn(name) != on && !deadline.hasExpired())
                QThread::msleep(50);
            return featureOn(name) == on;
        };
        QVERIFY(featureOn("recommendations"));

        // Three checkouts wait on a stalled database: in flight until it lets them commit.
        const auto sku = createFreshProduct(admin, "LOAD", 1000, 10);
        const auto body = checkoutBody(sku, 1);
        const auto request = "POST /api/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             "application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body;
        const Poco::Net::SocketAddress address("127.0.0.1", server_.process().port());
        std::vector<Poco::Net::StreamSocket> held;
        {
            DatabaseWriteLock stalled(server_.databasePath());
            for (int i = 0; i < 3; ++i) {
                held.emplace_back(address);
                held.back().sendBytes(request.data(), static_cast<int>(request.size()));
            }
            QVERIFY2(waitFor("recommendations", false, 4000),
                     "recommendations stayed on under load");
        }
        QVERIFY2(waitFor("recommendations", true), "recommendations never came back");
        EXPECT_STATUS(admin.put("/admin/degradation", R"({"auto":false})"), 200);

        const auto history = admin.get("/admin/degradation").json()->getArray("history");
        int automaticFlips = 0;
        for (std::size_t i = 0; i < history->size(); ++i) {
            const auto change = history->getObject(static_cast<unsigned>(i));
            if (change->getValue<std::string>("source") == "auto") {
                ++automaticFlips;
                QVERIFY(change->getValue<std::string>("reason").find("in flight") !=
                        std::string::npos);
            }
        }
        QVERIFY(automaticFlips >= 2);
    }

    void expiredPassIsRefused() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "EXPIRE", 1000, 10);
        EXPECT_STATUS(admin.put("/admin/protection", roomSettings(true, 60, 1)), 200);
        auto client = server_.storefront();
        const auto joined = client.post("/api/queue", joinBody("eve@example.com"));
        const auto pass = waitForPass(client, joined.json()->getValue<std::string>("ticket"));
        QVERIFY(!pass.empty());
        QThread::msleep(1100);
        EXPECT_API_ERROR(client.post("/api/checkout", checkoutBody(sku, 1, "eve@example.com"),
                                     {{"X-Queue-Pass", pass}}),
                         403, "queue_pass_required");
        QCOMPARE(stockOf(admin, sku), 10);
    }
};

QTEST_GUILESS_MAIN(ProtectionTest)
#include "test_http_protection.moc"
