#include "ForeignDatabase.h"

#include "Connection.h"
#include "DbError.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>

namespace topcoat::db {
namespace {

std::atomic<int> inspectionCount{0};

DbError refused(const QString& path, const std::string& why) {
    return DbError(path.toStdString() + " is " + why + "; it was left untouched");
}

// Every SQLite database file starts with this 16-byte string.
bool hasSqliteHeader(const QString& path) {
    static const QByteArray magic("SQLite format 3\0", 16);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DbError("cannot read " + path.toStdString() + ": " +
                      file.errorString().toStdString());
    return file.read(magic.size()) == magic;
}

// Removes the named connection once every handle on it is gone, however the inspection ends.
struct InspectionConnection {
    QString name = QStringLiteral("topcoat-inspect-%1").arg(++inspectionCount);
    ~InspectionConnection() { closeConnection(name); }
};

// True when the database holds nothing, or holds our schema_migrations table (whose
// applied_at column sets it apart from other tools' tables of the same name).
bool emptyOrOurs(const QString& path) {
    const InspectionConnection connection;
    // Read-only: the writer's first pragma (WAL) would already change the file.
    auto db = openConnection(connection.name, Location::sqlite(path), Role::Reader);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM sqlite_master), "
                                   "(SELECT COUNT(*) FROM pragma_table_info('schema_migrations') "
                                   "WHERE name = 'applied_at')")) ||
        !query.next())
        throw DbError("cannot read " + path.toStdString(), query.lastError());
    return query.value(0).toInt() == 0 || query.value(1).toInt() == 1;
}

} // namespace

void refuseForeignDatabase(const QString& path) {
    const QFileInfo file(path);
    if (!file.exists() || file.size() == 0)
        return; // SQLite makes a new database of it
    if (!hasSqliteHeader(path))
        throw refused(path, "not an SQLite database");
    if (!emptyOrOurs(path))
        throw refused(path, "not a Topcoat database (it has tables but no Topcoat "
                            "schema_migrations table)");
}

} // namespace topcoat::db
