#include "MetricsRoute.h"

#include "Views.h"

#include <cstdio>

namespace topcoat::http {
namespace {

// Label values escape backslash, double quote and newline.
std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

class Exposition {
public:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_ += "# HELP ";
        out_ += name;
        out_ += ' ';
        out_ += help;
        out_ += "\n# TYPE ";
        out_ += name;
        out_ += ' ';
        out_ += type;
        out_ += '\n';
    }
    template <typename V> void sample(std::string_view name, std::string_view labels, V value) {
        out_ += name;
        if (!labels.empty()) {
            out_ += '{';
            out_ += labels;
            out_ += '}';
        }
        out_ += ' ';
        if constexpr (std::is_floating_point_v<V>)
            out_ += number(value);
        else
            out_ += std::to_string(value);
        out_ += '\n';
    }
    void histogram(std::string_view name, std::string_view labels,
                   const LatencyHistogram::Snapshot& snap) {
        const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
        const std::string bucket = std::string(name) + "_bucket";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < LatencyHistogram::bounds.size(); ++i) {
            cumulative += snap.counts[i];
            sample(bucket, prefix + "le=\"" + number(LatencyHistogram::bounds[i]) + "\"",
                   cumulative);
        }
        sample(bucket, prefix + "le=\"+Inf\"", snap.count);
        sample(std::string(name) + "_sum", labels, snap.sumSeconds);
        sample(std::string(name) + "_count", labels, snap.count);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

std::string routeLabels(const RouteMetrics& route) {
    return "server=\"" + label(route.server()) + "\",method=\"" + label(route.method()) +
           "\",route=\"" + label(route.pattern()) + "\"";
}

} // namespace

std::string MetricsRoute::render() const {
    const auto& metrics = metrics_;
    const auto routes = metrics.routes();
    Exposition out;

    out.family("topcoat_http_requests_total", "counter", "HTTP responses by route and status.");
    for (const auto* route : routes) {
        const auto labels = routeLabels(*route);
        for (const auto& [status, count] : route->statusCounts())
            out.sample("topcoat_http_requests_total",
                       labels + ",status=\"" + std::to_string(status) + "\"", count);
    }

    out.family("topcoat_http_request_duration_seconds", "histogram",
               "Time from request read to response written, by route.");
    for (const auto* route : routes) {
        const auto snap = route->latency().snapshot();
        if (snap.count == 0)
            continue;
        out.histogram("topcoat_http_request_duration_seconds", routeLabels(*route), snap);
    }

    out.family("topcoat_http_in_flight_requests", "gauge", "Requests being handled right now.");
    out.sample("topcoat_http_in_flight_requests", "", metrics.inFlightNow());

    out.family("topcoat_checkouts_total", "counter", "Checkouts by outcome.");
    for (auto outcome : allCheckoutOutcomes)
        out.sample("topcoat_checkouts_total", "outcome=\"" + std::string(toString(outcome)) + "\"",
                   metrics.checkouts(outcome));

    out.family("topcoat_orders_committed_total", "counter", "Orders made durable.");
    out.sample("topcoat_orders_committed_total", "", facts_.ordersCommitted());
    out.family("topcoat_order_commit_batches_total", "counter",
               "Group-commit transactions that held at least one order.");
    out.sample("topcoat_order_commit_batches_total", "", facts_.commitBatches());

    const auto protection = protection_.counts();
    out.family("topcoat_rate_limited_total", "counter",
               "Requests refused with 429 rate_limited (client over its rate).");
    out.sample("topcoat_rate_limited_total", "", protection.rateLimited);
    out.family("topcoat_shed_total", "counter",
               "Requests refused with 503 overloaded (over the in-flight limit).");
    out.sample("topcoat_shed_total", "", protection.shed);
    out.family("topcoat_connections_refused_total", "counter",
               "Storefront connections closed at once: the client had max_connections_per_client "
               "open.");
    out.sample("topcoat_connections_refused_total", "", protection.connectionsRefused);
    const auto room = protection_.waitingRoom().counts();
    out.family("topcoat_waiting_room_length", "gauge", "Tickets waiting to be admitted.");
    out.sample("topcoat_waiting_room_length", "", room.waiting);
    out.family("topcoat_waiting_room_joined_total", "counter", "Tickets handed out.");
    out.sample("topcoat_waiting_room_joined_total", "", room.joined);
    out.family("topcoat_waiting_room_admitted_total", "counter",
               "Tickets admitted with a checkout pass.");
    out.sample("topcoat_waiting_room_admitted_total", "", room.admitted);
    out.family("topcoat_waiting_room_abandoned_total", "counter",
               "Tickets dropped because nobody asked about them any more.");
    out.sample("topcoat_waiting_room_abandoned_total", "", room.abandoned);

    // One snapshot per SKU for all three families, so they agree with each other.
    const auto catalog = catalog_.snapshot();
    std::vector<StockLevels> levels;
    for (const auto& entry : catalog->entries())
        levels.push_back(stockOf(stock_, entry));
    const auto stockFamily = [&](const char* name, const char* help, auto read) {
        out.family(name, "gauge", help);
        for (std::size_t i = 0; i < levels.size(); ++i)
            out.sample(name, "sku=\"" + label(catalog->entries()[i].product.sku) + "\"",
                       read(levels[i]));
    };
    stockFamily("topcoat_stock_available_units", "Units that can be bought now.",
                [](const StockLevels& s) { return s.available; });
    stockFamily("topcoat_stock_sold_units", "Units in durable orders.",
                [](const StockLevels& s) { return s.sold; });
    stockFamily("topcoat_stock_stocked_units", "Units ever stocked, minus write-offs.",
                [](const StockLevels& s) { return s.stocked; });

    const auto uptime = std::chrono::duration<double>(clock_.now() - facts_.startedAt);
    out.family("topcoat_uptime_seconds", "gauge", "Seconds since the storefront started.");
    out.sample("topcoat_uptime_seconds", "", uptime.count());
    return out.take();
}

HttpResponse MetricsRoute::metrics(const HttpRequest&) const {
    auto response = HttpResponse::json(200, render());
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return response;
}

} // namespace topcoat::http
