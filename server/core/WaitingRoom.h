#pragma once

// The virtual waiting room for a sale's opening minutes: customers take a ticket, wait in
// FIFO order and are admitted at the configured rate with a signed pass bound to them and an
// expiry, which checkout accepts once. Tickets nobody asks about any more are abandoned, so a
// closed browser never holds up the line. Time comes in as arguments: nothing here waits.

#include "Clock.h"
#include "MessageSigner.h"
#include "Result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace topcoat {

struct WaitingRoomSettings {
    bool enabled = false;
    std::int64_t admitPerMinute = 120;
    // Everyone who joins before the sale opens gets a random place at the opening, so being
    // fastest to the page (a bot's one advantage) buys nothing.
    bool randomizeBeforeOpen = true;
    // How long an admitted customer has to check out with the pass.
    std::chrono::seconds passLifetime{600};
    bool operator==(const WaitingRoomSettings&) const = default;
};

struct TicketStatus {
    std::string ticket;
    std::int64_t position = 0; // 1 = next in line; 0 once admitted
    std::int64_t etaSeconds = 0;
    std::optional<std::string> pass; // once admitted
};

enum class QueueError { Closed, Full };

// What checkout learns of a pass. Valid: it is this request's now. Replayed: a retry with the
// Idempotency-Key it was first used with, which may go ahead (it replays that order) but must
// never give the pass back. The rest are refusals, all answered queue_pass_required.
enum class PassCheck { Valid, Replayed, Missing, Malformed, Forged, Expired, Used };

struct WaitingRoomCounts {
    std::int64_t waiting = 0; // in line now (early joiners included)
    std::uint64_t joined = 0; // totals since start
    std::uint64_t admitted = 0;
    std::uint64_t abandoned = 0;
};

class WaitingRoom {
public:
    // Without a status request. Long enough for a background tab, whose timers browsers slow
    // to one a minute.
    static constexpr std::chrono::seconds abandonAfter{90};
    static constexpr std::size_t maxTickets = 250'000;

    explicit WaitingRoom(const MessageSigner& signer);

    void configure(const WaitingRoomSettings& settings, TimePoint now);
    WaitingRoomSettings settings() const;
    // Without the lock: checkout asks on every request.
    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

    // A new ticket for `customer` (canonical form). Only its id leads to the pass, so only
    // whoever joined learns it: joining again as the same customer is another ticket at the
    // back, never the first one. `opensAt` is the start of the sale about to open, when one is
    // scheduled and none is live.
    Result<TicketStatus, QueueError> join(const std::string& customer, TimePoint now,
                                          std::optional<TimePoint> opensAt);
    // Where the ticket stands; asking keeps it from being abandoned. nullopt: unknown ticket.
    std::optional<TicketStatus> status(const std::string& ticket, TimePoint now);

    // Checks `pass` for `customer` and, when Valid, marks it used; a checkout that then does
    // not confirm an order gives it back with release(). A pass already used with the same
    // non-empty idempotency key is Replayed.
    PassCheck claim(const std::string& pass, const std::string& customer, TimePoint now,
                    const std::string& idempotencyKey = {});
    void release(const std::string& pass);

    WaitingRoomCounts counts() const;

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
    std::string newTicketId();
    std::string signedPass(const std::string& id, const std::string& customer,
                           TimePoint expires) const;

    const MessageSigner& signer_;
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
