// Write-off reasons (API.md, "Additions to the admin API") against a real topcoatd: the reason
// and note of a write-off are stored with its stock movement in the server's own database file,
// a write-off without them works as before, and bad combinations are refused whole.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace topcoat::test;

namespace {

// "delta|movement reason|write-off reason|note" per stock movement of `sku`, oldest first, read
// from the database file over a read-only connection of the test's own.
QStringList movementsOf(const QString& databasePath, const std::string& sku) {
    QStringList rows;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            return {QStringLiteral("cannot open: ") + db.lastError().text()};
        QSqlQuery query(db);
        query.prepare(QStringLiteral(
            "SELECT m.delta, m.reason, COALESCE(w.reason, '-'), COALESCE(w.note, '-') "
            "FROM stock_movements m LEFT JOIN write_off_reasons w ON w.movement_id = m.id "
            "WHERE m.sku = ? ORDER BY m.id"));
        query.addBindValue(QString::fromStdString(sku));
        if (!query.exec())
            return {QStringLiteral("cannot read: ") + query.lastError().text()};
        while (query.next())
            rows << QStringLiteral("%1|%2|%3|%4")
                        .arg(query.value(0).toLongLong())
                        .arg(query.value(1).toString(), query.value(2).toString(),
                             query.value(3).toString());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    return rows;
}

// Each refused whole with 400 invalid_request.
const char* const badBodies[] = {
    R"({"quantity":-1,"reason":"stolen"})",                  // not a reason
    R"({"quantity":-1,"reason":"DAMAGED"})",                 // names are lower case
    R"({"quantity":-1,"reason":7})",                         // not a string
    R"({"quantity":-1,"note":"no reason"})",                 // a note needs a reason
    R"({"quantity":-1,"reason":"other","note":""})",         // an empty note
    R"({"quantity":3,"reason":"lost"})",                     // a restock has no reason
    R"({"quantity":-1,"reason":"other","note":"a\u0007b"})", // a control character
};

std::string otherWithNote(const std::string& note) {
    return "{\"quantity\":-1,\"reason\":\"other\",\"note\":\"" + note + "\"}";
}

} // namespace

class WriteOffTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void storesTheReasonWithTheMovement() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "WOF", 1000, 20);
        const auto path = "/admin/products/" + sku + "/restock";
        const auto damaged = admin.post(
            path, R"({"quantity":-3,"reason":"damaged","note":"dropped box, 3 broken"})");
        EXPECT_API_RESPONSE(damaged, 200);
        QCOMPARE(damaged.json()->getValue<std::int64_t>("stock"), 17);
        EXPECT_STATUS(admin.post(path, R"({"quantity":-1,"reason":"expired"})"), 200);
        EXPECT_STATUS(admin.post(path, R"({"quantity":-2})"), 200); // as older consoles send
        EXPECT_STATUS(admin.post(path, R"({"quantity":5})"), 200);
        QCOMPARE(stockOf(admin, sku), 19);

        QCOMPARE(
            movementsOf(server_.databasePath(), sku),
            (QStringList{QStringLiteral("20|initial|-|-"),
                         QStringLiteral("-3|write_off|damaged|dropped box, 3 broken"),
                         QStringLiteral("-1|write_off|expired|-"),
                         QStringLiteral("-2|write_off|-|-"), QStringLiteral("5|restock|-|-")}));
    }

    void refusesBadReasonsWhole() {
        auto admin = server_.admin();
        const auto sku = createFreshProduct(admin, "WOB", 1000, 10);
        const auto path = "/admin/products/" + sku + "/restock";
        for (const auto* body : badBodies)
            EXPECT_API_ERROR(admin.post(path, body), 400, "invalid_request");
        EXPECT_API_ERROR(admin.post(path, otherWithNote(std::string(201, 'x'))), 400,
                         "invalid_request");
        QCOMPARE(stockOf(admin, sku), 10);
        QCOMPARE(movementsOf(server_.databasePath(), sku), QStringList{"10|initial|-|-"});
        // The longest note passes.
        EXPECT_STATUS(admin.post(path, otherWithNote(std::string(200, 'x'))), 200);
        // Below zero stays refused with its own code, reason or not.
        EXPECT_API_ERROR(admin.post(path, R"({"quantity":-50,"reason":"lost"})"), 409,
                         "insufficient_stock");
    }
};

QTEST_GUILESS_MAIN(WriteOffTest)
#include "test_http_write_off.moc"
