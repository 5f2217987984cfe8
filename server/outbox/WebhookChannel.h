#pragma once

// Order events as signed JSON POSTs to the URLs the owner registered (/admin/webhooks). A
// delivery is sent when the receiver answers 2xx within the timeout; anything else is a
// failure to retry. A webhook removed since its deliveries were planned gives them up.

#include "OutboxChannel.h"

#include <chrono>
#include <functional>

namespace topcoat::outbox {

// The event types a webhook may ask for: "order.created", "order.paid", ...
const std::vector<std::string>& orderEventTypes();

class WebhookChannel final : public OutboxChannel {
public:
    using ReadWebhooks = std::function<std::vector<db::WebhookRow>()>;
    using Now = std::function<std::int64_t()>; // Unix seconds, for the signature

    WebhookChannel(ReadWebhooks read, Now now,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10))
        : read_(std::move(read)), now_(std::move(now)), timeout_(timeout) {}

    void refresh() override { webhooks_ = read_(); }
    std::vector<std::string> targetsFor(const db::OutboxEventRow& event) override;
    bool owns(const std::string& target) const override;
    DeliveryOutcome deliver(const db::DeliveryRow& delivery,
                            const std::optional<Order>& order) override;

    static std::string targetOf(std::int64_t webhookId);

private:
    DeliveryOutcome post(const db::WebhookRow& webhook, std::int64_t eventId,
                         const std::string& body);

    ReadWebhooks read_;
    Now now_;
    std::chrono::milliseconds timeout_;
    std::vector<db::WebhookRow> webhooks_;
};

} // namespace topcoat::outbox
