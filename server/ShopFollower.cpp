#include "ShopFollower.h"

#include <spdlog/spdlog.h>

namespace topcoat {

ShopFollower::ShopFollower(std::int64_t loadedAt, ReadCount count, Reload reload,
                           std::chrono::milliseconds interval)
    : count_(std::move(count)), reload_(std::move(reload)), interval_(interval), seen_(loadedAt),
      thread_([this] { loop(); }) {}

ShopFollower::~ShopFollower() {
    stop();
}

void ShopFollower::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void ShopFollower::nudge() {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    wake_.notify_all();
}

void ShopFollower::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait_for(lock, interval_, [this] { return stopping_ || nudged_; });
        if (stopping_)
            return;
        nudged_ = false;
        lock.unlock();
        try {
            // Read before reloading: a change committed meanwhile moves the count past this, and
            // is picked up after its notice or on the next beat.
            const auto count = count_();
            if (count != seen_)
                reload_();
            seen_ = count;
        } catch (const std::exception& error) {
            if (auto app = spdlog::get("app"))
                app->warn("could not follow the shop's changes: {}", error.what());
        }
        lock.lock();
    }
}

} // namespace topcoat
