#pragma once

// The signature on every webhook delivery, in the Topcoat-Signature header:
// "t=UNIX_SECONDS,v1=HEX", where HEX is HMAC-SHA256 with the webhook's secret over
// "UNIX_SECONDS.BODY". A receiver recomputes it, compares in constant time, and refuses a
// timestamp far from its own clock so that a captured delivery cannot be replayed later.

#include <cstdint>
#include <string>
#include <string_view>

namespace topcoat::outbox {

std::string webhookSignature(std::string_view secret, std::int64_t unixSeconds,
                             std::string_view body);

// A new webhook's secret: "whsec_" and 64 hex digits.
std::string newWebhookSecret();

} // namespace topcoat::outbox
