// topcoatd --inventory redis://… against a real redis-server: checkouts take stock from Redis
// and never oversell, also when Redis restarts empty in the middle of a sale; while Redis is
// gone a checkout is a 503 that takes nothing; /admin/status names where stock lives.

#include "tests/http/ShopRequests.h"
#include "tests/support/HttpClient.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TopcoatdProcess.h"

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace topcoat::test;

namespace {

struct Tally {
    std::atomic<int> confirmed{0};
    std::atomic<int> soldOut{0};
    std::atomic<int> unavailable{0};
    std::atomic<int> other{0};
};

// One buyer thread: buys one unit at a time for its own customers until the SKU is sold out
// and `stop` is set.
void buy(std::uint16_t port, const std::string& sku, int buyer, Tally& tally,
         const std::atomic<bool>& stop) {
    HttpClient client("127.0.0.1", port);
    for (int i = 0; !stop.load(); ++i) {
        const auto customer =
            "b" + std::to_string(buyer) + "-" + std::to_string(i) + "@example.com";
        const auto reply = client.post("/api/checkout", checkoutBody(sku, 1, customer),
                                       {{"Content-Type", "application/json"}});
        if (reply.status == 201)
            ++tally.confirmed;
        else if (reply.errorCode() == "sold_out")
            ++tally.soldOut;
        else if (reply.status == 503)
            ++tally.unavailable;
        else
            ++tally.other;
    }
}

const std::map<std::string, std::string> jsonBody{{"Content-Type", "application/json"}};

} // namespace

class TestTopcoatdOnRedis : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sellsFromRedisAndSaysSo();
    void redisRestartedEmptyMidSaleNeverOversells();
    void checkoutWhileRedisIsGoneTakesNothing();
    void cancelledOrderGivesItsUnitsBackInRedis();

private:
    // Starts topcoatd on the Redis; returns an admin client with rate limits off.
    std::unique_ptr<HttpClient> startShop();
    Poco::JSON::Object::Ptr adminProduct(const std::string& sku);
    // The end of the storefront's log, to explain a failure.
    QString shopLog() const;

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RedisServer> redis_;
    std::unique_ptr<TopcoatdProcess> shop_;
    std::unique_ptr<HttpClient> admin_;
};

void TestTopcoatdOnRedis::init() {
    if (RedisServer::binary().isEmpty())
        QFAIL("redis-server is not installed (packaging/install-deps.sh installs it)");
    dir_ = std::make_unique<QTemporaryDir>();
    redis_ = std::make_unique<RedisServer>(dir_->path() + "/redis");
    QVERIFY2(redis_->start(), qPrintable(redis_->error()));
    admin_ = startShop();
    QVERIFY(admin_);
}

void TestTopcoatdOnRedis::cleanup() {
    admin_.reset();
    shop_.reset();
    redis_.reset();
    dir_.reset();
}

std::unique_ptr<HttpClient> TestTopcoatdOnRedis::startShop() {
    shop_ = std::make_unique<TopcoatdProcess>(dir_->path() + "/shop",
                                              QStringList{"--inventory", redis_->url()});
    if (!shop_->start()) {
        qWarning() << shop_->error();
        return nullptr;
    }
    auto admin = std::make_unique<HttpClient>("127.0.0.1", shop_->adminPort());
    admin->setToken(shop_->adminToken());
    if (admin->put("/admin/protection", unlimitedProtection).status != 200)
        return nullptr;
    return admin;
}

QString TestTopcoatdOnRedis::shopLog() const {
    QFile log(dir_->path() + "/shop/logs/topcoat.log");
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll().right(4000)) : QString();
}

Poco::JSON::Object::Ptr TestTopcoatdOnRedis::adminProduct(const std::string& sku) {
    return productBySku(*admin_, sku);
}

void TestTopcoatdOnRedis::sellsFromRedisAndSaysSo() {
    const auto status = admin_->get("/admin/status");
    QCOMPARE(status.status, 200);
    const auto cluster = status.json()->getObject("cluster");
    QVERIFY(cluster);
    QCOMPARE(QString::fromStdString(cluster->getValue<std::string>("inventory")), redis_->url());
    QCOMPARE(QString::fromStdString(cluster->getValue<std::string>("orders")), "sqlite");
    // host:port, the port the storefront listens on (known only once it listens).
    const auto node = QString::fromStdString(cluster->getValue<std::string>("node"));
    QVERIFY2(node.endsWith(QStringLiteral(":%1").arg(shop_->port())) && node.size() > 6,
             qPrintable(node));

    const auto sku = createFreshProduct(*admin_, "RDS", 900, 40);
    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < 4; ++b)
            buyers.emplace_back([&, b] { buy(shop_->port(), sku, b, tally, stop); });
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmed + tally.other >= 40 || tally.soldOut >= 8, 60000);
        stop = true;
    }
    QCOMPARE(tally.confirmed.load(), 40);
    QCOMPARE(tally.other.load(), 0);
    const auto product = adminProduct(sku);
    QVERIFY(product);
    QCOMPARE(product->getValue<int>("stock"), 0);
    QCOMPARE(product->getValue<int>("sold"), 40);
    QCOMPARE(product->getValue<int>("stocked"), 40);

    // The units live in Redis: a restarted storefront finds them there, not re-counted.
    QCOMPARE(shop_->terminate(), 0);
    admin_ = startShop();
    QVERIFY(admin_);
    QCOMPARE(adminProduct(sku)->getValue<int>("sold"), 40);
    QCOMPARE(allOrders(*admin_).size(), std::size_t{40});
}

void TestTopcoatdOnRedis::redisRestartedEmptyMidSaleNeverOversells() {
    const auto sku = createFreshProduct(*admin_, "RRS", 900, 120);
    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < 4; ++b)
            buyers.emplace_back([&, b] { buy(shop_->port(), sku, b, tally, stop); });
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmed >= 30, 60000);
        QVERIFY2(redis_->restart(false), qPrintable(redis_->error()));
        QTRY_VERIFY_WITH_TIMEOUT(tally.soldOut >= 8, 60000);
        stop = true;
    }
    QCOMPARE(tally.other.load(), 0);
    QCOMPARE(tally.confirmed.load(), 120); // every unit sold once: none lost, none twice
    const auto orders = allOrders(*admin_);
    QCOMPARE(orders.size(), std::size_t{120});
    const auto product = adminProduct(sku);
    QCOMPARE(product->getValue<int>("sold"), 120);
    QCOMPARE(product->getValue<int>("stock") + product->getValue<int>("reserved") +
                 product->getValue<int>("sold"),
             product->getValue<int>("stocked"));
}

void TestTopcoatdOnRedis::checkoutWhileRedisIsGoneTakesNothing() {
    const auto sku = createFreshProduct(*admin_, "RGN", 900, 5);
    HttpClient customer("127.0.0.1", shop_->port());
    const auto json = std::map<std::string, std::string>{{"Content-Type", "application/json"}};
    QCOMPARE(customer.post("/api/checkout", checkoutBody(sku, 2), json).status, 201);

    redis_->kill();
    const auto refused = customer.post("/api/checkout", checkoutBody(sku, 1), json);
    QCOMPARE(refused.status, 503);
    QCOMPARE(QString::fromStdString(refused.errorCode()), "unavailable");
    QCOMPARE(admin_->post("/admin/products/" + sku + "/restock", R"({"quantity":-1})").status, 503);

    QVERIFY2(redis_->restart(false), qPrintable(redis_->error()));
    // 503 until the storefront has rebuilt Redis from its orders (QTRY would send the
    // checkout once more after it succeeded).
    HttpResult bought;
    const QDeadlineTimer deadline(20000);
    do {
        bought = customer.post("/api/checkout", checkoutBody(sku, 3), json);
    } while (bought.status == 503 && !deadline.hasExpired() && (QTest::qWait(50), true));
    QVERIFY2(bought.status == 201, qPrintable(QString::fromStdString(bought.body) + shopLog()));
    QCOMPARE(customer.post("/api/checkout", checkoutBody(sku, 1), json).errorCode(), "sold_out");
    QCOMPARE(allOrders(*admin_).size(), std::size_t{2});
}

// A cancelled order's units and its customer's count under the sale's limit go back in
// Redis, and a rebuild of an emptied Redis from the orders counts them back the same way.
void TestTopcoatdOnRedis::cancelledOrderGivesItsUnitsBackInRedis() {
    const auto sku = createFreshProduct(*admin_, "RDC", 900, 10);
    QVERIFY(createLiveSale(*admin_, 2, {{sku, 500}}));
    HttpClient customer("127.0.0.1", shop_->port());
    const auto placed =
        customer.post("/api/checkout", checkoutBody(sku, 2, "ana@example.com"), jsonBody);
    QCOMPARE(placed.status, 201);
    const auto orderId = placed.json()->getValue<std::string>("order_id");
    QCOMPARE(adminProduct(sku)->getValue<int>("stock"), 8);

    QCOMPARE(
        admin_->post("/admin/orders/" + orderId + "/status", R"({"status":"cancelled"})").status,
        200);
    QCOMPARE(adminProduct(sku)->getValue<int>("stock"), 10);
    QCOMPARE(adminProduct(sku)->getValue<int>("sold"), 0);
    const auto again =
        customer.post("/api/checkout", checkoutBody(sku, 2, "ana@example.com"), jsonBody);
    QVERIFY2(again.status == 201, again.body.c_str());

    // Rebuilt from the orders: the cancelled order counts for nothing, the second for 2. 503
    // until the rebuild is done (a POST is never sent from inside QTRY).
    QVERIFY2(redis_->restart(false), qPrintable(redis_->error()));
    HttpResult bought;
    const QDeadlineTimer deadline(20000);
    do {
        bought = customer.post("/api/checkout", checkoutBody(sku, 1, "ben@example.com"), jsonBody);
    } while (bought.status == 503 && !deadline.hasExpired() && (QTest::qWait(50), true));
    QVERIFY2(bought.status == 201, qPrintable(QString::fromStdString(bought.body) + shopLog()));
    const auto product = adminProduct(sku);
    QCOMPARE(product->getValue<int>("stock"), 7);
    QCOMPARE(product->getValue<int>("sold"), 3);
    QCOMPARE(QString::fromStdString(
                 customer.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com"), jsonBody)
                     .errorCode()),
             QStringLiteral("purchase_limit_reached"));
}

QTEST_GUILESS_MAIN(TestTopcoatdOnRedis)
#include "test_topcoatd_on_redis.moc"
