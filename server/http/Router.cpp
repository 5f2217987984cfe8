#include "Router.h"

#include "server/core/Metrics.h"

namespace topcoat::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 1; // paths start with '/'
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

} // namespace

Router::Router(Metrics& metrics, std::string server)
    : metrics_(metrics), server_(std::move(server)),
      unmatched_(&metrics.route(server_, "any", "unmatched")) {}

void Router::add(std::string method, std::string pattern, Handler handler, Guarded guarded,
                 Access access, Runs runs) {
    Compiled compiled;
    for (auto segment : splitPath(pattern))
        compiled.segments.emplace_back(segment.starts_with('{') ? "{}" : std::string(segment));
    auto& routeMetrics = metrics_.route(server_, method, pattern);
    compiled.route = Route{std::move(method),
                           std::move(pattern),
                           std::move(handler),
                           &routeMetrics,
                           guarded,
                           access,
                           runs};
    routes_.push_back(std::move(compiled));
}

const Route* Router::match(HttpRequest& request, ApiError& error) const {
    const auto segments = splitPath(request.path);
    bool pathMatched = false;
    for (const auto& compiled : routes_) {
        if (compiled.segments.size() != segments.size())
            continue;
        std::vector<std::string> params;
        bool matched = true;
        for (std::size_t i = 0; i < segments.size() && matched; ++i) {
            if (compiled.segments[i] == "{}")
                params.emplace_back(segments[i]);
            else
                matched = compiled.segments[i] == segments[i];
        }
        if (!matched)
            continue;
        pathMatched = true;
        // HEAD is GET without the body (RFC 9110, 9.3.2); the server leaves the body out.
        const bool head = request.method == "HEAD" && compiled.route.method == "GET";
        if (compiled.route.method != request.method && !head)
            continue;
        request.params = std::move(params);
        return &compiled.route;
    }
    error = pathMatched ? ApiError::MethodNotAllowed : ApiError::NotFound;
    return nullptr;
}

} // namespace topcoat::http
