#include "Connection.h"

#include "DbError.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

namespace topcoat::db {

void execOrThrow(QSqlDatabase& db, const QString& sql, const char* what) {
    QSqlQuery query(db);
    if (!query.exec(sql))
        throw DbError(what, query.lastError());
}

QSqlDatabase openConnection(const QString& name, const QString& path, Role role,
                            Durability durability) {
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (role == Role::Reader)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    else
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        throw DbError("cannot open database " + path.toStdString(), db.lastError());

    if (role == Role::Writer) {
        execOrThrow(db, QStringLiteral("PRAGMA journal_mode=WAL"), "enable WAL");
        execOrThrow(db,
                    durability == Durability::Power ? QStringLiteral("PRAGMA synchronous=FULL")
                                                    : QStringLiteral("PRAGMA synchronous=NORMAL"),
                    "set synchronous");
        execOrThrow(db, QStringLiteral("PRAGMA foreign_keys=ON"), "enable foreign keys");
    } else {
        // Only the writer checkpoints; readers keep their caches small, there may be many.
        execOrThrow(db, QStringLiteral("PRAGMA wal_autocheckpoint=0"), "disable checkpoints");
        execOrThrow(db, QStringLiteral("PRAGMA cache_size=-512"), "set cache size");
    }
    return db;
}

bool transactionOpen(QSqlDatabase& db) {
    const auto handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        throw DbError("the database connection is not SQLite");
    auto* sqlite = *static_cast<sqlite3* const*>(handle.constData());
    return sqlite && sqlite3_get_autocommit(sqlite) == 0;
}

void closeConnection(const QString& name) {
    {
        auto db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace topcoat::db
