#pragma once

// Makes one process the owner of a data dir, so two storefronts never sell the same stock: an
// exclusive flock on DIR/topcoat.lock, held while the object lives, with the holder's pid
// written in the file for whoever is refused.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <sys/types.h>

namespace topcoat {

// Another process (or another storefront in this one) holds the data dir.
class DataDirInUse : public std::runtime_error {
public:
    DataDirInUse(const std::filesystem::path& dataDir, std::optional<pid_t> holder);
};

class DataDirLock {
public:
    // Takes the lock without waiting. Throws DataDirInUse when it is held, std::system_error
    // when the lock file cannot be opened or written.
    explicit DataDirLock(const std::filesystem::path& dataDir);
    // Releases the lock (closing the file is what releases it).
    ~DataDirLock();

    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

    static std::filesystem::path lockFile(const std::filesystem::path& dataDir);

private:
    int fd_ = -1;
};

} // namespace topcoat
