#include "DatabaseBackup.h"

#include "DbError.h"
#include "ForeignDatabase.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <string>
#include <unistd.h>

namespace topcoat::db {
namespace {

// One sqlite3 handle, closed however the backup ends.
class Handle {
public:
    Handle(const std::filesystem::path& file, int flags) {
        const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK)
            fail("cannot open " + file.string());
        sqlite3_busy_timeout(db_, 5000); // the live server may hold a lock for a moment
    }
    ~Handle() { sqlite3_close_v2(db_); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    sqlite3* get() const { return db_; }

    [[noreturn]] void fail(const std::string& what) const {
        throw DbError(what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
    }

    std::string text(const char* sql) const {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK)
            fail(std::string("cannot run ") + sql);
        std::string result;
        const int rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW)
            if (const auto* value = sqlite3_column_text(statement, 0))
                result = reinterpret_cast<const char*>(value);
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            fail(std::string("cannot run ") + sql);
        return result;
    }

private:
    sqlite3* db_ = nullptr;
};

void syncPath(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string reason = std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        throw DbError("cannot sync " + path.string() + ": " + reason);
    }
    ::close(fd);
}

// Removes the partial copy unless the backup reached its rename.
struct PartialCopy {
    std::filesystem::path path;
    bool kept = false;
    ~PartialCopy() {
        if (!kept) {
            std::error_code ignored; // a leftover temp file is the lesser harm than a throw here
            std::filesystem::remove(path, ignored);
        }
    }
};

} // namespace

BackupSummary backupDatabase(const std::filesystem::path& database,
                             const std::filesystem::path& target) {
    if (!std::filesystem::is_regular_file(database) || std::filesystem::file_size(database) == 0)
        throw DbError(database.string() + " holds no database to back up");
    refuseForeignDatabase(QString::fromStdString(database.string()));

    PartialCopy partial{target.string() + ".partial-" + std::to_string(::getpid())};
    {
        // Created 0600 before SQLite writes a byte, so no one else can ever read the copy.
        const int fd = ::open(partial.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            throw DbError("cannot create " + partial.path.string() + ": " + std::strerror(errno));
        ::close(fd);
    }

    BackupSummary summary;
    {
        const Handle source(database, SQLITE_OPEN_READONLY);
        const Handle copy(partial.path, SQLITE_OPEN_READWRITE);
        // All pages in one step: one read transaction, so one consistent moment, and a WAL
        // writer in the other process is never blocked by it.
        sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
        if (!backup)
            copy.fail("cannot start the backup");
        const int rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            copy.fail("the backup of " + database.string() + " failed");

        // The copy stands alone: one file, no WAL beside it, ready to be put in a data dir.
        if (copy.text("PRAGMA journal_mode=DELETE") != "delete")
            copy.fail("cannot take the copy out of WAL mode");
        if (const auto check = copy.text("PRAGMA integrity_check"); check != "ok")
            throw DbError("the copy of " + database.string() +
                          " fails its integrity check: " + check);
        summary.orders = std::stoll(copy.text("SELECT COUNT(*) FROM orders"));
    }
    syncPath(partial.path, O_RDONLY);
    std::filesystem::rename(partial.path, target);
    partial.kept = true;
    syncPath(target.parent_path().empty() ? "." : target.parent_path(), O_RDONLY | O_DIRECTORY);
    summary.bytes = static_cast<std::int64_t>(std::filesystem::file_size(target));
    return summary;
}

} // namespace topcoat::db
