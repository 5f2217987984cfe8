#pragma once

// Holds each client to a number of open connections: an IPv4 address, or an IPv6 /64 (one
// host is handed a whole /64). Peers in the exempt ranges (trusted proxies, which carry many
// customers) are counted but never refused.

#include "ConnectionGate.h"
#include "NetworkAddress.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace topcoat {

class ConnectionLimiter final : public ConnectionGate {
public:
    // `maxPerClient` 0: no limit.
    void configure(std::int64_t maxPerClient, std::vector<AddressRange> exempt);

    bool opened(const NetworkAddress& peer) override;
    void closed(const NetworkAddress& peer) override;

    std::uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }

private:
    struct AddressHash {
        std::size_t operator()(const NetworkAddress& address) const { return address.hash(); }
    };

    std::mutex mutex_;
    std::int64_t maxPerClient_ = 0;
    std::vector<AddressRange> exempt_;
    std::unordered_map<NetworkAddress, std::int64_t, AddressHash> open_;
    std::atomic<std::uint64_t> refused_{0};
};

} // namespace topcoat
