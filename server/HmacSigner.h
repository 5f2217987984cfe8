#pragma once

// HMAC-SHA256 under a random key drawn when the server starts: waiting-room passes are signed
// with it, so a pass cannot be forged, and a restart (which forgets the line anyway) makes
// every earlier pass invalid instead of letting a used one count again.

#include "server/core/MessageSigner.h"

#include <string>

namespace topcoat {

class HmacSigner final : public MessageSigner {
public:
    HmacSigner();                                              // a fresh random key
    explicit HmacSigner(std::string key);                      // for tests
    std::string sign(std::string_view message) const override; // 64 hex digits

private:
    std::string key_;
};

} // namespace topcoat
