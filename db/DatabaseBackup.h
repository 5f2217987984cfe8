#pragma once

// A consistent copy of a live Topcoat database (topcoatd --backup), taken with SQLite's online
// backup while another process keeps writing to it: the copy is the database as it stood at one
// moment, holding every order committed before that moment.

#include <cstdint>
#include <filesystem>

namespace topcoat::db {

struct BackupSummary {
    std::int64_t orders = 0; // orders in the copy
    std::int64_t bytes = 0;  // the copy's size
};

// Copies `database` to `target` (mode 0600: it holds customers' addresses). The copy is written
// beside `target`, checked with PRAGMA integrity_check, synced to disk and only then renamed
// into place, so `target` is never a half-written file. Throws DbError when `database` is
// missing or not Topcoat's, or on any I/O failure; `target` is then left as it was.
BackupSummary backupDatabase(const std::filesystem::path& database,
                             const std::filesystem::path& target);

} // namespace topcoat::db
