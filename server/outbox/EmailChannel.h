#pragma once

// Order e-mails to the customer, through the shop's mail server (--smtp): the confirmation on
// order.created, and a message when the order is paid, shipped (fulfilled) or cancelled, from
// the owner's templates. One SMTP session serves a pass of the sender and is closed after it.
// A message the mail server refuses for good (5xx), or one to an address mail cannot be sent
// to, is given up at once; anything else is tried again as the outbox's policy says.

#include "OutboxChannel.h"
#include "server/core/Catalog.h"
#include "server/core/CurrentShopIdentity.h"
#include "server/mail/MailTemplates.h"
#include "server/mail/OrderMail.h"
#include "server/mail/SmtpMailer.h"

#include <functional>
#include <optional>

namespace topcoat::outbox {

class EmailChannel final : public OutboxChannel {
public:
    using ReadTemplates = std::function<mail::MailTemplates()>;

    inline static const std::string target = "email";

    EmailChannel(mail::MailServer server, ReadTemplates readTemplates, const Catalog& catalog,
                 const CurrentShopIdentity& shop);

    void refresh() override { templates_.reset(); }
    std::vector<std::string> targetsFor(const db::OutboxEventRow& event) override;
    bool owns(const std::string& candidate) const override { return candidate == target; }
    DeliveryOutcome deliver(const db::DeliveryRow& delivery,
                            const std::optional<Order>& order) override;
    void endPass() override { mailer_.endBatch(); }

    // The message of `kind` for `order`, as the customer would get it now (eventId 0: a test).
    mail::ComposedMail compose(mail::MailKind kind, const Order& order, std::int64_t eventId,
                               const mail::MailTemplates& templates) const;
    const mail::MailServer& server() const { return mailer_.server(); }
    // The shop's name, for the From header.
    std::string shopName() const { return shop_.get()->name; }

private:
    mail::SmtpMailer mailer_;
    ReadTemplates readTemplates_;
    const Catalog& catalog_;
    const CurrentShopIdentity& shop_;
    std::optional<mail::MailTemplates> templates_; // read once per pass, when a message is due
};

} // namespace topcoat::outbox
