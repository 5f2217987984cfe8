#include "DataDirLock.h"

#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>

namespace topcoat {
namespace {

std::string inUseMessage(const std::filesystem::path& dataDir, std::optional<pid_t> holder) {
    // Absolute, so the message names the dir even when it was given relative to elsewhere.
    std::error_code noCwd;
    const auto absolute = std::filesystem::absolute(dataDir, noCwd);
    auto message = "the data dir " + (noCwd ? dataDir : absolute).string() +
                   " is in use by another Topcoat process";
    if (holder)
        message += " (pid " + std::to_string(*holder) + ")";
    return message;
}

// The pid the holder wrote; nothing when it has not written it yet (it has just taken the
// lock) or the file holds something else.
std::optional<pid_t> readHolder(int fd) {
    char text[32] = {};
    const auto size = ::pread(fd, text, sizeof text - 1, 0);
    if (size <= 0)
        return std::nullopt;
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(text, text + size, pid);
    if (ec != std::errc() || pid <= 0 || (end != text + size && *end != '\n'))
        return std::nullopt;
    return pid;
}

[[noreturn]] void throwErrno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

} // namespace

DataDirInUse::DataDirInUse(const std::filesystem::path& dataDir, std::optional<pid_t> holder)
    : std::runtime_error(inUseMessage(dataDir, holder)) {}

std::filesystem::path DataDirLock::lockFile(const std::filesystem::path& dataDir) {
    return dataDir / "topcoat.lock";
}

DataDirLock::DataDirLock(const std::filesystem::path& dataDir) {
    const auto path = lockFile(dataDir);
    // CLOEXEC: a child process inheriting the descriptor would keep the lock after we exit.
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throwErrno("cannot open the lock file " + path.string());
    // A lock left by a killed process is gone with it (the kernel drops it), so the file
    // existing means nothing; only a live holder makes this fail.
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const auto holder = readHolder(fd_);
        ::close(fd_);
        if (error == EWOULDBLOCK)
            throw DataDirInUse(dataDir, holder);
        throw std::system_error(error, std::generic_category(), "cannot lock " + path.string());
    }
    // A killed holder's pid may still be there: ours replaces it.
    const auto pid = std::to_string(::getpid()) + '\n';
    const bool emptied = ::ftruncate(fd_, 0) == 0;
    const auto written = emptied ? ::pwrite(fd_, pid.data(), pid.size(), 0) : -1;
    if (written != static_cast<ssize_t>(pid.size())) {
        const int error = written < 0 ? errno : EIO;
        ::close(fd_);
        throw std::system_error(error, std::generic_category(), "cannot write " + path.string());
    }
}

DataDirLock::~DataDirLock() {
    // The file stays: removing it would let a process that opened it a moment earlier lock a
    // file nobody else sees. Emptied, it names no process once the dir is free.
    [[maybe_unused]] const auto emptied = ::ftruncate(fd_, 0);
    ::close(fd_);
}

} // namespace topcoat
