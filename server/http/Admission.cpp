#include "Admission.h"

#include "CheckoutRoute.h"
#include "server/core/Metrics.h"
#include "server/core/Protection.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <chrono>

namespace topcoat::http {
namespace {

bool isCheckout(const Route* route) {
    return route && route->method == "POST" && route->pattern == checkoutPath;
}

std::string seconds(std::chrono::nanoseconds wait) {
    const auto whole = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return std::to_string(std::max<std::int64_t>(1, whole));
}

} // namespace

std::optional<HttpResponse> Admission::admit(const HttpRequest& request, const Route* route,
                                             bool withinInFlightLimit) {
    const auto guarded = route ? route->guarded : Guarded::RateLimitOnly;
    if (guarded == Guarded::Never)
        return std::nullopt;

    const auto& peer = request.raw.clientAddress().host();
    const auto client = protection_.clientOf(NetworkAddress::fromBytes(peer.addr(), peer.length()),
                                             request.headerList("X-Forwarded-For"));
    const auto decision =
        protection_.admitClient(client, std::chrono::steady_clock::now().time_since_epoch());
    if (!decision.allowed) {
        if (isCheckout(route))
            metrics_.checkoutFinished(CheckoutOutcome::RateLimited);
        auto response = HttpResponse::error(ApiError::RateLimited,
                                            "too many requests from this client; slow down");
        response.headers.emplace_back("Retry-After", seconds(decision.retryAfter));
        return response;
    }

    if (guarded == Guarded::Fully && !withinInFlightLimit) {
        protection_.countShed();
        if (isCheckout(route))
            metrics_.checkoutFinished(CheckoutOutcome::Shed);
        auto response = HttpResponse::error(
            ApiError::Overloaded, "the shop is very busy right now; nothing was taken, try again");
        // Spread the retries over a few seconds so they do not all come back at once.
        const auto spread = static_cast<int>(protection_.counts().shed % 3);
        response.headers.emplace_back("Retry-After", std::to_string(1 + spread));
        return response;
    }
    return std::nullopt;
}

} // namespace topcoat::http
