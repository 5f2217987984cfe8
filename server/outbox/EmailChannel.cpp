#include "EmailChannel.h"

namespace topcoat::outbox {

EmailChannel::EmailChannel(mail::MailServer server, ReadTemplates readTemplates,
                           const Catalog& catalog, const CurrentShopIdentity& shop)
    : mailer_(std::move(server)), readTemplates_(std::move(readTemplates)), catalog_(catalog),
      shop_(shop) {}

std::vector<std::string> EmailChannel::targetsFor(const db::OutboxEventRow& event) {
    if (mail::mailKindFor(event.type))
        return {target};
    return {};
}

mail::ComposedMail EmailChannel::compose(mail::MailKind kind, const Order& order,
                                         std::int64_t eventId,
                                         const mail::MailTemplates& templates) const {
    std::optional<Product> product;
    if (const auto* entry = catalog_.snapshot()->find(order.sku))
        product = entry->product;
    const auto& from = mailer_.server().from;
    return mail::composeOrderMail(templates.of(kind), order, product, *shop_.get(), eventId,
                                  from.substr(from.find('@') + 1));
}

DeliveryOutcome EmailChannel::deliver(const db::DeliveryRow& delivery,
                                      const std::optional<Order>& order) {
    const auto kind = mail::mailKindFor(delivery.event.type);
    if (!kind || !order)
        return {DeliveryOutcome::Kind::GaveUp, "the order cannot be found"};
    if (!mail::isMailableAddress(order->customer))
        return {DeliveryOutcome::Kind::GaveUp, "mail cannot be sent to this address"};
    if (!templates_)
        templates_ = readTemplates_();
    try {
        mailer_.send(compose(*kind, *order, delivery.event.id, *templates_), shopName());
        return {DeliveryOutcome::Kind::Sent, {}};
    } catch (const mail::MailError& error) {
        return {error.permanent() ? DeliveryOutcome::Kind::GaveUp : DeliveryOutcome::Kind::Failed,
                error.what()};
    }
}

} // namespace topcoat::outbox
