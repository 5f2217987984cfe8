#include "DatabaseCopy.h"

#include "Connection.h"
#include "DbError.h"
#include "ForeignDatabase.h"
#include "Migrations.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QVariant>
#include <vector>

namespace topcoat::db {
namespace {

struct Table {
    QString name;
    QStringList columns;
    QString identity; // its INTEGER PRIMARY KEY column, an identity column on PostgreSQL
};

std::int64_t countRows(QSqlDatabase& db, const QString& table) {
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !query.next())
        throw DbError("count " + table.toStdString(), query.lastError());
    return query.value(0).toLongLong();
}

// The shop's tables in the order the migrations created them, which is an order in which every
// row a foreign key names is copied before the row naming it.
std::vector<Table> tablesOf(QSqlDatabase& db) {
    std::vector<Table> tables;
    QSqlQuery list(db);
    if (!list.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' "
                                  "ORDER BY rowid")))
        throw DbError("list the tables", list.lastError());
    while (list.next())
        tables.push_back({list.value(0).toString(), {}, {}});
    for (auto& table : tables) {
        QSqlQuery columns(db);
        if (!columns.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table.name)))
            throw DbError("read the columns of " + table.name.toStdString(), columns.lastError());
        while (columns.next()) {
            const auto name = columns.value(1).toString();
            table.columns << name;
            if (columns.value(5).toInt() == 1 &&
                columns.value(2).toString().compare(QStringLiteral("INTEGER"),
                                                    Qt::CaseInsensitive) == 0)
                table.identity = name;
        }
    }
    return tables;
}

std::int64_t copyRows(QSqlDatabase& from, QSqlDatabase& to, const Table& table) {
    const auto columns = table.columns.join(QStringLiteral(", "));
    QStringList marks;
    for (qsizetype i = 0; i < table.columns.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery insert(to);
    if (!insert.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                            .arg(table.name, columns, marks.join(QStringLiteral(", ")))))
        throw DbError("prepare the copy of " + table.name.toStdString(), insert.lastError());
    QSqlQuery rows(from);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns, table.name)))
        throw DbError("read " + table.name.toStdString(), rows.lastError());
    std::int64_t copied = 0;
    while (rows.next()) {
        for (int i = 0; i < table.columns.size(); ++i)
            insert.bindValue(i, rows.value(i));
        if (!insert.exec())
            throw DbError("copy a row of " + table.name.toStdString(), insert.lastError());
        ++copied;
    }
    if (!table.identity.isEmpty()) {
        // New rows are numbered after the copied ones.
        QSqlQuery next(to);
        if (!next.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', '%2'), "
                                      "COALESCE(MAX(%2), 0) + 1, false) FROM %1")
                           .arg(table.name, table.identity)))
            throw DbError("number " + table.name.toStdString(), next.lastError());
    }
    return copied;
}

// Closes both connections however the copy ends.
struct Connections {
    ~Connections() {
        closeConnection(QStringLiteral("copy-source"));
        closeConnection(QStringLiteral("copy-target"));
    }
};

} // namespace

CopySummary copyDatabase(const std::filesystem::path& database, const Location& target) {
    if (!std::filesystem::is_regular_file(database) || std::filesystem::file_size(database) == 0)
        throw DbError(database.string() + " holds no database to copy");
    const auto path = QString::fromStdString(database.string());
    refuseForeignDatabase(path);
    if (!target.isPostgres())
        throw DbError("copies go to PostgreSQL");

    const Connections closeAtTheEnd;
    auto from = openConnection(QStringLiteral("copy-source"), Location::sqlite(path), Role::Reader);
    auto to = openConnection(QStringLiteral("copy-target"), target, Role::Writer);
    if (schemaVersion(from) != latestSchemaVersion())
        throw DbError(database.string() +
                      " is not at the latest schema: start topcoatd on it once, then copy");
    migrate(to);
    for (const auto* table : {"products", "orders"})
        if (countRows(to, QString::fromLatin1(table)) > 0)
            throw DbError(target.text() + " already holds a shop's " + table);

    const auto tables = tablesOf(from);
    // One read transaction on the source: the copy is the shop as it stood at one moment.
    execOrThrow(from, QStringLiteral("BEGIN"), "begin reading");
    if (!to.transaction())
        throw DbError("begin the copy", to.lastError());
    CopySummary summary;
    try {
        // The rows the migrations put in (reasons, counters) are replaced by the shop's own.
        for (auto table = tables.rbegin(); table != tables.rend(); ++table)
            execOrThrow(to, QStringLiteral("DELETE FROM ") + table->name, "clear the target");
        for (const auto& table : tables) {
            const auto rows = copyRows(from, to, table);
            summary.rows += rows;
            if (table.name == QLatin1String("orders"))
                summary.orders = rows;
            ++summary.tables;
        }
        if (!to.commit())
            throw DbError("commit the copy", to.lastError());
    } catch (...) {
        to.rollback();
        throw;
    }
    execOrThrow(from, QStringLiteral("COMMIT"), "end reading");
    return summary;
}

} // namespace topcoat::db
