#include "Protection.h"

#include <cassert>

namespace topcoat {

Protection::Protection(WaitingRoom& waitingRoom, Degradation& degradation)
    : waitingRoom_(waitingRoom), autoDegrader_(degradation),
      trustedProxies_(std::make_shared<const std::vector<AddressRange>>()) {}

void Protection::trustProxiesAlways(std::vector<AddressRange> proxies) {
    std::lock_guard lock(settingsMutex_);
    deployedProxies_ = std::move(proxies);
}

void Protection::apply(const ProtectionSettings& settings, TimePoint now) {
    std::lock_guard lock(settingsMutex_);
    std::vector<AddressRange> trusted = deployedProxies_;
    for (const auto& text : settings.trustedProxies) {
        const auto range = AddressRange::parse(text);
        assert(range && "trusted proxies are validated before they are applied");
        if (range)
            trusted.push_back(*range);
    }
    connections_.configure(settings.maxConnectionsPerClient, trusted);
    rateLimiter_.configure(settings.clientRate);
    maxInFlight_.store(settings.maxInFlight, std::memory_order_relaxed);
    waitingRoom_.configure(settings.waitingRoom, now);
    autoDegrader_.configure(settings.autoDegradation);
    trustedProxies_.store(std::make_shared<const std::vector<AddressRange>>(std::move(trusted)));
    settings_ = settings;
}

ProtectionSettings Protection::settings() const {
    std::lock_guard lock(settingsMutex_);
    return settings_;
}

NetworkAddress Protection::clientOf(const NetworkAddress& peer,
                                    std::string_view forwardedFor) const {
    return clientAddress(peer, forwardedFor, *trustedProxies_.load());
}

RateDecision Protection::admitClient(const NetworkAddress& client, std::chrono::nanoseconds now) {
    const auto decision = rateLimiter_.admit(client.rateLimitScope().hash(), now);
    if (!decision.allowed)
        rateLimited_.fetch_add(1, std::memory_order_relaxed);
    return decision;
}

ProtectionCounts Protection::counts() const {
    return {rateLimited_.load(std::memory_order_relaxed), shed_.load(std::memory_order_relaxed),
            connections_.refused()};
}

} // namespace topcoat
