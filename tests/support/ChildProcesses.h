#pragma once

// The children of one process, each held by a pidfd, so that they can be waited for and killed
// after their parent died without ever signalling an unrelated process that reused a pid.

#include <QDeadlineTimer>
#include <sys/types.h>
#include <vector>

namespace topcoat::test {

class ChildProcesses {
public:
    ChildProcesses() = default;
    ~ChildProcesses(); // closes the pidfds; signals nothing
    ChildProcesses(ChildProcesses&& other) noexcept;
    ChildProcesses& operator=(ChildProcesses&& other) noexcept;
    ChildProcesses(const ChildProcesses&) = delete;
    ChildProcesses& operator=(const ChildProcesses&) = delete;

    // The children `parent` has now. Call it while the parent is stopped (SIGSTOP): then it
    // neither forks a new child nor reaps an old one, so the list is complete and every pid in
    // it still names that child when its pidfd is opened.
    static ChildProcesses of(pid_t parent);
    // The pids of `parent`'s children, as /proc lists them now.
    static std::vector<pid_t> pidsOf(pid_t parent);

    // Takes over `other`'s children.
    void append(ChildProcesses&& other);
    // Waits until every child has exited (an unreaped zombie has) or the deadline passes; those
    // that exited are forgotten. True when none is left.
    bool waitForExit(QDeadlineTimer deadline);
    // SIGKILLs the children still running and waits for them to exit.
    bool killAndWait(QDeadlineTimer deadline);
    bool empty() const { return children_.empty(); }
    std::vector<pid_t> pids() const;

private:
    struct Child {
        pid_t pid;
        int pidfd;
    };
    void closeAll();

    std::vector<Child> children_;
};

} // namespace topcoat::test
