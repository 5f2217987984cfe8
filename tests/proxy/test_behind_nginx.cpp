// The shipped nginx site (packaging/nginx/) in front of a real topcoatd, over HTTPS with a
// self-signed certificate: a customer buys over HTTP/2, the customer's own address (not nginx's)
// reaches the rate limiter, the page's versioned files come from nginx's cache, plain HTTP is
// sent to HTTPS, and the admin site lets in only a client certificate from the shop's own CA.

#include "tests/http/ShopRequests.h"
#include "tests/proxy/CurlClient.h"
#include "tests/proxy/NginxFrontend.h"
#include "tests/support/TopcoatdProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace topcoat::test;

namespace {

QString site(const char* name) {
    return QStringLiteral(TOPCOAT_SOURCE_DIR "/packaging/nginx/") + QLatin1String(name);
}

QJsonObject jsonOf(const CurlResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

QString errorCodeOf(const CurlResponse& response) {
    return jsonOf(response)
        .value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

} // namespace

class BehindNginxTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    std::unique_ptr<TopcoatdProcess> server_;
    std::unique_ptr<HttpClient> admin_;
    std::unique_ptr<NginxFrontend> nginx_;
    std::string sku_;

    CurlClient customer(const QString& sourceAddress) {
        CurlClient client(nginx_->certificatePath(), NginxFrontend::hostName(),
                          nginx_->httpsPort());
        client.setSourceAddress(sourceAddress);
        return client;
    }

    // Requests topcoatd has answered on the route, from /admin/stats.
    std::int64_t routeCount(const std::string& route) {
        const auto stats = admin_->get("/admin/stats").json();
        const auto routes = stats->getArray("routes");
        std::int64_t count = 0;
        for (std::size_t i = 0; i < routes->size(); ++i) {
            const auto entry = routes->getObject(static_cast<unsigned>(i));
            if (entry->getValue<std::string>("server") == "storefront" &&
                entry->getValue<std::string>("route") == route)
                count += entry->getValue<std::int64_t>("count");
        }
        return count;
    }

private slots:
    void initTestCase() {
        QVERIFY(data_.isValid());
        // nginx on this machine is the proxy, as in the packaged topcoatd.conf.
        server_ = std::make_unique<TopcoatdProcess>(
            data_.path(),
            QStringList{QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1, ::1")});
        QVERIFY2(server_->start(), qPrintable(server_->error()));
        admin_ = std::make_unique<HttpClient>("127.0.0.1", server_->adminPort());
        admin_->setToken(server_->adminToken());
        QCOMPARE(admin_->put("/admin/protection", R"({"client_rate":{"per_second":1,"burst":5}})")
                     .status,
                 200);
        sku_ = createFreshProduct(*admin_, "TLS", 1250, 50);
        nginx_ = std::make_unique<NginxFrontend>(
            QStringList{site("topcoat.conf"), site("topcoat-admin.conf")}, server_->port(),
            server_->adminPort());
        QVERIFY2(nginx_->start(), qPrintable(nginx_->error()));
    }

    void customerBuysOverHttps() {
        auto client = customer(QStringLiteral("127.0.0.10"));
        const auto response =
            client.post(QStringLiteral("/api/checkout"),
                        QByteArray::fromStdString(checkoutBody(sku_, 2, "tls@example.com")));
        QVERIFY2(response.status == 201, qPrintable(response.error + response.body));
        QCOMPARE(response.httpVersion, QStringLiteral("2"));
        QVERIFY(response.headers.value(QStringLiteral("strict-transport-security"))
                    .startsWith(QStringLiteral("max-age=")));
        QCOMPARE(response.headers.value(QStringLiteral("x-topcoat-api")), QStringLiteral("1"));

        const auto orderId = jsonOf(response).value(QLatin1String("order_id")).toString();
        QVERIFY(!orderId.isEmpty());
        bool stored = false;
        for (const auto& order : allOrders(*admin_))
            stored = stored || order->getValue<std::string>("order_id") == orderId.toStdString();
        QVERIFY(stored);
        QCOMPARE(stockOf(*admin_, sku_), std::int64_t(48));
    }

    void plainHttpIsSentToHttps() {
        CurlClient client(nginx_->certificatePath(), NginxFrontend::hostName(), nginx_->httpPort());
        const auto response = client.request(QStringLiteral("GET"), QStringLiteral("/api/products"),
                                             {}, {}, QStringLiteral("http"));
        QCOMPARE(response.status, 301);
        QCOMPARE(response.headers.value(QStringLiteral("location")),
                 QStringLiteral("https://shop.test/api/products"));
    }

    // Behind a proxy every request comes from 127.0.0.1; only a trusted X-Forwarded-For keeps
    // one customer's flood from locking out the next.
    void customersOwnAddressReachesTheRateLimiter() {
        auto flooder = customer(QStringLiteral("127.0.0.20"));
        CurlResponse last;
        for (int i = 0; i < 30 && last.status != 429; ++i)
            last = flooder.get(QStringLiteral("/api/products"));
        QCOMPARE(last.status, 429);
        QCOMPARE(errorCodeOf(last), QStringLiteral("rate_limited"));

        // What the client writes itself proves nothing: nginx appends the address it saw.
        const auto spoofed = flooder.get(QStringLiteral("/api/products"),
                                         {QStringLiteral("X-Forwarded-For: 203.0.113.9")});
        QCOMPARE(spoofed.status, 429);

        auto neighbour = customer(QStringLiteral("127.0.0.21"));
        const auto served = neighbour.get(QStringLiteral("/api/products"));
        QCOMPARE(served.status, 200);
    }

    void versionedStaticFilesComeFromNginxsCache() {
        auto browser = customer(QStringLiteral("127.0.0.30"));
        const auto page = browser.get(QStringLiteral("/"));
        QCOMPARE(page.status, 200);
        const auto match =
            QRegularExpression(QStringLiteral(R"(/static/storefront\.css\?v=[0-9a-z]+)"))
                .match(QString::fromUtf8(page.body));
        QVERIFY2(match.hasMatch(), "the page names its versioned stylesheet");
        const auto path = match.captured(0);

        const auto first = browser.get(path);
        QCOMPARE(first.status, 200);
        const auto servedBefore = routeCount("/static/{file}");
        const auto second = browser.get(path);
        const auto third = browser.get(path);
        QCOMPARE(second.headers.value(QStringLiteral("x-cache-status")), QStringLiteral("HIT"));
        QCOMPARE(third.headers.value(QStringLiteral("x-cache-status")), QStringLiteral("HIT"));
        QCOMPARE(third.body, first.body);
        QCOMPARE(routeCount("/static/{file}"), servedBefore); // topcoatd was not asked again

        // A file without the current version is no-cache upstream, so never served stale.
        browser.get(QStringLiteral("/static/storefront.css"));
        const auto unversioned = browser.get(QStringLiteral("/static/storefront.css"));
        QCOMPARE(unversioned.status, 200);
        QVERIFY(unversioned.headers.value(QStringLiteral("x-cache-status")) !=
                QStringLiteral("HIT"));
    }

    void adminSiteNeedsTheShopsClientCertificate() {
        CurlClient console(nginx_->certificatePath(), NginxFrontend::hostName(),
                           nginx_->adminHttpsPort());
        console.setHeader(QStringLiteral("Authorization"),
                          QStringLiteral("Bearer ") +
                              QString::fromStdString(server_->adminToken()));
        const auto withoutCertificate = console.get(QStringLiteral("/admin/status"));
        QCOMPARE(withoutCertificate.status, 400); // nginx: "No required SSL certificate was sent"
        QVERIFY(!withoutCertificate.body.contains("\"ready\""));

        console.setClientCertificate(nginx_->clientCertificatePath(), nginx_->clientKeyPath());
        const auto status = console.get(QStringLiteral("/admin/status"));
        QVERIFY2(status.status == 200, qPrintable(status.error + status.body));
        QCOMPARE(jsonOf(status).value(QLatin1String("admin_bind")).toString(),
                 QStringLiteral("127.0.0.1"));
    }

    void cleanupTestCase() {
        nginx_.reset();
        if (server_)
            QCOMPARE(server_->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(BehindNginxTest)
#include "test_behind_nginx.moc"
