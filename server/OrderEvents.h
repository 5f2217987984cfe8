#pragma once

// Everything that tells the world outside about orders, put together for one storefront: the
// outbox's book (for the admin routes), the webhook channel, the e-mail channel when a mail
// server is configured, and the sender. Order events are written to the outbox only while
// something listens (a webhook is registered, or e-mail is on), so a shop with neither pays
// nothing for them at checkout.

#include "db/Store.h"
#include "mail/MailServer.h"
#include "outbox/EmailChannel.h"
#include "outbox/OutboxSender.h"
#include "outbox/WebhookChannel.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/CurrentShopIdentity.h"
#include "server/core/Order.h"
#include "storage/SqlOutboxBook.h"

#include <memory>
#include <optional>
#include <string>

namespace topcoat {

class OrderEvents {
public:
    struct Sources {
        db::Store& store;
        OrderLookup& orders;
        const Catalog& catalog;
        const CurrentShopIdentity& shop;
        const Clock& clock;
    };

    // `holder`: this storefront's name in the outbox's lease; `mailServer`: where e-mail goes
    // (none: no e-mail is sent).
    OrderEvents(Sources sources, std::string holder, std::optional<mail::MailServer> mailServer);
    ~OrderEvents(); // stop()

    // Starts or stops announcing order events as registered webhooks say. Call after a change
    // to them, here or on another storefront. Throws StorageError when the database is away.
    void refreshAnnouncing();
    // Waits for the delivery in progress. Idempotent.
    void stop();

    OutboxBook& book() { return book_; }
    // Null without a mail server.
    const outbox::EmailChannel* email() const { return email_.get(); }
    // The owner's e-mail templates as stored (the defaults where none, or unreadable).
    mail::MailTemplates mailTemplates() const;

private:
    db::Store& store_;
    storage::SqlOutboxBook book_;
    outbox::WebhookChannel webhooks_;
    std::unique_ptr<outbox::EmailChannel> email_;
    std::unique_ptr<outbox::OutboxSender> sender_;
};

} // namespace topcoat
