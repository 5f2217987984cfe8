// Crash durability of topcoatd: a 201 from POST /api/checkout means the order survives kill -9
// at any later moment, and stock + sold always equals what was stocked.
//
// Several threads buy while the server is SIGKILLed mid-load, a few times over on the same data
// directory; after every restart the shop must still hold every confirmed order, its counters
// must add up with the orders in the database, and no sale limit or stock may be exceeded.
// A final round stops the server with SIGTERM under load, which must exit 0 and lose nothing.

#include "CrashLoad.h"
#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>
#include <algorithm>
#include <memory>
#include <random>
#include <set>

using namespace topcoat::test;
using namespace topcoat::test::crash;

namespace {

// The sale SKU runs out of customer allowance (60 customers x 3) before its stock, the low SKU
// sells out in the first round, and the big ones outlast every round, so each round can reach
// its quota of 201s while sold-out and limit refusals happen too.
const std::string saleSku = "CR-SALE";
const std::string lowSku = "CR-LOW";
const std::vector<std::pair<std::string, std::int64_t>> initialStock = {
    {saleSku, 300}, {"CR-002", 600}, {"CR-003", 600}, {"CR-004", 600}, {lowSku, 60}};
constexpr std::int64_t perCustomerLimit = 3;
constexpr int customers = 60;
constexpr int loadThreads = 8;
constexpr int killRounds = 3;
constexpr int confirmedBeforeKill = 200; // new 201s each round before the SIGKILL
constexpr int confirmedBeforeTerm = 100;
constexpr auto loadDeadline = std::chrono::seconds(60); // only hit when something is broken

std::string lowerCase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string summary(const LoadReport& report) {
    std::string text;
    for (const auto& [outcome, count] : report.outcomes)
        text += (text.empty() ? "" : ", ") + outcome + ": " + std::to_string(count);
    return text;
}

QString rfc3339(const QDateTime& time) {
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

} // namespace

// Fails the test with `when` and a message built only on failure. QFAIL returns from the
// helper, so callers check QTest::currentTestFailed() after each helper.
#define CHECK(condition, message)                                                                  \
    do {                                                                                           \
        if (!(condition))                                                                          \
            QFAIL(qPrintable(QString::fromStdString(when + ": " + (message))));                    \
    } while (false)
#define RETURN_IF_FAILED()                                                                         \
    do {                                                                                           \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

class TestCrashKill9 : public QObject {
    Q_OBJECT

private slots:
    void confirmedOrdersSurviveKill9();

private:
    void startServer(const std::string& when);
    void setUpShop();
    void runLoad(const std::string& when, int round, bool terminate);
    void retryUnknown(const std::vector<CheckoutAttempt>& unknown);
    void verifyShop(const std::string& when);
    void verifyReplays(const std::string& when);
    void checkDatabaseFile();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<TopcoatdProcess> server_;
    std::int64_t saleId_ = 0;
    unsigned seed_ = 0;
    LoadReport history_; // every 201 and refusal seen, across all rounds and restarts
    std::map<std::string, std::int64_t> soldInDb_; // per SKU, as of the last verification
};

void TestCrashKill9::startServer(const std::string& when) {
    server_ = std::make_unique<TopcoatdProcess>(dir_->path());
    CHECK(server_->start(), "topcoatd did not start: " + server_->error().toStdString());
}

void TestCrashKill9::setUpShop() {
    const std::string when = "setup";
    HttpClient admin("127.0.0.1", server_->adminPort());
    admin.setToken(server_->adminToken());
    // The load comes from one address far above a customer's rate; the settings are stored,
    // so they hold after every restart too.
    const auto unlimited = admin.put("/admin/protection", unlimitedProtection);
    CHECK(unlimited.status == 200, "protection: " + unlimited.body);
    for (const auto& [sku, stock] : initialStock) {
        const auto created =
            admin.post("/admin/products", R"({"sku":")" + sku + R"(","name":"Crash )" + sku +
                                              R"(","shade_hex":"#c0ffee","price_cents":999,)" +
                                              R"("stock":)" + std::to_string(stock) + "}");
        CHECK(created.status == 201, "create " + sku + ": " + created.body);
    }
    const auto now = QDateTime::currentDateTimeUtc();
    const auto sale = admin.post(
        "/admin/sales", R"({"name":"Crash sale","starts_at":")" +
                            rfc3339(now.addSecs(-3600)).toStdString() + R"(","ends_at":")" +
                            rfc3339(now.addDays(1)).toStdString() + R"(","per_customer_limit":)" +
                            std::to_string(perCustomerLimit) + R"(,"items":[{"sku":")" + saleSku +
                            R"(","sale_price_cents":499}]})");
    CHECK(sale.status == 201, "create sale: " + sale.body);
    saleId_ = sale.json()->getValue<Poco::Int64>("id");
    CHECK(sale.json()->getValue<std::string>("state") == "live", "sale not live: " + sale.body);
}

// One round: buy from several threads, then SIGKILL (or SIGTERM) the server once enough 201s
// have been seen, restart it on the same data directory and verify the shop.
void TestCrashKill9::runLoad(const std::string& when, int round, bool terminate) {
    LoadPlan plan;
    plan.port = server_->port();
    for (const auto& item : initialStock)
        plan.skus.push_back(item.first);
    plan.customers = customers;
    plan.threads = loadThreads;
    plan.seed = seed_ + static_cast<unsigned>(round);
    plan.keyPrefix = "round" + std::to_string(round);
    // Between "stop accepting" and exit a request may be refused as not durable; never on kill.
    plan.allowUnavailable = terminate;

    CheckoutLoad load(plan);
    load.start();
    const bool reached =
        load.waitForConfirmed(terminate ? confirmedBeforeTerm : confirmedBeforeKill, loadDeadline);
    int exitCode = 0;
    if (terminate)
        exitCode = server_->terminate();
    else
        server_->kill();
    auto report = load.finish();
    qInfo("%s: %s", when.c_str(), summary(report).c_str());
    CHECK(reached, "only " + std::to_string(load.confirmedSoFar()) + " 201s before the deadline (" +
                       summary(report) + ")\n" + server_->readStderr().right(3000).toStdString());
    CHECK(exitCode == 0, "SIGTERM under load exited " + std::to_string(exitCode) + "\n" +
                             server_->readStderr().right(3000).toStdString());
    CHECK(report.problems.empty(), std::to_string(report.problems.size()) +
                                       " contract violations, first: " + report.problems.front());

    const auto unknown = std::move(report.unknownKeyed);
    report.unknownKeyed.clear();
    history_.merge(std::move(report));
    startServer(when);
    RETURN_IF_FAILED();
    retryUnknown(unknown);
    RETURN_IF_FAILED();
    verifyShop(when);
    RETURN_IF_FAILED();
    verifyReplays(when);
}

// A client whose keyed request got no answer retries it; whether the first attempt landed
// before the crash or not, the retry may confirm at most one order for the key.
void TestCrashKill9::retryUnknown(const std::vector<CheckoutAttempt>& unknown) {
    const std::string when = "retrying keyed requests lost in the crash";
    HttpClient shop("127.0.0.1", server_->port());
    LoadReport retried;
    for (const auto& attempt : unknown)
        recordResponse(attempt, shop.post("/api/checkout", attempt.body(), attempt.headers()),
                       false, retried);
    CHECK(retried.problems.empty(), retried.problems.front());
    history_.merge(std::move(retried));
}

void TestCrashKill9::verifyShop(const std::string& when) {
    HttpClient admin("127.0.0.1", server_->adminPort());
    admin.setToken(server_->adminToken());
    HttpClient shop("127.0.0.1", server_->port());

    std::string error;
    const auto orders = fetchAllOrders(admin, error);
    CHECK(error.empty(), error);
    std::map<std::string, const DbOrder*> byId;
    std::map<std::string, std::int64_t> soldInDb;
    std::map<std::string, std::int64_t> saleUnitsByCustomer;
    for (const auto& order : orders) {
        CHECK(byId.emplace(order.orderId, &order).second, "order " + order.orderId + " twice");
        CHECK(order.quantity >= 1 && order.quantity <= 3,
              order.orderId + " has quantity " + std::to_string(order.quantity));
        // The sale is live for the whole test, so exactly the sale SKU's orders belong to it.
        const auto expectedSale =
            order.sku == saleSku ? std::optional<std::int64_t>(saleId_) : std::nullopt;
        CHECK(order.saleId == expectedSale, order.orderId + " of " + order.sku + " has sale " +
                                                std::to_string(order.saleId.value_or(0)));
        soldInDb[order.sku] += order.quantity;
        if (order.saleId)
            saleUnitsByCustomer[order.customer] += order.quantity;
    }
    for (const auto& [customer, units] : saleUnitsByCustomer)
        CHECK(units <= perCustomerLimit,
              customer + " bought " + std::to_string(units) + " units of the sale SKU");

    // Every 201 ever received, from every round, is still there and unchanged.
    std::set<std::string> confirmedIds;
    for (const auto& confirmed : history_.confirmed) {
        const auto& request = confirmed.request;
        CHECK(confirmedIds.insert(confirmed.orderId).second,
              "two requests were confirmed as order " + confirmed.orderId);
        const auto found = byId.find(confirmed.orderId);
        CHECK(found != byId.end(), "confirmed order " + confirmed.orderId + " (" + request.body() +
                                       ") is missing from /admin/orders");
        const auto& stored = *found->second;
        CHECK(stored.sku == request.sku && stored.quantity == request.quantity &&
                  stored.customer == lowerCase(request.customer),
              "order " + confirmed.orderId + " changed: " + request.body() + " became " +
                  stored.sku + " x" + std::to_string(stored.quantity) + " for " + stored.customer);
        const auto fetched = shop.get("/api/orders/" + confirmed.orderId);
        CHECK(fetched.status == 200, "GET order " + confirmed.orderId + " -> " +
                                         std::to_string(fetched.status) + " " + fetched.body);
        const auto json = fetched.json();
        CHECK(json->getValue<std::string>("sku") == request.sku &&
                  json->getValue<Poco::Int64>("quantity") == request.quantity,
              "GET order " + confirmed.orderId + " for " + request.body() + ": " + fetched.body);
    }

    const auto stock = fetchStock(admin, error);
    CHECK(error.empty(), error);
    CHECK(stock.size() == initialStock.size(), std::to_string(stock.size()) + " products");
    std::int64_t totalSold = 0;
    std::int64_t totalStocked = 0;
    for (const auto& [sku, stocked] : initialStock) {
        const auto found = stock.find(sku);
        CHECK(found != stock.end(), sku + " is missing from /admin/products");
        const auto& view = found->second;
        const auto counters =
            sku + ": available " + std::to_string(view.available) + ", sold " +
            std::to_string(view.sold) + ", reserved " + std::to_string(view.reserved) +
            ", stocked " + std::to_string(view.stocked) + ", units in db orders " +
            std::to_string(soldInDb[sku]) + ", initial " + std::to_string(stocked);
        CHECK(view.stocked == stocked, counters);
        CHECK(view.reserved == 0, counters); // nothing is in flight on a freshly started server
        CHECK(view.available >= 0 && view.available + view.sold == view.stocked, counters);
        CHECK(view.sold == soldInDb[sku], counters);
        CHECK(soldInDb[sku] <= stocked, counters);
        totalSold += soldInDb[sku];
        totalStocked += stocked;
    }
    CHECK(totalSold <= totalStocked,
          "sold " + std::to_string(totalSold) + " of " + std::to_string(totalStocked));

    const auto saleSold = fetchSaleSold(admin, saleId_, error);
    CHECK(error.empty(), error);
    CHECK(saleSold.count(saleSku) && saleSold.at(saleSku) == soldInDb[saleSku],
          "sale reports " + std::to_string(saleSold.count(saleSku) ? saleSold.at(saleSku) : -1) +
              " sold, db orders hold " + std::to_string(soldInDb[saleSku]));
    soldInDb_ = soldInDb;
}

// Every key that ever got a 201 replays the same order after the restart, and selling nothing.
void TestCrashKill9::verifyReplays(const std::string& when) {
    HttpClient admin("127.0.0.1", server_->adminPort());
    admin.setToken(server_->adminToken());
    HttpClient shop("127.0.0.1", server_->port());
    int replayed = 0;
    for (const auto& confirmed : history_.confirmed) {
        const auto& request = confirmed.request;
        if (request.idempotencyKey.empty())
            continue;
        const auto result = shop.post("/api/checkout", request.body(), request.headers());
        const auto orderId =
            result.status == 201 ? result.json()->getValue<std::string>("order_id") : std::string();
        CHECK(orderId == confirmed.orderId, "key " + request.idempotencyKey + " confirmed " +
                                                confirmed.orderId + ", replay -> " +
                                                std::to_string(result.status) + " " + result.body);
        ++replayed;
    }
    CHECK(replayed > 0, "no keyed request was confirmed, so no replay was checked");
    std::string error;
    const auto stock = fetchStock(admin, error);
    CHECK(error.empty(), error);
    for (const auto& [sku, sold] : soldInDb_)
        CHECK(stock.count(sku) && stock.at(sku).sold == sold,
              "replays changed sold of " + sku + " from " + std::to_string(sold));
}

// Opened directly only once topcoatd has exited, so the check sees what is on disk.
void TestCrashKill9::checkDatabaseFile() {
    const std::string when = "database file";
    const auto name = QStringLiteral("crash-check-%1").arg(QUuid::createUuid().toString());
    struct Remove {
        QString name;
        ~Remove() { QSqlDatabase::removeDatabase(name); }
    } removeLater{name};
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(dir_->filePath(QStringLiteral("topcoat.db")));
    CHECK(db.open(), db.lastError().text().toStdString());
    {
        QSqlQuery check(db);
        CHECK(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next(),
              check.lastError().text().toStdString());
        CHECK(check.value(0).toString() == QStringLiteral("ok"),
              "integrity_check: " + check.value(0).toString().toStdString());

        // The counters the server reported are the ones in the file.
        QSqlQuery sold(db);
        CHECK(sold.exec(QStringLiteral("SELECT sku, SUM(quantity) FROM orders GROUP BY sku")),
              sold.lastError().text().toStdString());
        std::map<std::string, std::int64_t> soldInFile;
        while (sold.next())
            soldInFile[sold.value(0).toString().toStdString()] = sold.value(1).toLongLong();
        for (const auto& [sku, units] : soldInDb_)
            CHECK(soldInFile[sku] == units,
                  sku + ": file holds " + std::to_string(soldInFile[sku]) +
                      " units in orders, server reported " + std::to_string(units));
    }
    db.close();
    db = QSqlDatabase();
}

void TestCrashKill9::confirmedOrdersSurviveKill9() {
    const auto seedText = qEnvironmentVariable("TOPCOAT_CRASH_SEED");
    seed_ = seedText.isEmpty() ? std::random_device{}() : seedText.toUInt();
    qInfo("seed %u (set TOPCOAT_CRASH_SEED to repeat)", seed_);

    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    startServer("first start");
    RETURN_IF_FAILED();
    setUpShop();
    RETURN_IF_FAILED();

    for (int round = 1; round <= killRounds; ++round) {
        runLoad("kill -9 #" + std::to_string(round), round, false);
        RETURN_IF_FAILED();
    }
    runLoad("SIGTERM under load", killRounds + 1, true);
    RETURN_IF_FAILED();

    // The load really took both refusal paths, so the checks above covered them.
    const std::string when = "coverage";
    CHECK(history_.outcomes["409 sold_out"] > 0, "no sold_out seen: " + summary(history_));
    CHECK(history_.outcomes["429 purchase_limit_reached"] > 0,
          "no purchase_limit_reached seen: " + summary(history_));
    CHECK(soldInDb_[lowSku] == initialStock.back().second,
          lowSku + " did not sell out: " + std::to_string(soldInDb_[lowSku]));

    QCOMPARE(server_->terminate(), 0);
    checkDatabaseFile();
}

QTEST_GUILESS_MAIN(TestCrashKill9)
#include "test_crash_kill9.moc"
