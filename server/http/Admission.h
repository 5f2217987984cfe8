#pragma once

// The storefront's front door, run by the dispatcher for every request after its route is
// known and before its body is read: a client over its rate gets 429 rate_limited, and above
// the in-flight limit a guarded route gets 503 overloaded, both with Retry-After and before
// any work is done.

#include "HttpExchange.h"
#include "Router.h"

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

    // `route` is nullptr for a path no route has (still rate limited); `withinInFlightLimit`
    // is what Protection::InFlight said of this request. nullopt: let it in.
    std::optional<HttpResponse> admit(const HttpRequest& request, const Route* route,
                                      bool withinInFlightLimit);

    Protection& protection() { return protection_; }

private:
    Protection& protection_;
    Metrics& metrics_;
};

} // namespace topcoat::http
