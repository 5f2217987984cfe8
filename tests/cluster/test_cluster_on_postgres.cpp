// Two topcoatd nodes of one shop on a real PostgreSQL 15 (orders, catalog, settings) and a real
// redis-server (stock): together they sell a product's stock exactly once, each node's admin
// API lists every node's orders, and a PostgreSQL killed mid-sale costs 503s while it is away,
// never a confirmed order, with checkouts taken again once it is back. A catalog, sale or setting
// change made through one node reaches the other while it runs, and a webhook registered on one
// node hears of every node's orders, each once.

#include "tests/http/ShopRequests.h"
#include "tests/support/HttpClient.h"
#include "tests/support/PostgresServer.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TopcoatdProcess.h"
#include "tests/support/WebhookReceiver.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <set>
#include <thread>

using namespace topcoat::test;

namespace {

const std::map<std::string, std::string> jsonBody{{"Content-Type", "application/json"}};

struct Tally {
    std::atomic<int> confirmed{0};
    std::atomic<int> soldOut{0};
    std::atomic<int> unavailable{0};
    std::atomic<int> other{0};
    std::mutex mutex;
    std::set<std::string> orderIds; // every order a customer was told is confirmed
};

// One buyer: one unit at a time, each for a customer of its own, until `stop`.
void buy(std::uint16_t port, const std::string& sku, const std::string& buyer, Tally& tally,
         const std::atomic<bool>& stop) {
    HttpClient client("127.0.0.1", port);
    for (int i = 0; !stop.load(); ++i) {
        const auto customer = buyer + "-" + std::to_string(i) + "@example.com";
        const auto reply = client.post("/api/checkout", checkoutBody(sku, 1, customer), jsonBody);
        if (reply.status == 201) {
            ++tally.confirmed;
            const std::lock_guard lock(tally.mutex);
            tally.orderIds.insert(reply.json()->getValue<std::string>("order_id"));
        } else if (reply.errorCode() == "sold_out") {
            ++tally.soldOut;
        } else if (reply.status == 503) {
            ++tally.unavailable;
        } else {
            ++tally.other;
        }
    }
}

} // namespace

class TestClusterOnPostgres : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void twoNodesSellOneStockExactlyOnce();
    void postgresKilledMidSaleLosesNoConfirmedOrder();
    void changesThroughOneNodeReachTheOther();
    void retryOnAnotherNodeReplaysTheOrder();
    void oneWaitingLineForEveryNode();
    void clusterListsEveryNode();
    void oneSenderTellsAWebhookOfEveryNodesOrders();

private:
    // Starts node `index` on the shared Redis and PostgreSQL; its admin client, rate limits off.
    std::unique_ptr<HttpClient> startNode(int index);
    // The first column of `sql`'s rows, read directly from PostgreSQL; empty on failure.
    QStringList readPostgres(const QString& sql, const QVariantList& values = {});
    // Order ids as PostgreSQL holds them.
    std::set<std::string> ordersInPostgres(const std::string& sku);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<QTemporaryDir> postgresDir_;
    std::unique_ptr<PostgresServer> postgres_;
    std::unique_ptr<RedisServer> redis_;
    std::unique_ptr<TopcoatdProcess> nodes_[2];
};

void TestClusterOnPostgres::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    // A directory of its own: PostgresServer opens it (not its parents) to the postgres user.
    postgresDir_ = std::make_unique<QTemporaryDir>();
    postgres_ = std::make_unique<PostgresServer>(postgresDir_->path());
    QVERIFY2(postgres_->start(), qPrintable(postgres_->error()));
    redis_ = std::make_unique<RedisServer>(dir_->path() + "/redis");
    QVERIFY2(redis_->start(), qPrintable(redis_->error()));
}

void TestClusterOnPostgres::cleanup() {
    for (auto& node : nodes_)
        node.reset();
    redis_.reset();
    postgres_.reset();
    postgresDir_.reset();
    dir_.reset();
}

std::unique_ptr<HttpClient> TestClusterOnPostgres::startNode(int index) {
    nodes_[index] = std::make_unique<TopcoatdProcess>(
        dir_->path() + "/node" + QString::number(index),
        QStringList{"--inventory", redis_->url(), "--orders", postgres_->url()});
    if (!nodes_[index]->start()) {
        qWarning() << nodes_[index]->error();
        return nullptr;
    }
    auto admin = std::make_unique<HttpClient>("127.0.0.1", nodes_[index]->adminPort());
    admin->setToken(nodes_[index]->adminToken());
    if (admin->put("/admin/protection", unlimitedProtection).status != 200)
        return nullptr;
    return admin;
}

QStringList TestClusterOnPostgres::readPostgres(const QString& sql, const QVariantList& values) {
    QStringList column;
    const auto name = QStringLiteral("cluster-check");
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(postgres_->port());
        db.setUserName(postgres_->user());
        db.setDatabaseName(postgres_->database());
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(sql);
            for (const auto& value : values)
                query.addBindValue(value);
            if (query.exec())
                while (query.next())
                    column << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return column;
}

std::set<std::string> TestClusterOnPostgres::ordersInPostgres(const std::string& sku) {
    std::set<std::string> ids;
    for (const auto& id : readPostgres(QStringLiteral("SELECT order_id FROM orders WHERE sku = ?"),
                                       {QString::fromStdString(sku)}))
        ids.insert(id.toStdString());
    return ids;
}

void TestClusterOnPostgres::twoNodesSellOneStockExactlyOnce() {
    auto first = startNode(0);
    QVERIFY(first);
    const auto sku = createFreshProduct(*first, "PGC", 900, 60);
    // The second node reads the catalog the first one wrote.
    auto second = startNode(1);
    QVERIFY(second);
    const auto status = second->get("/admin/status");
    QCOMPARE(QString::fromStdString(
                 status.json()->getObject("cluster")->getValue<std::string>("orders")),
             postgres_->url());

    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < 4; ++b)
            buyers.emplace_back(
                [&, b] { buy(nodes_[b % 2]->port(), sku, "n" + std::to_string(b), tally, stop); });
        QTRY_VERIFY_WITH_TIMEOUT(tally.soldOut >= 8 || tally.other > 0, 60000);
        stop = true;
    }
    QCOMPARE(tally.other.load(), 0);
    QCOMPARE(tally.unavailable.load(), 0);
    QCOMPARE(tally.confirmed.load(), 60);
    QCOMPARE(ordersInPostgres(sku), tally.orderIds);
    // Either node's admin API lists the orders of both.
    for (auto* admin : {first.get(), second.get()}) {
        std::size_t ofSku = 0;
        for (const auto& order : allOrders(*admin))
            ofSku += order->getValue<std::string>("sku") == sku ? 1 : 0;
        QCOMPARE(ofSku, std::size_t{60});
    }
}

void TestClusterOnPostgres::postgresKilledMidSaleLosesNoConfirmedOrder() {
    auto admin = startNode(0);
    QVERIFY(admin);
    const auto sku = createFreshProduct(*admin, "PGK", 900, 400);
    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < 3; ++b)
            buyers.emplace_back(
                [&, b] { buy(nodes_[0]->port(), sku, "k" + std::to_string(b), tally, stop); });
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmed >= 20, 60000);
        postgres_->kill();
        QTRY_VERIFY_WITH_TIMEOUT(tally.unavailable >= 5, 30000);
        const int beforeRestart = tally.confirmed;
        QVERIFY2(postgres_->restart(), qPrintable(postgres_->error()));
        // Taken again once it is back: the node opens a new connection by itself.
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmed >= beforeRestart + 20, 60000);
        stop = true;
    }
    QCOMPARE(tally.other.load(), 0);
    const auto stored = ordersInPostgres(sku);
    // Every confirmed order is in PostgreSQL, and nothing the customer was refused is.
    QCOMPARE(stored, tally.orderIds);
    // The units of the refused checkouts went back: stock still adds up, as this node shows it
    // at once (answers that arrive out of order never put older levels back).
    const auto levels = [&] {
        const auto product = productBySku(*admin, sku);
        if (!product)
            return std::tuple{-1, -1};
        return std::tuple{product->getValue<int>("sold"), product->getValue<int>("stock") +
                                                              product->getValue<int>("reserved") +
                                                              product->getValue<int>("sold")};
    };
    QCOMPARE(levels(), (std::tuple{int(stored.size()), 400}));
}

// The catalog, a sale and a setting changed through the first node's admin API while the second
// runs: the second sells the new product at the sale price and applies the setting, without a
// restart.
void TestClusterOnPostgres::changesThroughOneNodeReachTheOther() {
    auto first = startNode(0);
    QVERIFY(first);
    auto second = startNode(1);
    QVERIFY(second);
    // Each node listens for the others' change notices on a connection of its own.
    QTRY_COMPARE(readPostgres(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                             "application_name = 'topcoat changes' AND "
                                             "query LIKE 'LISTEN %'")),
                 QStringList{"2"});
    HttpClient customer("127.0.0.1", nodes_[1]->port());
    const auto listed = [&](const std::string& sku) {
        const auto reply = customer.get("/api/products");
        return reply.status == 200 && reply.body.find('"' + sku + '"') != std::string::npos;
    };

    const auto sku = createFreshProduct(*first, "PGF", 1500, 30);
    QTRY_VERIFY_WITH_TIMEOUT(listed(sku), 10000);
    const auto sale = createSale(*first, "Shared drop", rfc3339FromNow(std::chrono::seconds(-5)),
                                 rfc3339FromNow(std::chrono::seconds(600)), 2, {{sku, 900}});
    QVERIFY(sale);
    const auto saleId = sale->getValue<std::int64_t>("id");
    // Listed on the second node at the sale's price, then bought there at that price.
    const auto onSale = [&] {
        const auto reply = customer.get("/api/products");
        return reply.status == 200 &&
               reply.body.find("\"sku\":\"" + sku + "\"") != std::string::npos &&
               reply.body.find("\"sale_id\":" + std::to_string(saleId)) != std::string::npos;
    };
    QTRY_VERIFY_WITH_TIMEOUT(onSale(), 10000);
    const auto bought =
        customer.post("/api/checkout", checkoutBody(sku, 2, "ana@example.com"), jsonBody);
    QVERIFY2(bought.status == 201, bought.body.c_str());
    QCOMPARE(bought.json()->getValue<std::int64_t>("unit_price_cents"), std::int64_t{900});
    QCOMPARE(bought.json()->getValue<std::int64_t>("sale_id"), saleId);
    // The customer's sale limit counts across nodes: 2 bought on the second, none left on the
    // first.
    HttpClient elsewhere("127.0.0.1", nodes_[0]->port());
    QCOMPARE(QString::fromStdString(
                 elsewhere.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com"), jsonBody)
                     .errorCode()),
             QStringLiteral("purchase_limit_reached"));

    // A setting: the shop's name, shown by the second node's page data.
    QCOMPARE(first->put("/admin/shop", R"({"name":"Lacquer Loft"})").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(
        customer.get("/api/shop").body.find("Lacquer Loft") != std::string::npos, 10000);
}

// A customer's retry that the proxy sends to the other node (its first answer lost): the same
// order comes back, once, and the same key with another request is refused there too.
void TestClusterOnPostgres::retryOnAnotherNodeReplaysTheOrder() {
    auto first = startNode(0);
    QVERIFY(first);
    const auto sku = createFreshProduct(*first, "PGI", 1500, 10);
    auto second = startNode(1);
    QVERIFY(second);
    auto keyed = jsonBody;
    keyed["Idempotency-Key"] = "retry-7f3a";
    HttpClient there("127.0.0.1", nodes_[0]->port());
    const auto original =
        there.post("/api/checkout", checkoutBody(sku, 3, "bo@example.com"), keyed);
    QCOMPARE(original.status, 201);
    const auto orderId = original.json()->getValue<std::string>("order_id");

    HttpClient here("127.0.0.1", nodes_[1]->port());
    const auto retried = here.post("/api/checkout", checkoutBody(sku, 3, "bo@example.com"), keyed);
    QVERIFY2(retried.status == 201, retried.body.c_str());
    QCOMPARE(retried.json()->getValue<std::string>("order_id"), orderId);
    // Replayed from then on by this node's memory too.
    QCOMPARE(here.post("/api/checkout", checkoutBody(sku, 3, "bo@example.com"), keyed)
                 .json()
                 ->getValue<std::string>("order_id"),
             orderId);
    const auto reused = here.post("/api/checkout", checkoutBody(sku, 1, "bo@example.com"), keyed);
    QCOMPARE(reused.status, 422);
    QCOMPARE(QString::fromStdString(reused.errorCode()), QStringLiteral("idempotency_key_reused"));
    QCOMPARE(ordersInPostgres(sku), (std::set<std::string>{orderId}));
    // Three units sold, none held: the retry's own reservation was given back.
    const auto levels = [&] {
        const auto product = productBySku(*second, sku);
        if (!product)
            return std::tuple{-1, -1, -1};
        return std::tuple{product->getValue<int>("sold"), product->getValue<int>("reserved"),
                          product->getValue<int>("stock")};
    };
    QTRY_COMPARE_WITH_TIMEOUT(levels(), (std::tuple{3, 0, 7}), 5000);
}

// One line for the shop: the second customer waits behind the first wherever each joined, a
// pass issued through one node buys on the other, once, and a Redis restarted empty turns the
// passes it held away while the line starts again with the shop's settings.
void TestClusterOnPostgres::oneWaitingLineForEveryNode() {
    auto first = startNode(0);
    QVERIFY(first);
    const auto sku = createFreshProduct(*first, "PGQ", 900, 20);
    auto second = startNode(1);
    QVERIFY(second);
    QCOMPARE(first
                 ->put("/admin/protection",
                       R"({"waiting_room":{"enabled":true,)"
                       R"("admit_per_minute":60,"randomize_before_open":false}})")
                 .status,
             200);
    const auto roomOn = [](HttpClient& admin) {
        const auto reply = admin.get("/admin/protection");
        return reply.status == 200 &&
               reply.json()->getObject("waiting_room")->getValue<bool>("enabled");
    };
    QTRY_VERIFY_WITH_TIMEOUT(roomOn(*second), 10000); // followed from the database

    HttpClient shopA("127.0.0.1", nodes_[0]->port());
    HttpClient shopB("127.0.0.1", nodes_[1]->port());
    const auto ana = shopA.post("/api/queue", R"({"customer":"ana@example.com"})", jsonBody);
    QVERIFY2(ana.status == 200, ana.body.c_str());
    QVERIFY(ana.json()->getValue<bool>("admitted")); // first into the empty room
    const auto bo = shopB.post("/api/queue", R"({"customer":"bo@example.com"})", jsonBody);
    QVERIFY2(bo.status == 200, bo.body.c_str());
    QCOMPARE(bo.json()->getValue<int>("position"), 1);
    QCOMPARE(shopA.get("/api/queue").json()->getValue<int>("length"), 1);
    QCOMPARE(shopB.get("/api/queue").json()->getValue<int>("length"), 1);

    auto anaPass = jsonBody;
    anaPass["X-Queue-Pass"] = ana.json()->getValue<std::string>("pass");
    const auto bought =
        shopB.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com"), anaPass);
    QVERIFY2(bought.status == 201, bought.body.c_str());
    const auto again =
        shopA.post("/api/checkout", checkoutBody(sku, 1, "ana@example.com"), anaPass);
    QCOMPARE(again.status, 403);
    QCOMPARE(QString::fromStdString(again.errorCode()), QStringLiteral("queue_pass_required"));

    // Admitted a second later, as one line at 60 a minute admits, whichever node is asked.
    const auto ticket = bo.json()->getValue<std::string>("ticket");
    std::string boPassText;
    const auto admitted = [&] {
        const auto reply = shopA.get("/api/queue/" + ticket);
        if (reply.status == 200 && reply.json()->has("pass"))
            boPassText = reply.json()->getValue<std::string>("pass");
        return !boPassText.empty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(admitted(), 10000);
    QCOMPARE(shopB.get("/api/queue/" + ticket).json()->getValue<std::string>("pass"), boPassText);

    QVERIFY2(redis_->restart(false), qPrintable(redis_->error()));
    auto boPass = jsonBody;
    boPass["X-Queue-Pass"] = boPassText;
    const auto forgotten =
        shopB.post("/api/checkout", checkoutBody(sku, 1, "bo@example.com"), boPass);
    QCOMPARE(forgotten.status, 403);
    QCOMPARE(QString::fromStdString(forgotten.errorCode()), QStringLiteral("queue_pass_required"));
    QVERIFY(shopB.get("/api/queue/" + ticket).status == 404);
    const auto rejoined = shopA.post("/api/queue", R"({"customer":"bo@example.com"})", jsonBody);
    QVERIFY2(rejoined.status == 200, rejoined.body.c_str());
    QVERIFY(rejoined.json()->getValue<bool>("admitted")); // the line started again, empty
    boPass["X-Queue-Pass"] = rejoined.json()->getValue<std::string>("pass");
    // Checkouts answer 503 while the stock is rebuilt from the orders; the pass stays good.
    HttpResult rebought;
    const auto buyOnce = [&] {
        if (rebought.status == 0 || rebought.status == 503)
            rebought = shopB.post("/api/checkout", checkoutBody(sku, 1, "bo@example.com"), boPass);
        return rebought.status != 503;
    };
    QTRY_VERIFY_WITH_TIMEOUT(buyOnce(), 20000);
    QVERIFY2(rebought.status == 201, rebought.body.c_str());
    QCOMPARE(int(ordersInPostgres(sku).size()), 2);
}

// Each node's /admin/cluster lists both, with the figures each published; a node killed stays
// listed as down, one stopped is withdrawn.
void TestClusterOnPostgres::clusterListsEveryNode() {
    auto first = startNode(0);
    QVERIFY(first);
    auto second = startNode(1);
    QVERIFY(second);
    const auto nameOf = [](HttpClient& admin) {
        return admin.get("/admin/status")
            .json()
            ->getObject("cluster")
            ->getValue<std::string>("node");
    };
    const auto firstName = nameOf(*first);
    const auto secondName = nameOf(*second);
    QVERIFY(firstName != secondName);
    // node -> up, as `admin` lists them.
    const auto listed = [](HttpClient& admin) {
        std::map<std::string, bool> nodes;
        const auto reply = admin.get("/admin/cluster");
        if (reply.status != 200)
            return nodes;
        const auto array = reply.json()->getArray("nodes");
        for (std::size_t i = 0; i < array->size(); ++i)
            nodes[array->getObject(i)->getValue<std::string>("node")] =
                array->getObject(i)->getValue<bool>("up");
        return nodes;
    };
    const std::map<std::string, bool> bothUp{{firstName, true}, {secondName, true}};
    QTRY_COMPARE_WITH_TIMEOUT(listed(*first), bothUp, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(listed(*second), bothUp, 10000);
    const auto cluster = first->get("/admin/cluster").json();
    QCOMPARE(cluster->getValue<std::string>("this_node"), firstName);
    QCOMPARE(cluster->getObject("totals")->getValue<int>("nodes_up"), 2);
    for (std::size_t i = 0; i < 2; ++i)
        QCOMPARE(QString::fromStdString(
                     cluster->getArray("nodes")->getObject(i)->getValue<std::string>("orders")),
                 postgres_->url());

    nodes_[1]->kill();
    const std::map<std::string, bool> secondDown{{firstName, true}, {secondName, false}};
    QTRY_COMPARE_WITH_TIMEOUT(listed(*first), secondDown, 15000);
    QCOMPARE(first->get("/admin/cluster").json()->getObject("totals")->getValue<int>("nodes_up"),
             1);
    second = startNode(1); // on its data dir again, on another free port: another node
    QVERIFY(second);
    const auto restartedName = nameOf(*second);
    QVERIFY(restartedName != secondName);
    QTRY_COMPARE_WITH_TIMEOUT(listed(*first),
                              (std::map<std::string, bool>{
                                  {firstName, true}, {secondName, false}, {restartedName, true}}),
                              10000);
    QCOMPARE(nodes_[1]->terminate(), 0); // stopped: withdrawn, not down
    QTRY_COMPARE_WITH_TIMEOUT(listed(*first), secondDown, 10000);
}

QTEST_GUILESS_MAIN(TestClusterOnPostgres)
#include "test_cluster_on_postgres.moc"

// The webhook is registered on node 0; node 1 starts announcing when it follows that change.
// Of the two senders, the lease lets one send: every order arrives once, from either node.
void TestClusterOnPostgres::oneSenderTellsAWebhookOfEveryNodesOrders() {
    WebhookReceiver receiver;
    auto first = startNode(0);
    QVERIFY(first);
    auto second = startNode(1);
    QVERIFY(second);
    const auto sku = createFreshProduct(*first, "PGW", 1100, 20);
    const auto hook = "{\"url\":\"" + receiver.url() + "\",\"events\":[\"order.created\"]}";
    QCOMPARE(first->post("/admin/webhooks", hook).status, 201);

    std::set<std::string> placed;
    for (int i = 0; i < 6; ++i) {
        HttpClient customer("127.0.0.1", nodes_[i % 2]->port());
        const auto order =
            customer.post("/api/checkout",
                          checkoutBody(sku, 1, "w" + std::to_string(i) + "@example.com"), jsonBody);
        QCOMPARE(order.status, 201);
        placed.insert(order.json()->getValue<std::string>("order_id"));
    }
    // An order placed on node 1 before it followed the new webhook is not announced: wait for
    // what was announced, then compare with it.
    const auto announced = readPostgres(QStringLiteral("SELECT order_id FROM outbox"));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.received().size(), std::size_t(announced.size()), 10000);
    std::set<std::string> heard;
    for (const auto& delivery : receiver.received())
        heard.insert(
            HttpResult{200, delivery.body, {}}.json()->getObject("order")->getValue<std::string>(
                "order_id"));
    QCOMPARE(heard.size(), receiver.received().size()); // none twice
    std::set<std::string> expected;
    for (const auto& id : announced)
        expected.insert(id.toStdString());
    QCOMPARE(heard, expected);
    QVERIFY(std::includes(placed.begin(), placed.end(), heard.begin(), heard.end()));
    QVERIFY(heard.size() >= 3); // node 0's orders at least
}
