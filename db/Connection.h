#pragma once

// Opens named SQLite connections with the pragmas their role needs.

#include <QSqlDatabase>
#include <QString>

namespace topcoat::db {

// Process: a commit survives the process being killed at any moment (WAL, synchronous=NORMAL).
// Power: a commit also survives power loss (synchronous=FULL: an fsync per commit).
enum class Durability { Process, Power };

enum class Role { Writer, Reader };

// Throws DbError when the file cannot be opened or configured.
QSqlDatabase openConnection(const QString& name, const QString& path, Role role,
                            Durability durability = Durability::Process);

// Closes and forgets the named connection (no QSqlDatabase copy of it may remain alive).
void closeConnection(const QString& name);

// True while a transaction is open on the connection. SQLite ends a transaction by itself
// when a statement fails with a disk-full or I/O error.
bool transactionOpen(QSqlDatabase& db);

// Runs one statement; throws DbError with `what` on failure.
void execOrThrow(QSqlDatabase& db, const QString& sql, const char* what);

} // namespace topcoat::db
