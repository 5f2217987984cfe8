#include "DbInspector.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <atomic>

namespace topcoat::test {
namespace {

std::atomic<int> nextInspector{1};

// Reports a failed statement through QtTest so the test shows the SQL and SQLite's reason.
void reportFailure(const QString& sql, const QSqlQuery& query) {
    const auto message = QStringLiteral("SQL failed: %1: %2").arg(sql, query.lastError().text());
    QTest::qFail(qPrintable(message), __FILE__, __LINE__);
}

} // namespace

DbInspector::DbInspector(const QString& path)
    : name_(QStringLiteral("test-inspector-%1").arg(nextInspector++)),
      db_(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_)) {
    db_.setDatabaseName(path);
    db_.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db_.open())
        QTest::qFail(qPrintable(db_.lastError().text()), __FILE__, __LINE__);
    exec(QStringLiteral("PRAGMA foreign_keys=ON"));
}

DbInspector::~DbInspector() {
    db_.close();
    db_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(name_);
}

bool DbInspector::exec(const QString& sql) {
    QSqlQuery query(db_);
    if (query.exec(sql))
        return true;
    reportFailure(sql, query);
    return false;
}

QVariant DbInspector::value(const QString& sql) {
    QSqlQuery query(db_);
    if (!query.exec(sql)) {
        reportFailure(sql, query);
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

QStringList DbInspector::rows(const QString& sql) {
    QSqlQuery query(db_);
    QStringList result;
    if (!query.exec(sql)) {
        reportFailure(sql, query);
        return result;
    }
    while (query.next()) {
        QStringList columns;
        for (int i = 0; i < query.record().count(); ++i)
            columns << query.value(i).toString();
        result << columns.join(QLatin1Char('|'));
    }
    return result;
}

bool DbInspector::hasTable(const QString& name) {
    return count(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                "name = '%1'")
                     .arg(name)) == 1;
}

bool DbInspector::hasIndex(const QString& name) {
    return count(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                                "name = '%1'")
                     .arg(name)) == 1;
}

QStringList DbInspector::schema() {
    return rows(QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
}

} // namespace topcoat::test
