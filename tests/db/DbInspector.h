#pragma once

// The test's own SQLite connection to a store's file, for looking at exactly what was written
// (and for seeding old schemas) without going through the code under test.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace topcoat::test {

class DbInspector {
public:
    // Opens `path` read-write with foreign keys on, under a connection name no one else uses.
    explicit DbInspector(const QString& path);
    // Removes the connection; Qt Sql connections must not outlive their thread.
    ~DbInspector();

    DbInspector(const DbInspector&) = delete;
    DbInspector& operator=(const DbInspector&) = delete;

    QSqlDatabase& db() { return db_; }

    // Runs one statement; fails the current test (QVERIFY-style, via QTest::qFail) on error.
    bool exec(const QString& sql);
    // First column of the first row, or an invalid QVariant when there is no row.
    QVariant value(const QString& sql);
    qint64 count(const QString& sql) { return value(sql).toLongLong(); }
    // Every row, its columns joined with '|'.
    QStringList rows(const QString& sql);

    bool hasTable(const QString& name);
    bool hasIndex(const QString& name);
    // type|name|sql of every schema object, sorted: equal strings mean equal schemas.
    QStringList schema();

private:
    QString name_;
    QSqlDatabase db_;
};

} // namespace topcoat::test
