#pragma once

// Runs one whole request on a worker: finds the route, checks the owner's token where the route
// needs it, runs the storefront's admission, calls the handler, catches what the environment
// throws and records metrics. Handlers only ever see HttpRequest/HttpResponse.

#include "HttpExchange.h"
#include "HttpServer.h"
#include "Router.h"

#include <functional>
#include <optional>

namespace topcoat {
class Metrics;
}

namespace topcoat::http {

class Admission;

struct DispatchPolicy {
    // Whether the request carries the owner's token, for routes with Access::Owner. Asked for
    // paths no route has too, so that without the token the admin port answers 401 and does
    // not reveal which routes exist. Empty: every route is public.
    std::function<bool(const HttpRequest&)> isOwner;
    // The storefront's rate limit, load shedding and media-type check; none on the admin port.
    Admission* admission = nullptr;
    // Whether requests here are the storefront's traffic, counted apart from the admin port's.
    bool storefrontTraffic = false;
};

class RequestDispatcher final : public RequestHandler {
public:
    RequestDispatcher(const Router& router, Metrics& metrics, DispatchPolicy policy);
    bool quick(const HttpRequest& request) const override;
    HttpResponse handle(HttpRequest& request) override;

private:
    HttpResponse dispatch(HttpRequest& request, RouteMetrics*& routeMetrics);

    const Router& router_;
    Metrics& metrics_;
    DispatchPolicy policy_;
};

} // namespace topcoat::http
