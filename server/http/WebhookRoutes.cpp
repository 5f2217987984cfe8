#include "WebhookRoutes.h"

#include "JsonWriter.h"
#include "QueryParameters.h"
#include "RequestFields.h"
#include "server/core/Rfc3339.h"
#include "server/outbox/WebhookChannel.h"
#include "server/outbox/WebhookSignature.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <algorithm>
#include <limits>
#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

// An absolute http:// URL with a host and no user info, spaces or control characters.
std::optional<std::string> urlProblem(std::string_view url) {
    if (url.empty() || url.size() > WebhookRoutes::maxUrlBytes)
        return "url must be 1-2048 bytes";
    if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f; }))
        return "url must be printable ASCII without spaces";
    try {
        const Poco::URI uri{std::string(url)};
        if (uri.getScheme() == "https")
            return "https:// webhooks are not supported yet: use http:// to a receiver on a "
                   "private network, or a local proxy that adds TLS";
        if (uri.getScheme() != "http")
            return "url must start with http://";
        if (uri.getHost().empty())
            return "url must name a host";
        if (!uri.getUserInfo().empty())
            return "url must not carry a user name or password";
        if (!uri.getFragment().empty())
            return "url must not have a #fragment";
    } catch (const Poco::Exception&) {
        return "url is not a URL";
    }
    return std::nullopt;
}

void writeWebhook(JsonWriter& json, const Webhook& webhook) {
    json.beginObject().field("id", webhook.id).field("url", webhook.url).key("events").beginArray();
    for (const auto& event : webhook.events)
        json.value(event);
    json.endArray()
        .field("secret", webhook.secret)
        .field("created_at", formatRfc3339(webhook.createdAt))
        .endObject();
}

} // namespace

HttpResponse WebhookRoutes::list(const HttpRequest&) {
    JsonWriter json;
    json.beginObject().key("webhooks").beginArray();
    for (const auto& webhook : book_.webhooks())
        writeWebhook(json, webhook);
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse WebhookRoutes::create(const HttpRequest& request) {
    RequestFields fields(request.body);
    const auto url = fields.string("url", Presence::Required);
    const auto events = fields.array("events", Presence::Optional);
    if (!fields.failed())
        if (const auto problem = urlProblem(*url))
            fields.reject(*problem);
    Webhook webhook;
    const auto& known = outbox::orderEventTypes();
    for (const auto& name : stringsOf(fields, events, "events", known.size())) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            fields.reject("events lists order event types: order.created, order.paid, "
                          "order.expired, order.fulfilled, order.cancelled, order.refunded");
            break;
        }
        if (std::find(webhook.events.begin(), webhook.events.end(), name) == webhook.events.end())
            webhook.events.push_back(name);
    }
    if (!fields.failed() && events && webhook.events.empty())
        fields.reject("events lists at least one event type (or is left out for all)");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());
    if (book_.webhooks().size() >= maxWebhooks)
        return HttpResponse::error(ApiError::InvalidRequest,
                                   "a shop has at most 20 webhooks: remove one first");

    if (!events)
        webhook.events = known;
    webhook.url = *url;
    webhook.secret = outbox::newWebhookSecret();
    webhook.createdAt = clock_.now();
    webhook = book_.addWebhook(std::move(webhook));
    changed_();
    spdlog::get("admin")->info("webhook {} added: {}", webhook.id, webhook.url);
    JsonWriter json;
    writeWebhook(json, webhook);
    return HttpResponse::json(201, json.take());
}

HttpResponse WebhookRoutes::remove(const HttpRequest& request) {
    const auto id = parseInteger(request.params.at(0), 1, std::numeric_limits<std::int64_t>::max());
    if (!id || !book_.removeWebhook(*id, clock_.now()))
        return HttpResponse::error(ApiError::UnknownWebhook, "no webhook has this id");
    changed_();
    spdlog::get("admin")->info("webhook {} removed", *id);
    return HttpResponse::json(200, R"({"removed":true})");
}

} // namespace topcoat::http
