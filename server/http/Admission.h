#pragma once

// The storefront's front door, run by the dispatcher for every request once its route is
// known and before its handler: a client over its rate gets 429 rate_limited, above the
// in-flight limit a guarded route gets 503 overloaded, both with Retry-After and before any
// work is done, and a POST route refuses any body that is not JSON with 415, so that a page on
// another site cannot make a browser buy with a form or a "simple" cross-origin request.

#include "HttpExchange.h"
#include "Router.h"

#include <cstdint>
#include <optional>

namespace topcoat {
class Metrics;
class Protection;
} // namespace topcoat

namespace topcoat::http {

class Admission {
public:
    Admission(Protection& protection, Metrics& metrics)
        : protection_(protection), metrics_(metrics) {}

    // `route` is nullptr for a path no route has (still rate limited); `inFlight` counts the
    // requests in flight, this one included. nullopt: let it in.
    std::optional<HttpResponse> admit(const HttpRequest& request, const Route* route,
                                      std::int64_t inFlight);

private:
    Protection& protection_;
    Metrics& metrics_;
};

} // namespace topcoat::http
