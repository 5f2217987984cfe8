#include "Admission.h"

#include "CheckoutRoute.h"
#include "server/core/Metrics.h"
#include "server/core/Protection.h"

#include <chrono>

namespace topcoat::http {
namespace {

bool isCheckout(const Route* route) {
    return route && route->method == "POST" && route->pattern == checkoutPath;
}

// "application/json", in any case, with or without parameters such as charset.
bool isJson(std::string_view contentType) {
    const auto type = contentType.substr(0, contentType.find(';'));
    const auto end = type.find_last_not_of(" \t");
    return end != std::string_view::npos &&
           equalsIgnoringCase(type.substr(0, end + 1), "application/json");
}

std::string seconds(std::chrono::nanoseconds wait) {
    const auto whole = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return std::to_string(std::max<std::int64_t>(1, whole));
}

} // namespace

std::optional<HttpResponse> Admission::admit(const HttpRequest& request, const Route* route,
                                             std::int64_t inFlight) {
    const auto guarded = route ? route->guarded : Guarded::RateLimitOnly;
    if (guarded == Guarded::Never)
        return std::nullopt;

    const auto client = protection_.clientOf(request.peer, request.headerList("X-Forwarded-For"));
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

    if (guarded == Guarded::Fully && protection_.overInFlightLimit(inFlight)) {
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

    if (route && route->method == "POST" && !isJson(request.header("Content-Type"))) {
        if (isCheckout(route))
            metrics_.checkoutFinished(CheckoutOutcome::Rejected);
        return HttpResponse::error(ApiError::UnsupportedMediaType,
                                   "the body must be sent as Content-Type: application/json");
    }
    return std::nullopt;
}

} // namespace topcoat::http
