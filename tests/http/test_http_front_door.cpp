// The front door of a real topcoatd, byte by byte over loopback: request line, header fields
// and body framing are parsed strictly, every refusal is a whole answer in the error shape
// that closes the connection so nothing sent after it runs, what is accepted is answered in
// order, storefront POSTs take JSON only, and no message echoes bytes that are not UTF-8.

#include "ApiChecks.h"
#include "ConnectionChecks.h"
#include "FramingCases.h"
#include "RawConnection.h"
#include "RawHttp.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QByteArrayView>
#include <QDeadlineTimer>
#include <QtTest>
#include <poll.h>
#include <sys/socket.h>

using namespace topcoat::test;
using namespace std::chrono_literals;

class FrontDoorTest : public ServerTestCase {
    Q_OBJECT

protected:
    // The product every framing case tries to buy one unit of.
    void prepareServer() override {
        auto admin = server_.admin();
        createProduct(admin, sku_, 1000, 1000);
    }

private slots:
    void refusedFraming_data() { addRows(topcoat::test::refusedFraming(sku_)); }
    void refusedFraming() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        auto admin = server_.admin();
        const auto before = shopState(admin);
        RawConnection connection(port());
        QVERIFY2(connection.connected(), connection.failure().c_str());
        // A server may refuse and close before taking all of a long request: no matter.
        connection.send(request.toStdString());
        // At once: well before the 10 s after which a request still arriving is given up on.
        TOPCOAT_VERIFY_EMPTY(refusalMismatch(connection, status, code.toStdString(), 5s));
        QCOMPARE(shopState(admin), before);
    }

    void acceptedFraming_data() { addRows(topcoat::test::acceptedFraming(sku_)); }
    void acceptedFraming() {
        QFETCH(QByteArray, request);
        auto admin = server_.admin();
        const auto stock = stockOf(admin, sku_);
        RawConnection connection(port());
        QVERIFY(connection.send(request.toStdString()));
        const auto response = connection.read(20s);
        QVERIFY2(response && response->status == 201, qPrintable(describe(response)));
        QVERIFY2(response->version == "HTTP/1.1", qPrintable(describe(response)));
        QCOMPARE(stockOf(admin, sku_), stock - 1);
    }

    // An HTTP/1.0 request is answered HTTP/1.1 and closed after, unless it asks to keep alive;
    // an HTTP/1.1 one is kept alive unless it says Connection: close.
    void versionsAndKeepAlive() {
        RawConnection oneZero(port());
        QVERIFY(oneZero.send("GET /healthz HTTP/1.0\r\n\r\n"));
        const auto answered = oneZero.read(10s);
        QVERIFY2(answered && answered->status == 200, qPrintable(describe(answered)));
        QVERIFY2(answered->version == "HTTP/1.1", qPrintable(describe(answered)));
        TOPCOAT_VERIFY_EMPTY(closeMismatch(oneZero));

        RawConnection kept(port());
        for (int i = 0; i < 2; ++i) {
            QVERIFY(kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
            const auto again = kept.read(10s);
            QVERIFY2(again && again->status == 200, qPrintable(describe(again)));
            QVERIFY2(again->version == "HTTP/1.1", qPrintable(describe(again)));
        }

        RawConnection closing(port());
        QVERIFY(closing.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        const auto last = closing.read(10s);
        QVERIFY2(last && last->status == 200 && saysClose(*last), qPrintable(describe(last)));
        TOPCOAT_VERIFY_EMPTY(closeMismatch(closing));
    }

    // Five requests in one write, a checkout among them, are answered one by one in order on
    // the same connection, which then stays open for more.
    // HEAD is GET without the body: the length is announced and no body follows, so the next
    // answer on the connection starts right after the head.
    void headAnswersWithoutABody() {
        RawConnection connection(port());
        QVERIFY(connection.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        // Everything until the server closes, unframed: HEAD's answer must carry no body.
        std::string bytes;
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            pollfd readable{connection.descriptor(), POLLIN, 0};
            if (::poll(&readable, 1, static_cast<int>(deadline.remainingTime())) <= 0)
                break;
            char chunk[4096];
            const auto got = ::recv(connection.descriptor(), chunk, sizeof chunk, 0);
            if (got <= 0)
                break;
            bytes.append(chunk, static_cast<std::size_t>(got));
        }
        const auto second = bytes.find("HTTP/1.1 200", 1);
        QVERIFY2(bytes.starts_with("HTTP/1.1 200 OK\r\n") && second != std::string::npos,
                 bytes.c_str());
        const auto head = bytes.substr(0, second);
        QVERIFY2(head.find("Content-Length: 15\r\n") != std::string::npos, head.c_str());
        QVERIFY2(head.ends_with("\r\n\r\n"), head.c_str());
        QVERIFY2(bytes.ends_with(R"({"status":"ok"})"), bytes.c_str());
    }

    void pipelinedRequestsAreAnsweredInOrder() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "PIPE", 1000, 5);
        const auto product = "/api/products/" + sku;
        RawConnection connection(port());
        QVERIFY(connection.send(framedRequest("GET", "/healthz") + framedRequest("GET", product) +
                                framedRequest("GET", "/api/products/NOPE") +
                                framedRequest("POST", "/api/checkout",
                                              "Content-Type: application/json\r\n",
                                              checkoutBody(sku, 2)) +
                                framedRequest("GET", product)));
        std::vector<RawResponse> responses;
        for (int i = 0; i < 5; ++i) {
            auto response = connection.read(20s);
            QVERIFY2(response, qPrintable(QStringLiteral("response %1 of 5: ").arg(i + 1) +
                                          describe(response)));
            responses.push_back(std::move(*response));
        }
        EXPECT_API_RESPONSE(responses[0], 200);
        EXPECT_API_RESPONSE(responses[1], 200);
        QCOMPARE(responses[1].json()->getValue<std::int64_t>("stock"), 5);
        EXPECT_API_ERROR(responses[2], 404, "unknown_sku");
        EXPECT_API_RESPONSE(responses[3], 201);
        QCOMPARE(responses[3].json()->getValue<std::int64_t>("quantity"), 2);
        EXPECT_API_RESPONSE(responses[4], 200);
        QCOMPARE(responses[4].json()->getValue<std::int64_t>("stock"), 3);

        QVERIFY(connection.send(framedRequest("GET", "/healthz")));
        const auto more = connection.read(10s);
        QVERIFY2(more && more->status == 200, qPrintable(describe(more)));
    }

    // The server asks for the body only when it will take it.
    void expectContinue() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "CONT", 1000, 5);
        const auto body = checkoutBody(sku, 1);
        RawConnection connection(port());
        QVERIFY(connection.send(rawRequest(
            "POST", "/api/checkout",
            "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n",
            "")));
        const auto interim = connection.read(10s);
        QVERIFY2(interim && interim->status == 100, qPrintable(describe(interim)));
        QVERIFY2(interim->version == "HTTP/1.1", qPrintable(describe(interim)));
        QVERIFY(connection.send(body));
        const auto order = connection.read(10s);
        QVERIFY2(order && order->status == 201, qPrintable(describe(order)));
        QCOMPARE(stockOf(admin, sku), 4);

        // Too large to take: the refusal comes at once, with no 100 Continue before it.
        RawConnection large(port());
        QVERIFY(large.send(rawRequest("POST", "/api/checkout",
                                      "Expect: 100-continue\r\nContent-Length: 17408\r\n", "")));
        TOPCOAT_VERIFY_EMPTY(refusalMismatch(large, 413, "payload_too_large", 5s));
        QCOMPARE(stockOf(admin, sku), 4);
    }

    // Bytes of a path that are not UTF-8 never reach a message as they are: every answer is
    // valid UTF-8 JSON. Status 0: any client error (such a raw target may be refused outright).
    void pathsThatAreNotUtf8_data() {
        QTest::addColumn<bool>("admin");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("escaped FF FE") << false << QByteArray("GET") << QByteArray("/%FF%FE") << 404
                                       << QByteArray("not_found");
        QTest::newRow("escaped, wrong method")
            << false << QByteArray("DELETE") << QByteArray("/api/products/%FF%FE") << 405
            << QByteArray("method_not_allowed");
        QTest::newRow("escaped SKU")
            << false << QByteArray("GET") << QByteArray("/api/products/%FF") << 0 << QByteArray();
        QTest::newRow("escaped order id")
            << false << QByteArray("GET") << QByteArray("/api/orders/%C3%28") << 0 << QByteArray();
        QTest::newRow("truncated sequence")
            << false << QByteArray("GET") << QByteArray("/%F0%9F%92") << 404
            << QByteArray("not_found");
        QTest::newRow("overlong slash") << false << QByteArray("GET") << QByteArray("/%C0%AF")
                                        << 404 << QByteArray("not_found");
        QTest::newRow("raw FF FE")
            << false << QByteArray("GET") << QByteArray("/\xFF\xFE") << 0 << QByteArray();
        QTest::newRow("raw, wrong method")
            << false << QByteArray("PUT") << QByteArray("/api/products/\xFF") << 0 << QByteArray();
        QTest::newRow("admin, escaped") << true << QByteArray("GET") << QByteArray("/admin/%FF%FE")
                                        << 404 << QByteArray("not_found");
    }
    void pathsThatAreNotUtf8() {
        QFETCH(bool, admin);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        const auto token = admin ? "Authorization: Bearer " + server_.token() + "\r\n" : "";
        RawConnection connection(admin ? server_.process().adminPort() : port());
        QVERIFY(connection.send(framedRequest(method.toStdString(), target.toStdString(), token)));
        const auto response = connection.read(10s);
        QVERIFY2(response, "no answer");
        if (status == 0) {
            QVERIFY2(response->status >= 400 && response->status < 500,
                     qPrintable(describe(response)));
            TOPCOAT_VERIFY_EMPTY(clientErrorMismatch(*response, response->status));
        } else {
            EXPECT_API_ERROR(*response, status, code.toStdString());
        }
        QVERIFY2(
            QByteArrayView(response->body).isValidUtf8(),
            qPrintable(QByteArray::fromStdString(response->body).toPercentEncoding("{}\":, ")));
    }

    // A page on another site can post a form or text/plain, but not application/json without
    // asking first: anything but JSON is refused before the body is looked at.
    void storefrontPostsTakeJsonOnly_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("contentType"); // "" sends none
        QTest::addColumn<QByteArray>("body");
        const auto checkout = QByteArray::fromStdString(checkoutBody(sku_, 1));
        const auto join = QByteArray(R"({"customer":"ana@example.com"})");
        QTest::newRow("text/plain")
            << QByteArray("/api/checkout") << QByteArray("text/plain") << checkout;
        QTest::newRow("form") << QByteArray("/api/checkout")
                              << QByteArray("application/x-www-form-urlencoded")
                              << "sku=" + QByteArray::fromStdString(sku_) + "&quantity=1";
        QTest::newRow("multipart") << QByteArray("/api/checkout")
                                   << QByteArray("multipart/form-data; boundary=x") << checkout;
        QTest::newRow("none") << QByteArray("/api/checkout") << QByteArray() << checkout;
        QTest::newRow("text/json")
            << QByteArray("/api/checkout") << QByteArray("text/json") << checkout;
        QTest::newRow("not even JSON")
            << QByteArray("/api/checkout") << QByteArray("text/plain") << QByteArray("not json");
        QTest::newRow("queue, text/plain")
            << QByteArray("/api/queue") << QByteArray("text/plain") << join;
        QTest::newRow("queue, none") << QByteArray("/api/queue") << QByteArray() << join;
    }
    void storefrontPostsTakeJsonOnly() {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        auto admin = server_.admin();
        const auto before = shopState(admin);
        const auto type = contentType.isEmpty()
                              ? std::string()
                              : "Content-Type: " + contentType.toStdString() + "\r\n";
        RawConnection connection(port());
        QVERIFY(
            connection.send(framedRequest("POST", path.toStdString(), type, body.toStdString())));
        const auto response = connection.read(10s);
        QVERIFY2(response, "no answer");
        EXPECT_API_ERROR(*response, 415, "unsupported_media_type");
        QCOMPARE(shopState(admin), before);
        // The unread body is never taken for a request: the connection closes or serves on.
        if (saysClose(*response)) {
            TOPCOAT_VERIFY_EMPTY(closeMismatch(connection));
            return;
        }
        QVERIFY(connection.send(framedRequest("GET", "/healthz")));
        const auto next = connection.read(10s);
        QVERIFY2(next && next->status == 200, qPrintable(describe(next)));
    }

    void jsonWithParametersOrInAnyCase_data() {
        QTest::addColumn<QByteArray>("contentType");
        for (const char* type :
             {"application/json; charset=utf-8", "Application/JSON",
              "application/json;charset=UTF-8", "application/json ; charset=utf-8"})
            QTest::newRow(type) << QByteArray(type);
    }
    void jsonWithParametersOrInAnyCase() {
        QFETCH(QByteArray, contentType);
        auto admin = server_.admin();
        const auto stock = stockOf(admin, sku_);
        const auto header = "Content-Type: " + contentType.toStdString() + "\r\n";
        RawConnection connection(port());
        QVERIFY(connection.send(
            framedRequest("POST", "/api/checkout", header, checkoutBody(sku_, 1)) +
            framedRequest("POST", "/api/queue", header, R"({"customer":"ana@example.com"})")));
        const auto order = connection.read(10s);
        QVERIFY2(order && order->status == 201, qPrintable(describe(order)));
        QCOMPARE(stockOf(admin, sku_), stock - 1);
        // The waiting room is off, which is what the queue says once the type is accepted.
        const auto queue = connection.read(10s);
        QVERIFY2(queue, "no answer");
        EXPECT_API_ERROR(*queue, 409, "queue_closed");
    }

    // Times that are not on any calendar are a 400 for a new sale and for an edit, never a
    // 500 or 503, and nothing changes.
    void impossibleSaleTimes_data() {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("value");
        const auto row = [](const char* field, const char* value) {
            QTest::addRow("%s %s", field, value) << QByteArray(field) << QByteArray(value);
        };
        row("starts_at", "0000-01-01T00:00:00Z");
        row("ends_at", "9999-12-31T23:59:60Z");
        row("starts_at", "2026-02-30T00:00:00Z");
        row("ends_at", "2030-02-30T00:00:00Z");
        row("ends_at", "2030-13-01T00:00:00Z");
        row("ends_at", "2030-01-00T00:00:00Z");
        row("ends_at", "2030-01-01T24:00:00Z");
        row("ends_at", "2030-01-01T23:60:00Z");
        row("ends_at", "10000-01-01T00:00:00Z");
    }
    void impossibleSaleTimes() {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, value);
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "DATE", 1000, 5);
        const auto startsAt = rfc3339FromNow(10h), endsAt = rfc3339FromNow(11h);
        const auto scheduled = createSale(admin, "Edited", startsAt, endsAt, 2, {{sku, 500}});
        const auto id = scheduled->getValue<std::int64_t>("id");
        const auto other = createFreshProduct(admin, "DATE", 1000, 5);
        const auto before = shopState(admin);

        const bool starts = field == "starts_at";
        const auto created = admin.post(
            "/admin/sales", saleBody("Impossible", starts ? value.toStdString() : startsAt,
                                     starts ? endsAt : value.toStdString(), 2, {{other, 500}}));
        EXPECT_API_ERROR(created, 400, "invalid_request");
        const auto edited =
            admin.put("/admin/sales/" + std::to_string(id),
                      "{\"" + field.toStdString() + "\":\"" + value.toStdString() + "\"}");
        EXPECT_API_ERROR(edited, 400, "invalid_request");
        QCOMPARE(shopState(admin), before);
    }

    // After all of the above the server still serves, and only the accepted cases bought.
    void stillServing() {
        auto client = server_.storefront();
        EXPECT_STATUS(client.get("/healthz"), 200);
        EXPECT_STATUS(client.post("/api/checkout", checkoutBody(sku_, 1)), 201);
    }

private:
    std::uint16_t port() { return server_.process().port(); }

    static void addRows(const std::vector<FramingCase>& cases) {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        for (const auto& c : cases)
            QTest::newRow(c.name.c_str()) << QByteArray::fromStdString(c.bytes) << c.status
                                          << QByteArray::fromStdString(c.code);
    }

    const std::string sku_ = freshSku("DOOR");
};

QTEST_GUILESS_MAIN(FrontDoorTest)
#include "test_http_front_door.moc"
