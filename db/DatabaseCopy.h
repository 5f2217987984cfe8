#pragma once

// Moves a shop from its SQLite file to PostgreSQL (topcoatd --copy-to), for a shop that grows
// onto several storefronts: every row of every table, in one transaction, so the target holds
// the whole shop or nothing of it.

#include "Location.h"

#include <cstdint>
#include <filesystem>

namespace topcoat::db {

struct CopySummary {
    std::int64_t tables = 0;
    std::int64_t rows = 0;
    std::int64_t orders = 0;
};

// Copies the SQLite database `database` into `target` (migrated first to the same schema
// version). Throws DbError when `database` is missing or not Topcoat's, its schema is not the
// latest (start this version of topcoatd on it once), `target` already holds products or orders
// (a shop is never merged into another), or on any failure; `target` then holds no copied row.
CopySummary copyDatabase(const std::filesystem::path& database, const Location& target);

} // namespace topcoat::db
