// topcoatd --backup against a live server under checkout load: the copy passes SQLite's
// integrity check, is one self-contained file only its owner can read, holds every order the
// server had answered 201 before the backup began, and a server started on it rebuilds the
// same stock.

#include "tests/http/ShopRequests.h"
#include "tests/support/TopcoatdProcess.h"

#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace topcoat::test;

namespace {

// Buyers on their own threads, recording each confirmed order id as its 201 arrives.
class CheckoutLoad {
public:
    CheckoutLoad(std::uint16_t port, std::string sku) : port_(port), sku_(std::move(sku)) {}
    ~CheckoutLoad() { stop(); }

    void start(int threads) {
        for (int t = 0; t < threads; ++t)
            threads_.emplace_back([this, t] { buy(t); });
    }
    void stop() {
        running_ = false;
        for (auto& thread : threads_)
            thread.join();
        threads_.clear();
    }
    std::set<std::string> confirmed() const {
        std::lock_guard lock(mutex_);
        return confirmed_;
    }
    int failures() const { return failures_; }

private:
    void buy(int thread) {
        HttpClient client("127.0.0.1", port_);
        for (int i = 0; running_; ++i) {
            const auto customer =
                "backup" + std::to_string(thread) + "-" + std::to_string(i) + "@example.com";
            const auto result = client.post("/api/checkout", checkoutBody(sku_, 1, customer));
            if (result.status != 201) {
                ++failures_;
                continue;
            }
            const auto id = result.json()->getValue<std::string>("order_id");
            std::lock_guard lock(mutex_);
            confirmed_.insert(id);
        }
    }

    std::uint16_t port_;
    std::string sku_;
    std::atomic<bool> running_{true};
    std::atomic<int> failures_{0};
    mutable std::mutex mutex_;
    std::set<std::string> confirmed_;
    std::vector<std::thread> threads_;
};

} // namespace

class BackupTest : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;

private slots:
    void copyOfALiveDatabaseUnderLoad() {
        QVERIFY(scratch_.isValid());
        const auto dataDir = scratch_.filePath(QStringLiteral("live"));
        TopcoatdProcess server(dataDir);
        QVERIFY2(server.start(), qPrintable(server.error()));
        HttpClient admin("127.0.0.1", server.adminPort());
        admin.setToken(server.adminToken());
        QCOMPARE(admin.put("/admin/protection", unlimitedProtection).status, 200);
        const std::int64_t stocked = 1'000'000;
        const auto sku = createFreshProduct(admin, "BAK", 900, stocked);

        CheckoutLoad load(server.port(), sku);
        load.start(4);
        QTRY_VERIFY_WITH_TIMEOUT(load.confirmed().size() >= 300, 30000);

        // Everything answered 201 up to here must be in the copy.
        const auto answeredBefore = load.confirmed();
        const auto copyPath = scratch_.filePath(QStringLiteral("copy.db"));
        QProcess backup;
        backup.start(TopcoatdProcess::binary(),
                     {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--backup"), copyPath});
        QVERIFY(backup.waitForFinished(60000));
        const auto output = QString::fromUtf8(backup.readAllStandardOutput());
        QVERIFY2(backup.exitCode() == 0, qPrintable(backup.readAllStandardError()));
        QVERIFY2(output.startsWith(QStringLiteral("backed up ")), qPrintable(output));
        QVERIFY(output.trimmed().endsWith(QStringLiteral(" to ") + copyPath));

        // The server was not held up: buyers kept being confirmed after the copy.
        const auto atCopy = load.confirmed().size();
        QTRY_VERIFY_WITH_TIMEOUT(load.confirmed().size() > atCopy + 50, 30000);
        load.stop();
        QCOMPARE(load.failures(), 0);
        QCOMPARE(server.terminate(), 0);

        QCOMPARE(QFileInfo(copyPath).permissions() &
                     ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                 QFileDevice::Permissions());
        QVERIFY(!QFileInfo::exists(copyPath + QStringLiteral("-wal")));
        QStringList partials = QDir(scratch_.path()).entryList({QStringLiteral("*.partial-*")});
        QVERIFY2(partials.isEmpty(), qPrintable(partials.join(' ')));

        std::set<std::string> inCopy;
        std::int64_t sold = 0;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("copy"));
            db.setDatabaseName(copyPath);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
            QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("delete"));
            QVERIFY(query.exec(QStringLiteral("SELECT order_id FROM orders")));
            while (query.next())
                inCopy.insert(query.value(0).toString().toStdString());
            QVERIFY(query.exec(QStringLiteral("SELECT COALESCE(SUM(quantity), 0) FROM orders")));
            QVERIFY(query.next());
            sold = query.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("copy"));
        QVERIFY2(output.contains(QStringLiteral("backed up %1 orders").arg(inCopy.size())),
                 qPrintable(output));
        for (const auto& id : answeredBefore)
            QVERIFY2(inCopy.count(id) == 1, id.c_str());
        QVERIFY(inCopy.size() < load.confirmed().size()); // a moment, not the end of the load

        // Restored as the API document says: the copy becomes a data dir's topcoat.db.
        const auto restoredDir = scratch_.filePath(QStringLiteral("restored"));
        QVERIFY(QDir().mkpath(restoredDir));
        QVERIFY(QFile::copy(copyPath, restoredDir + QStringLiteral("/topcoat.db")));
        TopcoatdProcess restored(restoredDir);
        QVERIFY2(restored.start(), qPrintable(restored.error()));
        HttpClient restoredAdmin("127.0.0.1", restored.adminPort());
        restoredAdmin.setToken(restored.adminToken());
        QCOMPARE(stockOf(restoredAdmin, sku), stocked - sold);
        QCOMPARE(std::int64_t(allOrders(restoredAdmin).size()), std::int64_t(inCopy.size()));
        QCOMPARE(restored.terminate(), 0);
    }

    void refusesADataDirWithoutADatabase() {
        const auto empty = scratch_.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        const auto target = scratch_.filePath(QStringLiteral("nothing.db"));
        QProcess backup;
        backup.start(TopcoatdProcess::binary(),
                     {QStringLiteral("--data-dir"), empty, QStringLiteral("--backup"), target});
        QVERIFY(backup.waitForFinished(30000));
        QCOMPARE(backup.exitCode(), 1);
        QCOMPARE(QString::fromUtf8(backup.readAllStandardError()).trimmed(),
                 QStringLiteral("topcoatd: %1/topcoat.db holds no database to back up").arg(empty));
        QVERIFY(!QFileInfo::exists(target));
    }
};

QTEST_GUILESS_MAIN(BackupTest)
#include "test_backup.moc"
