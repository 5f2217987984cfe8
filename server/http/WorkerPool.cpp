#include "WorkerPool.h"

#include <algorithm>
#include <pthread.h>

namespace topcoat::http {

WorkerPool::WorkerPool(std::string name, std::size_t threads) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { run(); });
        // Shows in top and gdb; the kernel keeps 15 characters.
        pthread_setname_np(threads_.back().native_handle(), (name + "-w").substr(0, 15).c_str());
    }
}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_)
        if (thread.joinable())
            thread.join();
}

void WorkerPool::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty())
            return; // stopping, and nothing left to run
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        task();
        lock.lock();
    }
}

std::size_t defaultWorkerCount() {
    return std::max<std::size_t>(8, 8 * std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace topcoat::http
