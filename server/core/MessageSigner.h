#pragma once

// Signs short messages with a key the signer keeps to itself (an HMAC in the server), so the
// core can hand out tamper-proof tokens without knowing any cryptography.

#include <string>
#include <string_view>

namespace topcoat {

class MessageSigner {
public:
    virtual ~MessageSigner() = default;
    // A printable signature; equal messages give equal signatures.
    virtual std::string sign(std::string_view message) const = 0;
};

} // namespace topcoat
