#pragma once

// Runs one whole request on a worker: finds the route, runs the port's guard and the
// storefront's admission, calls the handler, catches what the environment throws and records
// metrics. Handlers only ever see HttpRequest/HttpResponse.

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
    // Runs before the route is looked up; a response here ends the request (the admin port
    // answers 401 without revealing which routes exist).
    std::function<std::optional<HttpResponse>(const HttpRequest&)> guard;
    // The storefront's rate limit, load shedding and media-type check; none on the admin port.
    Admission* admission = nullptr;
};

class RequestDispatcher final : public RequestHandler {
public:
    RequestDispatcher(const Router& router, Metrics& metrics, DispatchPolicy policy);
    HttpResponse handle(HttpRequest& request) override;

private:
    HttpResponse dispatch(HttpRequest& request, RouteMetrics*& routeMetrics);

    const Router& router_;
    Metrics& metrics_;
    DispatchPolicy policy_;
};

} // namespace topcoat::http
