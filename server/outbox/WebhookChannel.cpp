#include "WebhookChannel.h"

#include "OrderEventJson.h"
#include "WebhookSignature.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <algorithm>
#include <sstream>

namespace topcoat::outbox {
namespace {

constexpr std::string_view prefix = "webhook:";

bool subscribed(const db::WebhookRow& webhook, const std::string& type) {
    std::stringstream events(webhook.events);
    for (std::string event; std::getline(events, event, ',');)
        if (event == type)
            return true;
    return false;
}

} // namespace

const std::vector<std::string>& orderEventTypes() {
    static const std::vector<std::string> types{"order.created",   "order.paid",
                                                "order.expired",   "order.fulfilled",
                                                "order.cancelled", "order.refunded"};
    return types;
}

std::string WebhookChannel::targetOf(std::int64_t webhookId) {
    return std::string(prefix) + std::to_string(webhookId);
}

std::vector<std::string> WebhookChannel::targetsFor(const db::OutboxEventRow& event) {
    std::vector<std::string> targets;
    for (const auto& webhook : webhooks_)
        if (subscribed(webhook, event.type))
            targets.push_back(targetOf(webhook.id));
    return targets;
}

bool WebhookChannel::owns(const std::string& target) const {
    return target.starts_with(prefix);
}

DeliveryOutcome WebhookChannel::deliver(const db::DeliveryRow& delivery,
                                        const std::optional<Order>& order) {
    const auto found = std::find_if(webhooks_.begin(), webhooks_.end(), [&](const auto& webhook) {
        return targetOf(webhook.id) == delivery.target;
    });
    if (found == webhooks_.end())
        return {DeliveryOutcome::Kind::GaveUp, "the webhook was removed"};
    return post(*found, delivery.event.id, orderEventJson(delivery.event, order));
}

DeliveryOutcome WebhookChannel::post(const db::WebhookRow& webhook, std::int64_t eventId,
                                     const std::string& body) {
    try {
        const Poco::URI uri(webhook.url);
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(
            std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count()));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.set("User-Agent", "Topcoat");
        request.set("Topcoat-Event-Id", std::to_string(eventId));
        request.set("Topcoat-Signature", webhookSignature(webhook.secret, now_(), body));
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        // Only the status counts: the body is never read, and the connection closes with the
        // session, so a receiver that talks on cannot hold the sender.
        session.receiveResponse(response);
        const auto status = static_cast<int>(response.getStatus());
        if (status >= 200 && status < 300)
            return {DeliveryOutcome::Kind::Sent, {}};
        return {DeliveryOutcome::Kind::Failed, "the receiver answered " + std::to_string(status)};
    } catch (const Poco::Exception& error) {
        return {DeliveryOutcome::Kind::Failed, error.displayText()};
    } catch (const std::exception& error) {
        return {DeliveryOutcome::Kind::Failed, error.what()};
    }
}

} // namespace topcoat::outbox
