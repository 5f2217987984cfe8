#pragma once

// The one Poco request handler: it reads the request within its limits, finds the route, runs
// the handler, catches what the environment throws, records metrics and writes the response
// with the API version header. Handlers only ever see HttpRequest/HttpResponse.

#include "HttpExchange.h"
#include "Router.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <atomic>
#include <functional>
#include <optional>

namespace topcoat {
class Metrics;
}

namespace topcoat::http {

class Admission;

inline constexpr std::string_view apiVersionHeader = "X-Topcoat-Api";
inline constexpr std::string_view apiVersion = "1";

struct DispatchPolicy {
    std::size_t maxBodyBytes = 16 * 1024;
    // Runs before the body is read or the route is looked up; a response here ends the request
    // (the admin port answers 401 without revealing which routes exist).
    std::function<std::optional<HttpResponse>(const HttpRequest&)> guard;
    // While this is false (shutting down), every response closes its connection, so clients
    // on kept-alive connections go away instead of keeping the server busy.
    const std::atomic<bool>* serving = nullptr;
    // The storefront's rate limit and load shedding; none on the admin port.
    Admission* admission = nullptr;
};

class RequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RequestHandlerFactory(const Router& router, Metrics& metrics, DispatchPolicy policy);
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    const Router& router_;
    Metrics& metrics_;
    DispatchPolicy policy_;
};

} // namespace topcoat::http
