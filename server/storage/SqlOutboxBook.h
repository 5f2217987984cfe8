#pragma once

// The core's view of the outbox, backed by the shop's database.

#include "db/Store.h"
#include "server/core/Outbox.h"

namespace topcoat::storage {

class SqlOutboxBook final : public OutboxBook {
public:
    explicit SqlOutboxBook(db::Store& store) : store_(store) {}

    std::vector<Webhook> webhooks() override;
    Webhook addWebhook(Webhook webhook) override;
    bool removeWebhook(std::int64_t id, TimePoint at) override;
    std::vector<OutboxDelivery> deliveries(const std::string& state, std::int64_t before,
                                           int limit) override;
    std::map<std::string, std::int64_t> deliveryCounts() override;
    bool retry(std::int64_t eventId, const std::string& target, TimePoint at) override;

private:
    db::Store& store_;
};

} // namespace topcoat::storage
