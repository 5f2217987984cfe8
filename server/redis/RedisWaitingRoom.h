#pragma once

// One waiting room for every storefront of a shop, in the Redis that holds its stock: one FIFO
// line, one admission rate, and a pass issued through any storefront accepted by every one,
// once shop-wide. The line and the used passes are Redis's (RoomScripts.h); passes are signed
// here with a key every storefront shares, and a pass is good only while Redis still holds it,
// so a Redis that lost the room turns its passes away (the customers join again) instead of
// letting a used one count again.
//
// Failing to reach Redis is a StorageError (503) for joins, status and checkouts; the counts
// then stay as last read, so the console still shows the rest of the shop.

#include "LuaScript.h"
#include "RedisConnections.h"
#include "server/core/MessageSigner.h"
#include "server/core/WaitingRoom.h"

#include <atomic>
#include <mutex>

namespace topcoat::redis {

class RedisWaitingRoom final : public WaitingRoom {
public:
    // `keyPrefix` must hold a hash tag ({…}), so every key lands in one Redis Cluster slot.
    RedisWaitingRoom(RedisConnections& redis, const MessageSigner& signer,
                     std::string keyPrefix = "topcoat:{room}",
                     std::size_t capacity = defaultCapacity);

    void configure(const WaitingRoomSettings& settings, TimePoint now) override;
    WaitingRoomSettings settings() const override;
    bool enabled() const override { return enabled_.load(std::memory_order_relaxed); }

    Result<TicketStatus, QueueError> join(const std::string& customer, TimePoint now,
                                          std::optional<TimePoint> opensAt) override;
    std::optional<TicketStatus> status(const std::string& ticket, TimePoint now) override;
    PassCheck claim(const std::string& pass, const std::string& customer, TimePoint now,
                    const std::string& idempotencyKey = {}) override;
    void release(const std::string& pass) override;
    WaitingRoomCounts counts() const override;

private:
    std::vector<std::string> run(const Script& script, std::vector<std::string> args,
                                 Resend resend) const;
    // A join or status answer as TicketStatus, signing the pass once admitted.
    TicketStatus describe(const std::string& ticket, const std::vector<std::string>& answer) const;
    // An early joiner's place in the opening's draw, from the system's random source, so
    // nobody can predict it.
    static std::string drawPlace();

    RedisConnections& redis_;
    const MessageSigner& signer_;
    const std::vector<std::string> keys_; // in RoomScripts.h's order
    const std::size_t capacity_;

    mutable std::mutex mutex_;
    WaitingRoomSettings settings_;         // guarded by mutex_
    mutable WaitingRoomCounts lastCounts_; // guarded by mutex_
    std::atomic<bool> enabled_{false};
};

} // namespace topcoat::redis
