#include "DiskSpaceVfs.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <sqlite3.h>

namespace topcoat::test {
namespace {

// Our file object is followed in the same allocation by the real VFS's file object.
struct ShimFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_vfs* realVfs = nullptr;
sqlite3_vfs shimVfs;
sqlite3_io_methods shimMethods;

std::mutex spaceMutex;
bool limited = false;
std::int64_t freeBytes = 0;
std::atomic<std::uint64_t> opened{0};
std::atomic<std::uint64_t> refused{0};

sqlite3_file* realOf(sqlite3_file* file) {
    return reinterpret_cast<ShimFile*>(file)->real;
}

int shimWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    auto* real = realOf(file);
    {
        std::lock_guard lock(spaceMutex);
        if (limited) {
            sqlite3_int64 size = 0;
            if (real->pMethods->xFileSize(real, &size) != SQLITE_OK)
                return SQLITE_IOERR_FSTAT;
            const auto growth = std::max<std::int64_t>(0, offset + amount - size);
            if (growth > freeBytes) {
                ++refused;
                return SQLITE_FULL;
            }
            freeBytes -= growth;
        }
    }
    return real->pMethods->xWrite(real, data, amount, offset);
}

int shimTruncate(sqlite3_file* file, sqlite3_int64 size) {
    auto* real = realOf(file);
    std::lock_guard lock(spaceMutex);
    sqlite3_int64 before = 0;
    if (limited && real->pMethods->xFileSize(real, &before) == SQLITE_OK && size < before)
        freeBytes += before - size; // a shrinking file gives its space back
    return real->pMethods->xTruncate(real, size);
}

int shimOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
    auto* shim = reinterpret_cast<ShimFile*>(file);
    shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
    const int rc = realVfs->xOpen(realVfs, name, shim->real, flags, outFlags);
    // SQLite calls xClose only on files whose pMethods is set.
    shim->base.pMethods = rc == SQLITE_OK ? &shimMethods : nullptr;
    if (rc == SQLITE_OK)
        ++opened;
    return rc;
}

// Everything else is passed through to the real file and VFS unchanged.
void fillMethods() {
    auto& m = shimMethods;
    m.iVersion = 3;
    m.xClose = [](sqlite3_file* f) {
        return realOf(f)->pMethods->xClose(realOf(f));
    };
    m.xRead = [](sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
        return realOf(f)->pMethods->xRead(realOf(f), data, amount, offset);
    };
    m.xWrite = shimWrite;
    m.xTruncate = shimTruncate;
    m.xSync = [](sqlite3_file* f, int flags) {
        return realOf(f)->pMethods->xSync(realOf(f), flags);
    };
    m.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
        return realOf(f)->pMethods->xFileSize(realOf(f), size);
    };
    m.xLock = [](sqlite3_file* f, int level) {
        return realOf(f)->pMethods->xLock(realOf(f), level);
    };
    m.xUnlock = [](sqlite3_file* f, int level) {
        return realOf(f)->pMethods->xUnlock(realOf(f), level);
    };
    m.xCheckReservedLock = [](sqlite3_file* f, int* out) {
        return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out);
    };
    m.xFileControl = [](sqlite3_file* f, int op, void* arg) {
        return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
    };
    m.xSectorSize = [](sqlite3_file* f) {
        return realOf(f)->pMethods->xSectorSize(realOf(f));
    };
    m.xDeviceCharacteristics = [](sqlite3_file* f) {
        return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f));
    };
    // The unix VFS's files are version 3; the WAL needs the shared-memory methods.
    m.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        return realOf(f)->pMethods->xShmMap(realOf(f), page, size, extend, out);
    };
    m.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
        return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
    };
    m.xShmBarrier = [](sqlite3_file* f) {
        realOf(f)->pMethods->xShmBarrier(realOf(f));
    };
    m.xShmUnmap = [](sqlite3_file* f, int remove) {
        return realOf(f)->pMethods->xShmUnmap(realOf(f), remove);
    };
    m.xFetch = [](sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
        return realOf(f)->pMethods->xFetch(realOf(f), offset, amount, out);
    };
    m.xUnfetch = [](sqlite3_file* f, sqlite3_int64 offset, void* p) {
        return realOf(f)->pMethods->xUnfetch(realOf(f), offset, p);
    };
}

void fillVfs() {
    auto& v = shimVfs;
    v = *realVfs;
    v.pNext = nullptr;
    v.zName = "topcoat-disk-space";
    v.szOsFile = static_cast<int>(sizeof(ShimFile)) + realVfs->szOsFile;
    v.xOpen = shimOpen;
    v.xDelete = [](sqlite3_vfs*, const char* name, int sync) {
        return realVfs->xDelete(realVfs, name, sync);
    };
    v.xAccess = [](sqlite3_vfs*, const char* name, int flags, int* out) {
        return realVfs->xAccess(realVfs, name, flags, out);
    };
    v.xFullPathname = [](sqlite3_vfs*, const char* name, int size, char* out) {
        return realVfs->xFullPathname(realVfs, name, size, out);
    };
    v.xRandomness = [](sqlite3_vfs*, int size, char* out) {
        return realVfs->xRandomness(realVfs, size, out);
    };
    v.xSleep = [](sqlite3_vfs*, int micros) {
        return realVfs->xSleep(realVfs, micros);
    };
    v.xCurrentTime = [](sqlite3_vfs*, double* out) {
        return realVfs->xCurrentTime(realVfs, out);
    };
    v.xGetLastError = [](sqlite3_vfs*, int size, char* out) {
        return realVfs->xGetLastError(realVfs, size, out);
    };
    v.xCurrentTimeInt64 = [](sqlite3_vfs*, sqlite3_int64* out) {
        return realVfs->xCurrentTimeInt64(realVfs, out);
    };
    // Extension loading and system-call overrides are never used by these tests.
    v.xDlOpen = nullptr;
    v.xDlError = nullptr;
    v.xDlSym = nullptr;
    v.xDlClose = nullptr;
    v.xSetSystemCall = nullptr;
    v.xGetSystemCall = nullptr;
    v.xNextSystemCall = nullptr;
}

} // namespace

bool DiskSpaceVfs::install() {
    if (realVfs)
        return true;
    realVfs = sqlite3_vfs_find(nullptr);
    if (!realVfs || realVfs->iVersion < 2)
        return false;
    fillMethods();
    fillVfs();
    return sqlite3_vfs_register(&shimVfs, 1) == SQLITE_OK;
}

void DiskSpaceVfs::setFreeBytes(std::int64_t bytes) {
    std::lock_guard lock(spaceMutex);
    limited = true;
    freeBytes = bytes;
}

void DiskSpaceVfs::setUnlimited() {
    std::lock_guard lock(spaceMutex);
    limited = false;
}

std::uint64_t DiskSpaceVfs::filesOpened() {
    return opened.load();
}

std::uint64_t DiskSpaceVfs::writesRefused() {
    return refused.load();
}

} // namespace topcoat::test
