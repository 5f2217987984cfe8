#pragma once

// What the owner sees of and does to the outbox (order events for the world outside): the
// webhooks that receive them, each event's deliveries, and sending a failed one again. The
// sending itself is the outbox sender's (server/outbox).

#include "Clock.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace topcoat {

struct Webhook {
    std::int64_t id = 0;
    std::string url;
    std::vector<std::string> events; // "order.created", ...
    std::string secret;              // the HMAC key of its signatures
    TimePoint createdAt;
};

struct OutboxDelivery {
    std::int64_t eventId = 0;
    std::string type; // the event's: "order.created", ...
    std::string orderId;
    TimePoint at;       // when the event happened
    std::string target; // "webhook:ID" or "email"
    std::string state;  // "pending", "sent" or "failed"
    std::int64_t attempts = 0;
    TimePoint nextAttemptAt;
    std::string lastError;
    std::optional<TimePoint> sentAt;
};

// Every method throws StorageError when the store cannot be reached.
class OutboxBook {
public:
    virtual ~OutboxBook() = default;
    virtual std::vector<Webhook> webhooks() = 0;
    // Returns the webhook with its id.
    virtual Webhook addWebhook(Webhook webhook) = 0;
    // False when no webhook has this id.
    virtual bool removeWebhook(std::int64_t id, TimePoint at) = 0;
    // Newest event first; `state` empty for all; only events below `before` (0: from the newest).
    virtual std::vector<OutboxDelivery> deliveries(const std::string& state, std::int64_t before,
                                                   int limit) = 0;
    virtual std::map<std::string, std::int64_t> deliveryCounts() = 0;
    // A failed delivery pending again now; false when there is no failed one with this key.
    virtual bool retry(std::int64_t eventId, const std::string& target, TimePoint at) = 0;
};

} // namespace topcoat
