#pragma once

// Everything the owner sets about flash-sale protection, with defaults for a small shop: a
// per-client rate a person on the page never reaches, shedding well before the server's
// connection threads run out, and the waiting room off until a drop needs it.

#include "AutoDegrader.h"
#include "RateLimiter.h"
#include "WaitingRoom.h"

#include <cstdint>
#include <string>
#include <vector>

namespace topcoat {

struct ProtectionSettings {
    ClientRate clientRate{20, 60};
    std::int64_t maxInFlight = 500; // concurrent storefront requests; 0: no shedding
    // Open storefront connections per client address (IPv6: per /64); 0: no limit. A page
    // needs a handful; a crowd behind one address sits behind a trusted proxy, which is exempt.
    std::int64_t maxConnectionsPerClient = 64;
    WaitingRoomSettings waitingRoom;
    std::vector<std::string> trustedProxies; // addresses or ranges whose X-Forwarded-For counts
    AutoDegradationSettings autoDegradation;
    bool operator==(const ProtectionSettings&) const = default;
};

} // namespace topcoat
