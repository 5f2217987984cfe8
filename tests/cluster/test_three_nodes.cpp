// Three topcoatd nodes of one shop on one real redis-server (stock) and one real PostgreSQL 15
// (orders, catalog, settings): many buyers spread over the nodes confirm exactly the stock and no
// customer gets past a sale's limit; a node killed mid-load loses no confirmed order and its
// holds are settled by the others; a Redis restarted empty mid-sale never lets them oversell.

#include "tests/cluster/ClusterBuyers.h"
#include "tests/http/ShopRequests.h"
#include "tests/support/HttpClient.h"
#include "tests/support/PostgresServer.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TopcoatdProcess.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace topcoat::test;

namespace {

constexpr int nodeCount = 3;

// A product's counters as one node's /admin/stats shows them, read together.
struct Levels {
    int stocked = -1;
    int sold = -1;
    int reserved = -1;
    int available = -1;
    bool operator==(const Levels&) const = default;
};

std::map<std::string, Levels> levelsOn(HttpClient& admin) {
    std::map<std::string, Levels> levels;
    const auto reply = admin.get("/admin/stats");
    if (reply.status != 200)
        return levels;
    const auto products = reply.json()->getArray("products");
    for (std::size_t i = 0; products && i < products->size(); ++i) {
        const auto product = products->getObject(static_cast<unsigned>(i));
        levels[product->getValue<std::string>("sku")] =
            Levels{product->getValue<int>("stocked"), product->getValue<int>("sold"),
                   product->getValue<int>("reserved"), product->getValue<int>("available")};
    }
    return levels;
}

std::string describe(const std::map<std::string, Levels>& levels) {
    std::ostringstream text;
    for (const auto& [sku, l] : levels)
        text << sku << " stocked " << l.stocked << " sold " << l.sold << " reserved " << l.reserved
             << " available " << l.available << "; ";
    return text.str();
}

} // namespace

class TestThreeNodes : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void thirtyTwoBuyersAcrossThreeNodesConfirmExactlyTheStock();
    void killedNodeLosesNoConfirmedOrderAndLeaksNothing();
    void redisRestartedEmptyMidSaleNeverOversells();

private:
    // Starts node `index` (0, 1, 2: A, B, C) on the shared Redis and PostgreSQL in its own data
    // dir; its admin client, rate limits off; null if it did not come up.
    std::unique_ptr<HttpClient> startNode(int index, const QStringList& extra = {});
    bool startAllNodes(const QStringList& extra = {});
    // `count` products of `stock` units each, created through node A.
    std::vector<std::string> createProducts(const std::string& tag, int count, int stock);
    // Rows of a query run directly on PostgreSQL, each value as text; empty if it failed.
    std::vector<QStringList> postgresRows(const QString& sql);
    // Units each SKU has in PostgreSQL's orders.
    std::map<std::string, int> unitsInPostgres();
    std::set<std::string> orderIdsInPostgres();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<QTemporaryDir> postgresDir_;
    std::unique_ptr<PostgresServer> postgres_;
    std::unique_ptr<RedisServer> redis_;
    std::unique_ptr<TopcoatdProcess> nodes_[nodeCount];
    std::unique_ptr<HttpClient> admins_[nodeCount];
};

void TestThreeNodes::init() {
    if (RedisServer::binary().isEmpty())
        QFAIL("redis-server is not installed (packaging/install-deps.sh installs it)");
    dir_ = std::make_unique<QTemporaryDir>();
    // A directory of its own: PostgresServer opens it (not its parents) to the postgres user.
    postgresDir_ = std::make_unique<QTemporaryDir>();
    postgres_ = std::make_unique<PostgresServer>(postgresDir_->path());
    QVERIFY2(postgres_->start(), qPrintable(postgres_->error()));
    redis_ = std::make_unique<RedisServer>(dir_->path() + "/redis");
    QVERIFY2(redis_->start(), qPrintable(redis_->error()));
}

void TestThreeNodes::cleanup() {
    for (auto& admin : admins_)
        admin.reset();
    for (auto& node : nodes_)
        node.reset();
    redis_.reset();
    postgres_.reset();
    postgresDir_.reset();
    dir_.reset();
}

std::unique_ptr<HttpClient> TestThreeNodes::startNode(int index, const QStringList& extra) {
    nodes_[index] = std::make_unique<TopcoatdProcess>(
        dir_->path() + "/node" + QString::number(index),
        QStringList{"--inventory", redis_->url(), "--orders", postgres_->url()} + extra);
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

bool TestThreeNodes::startAllNodes(const QStringList& extra) {
    for (int i = 0; i < nodeCount; ++i) {
        admins_[i] = startNode(i, extra);
        if (!admins_[i])
            return false;
    }
    return true;
}

std::vector<std::string> TestThreeNodes::createProducts(const std::string& tag, int count,
                                                        int stock) {
    std::vector<std::string> skus;
    for (int i = 0; i < count; ++i)
        skus.push_back(createFreshProduct(*admins_[0], tag, 900, stock));
    return skus;
}

std::vector<QStringList> TestThreeNodes::postgresRows(const QString& sql) {
    std::vector<QStringList> rows;
    const auto name = QStringLiteral("three-nodes-check");
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(postgres_->port());
        db.setUserName(postgres_->user());
        db.setDatabaseName(postgres_->database());
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql))
                while (query.next()) {
                    QStringList row;
                    for (int i = 0; i < query.record().count(); ++i)
                        row << query.value(i).toString();
                    rows.push_back(row);
                }
            else
                qWarning() << sql << query.lastError().text();
        } else {
            qWarning() << db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

std::map<std::string, int> TestThreeNodes::unitsInPostgres() {
    std::map<std::string, int> units;
    for (const auto& row :
         postgresRows(QStringLiteral("SELECT sku, SUM(quantity) FROM orders GROUP BY sku")))
        units[row[0].toStdString()] = row[1].toInt();
    return units;
}

std::set<std::string> TestThreeNodes::orderIdsInPostgres() {
    std::set<std::string> ids;
    for (const auto& row : postgresRows(QStringLiteral("SELECT order_id FROM orders")))
        ids.insert(row[0].toStdString());
    return ids;
}

void TestThreeNodes::thirtyTwoBuyersAcrossThreeNodesConfirmExactlyTheStock() {
    constexpr int skuCount = 20;
    constexpr int unitsEach = 50;
    constexpr int limit = 2;
    constexpr int buyerCount = 32;
    QVERIFY(startAllNodes());
    const auto skus = createProducts("TRS", skuCount, unitsEach);
    std::vector<std::pair<std::string, std::int64_t>> items;
    for (const auto& sku : skus)
        items.emplace_back(sku, 500);
    const auto sale = createLiveSale(*admins_[0], limit, items);
    const auto saleId = sale->getValue<std::int64_t>("id");
    // Every node sells the sale (followed from the database) before the buyers come.
    const auto onSale = [&](int node) {
        HttpClient shop("127.0.0.1", nodes_[node]->port());
        const auto reply = shop.get("/api/products");
        return reply.status == 200 &&
               reply.body.find("\"sale_id\":" + std::to_string(saleId)) != std::string::npos;
    };
    for (int node = 0; node < nodeCount; ++node)
        QTRY_VERIFY_WITH_TIMEOUT(onSale(node), 10000);

    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < buyerCount; ++b)
            buyers.emplace_back(
                // Buyers 2k and 2k+1 share customers and are on different nodes.
                [&, b] {
                    buyTheSale(nodes_[b % nodeCount]->port(), skus, b / 2, limit, b, tally, stop);
                });
        const bool allDone =
            QTest::qWaitFor([&] { return tally.finishedBuyers.load() == buyerCount; }, 60000);
        stop = true;
        QVERIFY2(allDone, "the buyers did not sell everything within a minute");
    }
    QVERIFY2(tally.other == 0, tally.firstOther.c_str());
    QCOMPARE(tally.unreachable.load(), 0);
    QVERIFY(tally.limitReached > 0); // the limit was asked past, and held
    QCOMPARE(tally.confirmedUnits.load(), skuCount * unitsEach);

    // PostgreSQL holds exactly the confirmed orders, 50 units of every SKU.
    QCOMPARE(orderIdsInPostgres(), tally.orderIds);
    const auto units = unitsInPostgres();
    QCOMPARE(int(units.size()), skuCount);
    for (const auto& sku : skus)
        QCOMPARE(units.at(sku), unitsEach);
    // No customer holds more than the limit of any SKU, whichever nodes sold to them.
    const auto overLimit = postgresRows(
        QStringLiteral("SELECT customer, sku, SUM(quantity) FROM orders GROUP BY customer, sku "
                       "HAVING SUM(quantity) > %1")
            .arg(limit));
    QVERIFY2(overLimit.empty(), overLimit.empty() ? "" : qPrintable(overLimit[0].join(' ')));
    QCOMPARE(postgresRows(QStringLiteral("SELECT COUNT(*) FROM orders WHERE sale_id IS DISTINCT "
                                         "FROM %1")
                              .arg(saleId))[0][0],
             QStringLiteral("0"));

    // Every node shows every SKU sold out: all 50 sold, none held.
    const Levels soldOut{unitsEach, unitsEach, 0, 0};
    for (int node = 0; node < nodeCount; ++node) {
        const auto allSold = [&] {
            const auto levels = levelsOn(*admins_[node]);
            for (const auto& sku : skus)
                if (!levels.contains(sku) || levels.at(sku) != soldOut)
                    return false;
            return true;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(allSold(), describe(levelsOn(*admins_[node])).c_str(), 5000);
    }
}

void TestThreeNodes::killedNodeLosesNoConfirmedOrderAndLeaksNothing() {
    constexpr int graceSeconds = 3;
    constexpr int unitsEach = 400;
    const QStringList grace{"--hold-grace", QString::number(graceSeconds)};
    QVERIFY(startAllNodes(grace));
    const auto skus = createProducts("TRK", 4, unitsEach);
    // Nodes B and C know the catalog before the buyers come.
    for (int node = 1; node < nodeCount; ++node)
        QTRY_VERIFY_WITH_TIMEOUT(levelsOn(*admins_[node]).size() >= skus.size(), 10000);

    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < 6; ++b)
            buyers.emplace_back([&, b] {
                buyUnits(nodes_[b % nodeCount]->port(), skus, "k" + std::to_string(b), tally, stop);
            });
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmedUnits >= 60, 60000);
        nodes_[1]->kill(); // node B, mid-load
        admins_[1].reset();
        const int atKill = tally.confirmedUnits;
        // A and C go on selling without it.
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmedUnits >= atKill + 60, 60000);
        stop = true;
    }
    QVERIFY2(tally.other == 0, tally.firstOther.c_str());
    QCOMPARE(tally.unavailable.load(), 0);
    QVERIFY(tally.unreachable >= 1); // B's buyers saw it go
    QVERIFY(tally.confirmedUnits <
            int(skus.size()) * unitsEach); // stock left: the load ran until stopped

    // Every order a customer was told is confirmed, on any node, is durable.
    const auto stored = orderIdsInPostgres();
    for (const auto& id : tally.orderIds)
        QVERIFY2(stored.contains(id), id.c_str());

    // B's open holds are settled by A and C once the grace is over: nothing stays reserved and
    // every unit is either available or in a durable order.
    const auto settledOn = [&](HttpClient& admin) {
        const auto units = unitsInPostgres();
        const auto levels = levelsOn(admin);
        for (const auto& sku : skus) {
            if (!levels.contains(sku))
                return false;
            const auto& l = levels.at(sku);
            const int durable = units.contains(sku) ? units.at(sku) : 0;
            if (l.reserved != 0 || l.available + l.sold != l.stocked || l.stocked != unitsEach ||
                l.sold != durable)
                return false;
        }
        return true;
    };
    for (int node : {0, 2})
        QTRY_VERIFY2_WITH_TIMEOUT(settledOn(*admins_[node]),
                                  describe(levelsOn(*admins_[node])).c_str(),
                                  graceSeconds * 5 * 1000);

    // B started again on its data dir serves the same stock as the others.
    nodes_[1].reset();
    admins_[1] = startNode(1, grace);
    QVERIFY(admins_[1]);
    const auto expected = levelsOn(*admins_[0]);
    const auto sameAsA = [&] {
        const auto levels = levelsOn(*admins_[1]);
        for (const auto& sku : skus)
            if (!levels.contains(sku) || levels.at(sku) != expected.at(sku))
                return false;
        return true;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        sameAsA(), (describe(levelsOn(*admins_[1])) + " / A: " + describe(expected)).c_str(), 5000);
    QVERIFY(settledOn(*admins_[1]));
}

// test_topcoatd_on_redis covers this with one node on SQLite; here three nodes share the Redis
// and rebuild it from one PostgreSQL, one node at a time.
void TestThreeNodes::redisRestartedEmptyMidSaleNeverOversells() {
    constexpr int unitsEach = 80;
    QVERIFY(startAllNodes());
    const auto skus = createProducts("TRR", 3, unitsEach);
    for (int node = 1; node < nodeCount; ++node)
        QTRY_VERIFY_WITH_TIMEOUT(levelsOn(*admins_[node]).size() >= skus.size(), 10000);
    constexpr int buyerCount = 6;

    Tally tally;
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> buyers;
        for (int b = 0; b < buyerCount; ++b)
            buyers.emplace_back([&, b] {
                buyUnits(nodes_[b % nodeCount]->port(), skus, "r" + std::to_string(b), tally, stop);
            });
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmedUnits >= 30, 60000);
        QVERIFY2(redis_->restart(false), qPrintable(redis_->error()));
        // 503 while the stock is rebuilt from the orders, then sold again.
        QTRY_VERIFY_WITH_TIMEOUT(tally.unavailable >= 1, 20000);
        const int rebuilt = tally.confirmedUnits;
        QTRY_VERIFY_WITH_TIMEOUT(tally.confirmedUnits >= rebuilt + 20, 60000);
        const bool allDone =
            QTest::qWaitFor([&] { return tally.finishedBuyers.load() == buyerCount; }, 60000);
        stop = true;
        QVERIFY2(allDone, "the buyers did not sell everything within a minute");
    }
    QVERIFY2(tally.other == 0, tally.firstOther.c_str());
    QCOMPARE(tally.unreachable.load(), 0);

    // Never more than the stock, and every unit once: the buyers went on until sold out.
    const auto units = unitsInPostgres();
    QCOMPARE(orderIdsInPostgres(), tally.orderIds);
    int total = 0;
    for (const auto& sku : skus) {
        const int sold = units.contains(sku) ? units.at(sku) : 0;
        QVERIFY2(sold <= unitsEach, sku.c_str());
        total += sold;
    }
    QCOMPARE(total, tally.confirmedUnits.load());
    QCOMPARE(total, int(skus.size()) * unitsEach);
    for (int node = 0; node < nodeCount; ++node) {
        const auto addsUp = [&] {
            const auto levels = levelsOn(*admins_[node]);
            for (const auto& sku : skus) {
                if (!levels.contains(sku))
                    return false;
                const auto& l = levels.at(sku);
                if (l.available + l.reserved + l.sold != l.stocked || l.stocked != unitsEach ||
                    l.sold != units.at(sku))
                    return false;
            }
            return true;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(addsUp(), describe(levelsOn(*admins_[node])).c_str(), 5000);
    }
}

QTEST_GUILESS_MAIN(TestThreeNodes)
#include "test_three_nodes.moc"
