// Connections and time against a real topcoatd: thousands of idle keep-alive connections and
// hundreds of slowly arriving requests cost no worker and no place in flight, so a real
// customer still browses and buys; a head or body that arrives too slowly is cut off with a
// 408; one address gets only so many connections; silent connections are closed; and a
// SIGTERM with thousands of connections open exits at once, every confirmed order kept.

#include "ApiChecks.h"
#include "ConnectionChecks.h"
#include "FramingCases.h"
#include "RawConnection.h"
#include "RawHttp.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QElapsedTimer>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <sys/resource.h>
#include <thread>

using namespace topcoat::test;
using namespace std::chrono_literals;

namespace {

using Answers = std::vector<std::optional<RawResponse>>;

// Raises this process's soft limit on open files towards `wanted`, as far as the hard limit
// allows; returns the limit in force afterwards.
rlim_t raiseOpenFileLimit(rlim_t wanted) {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

// `count` connections, the i-th from customer `first + i`'s own loopback address, each having
// sent `bytes`; `failure` says which one could not connect or send.
std::vector<RawConnection> openConnections(std::uint16_t port, int count, int first,
                                           const std::string& bytes, QString& failure) {
    std::vector<RawConnection> connections;
    connections.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        auto& connection = connections.emplace_back(port, loopbackAddress(first + i));
        if (!connection.connected() || !connection.send(bytes)) {
            failure = QStringLiteral("connection %1 of %2: %3")
                          .arg(i + 1)
                          .arg(count)
                          .arg(QString::fromStdString(connection.failure()));
            break;
        }
    }
    return connections;
}

// One more byte on every connection not yet answered or closed: a client that is slow, not
// stalled.
void trickle(std::vector<RawConnection>& connections, const Answers& answers) {
    for (std::size_t i = 0; i < connections.size(); ++i)
        if (!answers[i] && !connections[i].hasInput())
            connections[i].send("a", 1s);
}

// "" when every connection answered `status` with `code` and Connection: close, else the first
// that did not, and how many.
QString everyAnswerMismatch(const Answers& answers, int status, const std::string& code) {
    QString first;
    int wrong = 0;
    for (const auto& answer : answers) {
        auto mismatch = answer ? errorMismatch(*answer, status, code) : QStringLiteral("none");
        if (mismatch.isEmpty() && !saysClose(*answer))
            mismatch = QStringLiteral("no Connection: close: ") + describe(answer);
        if (!mismatch.isEmpty() && wrong++ == 0)
            first = mismatch;
    }
    return wrong == 0 ? QString()
                      : QStringLiteral("%1 of %2 not answered so, e.g. %3")
                            .arg(wrong)
                            .arg(answers.size())
                            .arg(first);
}

// What a customer does: the catalogue, one product, a purchase. "" when all went through.
QString shopOnce(HttpClient& client, const std::string& sku) {
    const auto catalogue = client.get("/api/products");
    if (catalogue.status != 200)
        return QStringLiteral("GET /api/products: ") + describe(catalogue);
    const auto product = client.get("/api/products/" + sku);
    if (product.status != 200)
        return QStringLiteral("GET /api/products/{sku}: ") + describe(product);
    const auto order = client.post("/api/checkout", checkoutBody(sku, 1));
    if (order.status != 201)
        return QStringLiteral("POST /api/checkout: ") + describe(order);
    return {};
}

} // namespace

class SlowClientsTest : public ServerTestCase {
    Q_OBJECT

protected:
    void prepareServer() override {
        auto admin = server_.admin();
        createProduct(admin, sku_, 100, 1'000'000);
        // Raised once topcoatd runs, so that it has to raise its own limit as API.md says.
        openFiles_ = raiseOpenFileLimit(8192);
    }

private slots:
    void init() { setProtection(R"({"max_in_flight":0,"max_connections_per_client":64})"); }

    // 8 connections from 127.0.0.1 are let in, the 9th is closed at once; the admin port has
    // no such cap, and raising it lets the next one in.
    void connectionsPerClientAreCapped() {
        const auto capped = setProtection(R"({"max_connections_per_client":8})");
        QVERIFY2(capped && capped->has("max_connections_per_client") &&
                     capped->getValue<int>("max_connections_per_client") == 8,
                 "PUT /admin/protection did not take max_connections_per_client");
        std::vector<RawConnection> eight;
        for (int i = 0; i < 8; ++i) {
            auto& connection = eight.emplace_back(port());
            QVERIFY(connection.send(framedRequest("GET", "/healthz")));
            const auto answer = connection.read(10s);
            QVERIFY2(answer && answer->status == 200, qPrintable(describe(answer)));
        }
        RawConnection ninth(port());
        QVERIFY2(ninth.connected(), ninth.failure().c_str());
        ninth.send(framedRequest("GET", "/healthz"));
        // Well before the 10 s a silent new connection is given.
        TOPCOAT_VERIFY_EMPTY(closeMismatch(ninth, 5s));
        for (auto& connection : eight) {
            QVERIFY(connection.send(framedRequest("GET", "/healthz")));
            const auto answer = connection.read(10s);
            QVERIFY2(answer && answer->status == 200, qPrintable(describe(answer)));
        }

        std::vector<RawConnection> admins;
        for (int i = 0; i < 12; ++i) {
            auto& connection = admins.emplace_back(server_.process().adminPort());
            QVERIFY(connection.send(framedRequest("GET", "/healthz")));
            const auto answer = connection.read(10s);
            QVERIFY2(answer && answer->status == 200, qPrintable(describe(answer)));
        }

        QVERIFY(setProtection(R"({"max_connections_per_client":16})"));
        RawConnection let(port());
        QVERIFY(let.send(framedRequest("GET", "/healthz")));
        const auto answer = let.read(10s);
        QVERIFY2(answer && answer->status == 200, qPrintable(describe(answer)));
    }

    // 3,000 customers who looked once and left their connection open do not keep the next one
    // waiting, and stay connected.
    void idleConnectionsDoNotKeepCustomersOut() {
        constexpr int count = 3000;
        QVERIFY2(openFiles_ > count + 200, "the open-file limit is too low for this test");
        QString failure;
        auto idle = openConnections(port(), count, 0, framedRequest("GET", "/healthz"), failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        Answers answers(idle.size());
        const auto unanswered = readEach(idle, answers, 10s);
        QVERIFY2(
            unanswered == 0,
            qPrintable(
                QStringLiteral("%1 of %2 GET /healthz unanswered").arg(unanswered).arg(count)));

        auto client = server_.storefront();
        QElapsedTimer shopping;
        shopping.start();
        TOPCOAT_VERIFY_EMPTY(shopOnce(client, sku_));
        QVERIFY2(shopping.elapsed() < 5000,
                 qPrintable(QStringLiteral("shopping took %1 ms").arg(shopping.elapsed())));

        const auto closed = std::count_if(idle.begin(), idle.end(),
                                          [](const RawConnection& c) { return c.hasInput(); });
        QVERIFY2(closed == 0, qPrintable(QStringLiteral("%1 idle connections closed").arg(closed)));
        for (std::size_t i = 0; i < idle.size(); i += 300) {
            QVERIFY(idle[i].send(framedRequest("GET", "/healthz")));
            const auto again = idle[i].read(10s);
            QVERIFY2(again && again->status == 200, qPrintable(describe(again)));
        }
    }

    // 500 heads and 200 checkout bodies arriving a byte at a time are not in flight: with room
    // for 64 requests a customer is never shed. Each slow one ends with a 408.
    void slowArrivalsAreNotInFlight() {
        QVERIFY2(openFiles_ > 1000, "the open-file limit is too low for this test");
        QVERIFY(setProtection(R"({"max_in_flight":64})"));
        QString failure;
        auto slow =
            openConnections(port(), 500, 3000,
                            "GET /api/products HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto bodies = openConnections(
            port(), 200, 3500, rawRequest("POST", "/api/checkout", "Content-Length: 1000\r\n", "{"),
            failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        for (auto& connection : bodies)
            slow.push_back(std::move(connection));
        Answers answers(slow.size());

        auto client = server_.storefront();
        QElapsedTimer shopping, sinceByte;
        shopping.start();
        sinceByte.start();
        int rounds = 0;
        while (shopping.elapsed() < 3000) {
            TOPCOAT_VERIFY_EMPTY(shopOnce(client, sku_));
            ++rounds;
            if (sinceByte.elapsed() >= 1000) {
                trickle(slow, answers);
                sinceByte.restart();
            }
        }
        qInfo("%d rounds of shopping beside %zu slow connections", rounds, slow.size());

        // Heads get 10 s from their first byte; bodies 5 s and 1,000 bytes a second.
        QElapsedTimer waiting;
        waiting.start();
        while (readEach(slow, answers, 1s) > 0 && waiting.elapsed() < 25000)
            trickle(slow, answers);
        TOPCOAT_VERIFY_EMPTY(everyAnswerMismatch(answers, 408, "request_timeout"));
        for (auto& connection : slow)
            TOPCOAT_VERIFY_EMPTY(closeMismatch(connection));
    }

    // A head still arriving, a byte a second, is answered 408 once 10 s have passed since its
    // first byte, and closed.
    void slowHeadTimesOut() {
        RawConnection slow(port(), loopbackAddress(5000));
        QElapsedTimer sinceFirstByte;
        sinceFirstByte.start();
        QVERIFY(slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        std::optional<RawResponse> answer;
        while (!answer && !slow.ended() && sinceFirstByte.elapsed() < 20000)
            if (!(answer = slow.read(1s)))
                slow.send("a", 1s);
        const auto took = sinceFirstByte.elapsed();
        TOPCOAT_VERIFY_EMPTY(refusalMismatch(slow, answer, 408, "request_timeout"));
        QVERIFY2(took >= 9000, qPrintable(QStringLiteral("cut off after %1 ms").arg(took)));
    }

    // A body at a byte a second is cut off once the 5 s of grace are over; one of the same
    // size sent in quarters within them is served.
    void slowBodyTimesOut() {
        auto admin = server_.admin();
        const auto stock = stockOf(admin, sku_);
        const auto body = paddedTo(checkoutBody(sku_, 1), 1000);
        const auto head = rawRequest("POST", "/api/checkout", "Content-Length: 1000\r\n", "");
        std::vector<RawConnection> pair;
        pair.emplace_back(port(), loopbackAddress(5001));
        pair.emplace_back(port(), loopbackAddress(5002));
        QVERIFY(pair[0].send(head + body.substr(0, 1)) && pair[1].send(head + body.substr(0, 250)));
        QElapsedTimer sinceHead, sinceBytes;
        sinceHead.start();
        sinceBytes.start();
        Answers answers(2);
        std::size_t slowSent = 1, briskSent = 250;
        qint64 slowAnsweredAfter = -1;
        while (readEach(pair, answers, 100ms) > 0 && sinceHead.elapsed() < 20000) {
            if (answers[0] && slowAnsweredAfter < 0)
                slowAnsweredAfter = sinceHead.elapsed();
            if (sinceBytes.elapsed() < 1000)
                continue;
            sinceBytes.restart();
            if (!answers[0] && !pair[0].hasInput())
                pair[0].send(body.substr(slowSent++, 1), 1s);
            if (!answers[1] && briskSent < body.size()) {
                pair[1].send(body.substr(briskSent, 250), 1s);
                briskSent += 250;
            }
        }
        if (answers[0] && slowAnsweredAfter < 0)
            slowAnsweredAfter = sinceHead.elapsed();
        TOPCOAT_VERIFY_EMPTY(refusalMismatch(pair[0], answers[0], 408, "request_timeout"));
        QVERIFY2(slowAnsweredAfter >= 4500,
                 qPrintable(QStringLiteral("cut off after %1 ms").arg(slowAnsweredAfter)));
        QVERIFY2(answers[1] && answers[1]->status == 201, qPrintable(describe(answers[1])));
        QCOMPARE(stockOf(admin, sku_), stock - 1);
    }

    // A new connection that sends nothing is closed after 10 s, a kept-alive one after 15 s
    // of silence, both without an answer: there is no request to answer.
    void silentConnectionsAreClosed() {
        RawConnection fresh(port(), loopbackAddress(5100));
        QElapsedTimer sinceConnect;
        sinceConnect.start();
        RawConnection kept(port(), loopbackAddress(5101));
        QVERIFY(kept.send(framedRequest("GET", "/healthz")));
        const auto answer = kept.read(10s);
        QVERIFY2(answer && answer->status == 200, qPrintable(describe(answer)));
        QElapsedTimer sinceAnswer;
        sinceAnswer.start();

        TOPCOAT_VERIFY_EMPTY(closeMismatch(fresh, 20s));
        QVERIFY2(sinceConnect.elapsed() >= 9000,
                 qPrintable(QStringLiteral("closed after %1 ms").arg(sinceConnect.elapsed())));
        TOPCOAT_VERIFY_EMPTY(closeMismatch(kept, 20s));
        QVERIFY2(sinceAnswer.elapsed() >= 14000,
                 qPrintable(QStringLiteral("closed after %1 ms").arg(sinceAnswer.elapsed())));
    }

    // SIGTERM with 2,000 idle connections and a customer buying: exit 0 within 2 s, and every
    // order confirmed with a 201, before or during the stop, is there after a restart.
    void shutdownIsPromptAndKeepsEveryOrder() {
        constexpr int count = 2000;
        QVERIFY2(openFiles_ > count + 200, "the open-file limit is too low for this test");
        std::mutex mutex;
        std::vector<std::string> confirmed;
        auto record = [&](const HttpResult& order) {
            if (order.status != 201)
                return;
            std::lock_guard lock(mutex);
            confirmed.push_back(order.json()->getValue<std::string>("order_id"));
        };
        auto client = server_.storefront();
        for (int i = 0; i < 10; ++i)
            record(client.post("/api/checkout", checkoutBody(sku_, 1)));
        QCOMPARE(confirmed.size(), std::size_t(10));

        QString failure;
        auto idle = openConnections(port(), count, 6000, framedRequest("GET", "/healthz"), failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        Answers answers(idle.size());
        QCOMPARE(readEach(idle, answers, 20s), std::size_t(0));

        std::atomic<bool> stopped{false};
        std::atomic<int> bought{0};
        std::string buyerEnd;
        std::thread buyer([&, buying = server_.storefront()]() mutable {
            try {
                while (!stopped) {
                    const auto order = buying.post("/api/checkout", checkoutBody(sku_, 1));
                    record(order);
                    bought += order.status == 201;
                }
            } catch (const Poco::Exception& error) {
                buyerEnd = error.displayText(); // the server has gone: the end of buying
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(bought >= 5, 10000);

        QElapsedTimer stopping;
        stopping.start();
        const int exitCode = server_.stop();
        const auto took = stopping.elapsed();
        stopped = true;
        buyer.join();
        QCOMPARE(exitCode, 0);
        QVERIFY2(took < 2000, qPrintable(QStringLiteral("SIGTERM to exit took %1 ms").arg(took)));
        qInfo("%zu orders confirmed; the buyer stopped on: %s", confirmed.size(), buyerEnd.c_str());

        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto after = server_.storefront();
        for (const auto& id : confirmed)
            EXPECT_API_RESPONSE(after.get("/api/orders/" + id), 200);
    }

private:
    std::uint16_t port() { return server_.process().port(); }

    // PUT /admin/protection; the settings as answered, null unless 200.
    Poco::JSON::Object::Ptr setProtection(const std::string& body) {
        auto admin = server_.admin();
        const auto result = admin.put("/admin/protection", body);
        if (result.status != 200) {
            qWarning("PUT /admin/protection %s: %s", body.c_str(), qPrintable(describe(result)));
            return nullptr;
        }
        return result.json();
    }

    const std::string sku_ = freshSku("SLOW");
    rlim_t openFiles_ = 0;
};

QTEST_GUILESS_MAIN(SlowClientsTest)
#include "test_http_slow_clients.moc"
