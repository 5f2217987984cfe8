#include "OrderEvents.h"

#include "storage/RowConversion.h"
#include "storage/TranslateDbError.h"

namespace topcoat {

OrderEvents::OrderEvents(db::Store& store, OrderLookup& orders, const Clock& clock,
                         std::string holder)
    : store_(store), book_(store),
      webhooks_([&store] { return store.webhooks(); },
                [&clock] { return storage::toUnixSeconds(clock.now()); }) {
    refreshAnnouncing();
    outbox::OutboxSender::Options options;
    options.holder = std::move(holder);
    sender_ = std::make_unique<outbox::OutboxSender>(
        store, orders, std::vector<outbox::OutboxChannel*>{&webhooks_}, clock, options);
}

OrderEvents::~OrderEvents() {
    stop();
}

void OrderEvents::refreshAnnouncing() {
    store_.setAnnouncing(!book_.webhooks().empty());
}

void OrderEvents::stop() {
    if (sender_)
        sender_->stop();
}

} // namespace topcoat
