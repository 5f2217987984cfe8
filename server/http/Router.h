#pragma once

// The explicit route table: method + path pattern -> handler. Patterns are literal segments and
// {placeholders}; a path that matches with another method is a 405, anything else a 404.

#include "HttpExchange.h"

#include <functional>
#include <string>
#include <vector>

namespace topcoat {
class RouteMetrics;
class Metrics;
} // namespace topcoat

namespace topcoat::http {

using Handler = std::function<HttpResponse(HttpRequest&)>;

// Which of the storefront's defences a route is behind (the admin port has none).
enum class Guarded {
    Fully,         // per-client rate limit, then shed above the in-flight limit
    RateLimitOnly, // cheap and needed to get in at all: the page itself, the waiting room
    Never,         // health checks
};

// Who may call a route: anyone, or only the owner with the admin bearer token.
enum class Access {
    Public,
    Owner,
};

// Where a route runs: on the I/O thread when it answers at once from memory (no database, no
// lock held for long), else on a worker, where waiting holds up no other connection.
enum class Runs {
    Inline,
    OnWorker,
};

struct Route {
    std::string method;
    std::string pattern;
    Handler handler;
    RouteMetrics* metrics = nullptr;
    Guarded guarded = Guarded::Fully;
    Access access = Access::Public;
    Runs runs = Runs::OnWorker;
};

// A handler that calls `method` of `object`: what the route table lists.
template <typename Object, typename Method> Handler call(Object& object, Method method) {
    return [&object, method](HttpRequest& request) {
        return (object.*method)(request);
    };
}

class Router {
public:
    // `server` labels this table's metrics ("storefront", "admin").
    Router(Metrics& metrics, std::string server);

    void add(std::string method, std::string pattern, Handler handler, Guarded guarded,
             Access access, Runs runs);

    // The matching route, filling request.params; nullptr with `error` set otherwise.
    const Route* match(HttpRequest& request, ApiError& error) const;
    RouteMetrics& unmatchedMetrics() const { return *unmatched_; }

private:
    struct Compiled {
        Route route;
        std::vector<std::string> segments; // "{}" marks a placeholder
    };

    Metrics& metrics_;
    std::string server_;
    std::vector<Compiled> routes_;
    RouteMetrics* unmatched_;
};

} // namespace topcoat::http
