#pragma once

// Holds SQLite's write lock on a running server's database from the test process, so that
// the server's commits wait (its busy timeout is 5 s): checkouts then stay in flight for as
// long as a test needs them to, the way they would on a stalled disk.

#include <QSqlDatabase>
#include <QString>

namespace topcoat::test {

class DatabaseWriteLock {
public:
    // Takes the lock at once (BEGIN IMMEDIATE); fails the test if it cannot.
    explicit DatabaseWriteLock(const QString& databasePath);
    ~DatabaseWriteLock(); // releases it if still held

    DatabaseWriteLock(const DatabaseWriteLock&) = delete;
    DatabaseWriteLock& operator=(const DatabaseWriteLock&) = delete;

    void release();

private:
    QString name_;
    QSqlDatabase db_;
    bool held_ = false;
};

} // namespace topcoat::test
