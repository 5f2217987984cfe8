#pragma once

// Opens named connections to the shop's database (SQLite or PostgreSQL) set up for their role.

#include "Location.h"

#include <QSqlDatabase>
#include <QString>

namespace topcoat::db {

// Process: a commit survives the process being killed at any moment (WAL, synchronous=NORMAL).
// Power: a commit also survives power loss (synchronous=FULL: an fsync per commit).
enum class Durability { Process, Power };

enum class Role { Writer, Reader };

// Throws DbError when the database cannot be opened or configured. On PostgreSQL every commit
// waits for the server's WAL flush (synchronous_commit on) whatever the durability, and readers
// are read-only sessions.
QSqlDatabase openConnection(const QString& name, const Location& location, Role role,
                            Durability durability = Durability::Process);

// Whether the connection talks to PostgreSQL.
bool isPostgres(const QSqlDatabase& db);

// Closes and forgets the named connection (no QSqlDatabase copy of it may remain alive).
void closeConnection(const QString& name);

// True while a transaction is open on the connection. SQLite ends a transaction by itself
// when a statement fails with a disk-full or I/O error; on PostgreSQL, whether it still takes
// statements (not aborted, the connection not lost).
bool transactionOpen(QSqlDatabase& db);

// Runs one statement; throws DbError with `what` on failure.
void execOrThrow(QSqlDatabase& db, const QString& sql, const char* what);

} // namespace topcoat::db
