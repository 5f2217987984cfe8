#pragma once

// A waiting-room pass, "TICKET.EXPIRES_MS.SIGNATURE": the ticket it was issued for and its
// expiry, signed together with the customer it was issued to. Another customer's pass (or any
// edited part) fails the signature, without the pass having to carry the e-mail address. Every
// storefront holding the same key accepts the same passes.

#include "Clock.h"
#include "MessageSigner.h"
#include "WaitingRoom.h"

#include <optional>
#include <string>
#include <string_view>

namespace topcoat {

std::string signPass(const MessageSigner& signer, const std::string& ticket,
                     const std::string& customer, TimePoint expires);

struct VerifiedPass {
    PassCheck check = PassCheck::Malformed; // Valid: well signed for the customer and unexpired
    std::string ticket;                     // when Valid
};
// Checks the form, the signature (in constant time) and the expiry; whether the pass was used
// is the room's to say.
VerifiedPass verifyPass(const MessageSigner& signer, std::string_view pass,
                        const std::string& customer, TimePoint now);

// The ticket a well-formed pass names; nullopt for anything else.
std::optional<std::string> ticketOfPass(std::string_view pass);

// "tkt_" and 120 bits from the system's random source.
std::string newTicketId();

} // namespace topcoat
