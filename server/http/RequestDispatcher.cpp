#include "RequestDispatcher.h"

#include "Admission.h"
#include "server/core/Metrics.h"
#include "server/core/ShopRepository.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <chrono>
#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

std::shared_ptr<spdlog::logger> httpLog() {
    auto logger = spdlog::get("http");
    return logger ? logger : spdlog::default_logger();
}

std::string decode(std::string_view text) {
    std::string decoded;
    Poco::URI::decode(std::string(text), decoded, true);
    return decoded;
}

// Splits "path?a=1&b=2"; throws Poco::SyntaxException on bad percent-encoding.
void parseTarget(const std::string& target, HttpRequest& request) {
    const auto question = target.find('?');
    request.path = decode(std::string_view(target).substr(0, question));
    if (question == std::string::npos)
        return;
    std::string_view query = std::string_view(target).substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty())
            request.query.emplace_back(decode(pair.substr(0, eq)),
                                       eq == std::string_view::npos ? std::string()
                                                                    : decode(pair.substr(eq + 1)));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
}

} // namespace

RequestDispatcher::RequestDispatcher(const Router& router, Metrics& metrics, DispatchPolicy policy)
    : router_(router), metrics_(metrics), policy_(std::move(policy)) {}

bool RequestDispatcher::quick(const HttpRequest& request) const {
    HttpRequest probe;
    probe.method = request.method;
    try {
        parseTarget(request.target, probe);
    } catch (const Poco::SyntaxException&) {
        return true; // answered with a 400 at once
    }
    ApiError unmatched = ApiError::NotFound;
    const Route* route = router_.match(probe, unmatched);
    return !route || route->runs == Runs::Inline;
}

HttpResponse RequestDispatcher::handle(HttpRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    RouteMetrics* routeMetrics = &router_.unmatchedMetrics();
    auto reply = dispatch(request, routeMetrics);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    routeMetrics->record(reply.status, elapsed);
    metrics_.requestLatency().observe(elapsed);
    if (policy_.storefrontTraffic)
        metrics_.storefrontRequestFinished();
    return reply;
}

HttpResponse RequestDispatcher::dispatch(HttpRequest& request, RouteMetrics*& routeMetrics) {
    try {
        parseTarget(request.target, request);
        ApiError unmatched = ApiError::NotFound;
        const Route* route = router_.match(request, unmatched);
        if (policy_.isOwner && (!route || route->access == Access::Owner) &&
            !policy_.isOwner(request))
            return HttpResponse::error(ApiError::Unauthorized, "a valid admin token is required");
        if (route)
            routeMetrics = route->metrics;
        if (policy_.admission)
            if (auto refused = policy_.admission->admit(request, route, metrics_.inFlightNow()))
                return std::move(*refused);
        if (!route)
            return HttpResponse::error(unmatched,
                                       unmatched == ApiError::MethodNotAllowed
                                           ? "this path does not accept " + request.method
                                           : "no such path: " + request.path);
        return route->handler(request);
    } catch (const StorageError& error) {
        httpLog()->error("{} {}: storage failed: {}", request.method, request.path, error.what());
        return HttpResponse::error(ApiError::Unavailable, "storage is unavailable");
    } catch (const Poco::SyntaxException&) {
        return HttpResponse::error(ApiError::InvalidRequest, "malformed request target");
    } catch (const std::exception& error) {
        httpLog()->error("{} {}: {}", request.method, request.path, error.what());
        return HttpResponse::error(ApiError::Internal, "internal error");
    }
}

} // namespace topcoat::http
