#pragma once

// A disk that can run out of space, for SQLite: a VFS wrapped around the default one that
// refuses any write growing a file past the free space left, returning SQLITE_FULL exactly as
// the unix VFS does on ENOSPC. Writes into space a file already has still succeed, as on a real
// full disk. Installed as the default VFS, so Qt's QSQLITE connections (which use the system
// libsqlite3) go through it.

#include <cstdint>

namespace topcoat::test {

class DiskSpaceVfs {
public:
    // Registers the VFS as the process default; false if SQLite refused.
    static bool install();

    static void setFreeBytes(std::int64_t bytes); // a disk with this much left
    static void setUnlimited();                   // space freed: nothing is refused

    static std::uint64_t filesOpened();   // proves connections really go through this VFS
    static std::uint64_t writesRefused(); // proves a test really hit the full disk
};

} // namespace topcoat::test
