#include "OrderEvents.h"

#include "storage/RowConversion.h"
#include "storage/TranslateDbError.h"

#include <spdlog/spdlog.h>

namespace topcoat {

OrderEvents::OrderEvents(Sources sources, std::string holder,
                         std::optional<mail::MailServer> mailServer)
    : store_(sources.store), book_(sources.store),
      webhooks_([&store = sources.store] { return store.webhooks(); },
                [&clock = sources.clock] { return storage::toUnixSeconds(clock.now()); }) {
    std::vector<outbox::OutboxChannel*> channels{&webhooks_};
    if (mailServer) {
        email_ = std::make_unique<outbox::EmailChannel>(
            std::move(*mailServer), [this] { return mailTemplates(); }, sources.catalog,
            sources.shop);
        channels.push_back(email_.get());
    }
    refreshAnnouncing();
    outbox::OutboxSender::Options options;
    options.holder = std::move(holder);
    sender_ = std::make_unique<outbox::OutboxSender>(sources.store, sources.orders,
                                                     std::move(channels), sources.clock, options);
}

OrderEvents::~OrderEvents() {
    stop();
}

void OrderEvents::refreshAnnouncing() {
    store_.setAnnouncing(email_ || !book_.webhooks().empty());
}

void OrderEvents::stop() {
    if (sender_)
        sender_->stop();
}

mail::MailTemplates OrderEvents::mailTemplates() const {
    const auto stored = storage::translateDbError(
        [&] { return store_.loadSetting(mail::mailTemplatesSettingName); });
    if (!stored)
        return {};
    if (auto templates = mail::MailTemplates::fromJson(*stored))
        return *templates;
    spdlog::get("app")->warn("stored e-mail templates ignored: they do not read as templates");
    return {};
}

} // namespace topcoat
