// Schema migrations on real SQLite files: from empty, from every earlier version with data in
// it, twice, through a Store, and a migration that fails half-way. Also the writer's pragmas.

#include "DbInspector.h"
#include "TestRows.h"
#include "db/Connection.h"
#include "db/DbError.h"
#include "db/Migrations.h"
#include "db/Store.h"
#include "db/Writer.h"

#include <QDir>
#include <QSqlQuery>
#include <QTest>

// Durability is a column of a data-driven test.
Q_DECLARE_METATYPE(topcoat::db::Durability)

using namespace topcoat;
using topcoat::test::DbInspector;

namespace {

// Rows that are valid at `version`, one or more per table that exists by then. Kept to the
// first three migrations on purpose: later migrations must keep these rows working.
void seedRowsValidAt(DbInspector& inspector, int version) {
    inspector.exec("INSERT INTO products VALUES ('SKU-1', 'Ruby', '#aa0000', 1200, "
                   "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    inspector.exec("INSERT INTO stock_movements (sku, delta, reason, created_at) VALUES "
                   "('SKU-1', 50, 'initial', '2026-01-01T00:00:00Z'), "
                   "('SKU-1', -2, 'write_off', '2026-01-02T00:00:00Z')");
    if (version < 2)
        return;
    inspector.exec("INSERT INTO sales VALUES (7, 'Spring', '2026-02-01T00:00:00Z', "
                   "'2026-02-02T00:00:00Z', 2, NULL, '2026-01-01T00:00:00Z')");
    inspector.exec("INSERT INTO sale_items VALUES (7, 'SKU-1', 900)");
    inspector.exec("INSERT INTO orders (order_id, sku, quantity, unit_price_cents, total_cents, "
                   "customer, sale_id, created_at) VALUES ('o-1', 'SKU-1', 2, 900, 1800, "
                   "'alice', 7, '2026-02-01T10:00:00Z')");
    inspector.exec("INSERT INTO idempotency_keys VALUES ('key-1', 'o-1')");
    if (version < 3)
        return;
    inspector.exec("INSERT INTO reviews (sku, author, rating, body, created_at) VALUES "
                   "('SKU-1', 'bob', 5, 'Glossy', '2026-02-03T00:00:00Z')");
}

QList<int> appliedVersions(DbInspector& inspector) {
    QList<int> versions;
    for (const auto& row :
         inspector.rows(QStringLiteral("SELECT version FROM schema_migrations ORDER BY version")))
        versions << row.toInt();
    return versions;
}

QList<int> oneTo(int last) {
    QList<int> versions;
    for (int v = 1; v <= last; ++v)
        versions << v;
    return versions;
}

} // namespace

class TestDbMigrations : public QObject {
    Q_OBJECT

private:
    test::ScratchFiles files_;

    // The schema a brand-new database gets, to compare upgraded ones against.
    QStringList latestSchema() {
        const auto path = files_.freshPath();
        DbInspector inspector(path);
        db::migrate(inspector.db());
        return inspector.schema();
    }

private slots:
    void initTestCase() { QVERIFY(files_.isValid()); }

    void migrationFilesAreNumberedWithoutGaps() {
        // Versions come from the embedded file names; a gap or a duplicate number would make
        // "latest" lie about which scripts ran.
        const auto names = QDir(QStringLiteral(":/db/migrations"))
                               .entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        QVERIFY(names.size() >= 3);
        for (int i = 0; i < names.size(); ++i)
            QCOMPARE(names[i].section(QLatin1Char('_'), 0, 0).toInt(), i + 1);
        QCOMPARE(db::latestSchemaVersion(), names.size());
    }

    void migratesEmptyDatabaseToLatest() {
        DbInspector inspector(files_.freshPath());
        QCOMPARE(db::schemaVersion(inspector.db()), 0);

        db::migrate(inspector.db());

        const int latest = db::latestSchemaVersion();
        QCOMPARE(db::schemaVersion(inspector.db()), latest);
        QCOMPARE(appliedVersions(inspector), oneTo(latest));
        for (const auto* table : {"products", "stock_movements", "sales", "sale_items", "orders",
                                  "idempotency_keys", "reviews", "order_events"})
            QVERIFY2(inspector.hasTable(QString::fromLatin1(table)), table);
        for (const auto* index :
             {"stock_movements_by_sku", "reviews_by_sku", "order_events_by_order"})
            QVERIFY2(inspector.hasIndex(QString::fromLatin1(index)), index);
        // The schema accepts the rows the application writes.
        seedRowsValidAt(inspector, latest);
        QCOMPARE(inspector.count("SELECT COUNT(*) FROM reviews"), 1);
    }

    void upgradesFromEachEarlierVersionKeepingRows_data() {
        QTest::addColumn<int>("from");
        for (int v = 1; v < db::latestSchemaVersion(); ++v)
            QTest::addRow("from v%d", v) << v;
    }

    void upgradesFromEachEarlierVersionKeepingRows() {
        QFETCH(int, from);
        const auto expectedSchema = latestSchema();
        DbInspector inspector(files_.freshPath());

        db::migrate(inspector.db(), from);
        QCOMPARE(db::schemaVersion(inspector.db()), from);
        QCOMPARE(appliedVersions(inspector), oneTo(from));
        // Stopping at `from` really stopped there: the last migration's objects are absent.
        QCOMPARE(inspector.hasTable("orders"), from >= 2);
        QCOMPARE(inspector.hasTable("reviews"), from >= 3);
        QCOMPARE(inspector.hasIndex("reviews_by_sku"), from >= 3);
        seedRowsValidAt(inspector, from);
        const auto before = inspector.rows("SELECT * FROM products") +
                            inspector.rows("SELECT * FROM stock_movements ORDER BY id");
        // The columns every version has: later ones add columns to orders.
        const auto firstOrderColumns =
            QStringLiteral("SELECT seq, order_id, sku, quantity, unit_price_cents, total_cents, "
                           "customer, sale_id, created_at FROM orders");
        const auto ordersBefore = from >= 2 ? inspector.rows(firstOrderColumns) : QStringList();

        db::migrate(inspector.db());

        QCOMPARE(db::schemaVersion(inspector.db()), db::latestSchemaVersion());
        QCOMPARE(appliedVersions(inspector), oneTo(db::latestSchemaVersion()));
        QCOMPARE(inspector.schema(), expectedSchema);
        QCOMPARE(inspector.rows("SELECT * FROM products") +
                     inspector.rows("SELECT * FROM stock_movements ORDER BY id"),
                 before);
        QCOMPARE(inspector.rows(firstOrderColumns), ordersBefore);
        if (from >= 2) {
            // An order placed before orders had a life is confirmed, its units sold.
            QCOMPARE(inspector.rows("SELECT status, units_returned FROM orders"),
                     QStringList{"confirmed|0"});
            QCOMPARE(inspector.rows("SELECT * FROM idempotency_keys"), QStringList{"key-1|o-1"});
            QCOMPARE(inspector.rows("SELECT id, name FROM sales"), QStringList{"7|Spring"});
        }
        // Tables added above `from` work with the old rows (reviews refer to products).
        QVERIFY(inspector.exec("INSERT INTO reviews (sku, author, rating, body, created_at) "
                               "VALUES ('SKU-1', 'carol', 4, 'Nice', '2026-03-01T00:00:00Z')"));
    }

    void migratingTwiceIsANoOp() {
        DbInspector inspector(files_.freshPath());
        db::migrate(inspector.db());
        seedRowsValidAt(inspector, db::latestSchemaVersion());
        const auto migrations = inspector.rows("SELECT * FROM schema_migrations ORDER BY version");
        const auto schema = inspector.schema();
        const auto orders = inspector.rows("SELECT * FROM orders");

        db::migrate(inspector.db());
        // Asking for an older version does not downgrade either.
        db::migrate(inspector.db(), 1);

        QCOMPARE(inspector.rows("SELECT * FROM schema_migrations ORDER BY version"), migrations);
        QCOMPARE(inspector.schema(), schema);
        QCOMPARE(inspector.rows("SELECT * FROM orders"), orders);
    }

    void failedMigrationRollsBackAndKeepsTheLastGoodVersion() {
        const auto path = files_.freshPath();
        {
            DbInspector inspector(path);
            db::migrate(inspector.db(), 2);
            seedRowsValidAt(inspector, 2);
            // An object with the name of the index migration 3 creates last, so 3 fails after
            // its first statement succeeded: that must be rolled back with it.
            inspector.exec("CREATE INDEX reviews_by_sku ON orders (customer)");

            QVERIFY_THROWS_EXCEPTION(db::DbError, db::migrate(inspector.db()));
            QCOMPARE(db::schemaVersion(inspector.db()), 2);
            QVERIFY(!inspector.hasTable("reviews"));
            // The only reviews_by_sku is the test's own, still on orders.
            QCOMPARE(inspector.count("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                     "'reviews_by_sku' AND tbl_name = 'orders'"),
                     1);
            QCOMPARE(inspector.count("SELECT COUNT(*) FROM orders"), 1);
        }
        // A store refuses to run on a schema it could not bring up to date.
        QVERIFY_THROWS_EXCEPTION(db::DbError, db::Store(path, db::Durability::Process));
    }

    void storeUpgradesAnOlderDatabase() {
        const auto path = files_.freshPath();
        {
            DbInspector inspector(path);
            db::migrate(inspector.db(), 1);
            seedRowsValidAt(inspector, 1);
        }
        {
            db::Store store(path, db::Durability::Process);
            const auto shop = store.loadShop();
            QCOMPARE(shop.products.size(), 1u);
            QCOMPARE(shop.products[0].name, std::string("Ruby"));
            QCOMPARE(shop.stock.size(), 1u);
            QCOMPARE(shop.stock[0].stocked, 48);
            QCOMPARE(shop.stock[0].sold, 0);
            // Tables of later versions are there and writable through the store.
            QVERIFY(store.commitOrder(test::orderRow("o-9", "SKU-1", 3, "dave")));
            store.insertReviews({{"SKU-1", "erin", 5, "Lovely"}}, test::kNow);
            QCOMPARE(store.loadShop().reviews.size(), 1u);
            QCOMPARE(store.loadShop().stock[0].sold, 3);
        }
        DbInspector inspector(path);
        QCOMPARE(db::schemaVersion(inspector.db()), db::latestSchemaVersion());
        QCOMPARE(appliedVersions(inspector), oneTo(db::latestSchemaVersion()));
    }

    void storeTurnsOnWriteAheadLogging() {
        const auto path = files_.freshPath();
        db::Store store(path, db::Durability::Process);
        // journal_mode=WAL is stored in the file, so another connection sees it.
        DbInspector inspector(path);
        QCOMPARE(inspector.value("PRAGMA journal_mode").toString(), QStringLiteral("wal"));
    }

    void writerConnectionPragmas_data() {
        QTest::addColumn<db::Durability>("durability");
        QTest::addColumn<int>("synchronous");
        QTest::addRow("process") << db::Durability::Process << 1; // NORMAL
        QTest::addRow("power") << db::Durability::Power << 2;     // FULL
    }

    void writerConnectionPragmas() {
        // synchronous and foreign_keys belong to a connection, so they can only be read on the
        // writer's own thread: Writer::run is the one way in (Store hands its durability to
        // the Writer it owns, which this cannot observe from outside).
        QFETCH(db::Durability, durability);
        QFETCH(int, synchronous);
        db::Writer writer(db::Location::sqlite(files_.freshPath()), durability);
        QVariantList seen;
        writer.run([&](QSqlDatabase& db) {
            for (const auto* pragma : {"synchronous", "foreign_keys", "journal_mode"}) {
                QSqlQuery query(db);
                query.exec(QStringLiteral("PRAGMA %1").arg(QString::fromLatin1(pragma)));
                seen << (query.next() ? query.value(0) : QVariant());
            }
        });
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen[0].toInt(), synchronous);
        QCOMPARE(seen[1].toInt(), 1);
        QCOMPARE(seen[2].toString(), QStringLiteral("wal"));
    }

    void powerDurabilityStoreCommits() {
        const auto path = files_.freshPath();
        {
            db::Store store(path, db::Durability::Power);
            QCOMPARE(store.durability(), db::Durability::Power);
            store.insertProduct(test::productRow("SKU-P"), 5, test::kNow);
            QVERIFY(store.commitOrder(test::orderRow("o-power", "SKU-P", 2, "frank")));
        }
        db::Store reopened(path, db::Durability::Process);
        const auto order = reopened.findOrder("o-power");
        QVERIFY(order.has_value());
        QCOMPARE(order->quantity, 2);
        QCOMPARE(reopened.loadShop().stock.at(0).sold, 2);
    }
};

QTEST_GUILESS_MAIN(TestDbMigrations)
#include "test_db_migrations.moc"
