#pragma once

// A fixed set of threads running posted tasks in the order they were posted. Sized once; a
// task that blocks (a checkout waiting for its commit) holds one worker, never the I/O.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace topcoat::http {

class WorkerPool {
public:
    WorkerPool(std::string name, std::size_t threads);
    ~WorkerPool();

    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void post(std::function<void()> task);
    // Runs what was posted, then joins every thread. Idempotent.
    void stop();

private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// Eight per core, at least eight: a checkout holds its worker while it waits for its batch's
// commit, and a batch holds at most as many orders as there are workers waiting on it
// (measured: 4 per core gave a third fewer checkouts per second; more than 8 gave none more).
std::size_t defaultWorkerCount();

} // namespace topcoat::http
