#include "Metrics.h"

namespace topcoat {

std::string_view toString(CheckoutOutcome outcome) {
    switch (outcome) {
    case CheckoutOutcome::Confirmed:
        return "confirmed";
    case CheckoutOutcome::SoldOut:
        return "sold_out";
    case CheckoutOutcome::LimitReached:
        return "limit_reached";
    case CheckoutOutcome::RateLimited:
        return "rate_limited";
    case CheckoutOutcome::Shed:
        return "shed";
    case CheckoutOutcome::Rejected:
        return "rejected";
    case CheckoutOutcome::Error:
        return "error";
    }
    return "unknown";
}

void RouteMetrics::record(int status, std::chrono::nanoseconds elapsed) {
    if (status >= 100 && status < 600)
        byStatus_[static_cast<std::size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
    latency_.observe(elapsed);
}

std::vector<std::pair<int, std::uint64_t>> RouteMetrics::statusCounts() const {
    std::vector<std::pair<int, std::uint64_t>> counts;
    for (std::size_t i = 0; i < byStatus_.size(); ++i)
        if (const auto n = byStatus_[i].load(std::memory_order_relaxed))
            counts.emplace_back(static_cast<int>(i) + 100, n);
    return counts;
}

std::uint64_t RouteMetrics::total() const {
    std::uint64_t sum = 0;
    for (const auto& counter : byStatus_)
        sum += counter.load(std::memory_order_relaxed);
    return sum;
}

RouteMetrics& Metrics::route(const std::string& server, const std::string& method,
                             const std::string& pattern) {
    std::lock_guard lock(routesMutex_);
    for (auto& existing : routes_)
        if (existing.server() == server && existing.method() == method &&
            existing.pattern() == pattern)
            return existing;
    return routes_.emplace_back(server, method, pattern);
}

std::vector<const RouteMetrics*> Metrics::routes() const {
    std::lock_guard lock(routesMutex_);
    std::vector<const RouteMetrics*> all;
    for (const auto& route : routes_)
        all.push_back(&route);
    return all;
}

} // namespace topcoat
