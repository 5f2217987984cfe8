#pragma once

// Everything that tells the world outside about orders, put together for one storefront: the
// outbox's book (for the admin routes), the webhook channel, and the sender. Order events are
// written to the outbox only while something listens (a webhook is registered), so a shop
// without any pays nothing for them at checkout.

#include "db/Store.h"
#include "outbox/OutboxSender.h"
#include "outbox/WebhookChannel.h"
#include "server/core/Clock.h"
#include "server/core/Order.h"
#include "storage/SqlOutboxBook.h"

#include <memory>
#include <string>

namespace topcoat {

class OrderEvents {
public:
    // `holder`: this storefront's name in the outbox's lease.
    OrderEvents(db::Store& store, OrderLookup& orders, const Clock& clock, std::string holder);
    ~OrderEvents(); // stop()

    // Starts or stops announcing order events as registered webhooks say. Call after a change
    // to them, here or on another storefront. Throws StorageError when the database is away.
    void refreshAnnouncing();
    // Waits for the delivery in progress. Idempotent.
    void stop();

    OutboxBook& book() { return book_; }

private:
    db::Store& store_;
    storage::SqlOutboxBook book_;
    outbox::WebhookChannel webhooks_;
    std::unique_ptr<outbox::OutboxSender> sender_;
};

} // namespace topcoat
