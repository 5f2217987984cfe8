#pragma once

// The storefront's defences as one object: the per-client rate limiter, the in-flight limit
// that sheds load, the waiting room and the automatic degradation, all configured together
// from ProtectionSettings. The HTTP layer asks it about each request; it never blocks.

#include "AutoDegrader.h"
#include "Clock.h"
#include "NetworkAddress.h"
#include "ProtectionSettings.h"
#include "RateLimiter.h"
#include "WaitingRoom.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

namespace topcoat {

struct ProtectionCounts {
    std::uint64_t rateLimited = 0; // requests refused with 429 rate_limited
    std::uint64_t shed = 0;        // requests refused with 503 overloaded
};

class Protection {
public:
    Protection(const MessageSigner& passSigner, Degradation& degradation);

    // Takes effect at once for the next request. The settings must be valid (see
    // ProtectionSettings' field rules in the HTTP layer).
    void apply(const ProtectionSettings& settings, TimePoint now);
    ProtectionSettings settings() const;

    NetworkAddress clientOf(const NetworkAddress& peer, std::string_view forwardedFor) const;
    // Counts one request of `client`; refused ones are counted as rate limited.
    RateDecision admitClient(const NetworkAddress& client, std::chrono::nanoseconds now);

    // Tracks requests in progress; admit() refuses beyond the limit, so shedding costs nothing
    // but a counter.
    class InFlight {
    public:
        explicit InFlight(Protection& protection);
        ~InFlight();
        InFlight(const InFlight&) = delete;
        InFlight& operator=(const InFlight&) = delete;
        // False when this request takes the count over the limit: shed it.
        bool admitted() const { return admitted_; }

    private:
        Protection& protection_;
        bool admitted_;
    };
    std::int64_t inFlightNow() const { return inFlight_.load(std::memory_order_relaxed); }
    void countShed() { shed_.fetch_add(1, std::memory_order_relaxed); }

    WaitingRoom& waitingRoom() { return waitingRoom_; }
    const WaitingRoom& waitingRoom() const { return waitingRoom_; }
    AutoDegrader& autoDegrader() { return autoDegrader_; }
    ProtectionCounts counts() const;

private:
    RateLimiter rateLimiter_;
    WaitingRoom waitingRoom_;
    AutoDegrader autoDegrader_;
    std::atomic<std::int64_t> maxInFlight_{0};
    std::atomic<std::int64_t> inFlight_{0};
    std::atomic<std::uint64_t> rateLimited_{0};
    std::atomic<std::uint64_t> shed_{0};
    std::atomic<std::shared_ptr<const std::vector<AddressRange>>> trustedProxies_;
    mutable std::mutex settingsMutex_;
    ProtectionSettings settings_;
};

} // namespace topcoat
