#pragma once

// The virtual waiting room for a sale's opening minutes: customers take a ticket, wait in
// FIFO order and are admitted at the configured rate with a signed pass bound to them and an
// expiry, which checkout accepts once. Tickets nobody asks about any more are abandoned, so a
// closed browser never holds up the line. Time comes in as arguments: nothing here waits.
//
// Two implementations: InProcessWaitingRoom (one storefront, the default) and
// redis::RedisWaitingRoom (one line for every storefront of a shop). One that cannot reach its
// storage throws StorageError (ShopRepository.h).

#include "Clock.h"
#include "Result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

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
// never give the pass back. The rest are refusals, all answered queue_pass_required; Forgotten
// is a well-signed pass the line no longer knows (the Redis it lived in lost it).
enum class PassCheck { Valid, Replayed, Missing, Malformed, Forged, Expired, Used, Forgotten };

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
    // Tickets held at once, unless a room is built with another capacity.
    static constexpr std::size_t defaultCapacity = 250'000;

    virtual ~WaitingRoom() = default;

    virtual void configure(const WaitingRoomSettings& settings, TimePoint now) = 0;
    virtual WaitingRoomSettings settings() const = 0;
    // Cheap: checkout asks on every request.
    virtual bool enabled() const = 0;

    // A new ticket for `customer` (canonical form). Only its id leads to the pass, so only
    // whoever joined learns it: joining again as the same customer is another ticket at the
    // back, never the first one. `opensAt` is the start of the sale about to open, when one is
    // scheduled and none is live.
    virtual Result<TicketStatus, QueueError> join(const std::string& customer, TimePoint now,
                                                  std::optional<TimePoint> opensAt) = 0;
    // Where the ticket stands; asking keeps it from being abandoned. nullopt: unknown ticket.
    virtual std::optional<TicketStatus> status(const std::string& ticket, TimePoint now) = 0;

    // Checks `pass` for `customer` and, when Valid, marks it used; a checkout that then does
    // not confirm an order gives it back with release(). A pass already used with the same
    // non-empty idempotency key is Replayed.
    virtual PassCheck claim(const std::string& pass, const std::string& customer, TimePoint now,
                            const std::string& idempotencyKey = {}) = 0;
    virtual void release(const std::string& pass) = 0;

    virtual WaitingRoomCounts counts() const = 0;
};

} // namespace topcoat
