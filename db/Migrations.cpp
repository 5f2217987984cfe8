#include "Migrations.h"

#include "Connection.h"
#include "DbError.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <map>

namespace topcoat::db {
namespace {

// version -> SQL text, from the resources compiled into the library.
std::map<int, QString> migrationScripts() {
    std::map<int, QString> scripts;
    const QDir dir(QStringLiteral(":/db/migrations"));
    for (const auto& name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        bool ok = false;
        const int version = name.section(QLatin1Char('_'), 0, 0).toInt(&ok);
        QFile file(dir.filePath(name));
        if (!ok || version <= 0 || !file.open(QIODevice::ReadOnly))
            throw DbError("bad migration file " + name.toStdString());
        scripts.emplace(version, QString::fromUtf8(file.readAll()));
    }
    return scripts;
}

// SQLite runs one statement per exec(); the scripts hold no semicolons inside statements.
QStringList statementsOf(const QString& script) {
    QStringList statements;
    QString withoutComments;
    for (const auto& line : script.split(QLatin1Char('\n')))
        if (!line.trimmed().startsWith(QStringLiteral("--")))
            withoutComments += line + QLatin1Char('\n');
    for (const auto& part : withoutComments.split(QLatin1Char(';')))
        if (!part.trimmed().isEmpty())
            statements << part.trimmed();
    return statements;
}

void applyMigration(QSqlDatabase& db, int version, const QString& script) {
    if (!db.transaction())
        throw DbError("begin migration " + std::to_string(version), db.lastError());
    try {
        for (const auto& statement : statementsOf(script))
            execOrThrow(db, statement, "migration statement");
        QSqlQuery record(db);
        record.prepare(
            QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
        record.addBindValue(version);
        record.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!record.exec())
            throw DbError("record migration", record.lastError());
        if (!db.commit())
            throw DbError("commit migration", db.lastError());
    } catch (const DbError& error) {
        db.rollback();
        throw DbError("migration " + std::to_string(version) + " failed: " + error.what());
    }
}

} // namespace

int latestSchemaVersion() {
    const auto scripts = migrationScripts();
    return scripts.empty() ? 0 : scripts.rbegin()->first;
}

int schemaVersion(QSqlDatabase& db) {
    execOrThrow(db,
                QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"),
                "create schema_migrations");
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) ||
        !query.next())
        throw DbError("read schema version", query.lastError());
    return query.value(0).toInt();
}

void migrate(QSqlDatabase& db, int target) {
    const int current = schemaVersion(db);
    for (const auto& [version, script] : migrationScripts())
        if (version > current && version <= target)
            applyMigration(db, version, script);
}

} // namespace topcoat::db
