#pragma once

// One way order events leave the shop (webhooks, e-mail). The outbox's sender asks each
// channel which of its targets an event goes to, then hands it each due delivery.

#include "db/Records.h"
#include "server/core/Order.h"

#include <optional>
#include <string>
#include <vector>

namespace topcoat::outbox {

struct DeliveryOutcome {
    enum class Kind { Sent, Failed, GaveUp }; // GaveUp: no retry can help (the target is gone)
    Kind kind = Kind::Failed;
    std::string error; // why it failed, for the owner
};

class OutboxChannel {
public:
    virtual ~OutboxChannel() = default;
    // Called once per pass of the sender, before the calls below (to read its targets afresh).
    virtual void refresh() {}
    // The targets ("webhook:7", "email") `event` goes to.
    virtual std::vector<std::string> targetsFor(const db::OutboxEventRow& event) = 0;
    // Whether `target` is one of this channel's.
    virtual bool owns(const std::string& target) const = 0;
    // Sends the event, telling of `order` as it is now (nothing: the order cannot be found).
    virtual DeliveryOutcome deliver(const db::DeliveryRow& delivery,
                                    const std::optional<Order>& order) = 0;
    // Called after each pass that began with refresh(), however it ended (to close a session).
    virtual void endPass() {}
};

} // namespace topcoat::outbox
