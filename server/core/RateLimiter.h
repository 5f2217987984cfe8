#pragma once

// Per-client request rate limiting by GCRA (the generic cell rate algorithm, a token bucket
// that keeps one timestamp per client instead of a token count and a refill time). Memory is
// fixed when it is built: a million distinct clients evict each other instead of growing it.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace topcoat {

struct ClientRate {
    std::int64_t perSecond = 0; // 0: no limit
    std::int64_t burst = 1;     // requests a client may send at once after being idle
    bool operator==(const ClientRate&) const = default;
};

struct RateDecision {
    bool allowed = true;
    std::chrono::nanoseconds retryAfter{0}; // when refused: until the next request would pass
};

class RateLimiter {
public:
    // `capacity` clients are tracked at most (rounded up to a multiple of the shard count).
    explicit RateLimiter(std::size_t capacity = 1 << 18);

    void configure(ClientRate rate);
    ClientRate rate() const;

    // Counts one request of `client` (a hash of its address) at `now` (a monotonic time).
    RateDecision admit(std::uint64_t client, std::chrono::nanoseconds now);

    std::size_t capacity() const { return shards_.size() * slotsPerShard_; }

private:
    struct Slot {
        std::uint64_t client = 0; // 0: free
        std::int64_t theoreticalArrival = 0;
        std::uint32_t requests = 0; // since it took the slot, refused ones too; saturates
    };
    struct alignas(64) Shard {
        std::mutex mutex;
        std::vector<Slot> table;
    };
    static constexpr std::size_t shardCount = 64;
    static constexpr std::size_t probeLength = 8;

    Slot& slotFor(Shard& shard, std::uint64_t client, std::int64_t now);

    std::array<Shard, shardCount> shards_;
    std::size_t slotsPerShard_;
    // Both derived from the configured rate; read on every request without a lock.
    std::atomic<std::int64_t> emissionInterval_{0}; // ns between requests at the steady rate
    std::atomic<std::int64_t> burstAllowance_{0};   // ns a client may run ahead of it
    std::atomic<std::int64_t> perSecond_{0};
    std::atomic<std::int64_t> burst_{1};
};

} // namespace topcoat
