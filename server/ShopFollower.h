#pragma once

// Keeps a storefront's catalog, sales and settings in step with the ones other storefronts of
// the shop write to the database they share: it reads the database's change count (one small
// query) when nudged (a change notice from PostgreSQL) and once a second in any case, and when
// the count moved it reloads what changed there. The beat bounds how late a change can arrive
// when a notice is lost.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace topcoat {

class ShopFollower {
public:
    using ReadCount = std::function<std::int64_t()>;
    using Reload = std::function<void()>;

    // `loadedAt`: the count read before the memory was loaded. `count` and `reload` run on the
    // follower's own thread and may throw (the database being away): that is logged and tried
    // again on the next beat.
    ShopFollower(std::int64_t loadedAt, ReadCount count, Reload reload,
                 std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~ShopFollower(); // stop()
    // Reads the count now rather than at the next beat. Any thread; never blocks on a reload.
    void nudge();
    // Waits for a reload in progress to finish. Idempotent.
    void stop();

private:
    void loop();

    ReadCount count_;
    Reload reload_;
    std::chrono::milliseconds interval_;
    std::int64_t seen_; // the count the memory matches
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool nudged_ = false;
    std::thread thread_;
};

} // namespace topcoat
