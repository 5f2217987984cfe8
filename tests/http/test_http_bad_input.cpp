// Hostile and broken input on every route that takes a body or a query, against a real
// topcoatd: each must be a 4xx in the exact error shape, never a 500, and change nothing.

#include "ApiChecks.h"
#include "BadBodies.h"
#include "RawHttp.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <Poco/JSON/Parser.h>
#include <QtTest>
#include <sstream>

using namespace topcoat::test;

namespace {

// `valid` (a JSON object) with an unknown "pad" member in front, making it `size` bytes long.
std::string padded(const std::string& valid, std::size_t size) {
    const std::string prefix = "{\"pad\":\"";
    const auto overhead = prefix.size() + 2 + (valid.size() - 1); // "pad":"…", + rest of valid
    return prefix + std::string(size - overhead, 'p') + "\"," + valid.substr(1);
}

// `body` with members no route knows of, which the server must ignore.
std::string withUnknownFields(const std::string& body) {
    Poco::JSON::Parser parser;
    auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    object->set("coupon", "FREE");
    Poco::JSON::Array::Ptr tags = new Poco::JSON::Array;
    tags->add(1);
    tags->add(Poco::Dynamic::Var());
    object->set("tags", tags);
    Poco::JSON::Object::Ptr nested = new Poco::JSON::Object;
    nested->set("gift", true);
    object->set("extra", nested);
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

} // namespace

class BadInputTest : public ServerTestCase {
    Q_OBJECT

protected:
    // The product every bad request aims at, and a scheduled sale of it that every bad edit
    // aims at: none of them may change either.
    void prepareServer() override {
        auto admin = server_.admin();
        createProduct(admin, sku_, 1000, 10);
        const auto sale = admin.post(
            "/admin/sales", saleBody("Target", rfc3339FromNow(std::chrono::hours(10)),
                                     rfc3339FromNow(std::chrono::hours(11)), 2, {{sku_, 500}}));
        QCOMPARE(sale.status, 201);
        saleId_ = sale.json()->getValue<long long>("id");
    }

private slots:
    void rejectsBadBody_data() {
        QTest::addColumn<bool>("admin");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        // Each case gets its own would-be new SKU, so one that leaks cannot spoil the next.
        int row = 0;
        for (const auto& bad : badBodies(sku_, newSku_, saleId_)) {
            const auto unique = QByteArray::fromStdString(newSku_ + "-" + std::to_string(++row));
            QTest::newRow(bad.name.c_str())
                << bad.admin << QByteArray::fromStdString(bad.method)
                << QByteArray::fromStdString(bad.path).replace(newSku_.c_str(), unique)
                << QByteArray::fromStdString(bad.body).replace(newSku_.c_str(), unique)
                << bad.status << QByteArray::fromStdString(bad.code);
        }
    }
    void rejectsBadBody() {
        QFETCH(bool, admin);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        auto adminClient = server_.admin();
        const auto before = shopState(adminClient);
        EXPECT_API_ERROR(send(admin, method, path, body), status, code.toStdString());
        QCOMPARE(shopState(adminClient), before);
    }

    void oversizedBodies_data() {
        QTest::addColumn<bool>("admin");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        const auto sku = QByteArray::fromStdString(sku_);
        QTest::newRow("checkout") << false << QByteArray("POST") << QByteArray("/api/checkout");
        QTest::newRow("create product")
            << true << QByteArray("POST") << QByteArray("/admin/products");
        QTest::newRow("update product") << true << QByteArray("PUT") << "/admin/products/" + sku;
        QTest::newRow("restock") << true << QByteArray("POST")
                                 << "/admin/products/" + sku + "/restock";
        QTest::newRow("create sale") << true << QByteArray("POST") << QByteArray("/admin/sales");
        QTest::newRow("degradation")
            << true << QByteArray("PUT") << QByteArray("/admin/degradation");
        QTest::newRow("protection") << true << QByteArray("PUT") << QByteArray("/admin/protection");
        QTest::newRow("shop identity") << true << QByteArray("PUT") << QByteArray("/admin/shop");
        QTest::newRow("join queue") << false << QByteArray("POST") << QByteArray("/api/queue");
        QTest::newRow("update sale")
            << true << QByteArray("PUT") << "/admin/sales/" + QByteArray::number(saleId_);
    }
    void oversizedBodies() {
        QFETCH(bool, admin);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        auto adminClient = server_.admin();
        const auto before = shopState(adminClient);
        // Refused for its size alone: the route never gets to look at what is in it.
        const auto body = QByteArray::fromStdString(padded(checkoutBody(sku_, 1), 17 * 1024));
        EXPECT_API_ERROR(send(admin, method, path, body), 413, "payload_too_large");
        QCOMPARE(shopState(adminClient), before);
    }

    // 16 KiB is the limit: a body of exactly 16384 bytes is served, one byte more is not.
    void bodyAtTheLimit() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "EDGE", 100, 5);
        auto client = server_.storefront();
        const auto atLimit = padded(checkoutBody(sku, 1), 16 * 1024);
        QCOMPARE(atLimit.size(), std::size_t(16384));
        EXPECT_STATUS(client.post("/api/checkout", atLimit), 201);
        EXPECT_API_ERROR(send(false, "POST", "/api/checkout",
                              QByteArray::fromStdString(padded(checkoutBody(sku, 1), 16385))),
                         413, "payload_too_large");
        QCOMPARE(stockOf(admin, sku), 4);
    }

    void chunkedBodies() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "CHUNK", 100, 5);
        const auto port = server_.process().port();
        const auto chunkedHeader = std::string("Transfer-Encoding: chunked\r\n");

        // Chunked transfer is plain HTTP/1.1: a small chunked checkout is served.
        const auto small = exchangeRaw(port, rawRequest("POST", "/api/checkout", chunkedHeader,
                                                        chunked(checkoutBody(sku, 1), 7)));
        EXPECT_STATUS(small, 201);
        QCOMPARE(stockOf(admin, sku), 4);

        const auto before = shopState(admin);
        const auto large = padded(checkoutBody(sku, 1), 20 * 1024);
        // No Content-Length at all: the limit still applies to what arrives.
        EXPECT_API_ERROR(exchangeRaw(port, rawRequest("POST", "/api/checkout", chunkedHeader,
                                                      chunked(large, 4096))),
                         413, "payload_too_large");
        QCOMPARE(shopState(admin), before);

        // A Content-Length next to chunked encoding is ambiguous framing: refused outright.
        EXPECT_API_ERROR(exchangeRaw(port, rawRequest("POST", "/api/checkout",
                                                      "Content-Length: 10\r\n" + chunkedHeader,
                                                      chunked(large, 4096))),
                         400, "invalid_request");
        QCOMPARE(shopState(admin), before);

        // A declared gigabyte is refused from the header alone, before any body is sent.
        EXPECT_API_ERROR(exchangeRaw(port, rawRequest("POST", "/api/checkout",
                                                      "Content-Length: 1000000000\r\n", "")),
                         413, "payload_too_large");
        QCOMPARE(shopState(admin), before);
    }

    void missingBody() {
        auto admin = server_.admin();
        const auto before = shopState(admin);
        const auto port = server_.process().port();
        EXPECT_API_ERROR(exchangeRaw(port, rawRequest("POST", "/api/checkout", "", "")), 400,
                         "invalid_request");
        EXPECT_API_ERROR(
            exchangeRaw(port, rawRequest("POST", "/api/checkout", "Content-Length: 0\r\n", "")),
            400, "invalid_request");
        QCOMPARE(shopState(admin), before);
    }

    void unknownFieldsAreIgnored() {
        auto admin = server_.admin();
        const auto sku = freshSku("EXTRA");
        EXPECT_STATUS(admin.post("/admin/products",
                                 withUnknownFields(productBody(sku, 50, 4, "Extra", "#010203"))),
                      201);
        auto client = server_.storefront();
        const auto order = client.post("/api/checkout",
                                       withUnknownFields(checkoutBody(sku, 2, "ana@example.com")));
        EXPECT_STATUS(order, 201);
        QCOMPARE(order.json()->getValue<std::int64_t>("total_cents"), 100);
        QCOMPARE(stockOf(admin, sku), 2);
    }

    void badOrderQueries_data() {
        QTest::addColumn<QByteArray>("query");
        for (const char* query :
             {"limit=abc", "limit=0", "limit=100000", "limit=-1", "limit=1.5",
              "limit=", "limit=1001", "limit=10abc", "limit=%ZZ", "after=-1", "after=abc",
              "after=99999999999999999999", "after=1e3", "limit=5&after=x"})
            QTest::newRow(query) << QByteArray(query);
    }
    void badOrderQueries() {
        QFETCH(QByteArray, query);
        auto admin = server_.admin();
        EXPECT_API_ERROR(admin.get("/admin/orders?" + query.toStdString()), 400, "invalid_request");
    }

    void unknownPaths() {
        auto client = server_.storefront();
        for (const char* path : {"/nope", "/api", "/api/products/X/extra", "/api/checkout/x",
                                 "/admin/status", "/api/orders", "/healthz/"})
            EXPECT_API_ERROR(client.get(path), 404, "not_found");
        auto admin = server_.admin();
        for (const char* path : {"/admin/nope", "/admin/products/X/Y/Z", "/admin", "/api/products"})
            EXPECT_API_ERROR(admin.get(path), 404, "not_found");
    }

    void wrongMethods() {
        auto adminClient = server_.admin();
        const auto before = shopState(adminClient);
        const auto& sku = sku_;
        auto client = server_.storefront();
        const std::vector<std::pair<std::string, std::string>> storefront = {
            {"DELETE", "/api/products"},     {"PUT", "/api/checkout"},
            {"GET", "/api/checkout"},        {"POST", "/healthz"},
            {"PATCH", "/api/orders/x"},      {"POST", "/api/products/" + sku},
            {"DELETE", "/api/sales/current"}};
        for (const auto& [method, path] : storefront)
            TOPCOAT_VERIFY_EMPTY(
                clientErrorMismatch(client.request(method, path, checkoutBody(sku, 1)), 405));
        const std::vector<std::pair<std::string, std::string>> admin = {
            {"DELETE", "/admin/products"}, {"GET", "/admin/products/" + sku + "/restock"},
            {"POST", "/admin/status"},     {"PATCH", "/admin/degradation"},
            {"GET", "/admin/sales/1"},     {"DELETE", "/admin/products/" + sku},
            {"PUT", "/admin/orders"}};
        for (const auto& [method, path] : admin)
            TOPCOAT_VERIFY_EMPTY(
                clientErrorMismatch(adminClient.request(method, path, "{\"quantity\":5}"), 405));
        QCOMPARE(shopState(adminClient), before);
    }

    // Targets the router cannot use: 400 from the API, in its error shape.
    void malformedTargets() {
        const auto port = server_.process().port();
        for (const char* target : {"/api/products/%ZZ", "api/products", "*", "/api/orders/%"})
            EXPECT_API_ERROR(
                exchangeRaw(port, std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                400, "invalid_request");
    }

    // Requests that are not HTTP/1.1 at all: a 400, not a crash; a head over the limits: 431.
    void unparseableRequests_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("no version") << QByteArray("GET /healthz\r\n\r\n") << 400;
        QTest::newRow("200 headers") << "GET /healthz HTTP/1.1\r\nHost: x\r\n" +
                                            QByteArray("X-A: b\r\n").repeated(200) + "\r\n"
                                     << 431;
        QTest::newRow("20 KB target")
            << "GET /" + QByteArray(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"
            << 431;
        QTest::newRow("20 KB header")
            << "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'v') + "\r\n\r\n"
            << 431;
    }
    void unparseableRequests() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const auto result = exchangeRaw(server_.process().port(), request.toStdString());
        EXPECT_STATUS(result, status);
        // API.md: every error, this one included, is the JSON error shape with the API header.
        TOPCOAT_VERIFY_EMPTY(clientErrorMismatch(result, status));
    }

    // Run last: after everything above, the server still answers...
    void stillHealthy() {
        auto client = server_.storefront();
        EXPECT_STATUS(client.get("/healthz"), 200);
        EXPECT_STATUS(client.get("/readyz"), 200);
        auto admin = server_.admin();
        EXPECT_STATUS(admin.get("/admin/status"), 200);
    }

    // ...and the product every bad request aimed at is as it was created, and so is its sale.
    void targetProductUntouched() {
        auto admin = server_.admin();
        QCOMPARE(stockOf(admin, sku_), 10);
        auto client = server_.storefront();
        const auto product = client.get("/api/products/" + sku_).json();
        QCOMPARE(product->getValue<std::int64_t>("price_cents"), 1000);
        QCOMPARE(product->getValue<std::string>("name"), "Polish " + sku_);
        const auto sales = admin.get("/admin/sales").json()->getArray("sales");
        QCOMPARE(sales->size(), std::size_t(1));
        const auto sale = sales->getObject(0);
        QCOMPARE(sale->getValue<long long>("id"), saleId_);
        QCOMPARE(sale->getValue<std::string>("name"), std::string("Target"));
        QCOMPARE(sale->getValue<std::string>("state"), std::string("scheduled"));
        QCOMPARE(sale->getValue<int>("per_customer_limit"), 2);
        QCOMPARE(sale->getArray("items")->size(), std::size_t(1));
        QCOMPARE(sale->getArray("items")->getObject(0)->getValue<int>("sale_price_cents"), 500);
    }

private:
    // Small bodies go through HttpClient; long ones are sent whole on a raw socket, since the
    // server may answer before reading them and Poco's client then fails instead of reading.
    HttpResult send(bool admin, const QByteArray& method, const QByteArray& path,
                    const QByteArray& body) {
        if (body.size() <= 16 * 1024) {
            auto client = admin ? server_.admin() : server_.storefront();
            return client.request(method.toStdString(), path.toStdString(), body.toStdString());
        }
        const auto port = admin ? server_.process().adminPort() : server_.process().port();
        return sendWhole(port, method.toStdString(), path.toStdString(), body.toStdString(),
                         admin ? server_.token() : std::string());
    }

    const std::string sku_ = freshSku("BAD");
    const std::string newSku_ = freshSku("NEW");
    long long saleId_ = 0;
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "test_http_bad_input.moc"
