#include "RateLimiter.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <tuple>

namespace topcoat {
namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;

// Spreads nearby keys (sequential addresses) over shards and slots.
std::uint64_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return key;
}

} // namespace

RateLimiter::RateLimiter(std::size_t capacity)
    : slotsPerShard_(std::max<std::size_t>(probeLength, (capacity + shardCount - 1) / shardCount)) {
    for (auto& shard : shards_)
        shard.table.resize(slotsPerShard_);
}

void RateLimiter::configure(ClientRate rate) {
    assert(rate.perSecond >= 0 && rate.burst >= 1);
    const auto interval = rate.perSecond > 0 ? nanosPerSecond / rate.perSecond : 0;
    emissionInterval_.store(interval, std::memory_order_relaxed);
    burstAllowance_.store(interval * rate.burst, std::memory_order_relaxed);
    perSecond_.store(rate.perSecond, std::memory_order_relaxed);
    burst_.store(rate.burst, std::memory_order_relaxed);
}

ClientRate RateLimiter::rate() const {
    return {perSecond_.load(std::memory_order_relaxed), burst_.load(std::memory_order_relaxed)};
}

RateLimiter::Slot& RateLimiter::slotFor(Shard& shard, std::uint64_t client, std::int64_t now) {
    const auto start = static_cast<std::size_t>(mix(client) >> 8) % slotsPerShard_;
    // Not tracked yet: take a probed slot whose theoretical arrival has passed (reusing it
    // forgets nothing). Failing that, a flood of distinct clients has filled the table: evict
    // the probed client that has sent the fewest requests, so a flood of one-off addresses
    // evicts itself and cannot reset a busy client's debt.
    const auto evictionRank = [now](const Slot& slot) {
        const bool expired = slot.theoreticalArrival <= now;
        return std::tuple(!expired, slot.requests, slot.theoreticalArrival);
    };
    Slot* reusable = nullptr;
    for (std::size_t i = 0; i < probeLength; ++i) {
        auto& slot = shard.table[(start + i) % slotsPerShard_];
        if (slot.client == client)
            return slot;
        if (!reusable || evictionRank(slot) < evictionRank(*reusable))
            reusable = &slot;
    }
    *reusable = Slot{client, now, 0};
    return *reusable;
}

RateDecision RateLimiter::admit(std::uint64_t client, std::chrono::nanoseconds now) {
    const auto interval = emissionInterval_.load(std::memory_order_relaxed);
    if (interval == 0)
        return {};
    const auto allowance = burstAllowance_.load(std::memory_order_relaxed);
    const auto key = client == 0 ? 1 : client; // 0 marks a free slot
    const auto t = now.count();
    auto& shard = shards_[mix(key) % shardCount];
    std::lock_guard lock(shard.mutex);
    auto& slot = slotFor(shard, key, t);
    if (slot.requests < std::numeric_limits<std::uint32_t>::max())
        ++slot.requests;
    const auto arrival = std::max(slot.theoreticalArrival, t) + interval;
    if (arrival - t > allowance)
        return {false, std::chrono::nanoseconds(arrival - t - allowance)};
    slot.theoreticalArrival = arrival;
    return {};
}

} // namespace topcoat
