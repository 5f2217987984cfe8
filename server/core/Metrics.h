#pragma once

// The storefront's counters: requests per route and status, latency, in-flight requests,
// checkout outcomes and order commits. All lock-free, read by /metrics and /admin/stats.

#include "LatencyHistogram.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat {

enum class CheckoutOutcome {
    Confirmed,
    SoldOut,
    LimitReached,
    RateLimited,
    Shed,
    Rejected, // invalid request, unknown SKU, reused idempotency key
    Error,    // could not be made durable, or an unexpected failure
};

inline constexpr std::array<CheckoutOutcome, 7> allCheckoutOutcomes{
    CheckoutOutcome::Confirmed,   CheckoutOutcome::SoldOut, CheckoutOutcome::LimitReached,
    CheckoutOutcome::RateLimited, CheckoutOutcome::Shed,    CheckoutOutcome::Rejected,
    CheckoutOutcome::Error};

std::string_view toString(CheckoutOutcome outcome);

// Counters of one route: responses by status code, and latency.
class RouteMetrics {
public:
    RouteMetrics(std::string server, std::string method, std::string pattern)
        : server_(std::move(server)), method_(std::move(method)), pattern_(std::move(pattern)) {}

    const std::string& server() const { return server_; } // "storefront" or "admin"
    const std::string& method() const { return method_; }
    const std::string& pattern() const { return pattern_; } // "/api/products/{sku}"
    void record(int status, std::chrono::nanoseconds elapsed);
    // (status, count) for every status seen at least once.
    std::vector<std::pair<int, std::uint64_t>> statusCounts() const;
    std::uint64_t total() const;
    const LatencyHistogram& latency() const { return latency_; }

private:
    // Status codes 100..599 fit a flat array: no map, no lock.
    std::string server_;
    std::string method_;
    std::string pattern_;
    std::array<std::atomic<std::uint64_t>, 500> byStatus_{};
    LatencyHistogram latency_;
};

class Metrics {
public:
    // Registered once at start-up, before traffic; the returned reference stays valid.
    RouteMetrics& route(const std::string& server, const std::string& method,
                        const std::string& pattern);
    std::vector<const RouteMetrics*> routes() const;

    void checkoutFinished(CheckoutOutcome outcome) {
        checkouts_[static_cast<std::size_t>(outcome)].fetch_add(1, std::memory_order_relaxed);
    }
    std::uint64_t checkouts(CheckoutOutcome outcome) const {
        return checkouts_[static_cast<std::size_t>(outcome)].load(std::memory_order_relaxed);
    }

    std::atomic<std::int64_t>& inFlight() { return inFlight_; }
    std::int64_t inFlightNow() const { return inFlight_.load(std::memory_order_relaxed); }

    LatencyHistogram& requestLatency() { return requestLatency_; }
    const LatencyHistogram& requestLatency() const { return requestLatency_; }

    // Requests answered on the storefront port alone: the shop's own traffic, without the
    // console's polling of the admin port that requestLatency() also counts.
    void storefrontRequestFinished() {
        storefrontRequests_.fetch_add(1, std::memory_order_relaxed);
    }
    std::uint64_t storefrontRequests() const {
        return storefrontRequests_.load(std::memory_order_relaxed);
    }

private:
    mutable std::mutex routesMutex_;
    std::deque<RouteMetrics> routes_; // deque: references stay valid as routes are added
    std::array<std::atomic<std::uint64_t>, allCheckoutOutcomes.size()> checkouts_{};
    std::atomic<std::int64_t> inFlight_{0};
    LatencyHistogram requestLatency_;
    std::atomic<std::uint64_t> storefrontRequests_{0};
};

} // namespace topcoat
