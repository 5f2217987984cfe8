#include "DatabaseWriteLock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <atomic>

namespace topcoat::test {
namespace {

std::atomic<int> nextLock{1};

} // namespace

DatabaseWriteLock::DatabaseWriteLock(const QString& databasePath)
    : name_(QStringLiteral("test-write-lock-%1").arg(nextLock++)),
      db_(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_)) {
    db_.setDatabaseName(databasePath);
    db_.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db_.open()) {
        QTest::qFail(qPrintable(db_.lastError().text()), __FILE__, __LINE__);
        return;
    }
    QSqlQuery begin(db_);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        QTest::qFail(
            qPrintable(
                QStringLiteral("cannot lock %1: %2").arg(databasePath, begin.lastError().text())),
            __FILE__, __LINE__);
        return;
    }
    held_ = true;
}

DatabaseWriteLock::~DatabaseWriteLock() {
    release();
    db_.close();
    db_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(name_);
}

void DatabaseWriteLock::release() {
    if (!held_)
        return;
    held_ = false;
    QSqlQuery(db_).exec(QStringLiteral("ROLLBACK"));
}

} // namespace topcoat::test
