#include "ChildProcesses.h"

#include <QDir>
#include <QFile>
#include <algorithm>
#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace topcoat::test {
namespace {

// The parent pid in /proc/PID/stat, or 0 when the process is gone. The command name (field 2,
// in parentheses) may hold spaces and parentheses, so fields are counted from the last ')'.
pid_t parentOf(const QString& pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const auto fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? static_cast<pid_t>(fields[1].toLong()) : 0;
}

// Debian 12's glibc declares pidfd_open and pidfd_send_signal without C linkage, so C++ cannot
// link them; the system calls themselves are there since Linux 5.3.
int openPidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

void killByPidfd(int pidfd) {
    ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
}

} // namespace

ChildProcesses::~ChildProcesses() {
    closeAll();
}

ChildProcesses::ChildProcesses(ChildProcesses&& other) noexcept
    : children_(std::exchange(other.children_, {})) {}

ChildProcesses& ChildProcesses::operator=(ChildProcesses&& other) noexcept {
    if (this != &other) {
        closeAll();
        children_ = std::exchange(other.children_, {});
    }
    return *this;
}

std::vector<pid_t> ChildProcesses::pidsOf(pid_t parent) {
    std::vector<pid_t> pids;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const pid_t pid = static_cast<pid_t>(entry.toLong(&numeric));
        if (numeric && parentOf(entry) == parent)
            pids.push_back(pid);
    }
    return pids;
}

ChildProcesses ChildProcesses::of(pid_t parent) {
    ChildProcesses children;
    for (const pid_t pid : pidsOf(parent)) {
        const int fd = openPidfd(pid);
        if (fd >= 0)
            children.children_.push_back({pid, fd});
        // ESRCH: it exited and was reaped between the listing and now, so there is nothing
        // left to wait for.
    }
    return children;
}

void ChildProcesses::append(ChildProcesses&& other) {
    auto taken = std::exchange(other.children_, {});
    children_.insert(children_.end(), taken.begin(), taken.end());
}

bool ChildProcesses::waitForExit(QDeadlineTimer deadline) {
    while (!children_.empty()) {
        std::vector<pollfd> fds;
        for (const Child& child : children_)
            fds.push_back({child.pidfd, POLLIN, 0});
        const int timeoutMs = static_cast<int>(std::min<qint64>(deadline.remainingTime(), 60000));
        const int ready = ::poll(fds.data(), fds.size(), deadline.isForever() ? -1 : timeoutMs);
        if (ready < 0 && errno != EINTR)
            return false;
        if (ready <= 0) {
            if (deadline.hasExpired())
                return false;
            continue; // interrupted, or the wait was capped short of the deadline
        }
        // A pidfd turns readable when its process exits; keep only those still running.
        std::vector<Child> running;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents != 0)
                ::close(children_[i].pidfd);
            else
                running.push_back(children_[i]);
        }
        children_ = std::move(running);
    }
    return true;
}

bool ChildProcesses::killAndWait(QDeadlineTimer deadline) {
    for (const Child& child : children_)
        killByPidfd(child.pidfd);
    return waitForExit(deadline);
}

std::vector<pid_t> ChildProcesses::pids() const {
    std::vector<pid_t> pids;
    for (const Child& child : children_)
        pids.push_back(child.pid);
    return pids;
}

void ChildProcesses::closeAll() {
    for (const Child& child : children_)
        ::close(child.pidfd);
    children_.clear();
}

} // namespace topcoat::test
