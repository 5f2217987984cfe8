#pragma once

// The storefront's defences as one object: the per-client rate limiter, the in-flight limit
// that sheds load, the waiting room and the automatic degradation, all configured together
// from ProtectionSettings. The HTTP layer asks it about each request; it never blocks.

#include "AutoDegrader.h"
#include "Clock.h"
#include "ConnectionLimiter.h"
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
    std::uint64_t rateLimited = 0;        // requests refused with 429 rate_limited
    std::uint64_t shed = 0;               // requests refused with 503 overloaded
    std::uint64_t connectionsRefused = 0; // over max_connections_per_client, closed at once
};

class Protection {
public:
    // `waitingRoom` must outlive the protection.
    Protection(WaitingRoom& waitingRoom, Degradation& degradation);

    // Takes effect at once for the next request. The settings must be valid (see
    // ProtectionSettings' field rules in the HTTP layer).
    void apply(const ProtectionSettings& settings, TimePoint now);
    ProtectionSettings settings() const;
    // Proxies trusted whatever the settings say (topcoatd --trusted-proxies: how the server is
    // deployed, not the owner's tuning). Call before apply().
    void trustProxiesAlways(std::vector<AddressRange> proxies);

    NetworkAddress clientOf(const NetworkAddress& peer, std::string_view forwardedFor) const;
    // Counts one request of `client`; refused ones are counted as rate limited.
    RateDecision admitClient(const NetworkAddress& client, std::chrono::nanoseconds now);

    // True when `inFlight` requests at once (this one included) are over the limit: shed it.
    bool overInFlightLimit(std::int64_t inFlight) const {
        const auto limit = maxInFlight_.load(std::memory_order_relaxed);
        return limit != 0 && inFlight > limit;
    }
    void countShed() { shed_.fetch_add(1, std::memory_order_relaxed); }

    // The storefront port's cap on open connections per client.
    ConnectionLimiter& connections() { return connections_; }

    WaitingRoom& waitingRoom() { return waitingRoom_; }
    const WaitingRoom& waitingRoom() const { return waitingRoom_; }
    AutoDegrader& autoDegrader() { return autoDegrader_; }
    ProtectionCounts counts() const;

private:
    RateLimiter rateLimiter_;
    WaitingRoom& waitingRoom_;
    AutoDegrader autoDegrader_;
    ConnectionLimiter connections_;
    std::atomic<std::int64_t> maxInFlight_{0};
    std::atomic<std::uint64_t> rateLimited_{0};
    std::atomic<std::uint64_t> shed_{0};
    std::atomic<std::shared_ptr<const std::vector<AddressRange>>> trustedProxies_;
    mutable std::mutex settingsMutex_;
    std::vector<AddressRange> deployedProxies_;
    ProtectionSettings settings_;
};

} // namespace topcoat
