#pragma once

// GET and POST /admin/webhooks, DELETE /admin/webhooks/{id}: the URLs order events are sent to.

#include "Router.h"
#include "server/core/Outbox.h"

#include <functional>

namespace topcoat::http {

class WebhookRoutes {
public:
    // `changed` runs after a webhook was added or removed (whether to announce order events).
    WebhookRoutes(const Clock& clock, OutboxBook& book, std::function<void()> changed)
        : clock_(clock), book_(book), changed_(std::move(changed)) {}

    HttpResponse list(const HttpRequest& request);
    HttpResponse create(const HttpRequest& request);
    HttpResponse remove(const HttpRequest& request);

    static constexpr std::size_t maxWebhooks = 20;
    static constexpr std::size_t maxUrlBytes = 2048;

private:
    const Clock& clock_;
    OutboxBook& book_;
    std::function<void()> changed_;
};

} // namespace topcoat::http
