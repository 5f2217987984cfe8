#include "WebhookSignature.h"

#include "server/HmacSigner.h"

namespace topcoat::outbox {

std::string webhookSignature(std::string_view secret, std::int64_t unixSeconds,
                             std::string_view body) {
    const auto stamp = std::to_string(unixSeconds);
    std::string signed_;
    signed_.reserve(stamp.size() + 1 + body.size());
    signed_.append(stamp).append(".").append(body);
    return "t=" + stamp + ",v1=" + HmacSigner(std::string(secret)).sign(signed_);
}

std::string newWebhookSecret() {
    return "whsec_" + newSigningKey();
}

} // namespace topcoat::outbox
