#pragma once

// HMAC-SHA256: waiting-room passes are signed with it, so a pass cannot be forged. One
// storefront alone draws a random key when it starts, so a restart (which forgets the line
// anyway) makes every earlier pass invalid instead of letting a used one count again; the
// storefronts of a shop sharing a waiting room in Redis share a key kept in the database.

#include "server/core/MessageSigner.h"

#include <string>

namespace topcoat {

class HmacSigner final : public MessageSigner {
public:
    HmacSigner();                                              // a fresh random key
    explicit HmacSigner(std::string key);                      // one the shop keeps
    std::string sign(std::string_view message) const override; // 64 hex digits

private:
    std::string key_;
};

// A fresh random key as 64 hex digits, to keep in the database.
std::string newSigningKey();

} // namespace topcoat
