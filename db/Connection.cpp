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

namespace {

QSqlDatabase openPostgres(const QString& name, const Location& location, Role role) {
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    if (!db.isValid())
        throw DbError("no PostgreSQL driver for Qt Sql: install libqt6sql6-psql");
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setUserName(location.user);
    db.setDatabaseName(location.database);
    // A server that does not answer fails the start (or the batch) rather than hanging it.
    db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    if (!db.open())
        throw DbError("cannot open database " + location.text(), db.lastError());
    execOrThrow(db, QStringLiteral("SET synchronous_commit = on"), "set synchronous_commit");
    if (role == Role::Reader)
        execOrThrow(db, QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"),
                    "make the session read-only");
    return db;
}

} // namespace

bool isPostgres(const QSqlDatabase& db) {
    return db.driverName() == QStringLiteral("QPSQL");
}

QSqlDatabase openConnection(const QString& name, const Location& location, Role role,
                            Durability durability) {
    if (location.isPostgres())
        return openPostgres(name, location, role);
    const auto& path = location.path;
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
    // A statement answers only when the transaction is neither aborted nor the connection gone
    // (asked only after a failure, so the round trip costs nothing on the usual path).
    if (isPostgres(db))
        return QSqlQuery(db).exec(QStringLiteral("SELECT 1"));
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
