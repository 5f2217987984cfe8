#pragma once

// The waiting room of one storefront, in its memory (the single-box default): the line is lost
// with the process, and so are its passes, since the signer's key is drawn at each start.

#include "MessageSigner.h"
#include "WaitingRoom.h"

#include <atomic>
#include <deque>
#include <mutex>
#include <random>
#include <unordered_map>
#include <vector>

namespace topcoat {

class InProcessWaitingRoom final : public WaitingRoom {
public:
    explicit InProcessWaitingRoom(const MessageSigner& signer,
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
    struct Ticket {
        std::string customer;
        std::uint64_t sequence = 0; // place in line; 0 while in the early pool
        TimePoint lastSeen;
        std::optional<std::string> pass;
        TimePoint passExpires;
    };

    void advance(TimePoint now);
    void admit(const std::string& id, Ticket& ticket, TimePoint now);
    void openEarlyPool();
    void forget(const std::string& id);
    // Drops every waiting ticket nobody asked about for abandonAfter, wherever it stands, so
    // tickets taken and never polled cannot fill the room.
    void sweepAbandoned(TimePoint now);
    TicketStatus describe(const std::string& id, const Ticket& ticket, TimePoint now) const;
    std::int64_t intervalNanos() const;

    const MessageSigner& signer_;
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    WaitingRoomSettings settings_;
    std::atomic<bool> enabled_{false}; // settings_.enabled, for readers outside the lock
    std::unordered_map<std::string, Ticket> tickets_;
    std::deque<std::string> line_;       // FIFO; abandoned tickets are dropped at the head
    std::vector<std::string> earlyPool_; // joined before the opening, not yet shuffled in
    std::optional<TimePoint> poolOpensAt_;
    struct Admitted {
        std::string ticket;
        TimePoint passExpires;
    };
    std::deque<Admitted> admittedOrder_; // to forget tickets and used passes once expired
    std::unordered_map<std::string, std::string> usedPasses_; // ticket id -> idempotency key
    std::uint64_t nextSequence_ = 1;
    std::int64_t nextAdmissionNanos_ = 0; // since the epoch
    TimePoint lastSweep_;
    WaitingRoomCounts counts_;
    // Seeded with 256 bits, so the order drawn at an opening cannot be predicted.
    static std::mt19937_64 unpredictableEngine();
    std::mt19937_64 shuffle_ = unpredictableEngine();
};

} // namespace topcoat
