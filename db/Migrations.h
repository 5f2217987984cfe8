#pragma once

// Schema migrations: numbered .sql files (db/migrations/NNNN_name.sql, built into the binary)
// applied in order, each in its own transaction, with the applied versions in schema_migrations.

#include <QSqlDatabase>

namespace topcoat::db {

int latestSchemaVersion();
int schemaVersion(QSqlDatabase& db); // 0 for an empty database

// Applies every migration above the current version up to `target` (default: all).
// Throws DbError on failure, leaving the database at the last version that succeeded.
void migrate(QSqlDatabase& db, int target = latestSchemaVersion());

} // namespace topcoat::db
