#pragma once

// Decides whether a newly accepted connection may stay open, and hears when it closes: the
// front door asks before it reads a byte, so a client can hold only so many sockets.

#include "NetworkAddress.h"

namespace topcoat {

class ConnectionGate {
public:
    virtual ~ConnectionGate() = default;
    // False: close the connection at once. Every true is followed by one closed() call.
    virtual bool opened(const NetworkAddress& peer) = 0;
    virtual void closed(const NetworkAddress& peer) = 0;
};

} // namespace topcoat
